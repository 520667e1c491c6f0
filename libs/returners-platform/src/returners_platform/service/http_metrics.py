"""Every service's HTTP metrics, as ``prometheus_fastapi_instrumentator``'s defaults named
and labelled them (the dashboards read ``http_requests_total`` and
``http_request_duration_seconds``), measured by a middleware of our own.

The instrumentator found each request's route before handing the request on, by flattening
and matching every route of the app again: some 70 µs of CPU a request in a service of 80
routes, more than the rest of the middleware together. This middleware reads the route the
app's own routing chose (``scope["route"]``) once the request has been answered.

- ``http_requests_total`` (``method``, ``status``, ``handler``)
- ``http_request_size_bytes`` and ``http_response_size_bytes`` (``handler``): summaries of
  the ``Content-Length`` headers (0 without one)
- ``http_request_duration_highr_seconds`` (no labels: many buckets)
- ``http_request_duration_seconds`` (``method``, ``handler``: buckets 0.1, 0.5 and 1 s)

``handler`` is the route's template (``/applications/{application_id}``), or ``none`` for a
path no route matched; requests whose template (or, without one, path) matches an excluded
pattern are not counted.
"""

import re
from collections.abc import Iterable
from timeit import default_timer

from prometheus_client import Counter, Histogram, Summary
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "http_requests_total",
    "Total number of requests by method, status and handler.",
    ("method", "status", "handler"),
)
REQUEST_SIZE = Summary(
    "http_request_size_bytes",
    "Content length of incoming requests by handler. Only value of header is respected. "
    "Otherwise ignored. No percentile calculated. ",
    ("handler",),
)
RESPONSE_SIZE = Summary(
    "http_response_size_bytes",
    "Content length of outgoing responses by handler. Only value of header is respected. "
    "Otherwise ignored. No percentile calculated. ",
    ("handler",),
)
LATENCY_HIGHR = Histogram(
    "http_request_duration_highr_seconds",
    "Latency with many buckets but no API specific labels. Made for more accurate "
    "percentile calculations. ",
    buckets=(
        *(0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5),
        *(7.5, 10, 30, 60, float("inf")),
    ),
)
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Latency with only few buckets by handler. Made to be only used if aggregation by "
    "handler is important. ",
    ("method", "handler"),
    buckets=(0.1, 0.5, 1, float("inf")),
)


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp, excluded_handlers: Iterable[str] = ()) -> None:
        self.app = app
        self.excluded = [re.compile(pattern) for pattern in excluded_handlers]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = default_timer()
        status = 500
        response_size = 0

        async def measuring_send(message: Message) -> None:
            nonlocal status, response_size
            if message["type"] == "http.response.start":
                status = message["status"]
                response_size = _content_length(message.get("headers", ()))
            await send(message)

        try:
            await self.app(scope, receive, measuring_send)
        finally:
            template = getattr(scope.get("route"), "path", None)
            handler = template or "none"
            if not any(p.search(template or scope["path"]) for p in self.excluded):
                duration = max(default_timer() - started, 0.0)
                method = scope["method"]
                REQUESTS.labels(method, str(status), handler).inc()
                REQUEST_SIZE.labels(handler).observe(_content_length(scope["headers"]))
                RESPONSE_SIZE.labels(handler).observe(response_size)
                LATENCY_HIGHR.observe(duration)
                LATENCY.labels(method, handler).observe(duration)


def _content_length(headers: Iterable[tuple[bytes, bytes]]) -> int:
    for name, value in headers:
        if name.lower() == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0
