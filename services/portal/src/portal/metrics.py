"""The portal's own Prometheus metrics (no personal data in any label)."""

from prometheus_client import Counter, Histogram

PAGES = Histogram(
    "returners_portal_request_seconds",
    "Time to answer a request, by route and status",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
SIGN_IN_LINKS = Counter(
    "returners_portal_sign_in_links_total",
    "Sign-in links asked for (requested, limited) and followed (used, refused)",
    ["outcome"],
)
CSRF_REFUSED = Counter("returners_portal_csrf_refused_total", "Forms refused for their CSRF token")
