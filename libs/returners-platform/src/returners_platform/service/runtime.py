"""One service process's connections and background work, as an async context manager.

Opens (in order) migrations, the database pool, topics (local runs), the Kafka
producer, then starts the outbox relay and the event consumer as supervised
tasks; closes them in reverse.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

import asyncpg
import structlog
from aiokafka.client import AIOKafkaClient

from returners_platform.backoff import Backoff
from returners_platform.clock import Clock, system_clock
from returners_platform.contracts.topics import ALL_TOPICS, consumer_group
from returners_platform.messaging.consumer import EventConsumer, HandlerRegistry
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.kafka import ensure_topics, make_consumer, make_producer
from returners_platform.messaging.relay import OutboxRelay
from returners_platform.messaging.relay_process import service_relay
from returners_platform.service.migrations import upgrade_to_head
from returners_platform.service.pools import open_pool
from returners_platform.service.settings import ServiceSettings

log = structlog.get_logger(__name__)
T = TypeVar("T")

# Background work that ran this long before crashing was healthy: its restart delay resets.
HEALTHY_RUN_SECONDS = 60.0


async def prepare(settings: ServiceSettings, migrations: Path | None) -> None:
    """What every process of a service does first: its database migrated to head (under an
    advisory lock, so replicas may race) and, on local and test platforms, its topics made."""
    if migrations is not None and settings.run_migrations:
        await upgrade_to_head(migrations, settings.database_url)
    if settings.kafka_create_topics:
        await ensure_topics(
            settings.kafka_bootstrap_servers,
            ALL_TOPICS,
            prefix=settings.kafka_topic_prefix,
            replication_factor=settings.kafka_replication_factor,
        )


class Runtime:
    def __init__(
        self,
        settings: ServiceSettings,
        *,
        migrations: Path | None,
        handlers: HandlerRegistry | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._migrations = migrations
        self._handlers = handlers or {}
        self._tasks: list[asyncio.Task[None]] = []
        self._pool: asyncpg.Pool | None = None
        self._kafka: AIOKafkaClient | None = None  # for readiness: metadata, no producing
        self._closers: list[Callable[[], Awaitable[Any]]] = []
        self.relay: OutboxRelay | None = None
        self.consumer: EventConsumer | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        assert self._pool is not None, "runtime not started"
        return self._pool

    @property
    def source(self) -> str:
        return f"/returners/{self.settings.service_name}"

    async def __aenter__(self) -> Self:
        s = self.settings
        try:
            await prepare(s, self._migrations)
            self._pool = await open_pool(s)
            self._closers.append(self._pool.close)
            self._kafka = AIOKafkaClient(
                bootstrap_servers=s.kafka_bootstrap_servers, client_id=s.service_name
            )
            self._closers.append(self._kafka.close)
            await self._kafka.bootstrap()
            if s.relay_enabled:
                self.relay = service_relay(s, self._pool)
                self.spawn("outbox-relay", self.relay.run)
            if s.consumer_enabled and self._handlers:
                await self._start_consumer()
        except BaseException:
            await self._close()
            raise
        return self

    async def _start_consumer(self) -> None:
        s = self.settings
        group_id = consumer_group(s.service_name, s.kafka_topic_prefix)
        kafka_consumer = make_consumer(
            s.kafka_bootstrap_servers,
            group_id,
            s.service_name,
            *EventConsumer.topic_names(self._handlers, s.kafka_topic_prefix),
            fetch_min_bytes=s.consumer_fetch_min_bytes,
            fetch_max_wait_ms=s.consumer_fetch_max_wait_ms,
        )
        await kafka_consumer.start()
        self._closers.append(kafka_consumer.stop)
        dead_letters = DeadLetters(
            partial(make_producer, s.kafka_bootstrap_servers, f"{s.service_name}-dlq"),
            s.service_name,
            s.kafka_topic_prefix,
        )
        self._closers.append(dead_letters.close)
        self.consumer = EventConsumer(
            service=s.service_name,
            group_id=group_id,
            pool=self.pool,
            handlers=self._handlers,
            consumer=kafka_consumer,
            dead_letters=dead_letters,
            policy=s.failure_policy(),
            clock=self.clock,
        )
        self._closers.append(self.consumer.commit_pending)  # before the consumer stops
        self.spawn("event-consumer", self.consumer.run)

    async def hold(self, resource: AbstractAsyncContextManager[T]) -> T:
        """Enter ``resource`` (an HTTP client, say) for the runtime's life: it is closed with
        the runtime, after the background work stops."""
        value = await resource.__aenter__()
        self._closers.append(lambda: resource.__aexit__(None, None, None))
        return value

    def spawn(self, name: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work`` in the background for the runtime's life, restarted if it crashes."""
        self._tasks.append(asyncio.create_task(_supervised(name, work), name=name))

    def every(self, name: str, seconds: float, one_pass: Callable[[], Awaitable[object]]) -> None:
        """A scheduled job: ``one_pass`` now and then every ``seconds`` after the last pass
        ended, for the runtime's life (restarted like ``spawn``'s work if a pass crashes)."""

        async def passes() -> None:
            while True:
                await one_pass()
                await asyncio.sleep(seconds)

        self.spawn(name, passes)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._close()

    async def _close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        for close in reversed(self._closers):
            try:
                await close()
            except Exception as exc:  # closing is best effort; report and go on
                log.warning("close_failed", error=repr(exc))
        self._closers.clear()

    async def readiness(self) -> dict[str, str]:
        """Whether the database and Kafka answer; ``ok`` or the error, per dependency."""
        checks: dict[str, str] = {}
        try:
            await asyncio.wait_for(self.pool.fetchval("SELECT 1"), timeout=2)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = repr(exc)
        try:
            assert self._kafka is not None, "runtime not started"
            await asyncio.wait_for(self._kafka.fetch_all_metadata(), timeout=3)
            checks["kafka"] = "ok"
        except Exception as exc:
            checks["kafka"] = repr(exc)
        return checks


async def _supervised(name: str, work: Callable[[], Awaitable[None]]) -> None:
    """Run background work forever; an unexpected crash is logged and the work restarted,
    after a delay that doubles while it keeps crashing and starts over once it ran a while."""
    backoff = Backoff(initial=0.5, maximum=30.0)
    while True:
        started = time.monotonic()
        try:
            await work()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if time.monotonic() - started > HEALTHY_RUN_SECONDS:
                backoff.reset()
            delay = backoff.next()
            log.exception("background_task_crashed", task=name, error=repr(exc), retry_in=delay)
            await asyncio.sleep(delay)
