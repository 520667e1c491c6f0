-- Read model derived from each application's placements (domain.outcomes.placement_outcomes).
CREATE TABLE placement_outcomes (
    placement_id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    programme_id text NOT NULL,
    council_id uuid NOT NULL,
    vacancy_id uuid,
    counted boolean NOT NULL,
    band text NOT NULL,
    region text,
    conditions_met boolean NOT NULL,
    offer_withdrawn_condition text,
    offer_withdrawn_reason text,
    started boolean NOT NULL,
    completed boolean NOT NULL,
    days_to_complete integer,
    withdrawal_reason text,
    reregistered boolean NOT NULL,
    hired boolean NOT NULL,
    hours_by_kind jsonb NOT NULL
);
CREATE INDEX placement_outcomes_programme ON placement_outcomes (programme_id) WHERE counted;
