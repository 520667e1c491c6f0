"""Prometheus metrics of the reporting service (on top of the platform's shared ones).

The worker exports the projection metrics on its own port; the API process exports the
programme figures and the platform health gauges on ``/metrics``.
"""

from prometheus_client import Gauge, Histogram

# Worker: how the projections keep up.
BATCH_SECONDS = Histogram(
    "returners_reporting_batch_seconds",
    "Time to apply one batch of records to the read models",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
BATCH_RECORDS = Histogram(
    "returners_reporting_batch_records",
    "Records per projected batch",
    buckets=(1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000),
)

# API: the programme figures.
FUNNEL = Gauge(
    "returners_programme_funnel",
    "Applications (or offers, for declined/expired) per stage",
    ["programme", "stage"],
)
INELIGIBLE_BY_REASON = Gauge(
    "returners_programme_ineligible_by_reason",
    "Ineligible applications failing each rule",
    ["programme", "reason"],
)
PLACES = Gauge("returners_programme_places", "Places the programme offers", ["programme"])
PLACES_FILLED = Gauge(
    "returners_programme_places_filled",
    "Applicants holding an accepted or hired placement",
    ["programme"],
)
DAYS_TO = Gauge(
    "returners_programme_days_to",
    "Days from submission to first offer / to hire",
    ["programme", "milestone", "quantile"],
)
SUBMISSIONS_TODAY = Gauge(
    "returners_programme_submissions_today",
    "Submissions dated today (Europe/London)",
    ["programme"],
)

# API: platform health.
PLATFORM_CONSUMER_LAG = Gauge(
    "returners_platform_consumer_lag",
    "Records between a service's committed offsets and the end of each topic it consumes",
    ["group", "topic"],
)
PLATFORM_DEAD_LETTERS = Gauge(
    "returners_platform_dead_letters",
    "Records held by each dead-letter topic",
    ["topic"],
)
PLATFORM_DEAD_LETTERS_BY_ORIGIN = Gauge(
    "returners_platform_dead_letters_by_origin",
    "Dead-lettered records by the topic they came from (dlq.original_topic header)",
    ["topic", "original_topic"],
)
PLATFORM_OUTBOX_BACKLOG = Gauge(
    "returners_platform_outbox_backlog",
    "Unpublished outbox rows of each service",
    ["service"],
)
PLATFORM_SCRAPE_UP = Gauge(
    "returners_platform_metrics_up",
    "Whether a service's /metrics answered the last scrape",
    ["service"],
)
PLATFORM_DELIVERIES_IN_RETRY = Gauge(
    "returners_platform_deliveries_in_retry",
    "Notification deliveries in retry per channel (failed at least once, still pending)",
    ["channel"],
)
