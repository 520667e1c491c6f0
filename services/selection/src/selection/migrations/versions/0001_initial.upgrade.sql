-- Each published programme: its time zone, places and selection rules.
CREATE TABLE programmes (
    programme_id text PRIMARY KEY,
    timezone text NOT NULL,
    places integer NOT NULL,
    rules jsonb,  -- the selection block; null: the programme has no selection
    published_at timestamptz NOT NULL,
    decided_at timestamptz
);

-- One row per application the service heard of; ids, times and scores only.
CREATE TABLE candidates (
    application_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    submitted_at timestamptz,
    eligible_at timestamptz,
    assessment_invited_at timestamptz,
    assessment_score double precision,
    assessment_attempt integer,
    interview_invited_at timestamptz,
    attended boolean,
    interview_score double precision,
    interview_scored_at timestamptz,
    withdrawn_at timestamptz,
    erased_at timestamptz,
    outcome text CHECK (outcome IN ('selected', 'waitlisted', 'rejected')),
    rank integer,
    weighted_score double precision,
    reasons text[],
    decided_at timestamptz,
    promoted_at timestamptz,
    released_at timestamptz
);
CREATE INDEX candidates_programme ON candidates (programme_id);
CREATE INDEX candidates_waitlist ON candidates (programme_id, rank)
    WHERE outcome = 'waitlisted' AND promoted_at IS NULL AND withdrawn_at IS NULL;

CREATE TABLE assessment_results (
    application_id uuid NOT NULL REFERENCES candidates,
    attempt integer NOT NULL CHECK (attempt >= 1),
    score double precision NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (application_id, attempt)
);

CREATE TABLE interview_slots (
    slot_id uuid PRIMARY KEY,
    programme_id text NOT NULL REFERENCES programmes,
    starts_at timestamptz NOT NULL,
    capacity integer NOT NULL CHECK (capacity >= 1),
    created_at timestamptz NOT NULL
);
CREATE INDEX interview_slots_programme ON interview_slots (programme_id, starts_at);

-- A candidate's one booking; moving it replaces the row.
CREATE TABLE bookings (
    application_id uuid PRIMARY KEY REFERENCES candidates,
    slot_id uuid NOT NULL REFERENCES interview_slots,
    request_id uuid NOT NULL,
    booked_at timestamptz NOT NULL
);
CREATE INDEX bookings_slot ON bookings (slot_id);

-- Panel members: their keys are stored hashed only.
CREATE TABLE assessors (
    assessor_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    name text NOT NULL,
    key_hash bytea NOT NULL UNIQUE,
    issued_at timestamptz NOT NULL
);

CREATE TABLE conflicts (
    assessor_id uuid NOT NULL REFERENCES assessors,
    application_id uuid NOT NULL REFERENCES candidates,
    declared_at timestamptz NOT NULL,
    PRIMARY KEY (assessor_id, application_id)
);

-- Each panel member's scores of a candidate; the feedback is personal data (about the
-- applicant): it never leaves this database but to the applicant, and is erased.
CREATE TABLE panel_scores (
    application_id uuid NOT NULL REFERENCES candidates,
    assessor_id uuid NOT NULL REFERENCES assessors,
    scores jsonb NOT NULL,
    total integer NOT NULL,
    feedback text,
    scored_at timestamptz NOT NULL,
    PRIMARY KEY (application_id, assessor_id)
);
