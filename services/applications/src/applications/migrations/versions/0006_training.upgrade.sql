-- One placement per accepted offer (placement_id is the offer's id). No personal data:
-- conditions and reasons are codes, hours are numbers.
CREATE TABLE placements (
    placement_id uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
    council_id uuid NOT NULL,
    updating_days integer,
    required_hours double precision,
    starts_on date,
    -- the conditions it opened with, in order; and each one's latest record, by condition:
    -- {"dbs": {"status": "not_met", "reason": "dbs_disclosure", "recorded_at": "..."}}
    conditions text[] NOT NULL DEFAULT '{}',
    condition_records jsonb NOT NULL DEFAULT '{}',
    opened_at timestamptz,
    conditions_met_at timestamptz,
    offer_withdrawn_at timestamptz,
    offer_withdrawal jsonb,  -- {"reason", "condition", "condition_reason"}
    started_at timestamptz,
    started_on date,
    total_hours double precision NOT NULL DEFAULT 0,
    hours_logged_at timestamptz,  -- the logged_at of the entry total_hours is from
    completed_at timestamptz,
    completed_on date,
    hours_by_kind jsonb,
    withdrawn_at timestamptz,
    withdrawal_reason text,
    reregistration_reported_at timestamptz,
    reregistration_applied_on date,
    reregistration_decided_on date,
    reregistered_at timestamptz,
    reregistered_on date
);
CREATE INDEX placements_application ON placements (application_id);
