-- Each published programme as applications needs it: its window and what it offers.
CREATE TABLE programmes (
    programme_id text PRIMARY KEY,
    title text NOT NULL,
    opens_at timestamptz NOT NULL,
    closes_at timestamptz NOT NULL,
    timezone text NOT NULL,
    starts_on date NOT NULL,
    regions text[] NOT NULL,
    specialisms text[] NOT NULL,
    published_at timestamptz NOT NULL,
    definition jsonb NOT NULL
);

CREATE TABLE applications (
    application_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    status text NOT NULL,
    submitted_at timestamptz NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    right_to_work_uk boolean NOT NULL,
    registration jsonb NOT NULL,
    preferences jsonb NOT NULL,
    eligibility jsonb,
    withdrawn_at timestamptz,
    hired_at timestamptz,
    erased_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_programme_status ON applications (programme_id, status);

-- The only personal data on the platform. Erasure deletes the row.
CREATE TABLE applicant_contacts (
    application_id uuid PRIMARY KEY REFERENCES applications ON DELETE CASCADE,
    given_name text NOT NULL,
    family_name text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL,
    postcode text NOT NULL,
    consent_given_at timestamptz
);

CREATE TABLE offers (
    offer_id uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
    council_id uuid NOT NULL,
    vacancy_id uuid NOT NULL,
    region text NOT NULL,
    specialism text NOT NULL,
    updating_days integer NOT NULL,
    starts_on date NOT NULL,
    offered_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    status text NOT NULL,
    answered_at timestamptz
);
CREATE INDEX offers_application ON offers (application_id);

CREATE TABLE timeline_entries (
    id bigserial PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
    type text NOT NULL,
    at timestamptz NOT NULL,
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX timeline_application ON timeline_entries (application_id, at);

CREATE TABLE idempotency_keys (
    key text PRIMARY KEY,
    request_hash bytea NOT NULL,
    application_id uuid NOT NULL
        REFERENCES applications ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    response_ciphertext bytea,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotency_keys_application ON idempotency_keys (application_id);
