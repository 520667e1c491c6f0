"""Gathers platform health periodically (API process), keeps the last snapshot for the
API and the dashboard, and mirrors it into Prometheus gauges.

Kafka gives the consumer lag and the dead letters; each service's ``/metrics`` page its
outbox backlog (and, at notifications, the deliveries failing now); reporting's own read
models the dead-lettered notifications.
"""

import asyncio
from dataclasses import asdict

import asyncpg
import httpx
import structlog
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from reporting import metrics
from reporting.config import Settings
from reporting.domain.views import DeliveryFailures, PlatformHealth
from reporting.health.deliveries import delivery_retries
from reporting.health.kafka import DeadLetterTally, consumer_lag
from reporting.health.metrics_pages import fetch_pages
from reporting.health.outbox import backlogs
from reporting.store import reports
from returners_platform.clock import system_clock
from returners_platform.contracts.topics import SERVICES, dead_letter_topic

log = structlog.get_logger(__name__)


class PlatformHealthMonitor:
    def __init__(self, settings: Settings, pool: asyncpg.Pool) -> None:
        self._settings = settings
        self._pool = pool
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._tally: DeadLetterTally | None = None
        self.snapshot = PlatformHealth(
            refreshed_at=None,
            consumer_lag=[],
            dead_letters=[],
            outbox_backlog=[],
            delivery_retries=[],
            delivery_failures=[],
            errors=[],
        )

    @property
    def dead_letter_topics(self) -> list[str]:
        prefix = self._settings.kafka_topic_prefix
        return [dead_letter_topic(s).qualified(prefix) for s in SERVICES]

    async def run(self) -> None:
        try:
            while True:
                await self.refresh()
                await asyncio.sleep(self._settings.health_refresh_seconds)
        finally:
            await self._close_kafka()

    async def refresh(self) -> PlatformHealth:
        errors: list[str] = []
        snapshot = self.snapshot.model_copy()
        try:
            admin, consumer, tally = await self._kafka()
            snapshot.consumer_lag, group_errors = await consumer_lag(
                admin, consumer, self._settings.consumer_groups()
            )
            errors += group_errors
            snapshot.dead_letters = await tally.refresh()
        except Exception as exc:  # report and keep the previous figures; reconnect next time
            errors.append(f"kafka: {type(exc).__name__}: {exc}"[:300])
            await self._close_kafka()
        async with httpx.AsyncClient(
            timeout=self._settings.health_scrape_timeout_seconds
        ) as client:
            pages = await fetch_pages(client, self._settings.service_metrics_urls)
        snapshot.outbox_backlog = backlogs(pages)
        snapshot.delivery_retries = delivery_retries(pages)
        try:
            async with self._pool.acquire() as conn:
                snapshot.delivery_failures = [
                    DeliveryFailures(**asdict(r)) for r in await reports.delivery_failures(conn)
                ]
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            errors.append(f"database: {type(exc).__name__}: {exc}"[:300])
        snapshot.errors = errors
        snapshot.refreshed_at = system_clock()
        self.snapshot = snapshot
        _export(snapshot)
        if errors:
            log.warning("platform_health_incomplete", errors=errors)
        return snapshot

    async def _kafka(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer, DeadLetterTally]:
        if self._admin is None or self._consumer is None or self._tally is None:
            bootstrap = self._settings.kafka_bootstrap_servers
            admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="reporting-health")
            consumer = AIOKafkaConsumer(
                bootstrap_servers=bootstrap,
                client_id="reporting-health",
                enable_auto_commit=False,
                auto_offset_reset="earliest",
            )
            self._admin, self._consumer = admin, consumer
            await admin.start()
            await consumer.start()
            self._tally = DeadLetterTally(consumer, self.dead_letter_topics)
        return self._admin, self._consumer, self._tally

    async def _close_kafka(self) -> None:
        admin, consumer = self._admin, self._consumer
        self._admin = self._consumer = self._tally = None
        try:
            if consumer is not None:
                await consumer.stop()
            if admin is not None:
                await admin.close()
        except Exception as exc:  # closing is best effort
            log.warning("health_client_close_failed", error=repr(exc))


def _export(snapshot: PlatformHealth) -> None:
    """Replace the health gauges' samples (no await in between: a scrape sees all or none)."""
    metrics.PLATFORM_CONSUMER_LAG.clear()
    for lag in snapshot.consumer_lag:
        metrics.PLATFORM_CONSUMER_LAG.labels(lag.group, lag.topic).set(lag.lag)
    metrics.PLATFORM_DEAD_LETTERS.clear()
    metrics.PLATFORM_DEAD_LETTERS_BY_ORIGIN.clear()
    for dlq in snapshot.dead_letters:
        metrics.PLATFORM_DEAD_LETTERS.labels(dlq.topic).set(dlq.records)
        for origin, n in dlq.by_original_topic.items():
            metrics.PLATFORM_DEAD_LETTERS_BY_ORIGIN.labels(dlq.topic, origin).set(n)
    metrics.PLATFORM_OUTBOX_BACKLOG.clear()
    metrics.PLATFORM_SCRAPE_UP.clear()
    for backlog in snapshot.outbox_backlog:
        metrics.PLATFORM_SCRAPE_UP.labels(backlog.service).set(backlog.backlog is not None)
        if backlog.backlog is not None:
            metrics.PLATFORM_OUTBOX_BACKLOG.labels(backlog.service).set(backlog.backlog)
    metrics.PLATFORM_DELIVERIES_IN_RETRY.clear()
    for retries in snapshot.delivery_retries:
        if retries.in_retry is not None:
            metrics.PLATFORM_DELIVERIES_IN_RETRY.labels(retries.channel).set(retries.in_retry)
