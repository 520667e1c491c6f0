-- A programme is data: its definition is the programme.published payload.
CREATE TABLE programmes (
    programme_id text PRIMARY KEY,
    definition jsonb NOT NULL,
    published_at timestamptz NOT NULL
);

CREATE TABLE councils (
    council_id uuid PRIMARY KEY,
    name text NOT NULL,
    registered_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX councils_name ON councils (lower(name));

-- Keys are stored only as hashes; a key is current while revoked_at is null.
CREATE TABLE council_keys (
    key_hash bytea PRIMARY KEY,
    council_id uuid NOT NULL REFERENCES councils,
    issued_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX council_keys_council ON council_keys (council_id);

CREATE TABLE vacancies (
    vacancy_id uuid PRIMARY KEY,
    council_id uuid NOT NULL REFERENCES councils,
    programme_id text NOT NULL REFERENCES programmes,
    region text NOT NULL,
    specialism text NOT NULL,
    slots integer NOT NULL CHECK (slots >= 1),
    starts_on date NOT NULL,
    revision integer NOT NULL,
    created_at timestamptz NOT NULL,
    published_at timestamptz NOT NULL,
    closed_at timestamptz
);
CREATE INDEX vacancies_council ON vacancies (council_id, created_at);
CREATE INDEX vacancies_open ON vacancies (programme_id) WHERE closed_at IS NULL;

-- What matching knows of an applicant: ids, preferences, eligibility inputs and the
-- decision. No contact data ever; the inputs are deleted when the applicant is erased.
CREATE TABLE applicants (
    application_id uuid PRIMARY KEY,
    programme_id text NOT NULL REFERENCES programmes,
    submitted_at timestamptz NOT NULL,
    regions text[] NOT NULL,
    specialisms text[] NOT NULL,
    inputs jsonb,
    eligible boolean NOT NULL,
    reasons text[] NOT NULL,
    updating_days integer,
    years_out_of_practice double precision,
    decided_at timestamptz NOT NULL,
    withdrawn_at timestamptz,
    erased_at timestamptz
);
CREATE INDEX applicants_matchable ON applicants (programme_id, submitted_at)
    WHERE eligible AND withdrawn_at IS NULL;

CREATE TABLE offers (
    offer_id uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applicants,
    programme_id text NOT NULL REFERENCES programmes,
    vacancy_id uuid NOT NULL REFERENCES vacancies,
    council_id uuid NOT NULL REFERENCES councils,
    updating_days integer NOT NULL,
    starts_on date NOT NULL,
    offered_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN
        ('offered', 'accepted', 'declined', 'expired', 'withdrawn', 'hired')),
    answered_at timestamptz,
    hired_at timestamptz
);
-- The backstop against double-booking: one live offer per applicant.
CREATE UNIQUE INDEX offers_one_live_per_applicant ON offers (application_id)
    WHERE status IN ('offered', 'accepted', 'hired');
CREATE INDEX offers_vacancy ON offers (vacancy_id);
CREATE INDEX offers_council ON offers (council_id, offered_at);
CREATE INDEX offers_outstanding ON offers (expires_at) WHERE status = 'offered';
