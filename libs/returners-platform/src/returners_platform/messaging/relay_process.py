"""``python -m returners_platform.messaging.relay_process <service>``: one service's outbox
relay as a process of its own.

Every service runs its relay inside its own process by default. A deployment that wants the
relay apart (or a test that kills it on its own) sets ``<SERVICE>_RELAY_ENABLED=false`` for
the service and runs this with the service's environment: it reads the same settings
(``<SERVICE>_DATABASE_URL``, ``_KAFKA_BOOTSTRAP_SERVERS``, ``_KAFKA_TOPIC_PREFIX``,
``_RELAY_BATCH_SIZE``, ``_RELAY_POLL_INTERVAL_SECONDS``, ``_DB_POOL_IDLE_SECONDS``,
``_LOG_LEVEL``). Leadership is the
same advisory lock as the in-process relay's, so running both is safe: one publishes.
"""

import asyncio
import signal
import sys
from functools import partial

import asyncpg
import structlog

from returners_platform.messaging.kafka import make_producer
from returners_platform.messaging.relay import OutboxRelay
from returners_platform.service.logging import configure_logging
from returners_platform.service.pools import open_pool
from returners_platform.service.settings import ServiceSettings

log = structlog.get_logger(__name__)


def relay_settings(service: str) -> ServiceSettings:
    """The service's shared settings, read from its ``<SERVICE>_*`` environment variables."""
    return ServiceSettings(_env_prefix=f"{service.upper()}_", service_name=service, port=0)


def service_relay(settings: ServiceSettings, pool: asyncpg.Pool) -> OutboxRelay:
    """The service's outbox relay as its settings describe it (in its process or this one)."""
    return OutboxRelay(
        settings.database_url,
        pool,
        partial(make_producer, settings.kafka_bootstrap_servers, f"{settings.service_name}-relay"),
        topic_prefix=settings.kafka_topic_prefix,
        batch_size=settings.relay_batch_size,
        poll_interval=settings.relay_poll_interval_seconds,
    )


async def run_relay(settings: ServiceSettings) -> None:
    """Publish the service's outbox until cancelled."""
    pool = await open_pool(settings, min_size=1, max_size=2)
    try:
        relay = service_relay(settings, pool)
        log.info("outbox_relay_process_started", service=settings.service_name)
        await relay.run()
    finally:
        await pool.close()


async def _until_terminated(settings: ServiceSettings) -> None:
    task = asyncio.create_task(run_relay(settings))
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        log.info("outbox_relay_process_stopped", service=settings.service_name)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m returners_platform.messaging.relay_process <service>")
    settings = relay_settings(args[0])
    configure_logging(settings.service_name, settings.log_level)
    asyncio.run(_until_terminated(settings))


if __name__ == "__main__":
    main()
