-- Equality monitoring answers (special category personal data): every one optional, a
-- question left out is NULL. Erasure deletes the row; only aggregate counts leave the service.
CREATE TABLE equality_answers (
    application_id uuid PRIMARY KEY REFERENCES applications ON DELETE CASCADE,
    career_break_reason text,
    sex text,
    age_band text,
    ethnicity text,
    disability text,
    answered_at timestamptz NOT NULL
);
