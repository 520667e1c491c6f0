"""Deliveries failing now show on /metrics: how many are in retry per channel, and the latest
failure's time and error (without personal data), while the failure lasts and after."""

import time
import uuid
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from returners_cli.testing.fixtures import free_port
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body

from .conftest import Service, make_settings, started
from .events import open_programme, vacancy
from .mail_stack import applications_service, smtp_server
from .receiver import receiving

pytestmark = pytest.mark.integration

PROGRAMME = "rtsw-open"
ADDRESS = "mail.outage@example.org"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def in_retry(found: Samples, channel: str) -> float | None:
    return found.get(("notifications_deliveries_in_retry", frozenset({("channel", channel)})))


def last_errors(found: Samples, channel: str) -> list[str]:
    return [
        dict(labels)["error"]
        for name, labels in found
        if name == "notifications_delivery_last_failure_info" and ("channel", channel) in labels
    ]


def last_failure_at(found: Samples, channel: str) -> float | None:
    return found.get(
        (
            "notifications_delivery_last_failure_timestamp_seconds",
            frozenset({("channel", channel)}),
        )
    )


async def metrics_of(service: Service) -> tuple[str, Samples]:
    text = (await service.client.get("/metrics")).text
    return text, samples(text)


async def test_emails_failing_on_a_dead_mail_server_show_in_retry_and_drain_when_it_is_back(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    postgres_admin_dsn: str,
    tmp_path: Path,
) -> None:
    smtp_port = free_port()  # nothing listens here until the mail server comes back
    async with applications_service(postgres_admin_dsn, kafka_bootstrap, topic_prefix) as apps:
        settings = make_settings(
            database,
            kafka_bootstrap,
            topic_prefix,
            applications_base_url=apps.base_url,
            smtp_port=smtp_port,
            delivery_max_attempts=1000,  # stays in retry for the whole test
        )
        async with started(settings) as service:
            await service.deliver(open_programme(PROGRAMME))
            before = time.time()
            await eventually(
                lambda: apps.client.post(
                    "/applications",
                    json=submission_body(PROGRAMME, contact={"email": ADDRESS}),
                ),
                until=lambda r: r.status_code == 201,
                timeout=60,
                what="submission accepted",
            )
            text, failing = await eventually(
                lambda: metrics_of(service),
                until=lambda m: (in_retry(m[1], "email") or 0) >= 1,
                timeout=60,
                what="an email in retry on /metrics",
            )
            assert last_errors(failing, "email") == ["cannot connect to the mail server"]
            assert (last_failure_at(failing, "email") or 0) >= before - 1
            assert in_retry(failing, "webhook") == 0
            assert last_errors(failing, "webhook") == []
            assert ADDRESS not in text

            async with smtp_server(tmp_path / "maildir", port=smtp_port) as mail:
                _, drained = await eventually(
                    lambda: metrics_of(service),
                    until=lambda m: in_retry(m[1], "email") == 0,
                    timeout=60,
                    what="the retries delivered once the mail server is back",
                )
                assert len(mail.messages(ADDRESS)) == 1
            assert last_errors(drained, "email") == ["cannot connect to the mail server"]
            assert (last_failure_at(drained, "email") or 0) >= (
                last_failure_at(failing, "email") or 0
            )


async def test_a_failing_webhook_receiver_shows_in_retry_with_its_answer(
    database: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    settings = make_settings(database, kafka_bootstrap, topic_prefix, delivery_max_attempts=1000)
    council_id = uuid.uuid4()
    async with started(settings) as service:
        with receiving(default_status=503) as receiver:
            await service.subscribe(council_id, receiver.url, ["vacancy.published"])
            await service.deliver(vacancy(council_id))  # a council's news: no applicant email
            _, failing = await eventually(
                lambda: metrics_of(service),
                until=lambda m: in_retry(m[1], "webhook") == 1,
                timeout=60,
                what="a webhook in retry on /metrics",
            )
    assert last_errors(failing, "webhook") == ["HTTP 503 from the receiver"]
    assert last_failure_at(failing, "webhook") is not None
    assert in_retry(failing, "email") == 0
