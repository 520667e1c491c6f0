CREATE TABLE drafts (
    draft_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    answers jsonb NOT NULL DEFAULT '{}',
    email text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX drafts_email ON drafts (lower(email));
CREATE INDEX drafts_expiry ON drafts (expires_at);

CREATE INDEX applicant_contacts_email ON applicant_contacts (lower(email));

CREATE TABLE sign_in_links (
    sign_in_request_id uuid PRIMARY KEY,
    application_id uuid REFERENCES applications ON DELETE CASCADE,
    draft_id uuid REFERENCES drafts ON DELETE CASCADE,
    requested_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    token_hash bytea UNIQUE,
    issued_at timestamptz,
    used_at timestamptz,
    CHECK (application_id IS NULL OR draft_id IS NULL)
);
CREATE INDEX sign_in_links_application ON sign_in_links (application_id, requested_at);
CREATE INDEX sign_in_links_draft ON sign_in_links (draft_id, requested_at);
CREATE INDEX sign_in_links_expiry ON sign_in_links (expires_at);

CREATE TABLE applicant_sessions (
    token_hash bytea PRIMARY KEY,
    application_id uuid REFERENCES applications ON DELETE CASCADE,
    draft_id uuid REFERENCES drafts ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CHECK ((application_id IS NULL) <> (draft_id IS NULL))
);
CREATE INDEX applicant_sessions_application ON applicant_sessions (application_id);
CREATE INDEX applicant_sessions_expiry ON applicant_sessions (expires_at);
