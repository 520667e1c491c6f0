"""Deliveries failing now are read from the notifications service's metrics page."""

from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Gauge, Info, generate_latest

from reporting.health.deliveries import delivery_retries, retries_from_metrics
from reporting.health.metrics_pages import MetricsPage

FAILED_AT = datetime(2026, 11, 24, 9, 30, 5, tzinfo=UTC)


def notifications_page(*, email_failed: bool = True) -> str:
    """What notifications exports (the same metric types and names), while email fails."""
    registry = CollectorRegistry()
    in_retry = Gauge("notifications_deliveries_in_retry", "", ["channel"], registry=registry)
    failed_at = Gauge(
        "notifications_delivery_last_failure_timestamp_seconds",
        "",
        ["channel"],
        registry=registry,
    )
    last = Info("notifications_delivery_last_failure", "", ["channel"], registry=registry)
    in_retry.labels("email").set(7 if email_failed else 0)
    in_retry.labels("webhook").set(0)
    if email_failed:
        failed_at.labels("email").set(FAILED_AT.timestamp())
        last.labels("email").info({"error": "cannot connect to the mail server"})
    return generate_latest(registry).decode()


def test_each_channel_shows_its_deliveries_in_retry_and_latest_failure() -> None:
    email, webhook = retries_from_metrics(notifications_page())
    assert email.model_dump() == {
        "channel": "email",
        "in_retry": 7,
        "last_error": "cannot connect to the mail server",
        "last_error_at": FAILED_AT,
        "scrape_error": None,
    }
    assert webhook.model_dump() == {
        "channel": "webhook",
        "in_retry": 0,
        "last_error": None,
        "last_error_at": None,
        "scrape_error": None,
    }


def test_a_notifications_service_without_the_figures_shows_them_as_unknown() -> None:
    rows = retries_from_metrics(
        "# TYPE returners_outbox_backlog gauge\nreturners_outbox_backlog 0\n"
    )
    assert [(r.channel, r.in_retry, r.scrape_error) for r in rows] == [
        ("email", None, "notifications_deliveries_in_retry not exported"),
        ("webhook", None, "notifications_deliveries_in_retry not exported"),
    ]


def test_an_unreachable_notifications_service_shows_every_channel_as_unknown() -> None:
    pages = [
        MetricsPage("applications", "http://a/metrics", "", None),
        MetricsPage("notifications", "http://n/metrics", None, "ConnectError: refused"),
    ]
    rows = delivery_retries(pages)
    assert [(r.channel, r.in_retry, r.scrape_error) for r in rows] == [
        ("email", None, "ConnectError: refused"),
        ("webhook", None, "ConnectError: refused"),
    ]


def test_nothing_is_shown_when_notifications_is_not_scraped() -> None:
    assert delivery_retries([MetricsPage("matching", "http://m/metrics", "", None)]) == []
