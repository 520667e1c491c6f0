CREATE TABLE selection_decisions (
    application_id uuid PRIMARY KEY,
    event_id text NOT NULL,
    event_type text NOT NULL,
    correlation_id text NOT NULL,
    body text NOT NULL
);
