"""The HTTP metrics every service exports, recorded by the instrumentator: what the
dashboard and the alerts read (``deploy/grafana``), and nothing more."""

from fastapi import FastAPI
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_fastapi_instrumentator import Instrumentator, metrics

# The paths Prometheus and the orchestrator poll: not counted as requests (the instrumentator
# searches each route's template with these patterns).
UNCOUNTED_PATHS = ("^/metrics$", "^/healthz$", "^/readyz$")
# From a submission or a status read (1-10 ms) to an upload, and to the longest a read may
# wait for a change (``Prefer: wait``, at most 30 s): the dashboard's p99 is read from these.
LATENCY_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)


def instrument_http(app: FastAPI, registry: CollectorRegistry = REGISTRY) -> None:
    """Count the app's requests by method, status and route (``http_requests_total``) and
    time them by method and route (``http_request_duration_seconds``).

    Not the instrumentator's default: its request and answer sizes (by route) and its
    22-bucket histogram (of every route together) nothing reads, and its duration had
    buckets at 0.1, 0.5 and 1 s only, too coarse for a p99 of a few milliseconds. (Measured,
    the difference in a submission's CPU is within the noise.)

    A registry holds a metric once: in a process that builds a second app on one registry
    (tests do), the second app records none of these."""
    Instrumentator(
        excluded_handlers=list(UNCOUNTED_PATHS), should_group_status_codes=False, registry=registry
    ).add(
        metrics.requests(registry=registry),
        metrics.latency(buckets=LATENCY_BUCKETS, should_include_status=False, registry=registry),
    ).instrument(app)
