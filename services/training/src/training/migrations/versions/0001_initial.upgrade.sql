-- Each published programme: how long its participants' personal data is kept.
CREATE TABLE programmes (
    programme_id text PRIMARY KEY,
    retention jsonb,  -- RetentionPeriods; null: the defaults
    published_at timestamptz NOT NULL
);

-- An offer's terms (placement.offered) and its acceptance (placement.accepted): the two
-- arrive on different topics, in either order; the placement opens when both are here.
CREATE TABLE offers (
    offer_id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    programme_id text NOT NULL,
    council_id uuid NOT NULL,
    vacancy_id uuid NOT NULL,
    region text,
    updating_days integer,
    starts_on date,
    offered_at timestamptz,
    accepted_at timestamptz
);

-- One placement per accepted offer (placement_id = offer_id).
CREATE TABLE placements (
    placement_id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    programme_id text NOT NULL,
    council_id uuid NOT NULL,
    vacancy_id uuid NOT NULL,
    region text NOT NULL,
    updating_days integer NOT NULL,
    required_hours double precision NOT NULL,
    offered_starts_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('awaiting_conditions', 'ready', 'started', 'ended',
        'completed', 'offer_withdrawn', 'withdrawn')),
    opened_at timestamptz NOT NULL,
    conditions_met_at timestamptz,
    started_on date,
    started_at timestamptz,
    ended_on date,
    ended_at timestamptz,
    signed_off_by text,  -- the council officer who signed the record off (name or role)
    completed_on date,
    completed_at timestamptz,
    closed_at timestamptz,  -- offer withdrawn or placement withdrawn
    withdrawal_reason text,
    mentor_name text,  -- personal data: erased with the applicant's
    mentor_assigned_at timestamptz,
    reregistration_applied_on date,
    reregistration_decision text CHECK (reregistration_decision IN ('restored', 'refused',
        'pending')),
    reregistration_decided_on date,
    reregistration_reported_by text,
    reregistered_at timestamptz,
    erased_at timestamptz
);
CREATE INDEX placements_by_application ON placements (application_id, opened_at DESC);
CREATE INDEX placements_by_council ON placements (council_id, opened_at);

-- Each condition's current status; its history is on the topic (condition_recorded).
CREATE TABLE conditions (
    placement_id uuid NOT NULL REFERENCES placements,
    condition text NOT NULL CHECK (condition IN ('dbs', 'identity', 'right_to_work',
        'references')),
    status text NOT NULL CHECK (status IN ('met', 'not_met', 'pending')),
    reason text,
    reference_id uuid,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (placement_id, condition)
);

-- Each referee's answer (reference.received): which of the two references and its outcome
-- (who the referee is and what they wrote stay in the applications service). Kept by
-- application, so an answer that comes before the placement opens counts when it does; the
-- references condition follows from both.
CREATE TABLE reference_answers (
    application_id uuid NOT NULL,
    reference text NOT NULL CHECK (reference IN ('reference_1', 'reference_2')),
    reference_id uuid NOT NULL,
    referee_kind text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('satisfactory', 'unsatisfactory')),
    received_at timestamptz NOT NULL,
    PRIMARY KEY (application_id, reference)
);

-- Hours as logged, never edited: a correction is a new entry superseding one other (at most
-- once, so a chain is a line and its effective entry its last).
CREATE TABLE hour_entries (
    entry_id uuid PRIMARY KEY,
    placement_id uuid NOT NULL REFERENCES placements,
    kind text NOT NULL,
    hours double precision NOT NULL CHECK (hours >= 0 AND hours <= 24),
    worked_on date NOT NULL,
    supersedes uuid UNIQUE REFERENCES hour_entries,
    logged_by text NOT NULL,
    note text,  -- free text: personal data, erased with the applicant's
    logged_at timestamptz NOT NULL
);
CREATE INDEX hour_entries_by_placement ON hour_entries (placement_id, worked_on, logged_at);

-- Training providers (they log workshops and interview preparation), one programme each.
CREATE TABLE providers (
    provider_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    name text NOT NULL,  -- an organisation
    key_hash bytea NOT NULL UNIQUE,
    issued_at timestamptz NOT NULL
);
