"""The faust app: one agent over every event topic, concurrency 1, in batches.

A batch closes as soon as no further event waits in the stream's buffer, at
``batch_max_events``, or ``batch_within_seconds`` after its first event, whichever comes
first: at live rates an event is applied at once, in a replay the batches fill (faust's
``take_events`` would wait out its whole window at live rates). While one batch's
transaction is in flight the next batch is gathered and decoded; the agent acks a
batch's events (the stream's acks are manual) only once its transaction has committed, so
in normal operation the offsets faust commits to Kafka trail the positions in Postgres.
A worker that dies mid-batch leaves it unacked; every start aligns the group to Postgres
first (``offsets``) and every batch skips what its positions say is done.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import faust
from aiokafka.structs import ConsumerRecord

from reporting.config import Settings
from reporting.projection.batch import Decoded, decode_records
from reporting.projection.live import LiveProjector
from reporting.stream.kafka_io import event_topic_names
from reporting.stream.transport import KafkaTransport
from returners_platform.contracts.topics import PARTITIONS
from returners_platform.messaging.dead_letters import DeadLetters
from returners_platform.messaging.kafka import make_producer
from returners_platform.service.pools import open_pool

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
    pool = await open_pool(settings, min_size=1, max_size=max(2, settings.db_pool_min))
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


async def early_batches(
    stream: Any, max_events: int, within_seconds: float
) -> AsyncIterator[list[Any]]:
    """The stream's events in batches that close as soon as nothing more is waiting."""
    waiting = stream.channel.queue
    batch: list[Any] = []
    opened = 0.0
    async for event in stream.events():
        if not batch:
            opened = time.monotonic()
        batch.append(event)
        if (
            len(batch) >= max_events
            or waiting.empty()
            or time.monotonic() - opened >= within_seconds
        ):
            yield batch
            batch = []


async def apply_then_ack(
    projector: LiveProjector, stream: Any, events: Sequence[Any], batch: Sequence[Decoded]
) -> None:
    await projector.handle(batch)
    for event in events:
        await stream.ack(event)


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
        # faust's repaired Cython fast paths: the stream takes what already waits in its
        # buffer without awaiting the channel (off by default in faust 0.15).
        cython_optimizations=True,
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
    # Before anything asks the app for its transport (a topic does): its consumer's fetches
    # are made as the settings say, not as faust fixes them (``stream.transport``).
    app.transport = KafkaTransport(
        app.conf.broker_consumer,
        app,
        fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
        fetch_min_bytes=settings.consumer_fetch_min_bytes,
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
        manual = stream.noack()
        async with live_projector(settings) as projector:
            in_flight: asyncio.Future[None] | None = None
            try:
                async for events in early_batches(
                    manual, settings.batch_max_events, settings.batch_within_seconds
                ):
                    batch = decode_records([consumer_record(e.message) for e in events])
                    if in_flight is not None:
                        await in_flight
                    in_flight = asyncio.ensure_future(
                        apply_then_ack(projector, manual, events, batch)
                    )
            finally:
                if in_flight is not None:
                    # the batch in flight commits (or fails) before the projector closes
                    await asyncio.wait([in_flight])

    return app
