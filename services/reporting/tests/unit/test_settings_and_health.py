"""Settings parsing, the outbox scrape, and where the worker resumes."""

import pytest
from aiokafka import TopicPartition

from reporting.config import Settings
from reporting.health.outbox import backlog_from_metrics
from reporting.loops.faust_worker import worker_environment
from reporting.stream.offsets import resume_offsets

EXPOSITION = """\
# HELP returners_outbox_backlog Outbox rows not yet published
# TYPE returners_outbox_backlog gauge
returners_outbox_backlog 7.0
# HELP returners_events_published_total Events published
# TYPE returners_events_published_total counter
returners_events_published_total{type="x"} 3.0
"""


def test_the_backlog_is_read_from_a_metrics_page() -> None:
    assert backlog_from_metrics(EXPOSITION) == 7.0


def test_a_metrics_page_without_the_backlog_gives_none() -> None:
    assert backlog_from_metrics("# TYPE up gauge\nup 1\n") is None


@pytest.mark.parametrize(
    "value",
    [
        "applications=http://a:1/metrics,matching=http://m:2/metrics",
        '{"applications": "http://a:1/metrics", "matching": "http://m:2/metrics"}',
    ],
)
def test_metrics_urls_come_as_pairs_or_json(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("REPORTING_SERVICE_METRICS_URLS", value)
    assert Settings().service_metrics_urls == {
        "applications": "http://a:1/metrics",
        "matching": "http://m:2/metrics",
    }


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"REPORTING_FAUST_APP_ID": "projections-v2"},
            {
                "applications": "returners.applications",
                "matching": "returners.matching",
                "notifications": "returners.notifications",
                "reporting": "projections-v2",
                "selection": "returners.selection",
                "training": "returners.training",
            },
        ),
        (
            {"REPORTING_KAFKA_TOPIC_PREFIX": "staging."},
            {
                "applications": "staging.returners.applications",
                "matching": "staging.returners.matching",
                "notifications": "staging.returners.notifications",
                "reporting": "staging.returners.reporting",
                "selection": "staging.returners.selection",
                "training": "staging.returners.training",
            },
        ),
    ],
    ids=["reportings-group-is-the-faust-app", "a-topic-prefix-namespaces-every-group"],
)
def test_every_services_consumer_group_is_watched(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Settings().consumer_groups() == expected


def test_the_worker_resumes_after_the_stored_position_or_at_the_log_start() -> None:
    a0, a1, b0 = TopicPartition("a", 0), TopicPartition("a", 1), TopicPartition("b", 0)
    resume = resume_offsets({("a", 0): 41, ("b", 0): 2}, {a0: 0, a1: 5, b0: 10})
    assert resume == {a0: 42, a1: 5, b0: 10}  # b's records up to 9 were deleted by retention


async def test_a_dead_worker_leaves_the_group_as_soon_as_a_services_consumer_would() -> None:
    """faust's default session timeout (60 s) kept a killed worker's partitions from its
    replacement for a minute; the services' consumers use 10 s."""
    from reporting.stream.app import create_stream_app
    from returners_platform.messaging.kafka import make_consumer

    app = create_stream_app(Settings(kafka_bootstrap_servers="127.0.0.1:1"))
    consumer = make_consumer("127.0.0.1:1", "g", "c", "t")
    assert app.conf.broker_session_timeout * 1000 == consumer._session_timeout_ms
    assert app.conf.broker_heartbeat_interval * 1000 == consumer._heartbeat_interval_ms


async def test_the_workers_fetches_are_made_as_the_settings_say() -> None:
    """faust's own consumer waits 1.5 s, fixed (in a replay the partitions still full waited
    that long behind the ones read to their end), and has a fetch answered for one record (live,
    the worker woke with every event); see ``stream.transport``."""
    from reporting.stream.app import create_stream_app
    from returners_platform.messaging.kafka import make_consumer

    settings = Settings(
        kafka_bootstrap_servers="127.0.0.1:1",
        consumer_fetch_max_wait_ms=77,
        consumer_fetch_min_bytes=12_345,
    )
    app = create_stream_app(settings)
    worker_consumer = app.consumer._thread._create_worker_consumer(app.transport)
    services_consumer = make_consumer(
        "127.0.0.1:1", "g", "c", "t", fetch_max_wait_ms=77, fetch_min_bytes=12_345
    )
    # where aiokafka keeps the settings it was given, for its fetcher
    assert services_consumer._fetch_max_wait_ms == 77
    assert worker_consumer._fetch_max_wait_ms == 77
    assert services_consumer._fetch_min_bytes == 12_345
    assert worker_consumer._fetch_min_bytes == 12_345
    assert Settings().consumer_fetch_max_wait_ms < 1500
    assert Settings().consumer_fetch_min_bytes > 1


def test_the_worker_gets_every_setting_of_the_api_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A setting added to the service reaches its faust worker without anyone listing it."""
    settings = Settings(
        environment="test",
        database_url="postgresql://u@db:5432/reporting",
        kafka_topic_prefix="staging.",
        batch_within_seconds=0.05,
        service_metrics_urls={"applications": "http://a:1/metrics"},
        operations_token="a-secret-of-the-api-process",
    )
    for name, value in worker_environment(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings() == settings
