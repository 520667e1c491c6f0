"""``python -m reporting.worker``: the faust worker that keeps the projections.

Before faust starts: migrations, topics, and the consumer group aligned to the
positions stored in Postgres. Then a faust ``Worker`` with the web server off (no web
port: the app has ``web_enabled=False`` and no CLI turns it back on), logging JSON lines.
The worker serves its own Prometheus metrics on ``REPORTING_WORKER_METRICS_PORT``.
"""

import asyncio
import logging

import asyncpg
import faust
import uvloop
from prometheus_client import start_http_server

from reporting.bootstrap import MIGRATIONS
from reporting.config import Settings
from reporting.projection.gc_pauses import collect_less_often
from reporting.store import positions
from reporting.stream.app import create_stream_app
from reporting.stream.kafka_io import event_topic_names
from reporting.stream.offsets import align_group_offsets
from returners_platform.service.logging import configure_logging
from returners_platform.service.runtime import prepare


async def prepare_worker(settings: Settings) -> None:
    """Everything the worker needs before it joins its consumer group: what every process of
    a service does first (``runtime.prepare``), then the group aligned to Postgres."""
    await prepare(settings, MIGRATIONS)
    conn = await asyncpg.connect(settings.database_url)
    try:
        stored = await positions.stored(conn, event_topic_names(settings))
    finally:
        await conn.close()
    await align_group_offsets(settings, stored)


def main() -> None:
    settings = Settings()
    configure_logging(settings.service_name, settings.log_level)
    loop = uvloop.new_event_loop()  # libuv's loop: less of faust's time goes to the loop itself
    asyncio.set_event_loop(loop)  # faust runs on this loop after the preparation
    loop.run_until_complete(prepare_worker(settings))
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port, addr=settings.host)
    settings.faust_datadir().mkdir(parents=True, exist_ok=True)
    app = create_stream_app(settings, log_handlers=logging.getLogger().handlers[:1])
    collect_less_often()
    worker = faust.Worker(
        app, loop=loop, loglevel=settings.log_level.lower(), redirect_stdouts=False
    )
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()
