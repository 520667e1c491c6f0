"""The faust app: one agent over every event topic, concurrency 1, batched with take_events.

faust acks a batch when ``take_events`` regains control, i.e. after the batch's Postgres
transaction committed, so in normal operation the offsets faust commits to Kafka trail
the positions in Postgres. A batch cut short (the agent cancelled mid-transaction) is
acked all the same; that is why every start aligns the group to Postgres first
(``offsets``) and why every batch skips what its positions say is done.
"""

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import asyncpg
import faust
from aiokafka.structs import ConsumerRecord

from reporting.config import Settings
from reporting.projection.live import LiveProjector
from reporting.stream.kafka_io import event_topic_names
from returners_platform.contracts.topics import PARTITIONS
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.kafka import make_producer

WORKER_SESSION_TIMEOUT_SECONDS = 10.0
WORKER_HEARTBEAT_INTERVAL_SECONDS = 3.0


def consumer_record(message: Any) -> ConsumerRecord[bytes, bytes]:
    """faust's message as the aiokafka record the projector and dead letters take."""
    return ConsumerRecord(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp=int(message.timestamp * 1000) if message.timestamp else 0,
        timestamp_type=message.timestamp_type or 0,
        key=message.key,
        value=message.value,
        checksum=None,
        serialized_key_size=message.serialized_key_size or 0,
        serialized_value_size=message.serialized_value_size or 0,
        headers=tuple(_header_items(message.headers)),
    )


def _header_items(headers: Any) -> list[tuple[str, bytes]]:
    if headers is None:
        return []
    return list(headers.items()) if isinstance(headers, Mapping) else list(headers)


@asynccontextmanager
async def live_projector(settings: Settings) -> AsyncIterator[LiveProjector]:
    pool = await asyncpg.create_pool(
        settings.database_url, min_size=1, max_size=max(2, settings.db_pool_min)
    )
    dead_letters = DeadLetters(
        partial(make_producer, settings.kafka_bootstrap_servers, f"{settings.faust_app_id}.dlq"),
        settings.service_name,
        settings.kafka_topic_prefix,
    )
    try:
        yield LiveProjector(
            pool,
            dead_letters,
            settings.failure_policy(),
        )
    finally:
        await dead_letters.close()
        await pool.close()


def broker_urls(bootstrap: str) -> list[str]:
    return [f"kafka://{server.strip()}" for server in bootstrap.split(",") if server.strip()]


def create_stream_app(
    settings: Settings, log_handlers: list[logging.Handler] | None = None
) -> faust.App:
    """The app; ``log_handlers`` replace faust's own (the worker passes its JSON handler)."""
    app = faust.App(
        settings.faust_app_id,
        broker=broker_urls(settings.kafka_bootstrap_servers),
        web_enabled=False,
        store="memory://",
        datadir=str(settings.faust_datadir()),
        autodiscover=False,
        consumer_auto_offset_reset="earliest",
        topic_partitions=PARTITIONS,
        topic_replication_factor=settings.kafka_replication_factor,
        broker_max_poll_records=settings.batch_max_events,
        # As the services' consumers (``make_consumer``): a worker that died (kill -9, OOM) is
        # out of the group in 10 s, not faust's default 60 s, so its replacement, which joins
        # at once, gets the partitions that soon.
        broker_session_timeout=WORKER_SESSION_TIMEOUT_SECONDS,
        broker_heartbeat_interval=WORKER_HEARTBEAT_INTERVAL_SECONDS,
        stream_buffer_maxsize=max(4096, 2 * settings.batch_max_events),
        stream_wait_empty=True,
        worker_redirect_stdouts=False,  # our JSON log lines stay JSON
        loghandlers=log_handlers or [],
        logging_config={
            "version": 1,
            "disable_existing_loggers": False,
            "root": {"level": settings.log_level.upper(), "handlers": []},
        }
        if log_handlers
        else None,
    )
    topic = app.topic(
        *event_topic_names(settings),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
    )

    @app.agent(topic, name="projections", concurrency=1)
    async def projections(stream: Any) -> None:
        async with live_projector(settings) as projector:
            async for events in stream.take_events(
                settings.batch_max_events, within=settings.batch_within_seconds
            ):
                await projector.handle([consumer_record(e.message) for e in events])

    return app
