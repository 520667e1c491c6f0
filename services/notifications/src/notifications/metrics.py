"""Prometheus metrics of the delivery engine (the shared ones come from returners_platform)."""

from prometheus_client import Counter, Gauge, Histogram

DELIVERY_ATTEMPTS = Counter(
    "notifications_delivery_attempts_total",
    "Delivery attempts, by channel and outcome (delivered, skipped, failed)",
    ["channel", "outcome"],
)
DELIVERIES = Counter(
    "notifications_deliveries_total",
    "Deliveries settled, by channel and final outcome (delivered, skipped, dead_letter)",
    ["channel", "outcome"],
)
ATTEMPT_SECONDS = Histogram(
    "notifications_delivery_attempt_seconds",
    "Time one delivery attempt took (lookup, rendering and sending)",
    ["channel"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUEUE_DEPTH = Gauge(
    "notifications_delivery_queue_depth",
    "Pending deliveries (first attempts, retries and scheduled reminders)",
    ["channel"],
)
OLDEST_PENDING_SECONDS = Gauge(
    "notifications_delivery_oldest_pending_seconds",
    "How long the oldest due, pending delivery has waited since it was due",
    ["channel"],
)
DEAD_LETTERS_WAITING = Gauge(
    "notifications_dead_letters",
    "Deliveries that failed every retry and wait for an operator's replay",
    ["channel"],
)
