"""A producer in the state a broker restart can leave an idempotent one: every send refused
with ``OutOfOrderSequenceNumber`` (its sequence numbers ran ahead of the broker's), a record's
(``send``) or a record batch's (``send_batch``, as the outbox relay sends)."""

import asyncio
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import OutOfOrderSequenceNumber
from aiokafka.producer.message_accumulator import BatchBuilder

from returners_platform.messaging.kafka import make_producer


def _refused() -> "asyncio.Future[Any]":
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    future.set_exception(OutOfOrderSequenceNumber())
    return future


class WedgedProducer(AIOKafkaProducer):
    async def send(self, *args: Any, **kwargs: Any) -> "asyncio.Future[Any]":
        return _refused()

    async def send_batch(
        self, batch: BatchBuilder, topic: str, *, partition: int
    ) -> "asyncio.Future[Any]":
        return _refused()


def wedged_then_sound(
    bootstrap: str, made: list[AIOKafkaProducer], client_id: str
) -> Callable[[], AIOKafkaProducer]:
    """A producer factory: the first producer is wedged, the ones after are sound; every
    producer made is appended to ``made``."""

    def make() -> AIOKafkaProducer:
        producer = (
            WedgedProducer(bootstrap_servers=bootstrap)
            if not made
            else make_producer(bootstrap, client_id)
        )
        made.append(producer)
        return producer

    return make
