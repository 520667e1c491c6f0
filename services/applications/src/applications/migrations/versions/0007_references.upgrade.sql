ALTER TABLE applications ADD COLUMN employed_in_last_three_years boolean;

CREATE TABLE referees (
    reference_id uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
    reference text NOT NULL,
    kind text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    organisation text NOT NULL,
    relationship text NOT NULL,
    requested_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    token_hash bytea UNIQUE,
    issued_at timestamptz,
    outcome text,
    statement text,
    received_at timestamptz,
    UNIQUE (application_id, reference),
    CHECK ((outcome IS NULL) = (received_at IS NULL))
);
