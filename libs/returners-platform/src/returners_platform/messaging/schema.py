"""Tables every service keeps for reliable messaging; each service's first migration runs this.

Column names of ``outbox`` follow Debezium's outbox convention (id, aggregatetype,
aggregateid, type, payload) so log-based capture can replace the relay later:
``aggregatetype`` holds the logical topic, ``aggregateid`` the record key.
"""

OUTBOX_CHANNEL = "returners_outbox"

MESSAGING_TABLES_DDL = f"""
CREATE TABLE outbox (
    seq bigserial PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    aggregatetype text NOT NULL,
    aggregateid text NOT NULL,
    type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    last_error text
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;

CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{OUTBOX_CHANNEL}', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();

CREATE TABLE processed_events (
    consumer text NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
"""

MESSAGING_TABLES_DROP = """
DROP TABLE processed_events;
DROP TRIGGER outbox_inserted ON outbox;
DROP FUNCTION notify_outbox();
DROP TABLE outbox;
"""
