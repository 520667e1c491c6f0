-- Councils' webhooks: where to post, and which event types.
CREATE TABLE subscriptions (
    subscription_id uuid PRIMARY KEY,
    council_id uuid NOT NULL,
    url text NOT NULL,
    event_types text[] NOT NULL,
    -- The signing secret, encrypted (it must be recoverable to sign; never shown again).
    secret_ciphertext bytea NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX subscriptions_council ON subscriptions (council_id) WHERE status <> 'deleted';

-- One row per message to send: a webhook to one subscription, or an email to one
-- applicant. Written in the consuming handler's transaction, before any sending.
-- No email address is ever stored: it is looked up at send time.
CREATE TABLE deliveries (
    delivery_id uuid PRIMARY KEY,
    channel text NOT NULL,
    recipient_id uuid NOT NULL,
    subscription_id uuid REFERENCES subscriptions,
    source_event_id text NOT NULL,
    source_event_type text NOT NULL,
    correlation_id text NOT NULL,
    body text,
    template text,
    context jsonb,
    offer_id uuid,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    failures integer NOT NULL DEFAULT 0,
    due_at timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    last_error text,
    created_at timestamptz NOT NULL,
    finished_at timestamptz,
    CHECK ((channel = 'webhook') = (subscription_id IS NOT NULL AND body IS NOT NULL)),
    CHECK ((channel = 'email') = (template IS NOT NULL))
);
CREATE UNIQUE INDEX deliveries_one_webhook_per_event
    ON deliveries (subscription_id, source_event_id) WHERE channel = 'webhook';
CREATE UNIQUE INDEX deliveries_one_email_per_event
    ON deliveries (source_event_id, template) WHERE channel = 'email';
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_recipient ON deliveries (recipient_id, created_at);
CREATE INDEX deliveries_offer ON deliveries (offer_id) WHERE offer_id IS NOT NULL;

CREATE TABLE delivery_attempts (
    delivery_id uuid NOT NULL REFERENCES deliveries,
    attempt integer NOT NULL,
    started_at timestamptz NOT NULL,
    duration_ms integer NOT NULL,
    outcome text NOT NULL,
    status_code integer,
    error text,
    PRIMARY KEY (delivery_id, attempt)
);

-- Which council offered which application a placement (routes withdrawals, erasures).
CREATE TABLE offer_councils (
    offer_id uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    council_id uuid NOT NULL
);
CREATE INDEX offer_councils_application ON offer_councils (application_id);

-- Public names used in applicant emails.
CREATE TABLE councils (council_id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE programmes (programme_id text PRIMARY KEY, title text NOT NULL);
