"""Prometheus metrics of the delivery engine (the shared ones come from returners_platform).

The gauges are set by ``loops/delivery_gauges.py`` from the database, so every replica exports
the same figures; the counters count this process's own attempts.
"""

from prometheus_client import Counter, Gauge, Histogram, Info

from returners_platform.contracts.vocabulary import DeliveryChannel

ATTEMPT_OUTCOMES = ("delivered", "skipped", "failed")

DELIVERY_ATTEMPTS = Counter(
    "notifications_delivery_attempts_total",
    "Delivery attempts, by channel and outcome (delivered, skipped, failed)",
    ["channel", "outcome"],
)
# Every series exists from the start at 0, so that rate() sees the very first failures (a
# series born at its first increment hides that increment from rate and increase).
for _channel in DeliveryChannel:
    for _outcome in ATTEMPT_OUTCOMES:
        DELIVERY_ATTEMPTS.labels(_channel.value, _outcome)
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
DELIVERIES_IN_RETRY = Gauge(
    "notifications_deliveries_in_retry",
    "Pending deliveries that failed at least once and wait for their next attempt",
    ["channel"],
)
LAST_FAILURE_TIMESTAMP = Gauge(
    "notifications_delivery_last_failure_timestamp_seconds",
    "When the channel's latest failed attempt started (Unix time; absent: never failed)",
    ["channel"],
)
# Exported as notifications_delivery_last_failure_info{channel, error} 1: one series per
# channel that ever failed, replaced at each refresh; the error is cleaned of anything
# address-like and cut short (domain/redaction.py).
LAST_FAILURE = Info(
    "notifications_delivery_last_failure",
    "The channel's latest failed attempt: its error, without personal data",
    ["channel"],
)
