-- The last offset applied per partition; Postgres, not Kafka, is the source of truth.
CREATE TABLE consumed_positions (
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);

-- Facts: what the events said so far (one JSON document per application).
CREATE TABLE application_facts (
    application_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    facts jsonb NOT NULL
);

CREATE TABLE programmes (
    programme_id text PRIMARY KEY,
    title text NOT NULL,
    places integer NOT NULL,
    published_at timestamptz NOT NULL
);

CREATE TABLE councils (
    council_id uuid PRIMARY KEY,
    name text NOT NULL,
    registered_at timestamptz NOT NULL
);

CREATE TABLE vacancies (
    vacancy_id uuid PRIMARY KEY,
    council_id uuid NOT NULL,
    programme_id text NOT NULL,
    region text,
    specialism text,
    slots integer,
    revision integer,
    published_at timestamptz,
    closed_at timestamptz
);
CREATE INDEX vacancies_programme ON vacancies (programme_id, council_id);

CREATE TABLE delivery_failures (
    delivery_id uuid PRIMARY KEY,
    channel text NOT NULL,
    recipient_id uuid NOT NULL,
    source_event_type text NOT NULL,
    failed_at timestamptz NOT NULL
);

-- Read models derived from the facts of each application (domain.outcomes).
CREATE TABLE application_outcomes (
    application_id uuid PRIMARY KEY,
    programme_id text NOT NULL,
    counted boolean NOT NULL,
    submitted_on date,
    eligibility text,
    reasons text[] NOT NULL,
    band text NOT NULL,
    region text,
    specialism text,
    offered boolean NOT NULL,
    accepted boolean NOT NULL,
    offers_declined integer NOT NULL,
    offers_expired integer NOT NULL,
    hired boolean NOT NULL,
    withdrawn boolean NOT NULL,
    holds_place boolean NOT NULL,
    days_to_offer double precision,
    days_to_hire double precision
);
CREATE INDEX application_outcomes_programme ON application_outcomes (programme_id)
    WHERE counted;

CREATE TABLE offer_outcomes (
    offer_id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    programme_id text NOT NULL,
    council_id uuid NOT NULL,
    counted boolean NOT NULL,
    accepted boolean NOT NULL,
    declined boolean NOT NULL,
    expired boolean NOT NULL,
    hired boolean NOT NULL,
    application_withdrawn boolean NOT NULL,
    holds_place boolean NOT NULL
);
CREATE INDEX offer_outcomes_programme ON offer_outcomes (programme_id, council_id)
    WHERE counted;
