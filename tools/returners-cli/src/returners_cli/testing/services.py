"""Run a service's FastAPI app in-process against real Kafka and Postgres."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI


@asynccontextmanager
async def running(app: FastAPI, *, startup_timeout: float = 60) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (database, Kafka, relay, consumer) and give an HTTP client."""
    async with LifespanManager(app, startup_timeout=startup_timeout, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def settings_for_test(
    *, database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> dict[str, object]:
    """Settings every in-process test service uses: its own database and topics, fast retries."""
    return {
        "environment": "test",
        "database_url": database_url,
        "kafka_bootstrap_servers": kafka_bootstrap,
        "kafka_topic_prefix": topic_prefix,
        "relay_poll_interval_seconds": 0.2,
        "consumer_backoff_initial_seconds": 0.02,
        "consumer_backoff_max_seconds": 0.2,
        "consumer_max_attempts": 3,
    }
