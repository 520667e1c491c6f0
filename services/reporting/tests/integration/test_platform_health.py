"""Platform health: every group's consumer lag, dead letters, outbox backlogs, and the
notifications failing now."""

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from reporting.bootstrap import create_app
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.kafka import produce_raw
from returners_cli.testing.polling import eventually
from returners_cli.testing.services import running
from returners_platform.contracts.topics import APPLICATIONS, consumer_group

from ..conftest import AUTH, Platform, make_settings
from ..history import APPLICATION_EVENTS

pytestmark = pytest.mark.integration


FAILED_AT = 1_764_000_000.0  # 2025-11-24T16:00:00Z
ERROR = "cannot connect to the mail server"
METRICS_PAGE = f"""\
# TYPE returners_outbox_backlog gauge
returners_outbox_backlog 12.0
# TYPE notifications_deliveries_in_retry gauge
notifications_deliveries_in_retry{{channel="email"}} 3.0
notifications_deliveries_in_retry{{channel="webhook"}} 0.0
# TYPE notifications_delivery_last_failure_timestamp_seconds gauge
notifications_delivery_last_failure_timestamp_seconds{{channel="email"}} {FAILED_AT}
# TYPE notifications_delivery_last_failure_info gauge
notifications_delivery_last_failure_info{{channel="email",error="{ERROR}"}} 1.0
""".encode()


class _Metrics(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = METRICS_PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@contextlib.contextmanager
def metrics_server() -> Iterator[str]:
    """A stand-in for another service's /metrics endpoint (the same page for every service)."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Metrics)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/metrics"
    finally:
        server.shutdown()
        server.server_close()


async def test_health_shows_lag_dead_letters_outbox_backlog_and_deliveries_in_retry(
    platform: Platform,
) -> None:
    prefix = platform.settings.kafka_topic_prefix
    group = consumer_group("applications", prefix)
    await platform.publish(APPLICATION_EVENTS[:5])  # 5 records on the applications topic
    applications_topic = APPLICATIONS.qualified(prefix)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=platform.kafka, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = [TopicPartition(applications_topic, p) for p in range(3)]
        consumer.assign(tps)
        await consumer.commit({tp: 0 for tp in tps})  # a service that read nothing yet
    finally:
        await consumer.stop()
    dlq = f"{prefix}returners.dlq.matching"
    for _ in range(2):
        await produce_raw(
            platform.kafka, dlq, b"{}", b"k", [("dlq.original_topic", applications_topic.encode())]
        )

    with metrics_server() as url:
        settings = make_settings(
            platform.settings.database_url,
            platform.kafka,
            prefix,
            health_consumer_groups={"applications": group},
            service_metrics_urls={
                "applications": url,
                "matching": f"http://127.0.0.1:{free_port()}/metrics",
                "notifications": url,
            },
        )
        async with running(create_app(settings)) as client:
            health = (
                await eventually(
                    lambda: client.get("/reports/platform-health", headers=AUTH),
                    until=lambda r: (
                        not r.json()["errors"]
                        and any(d["records"] for d in r.json()["dead_letters"])
                    ),
                    timeout=60,
                    what="platform health",
                )
            ).json()
            metrics = (await client.get("/metrics")).text

    assert {
        "service": "applications",
        "group": group,
        "topic": applications_topic,
        "lag": 5,
    } in health["consumer_lag"]
    matching_dlq = next(d for d in health["dead_letters"] if d["topic"] == dlq)
    assert matching_dlq == {
        "topic": dlq,
        "records": 2,
        "by_original_topic": {applications_topic: 2},
    }
    backlog = {b["service"]: b for b in health["outbox_backlog"]}
    assert backlog["applications"]["backlog"] == 12.0
    assert backlog["matching"]["backlog"] is None
    assert backlog["matching"]["error"]
    assert (
        f'returners_platform_consumer_lag{{group="{group}",topic="{applications_topic}"}} 5.0'
        in metrics
    )
    assert f'returners_platform_dead_letters{{topic="{dlq}"}} 2.0' in metrics
    assert 'returners_platform_outbox_backlog{service="applications"} 12.0' in metrics
    assert 'returners_platform_metrics_up{service="matching"} 0.0' in metrics
    assert health["delivery_retries"] == [
        {
            "channel": "email",
            "in_retry": 3,
            "last_error": ERROR,
            "last_error_at": "2025-11-24T16:00:00Z",
            "scrape_error": None,
        },
        {
            "channel": "webhook",
            "in_retry": 0,
            "last_error": None,
            "last_error_at": None,
            "scrape_error": None,
        },
    ]
    assert 'returners_platform_deliveries_in_retry{channel="email"} 3.0' in metrics
