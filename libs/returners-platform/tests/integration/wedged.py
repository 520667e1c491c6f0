"""A producer in the state a broker restart can leave an idempotent one: every send refused
with ``OutOfOrderSequenceNumber`` (its sequence numbers ran ahead of the broker's)."""

import asyncio
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import OutOfOrderSequenceNumber


class WedgedProducer(AIOKafkaProducer):
    async def send(self, *args: Any, **kwargs: Any) -> "asyncio.Future[Any]":
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_exception(OutOfOrderSequenceNumber())
        return future
