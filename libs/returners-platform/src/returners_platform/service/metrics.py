"""Prometheus metrics every service exports (the HTTP ones: ``http_metrics``)."""

from prometheus_client import Counter, Gauge, Histogram

EVENTS_PUBLISHED = Counter(
    "returners_events_published_total", "Events published to Kafka by the outbox relay", ["type"]
)
EVENTS_CONSUMED = Counter(
    "returners_events_consumed_total",
    "Events consumed, by outcome (handled, duplicate, ignored, dead_lettered)",
    ["type", "outcome"],
)
HANDLER_ERRORS = Counter(
    "returners_handler_errors_total", "Handler attempts that raised", ["type", "error"]
)
DEAD_LETTERS = Counter(
    "returners_dead_letters_total", "Records sent to the dead-letter topic", ["topic", "reason"]
)
OUTBOX_BACKLOG = Gauge("returners_outbox_backlog", "Outbox rows not yet published")
OUTBOX_OLDEST_PENDING_SECONDS = Gauge(
    "returners_outbox_oldest_pending_seconds", "Age of the oldest unpublished outbox row"
)
OUTBOX_PUBLISH_LATENCY = Histogram(
    "returners_outbox_commit_to_publish_seconds",
    "Time from the outbox row's commit to its acknowledged publish",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
CONSUMER_LAG = Gauge(
    "returners_consumer_lag",
    "Records between the consumer's position and the high watermark",
    ["topic", "partition"],
)
PROBLEMS = Counter(
    "returners_problems_total",
    "Error answers (problem details), by status and code (a refusal's code, or the HTTP one)",
    ["status", "code"],
)
