"""The latency floor of an event-driven hop: a bare produce -> consume on the same broker.

Used as the baseline of the outbox (commit-to-publish) and end-to-end benchmarks. Records
are sent at a fixed rate by a producer with the platform's settings (``make_producer``:
acks=all, idempotence, no linger) and read by consumers with the platform's settings
(``make_consumer``: group member, read_committed, offsets committed after each batch).
With ``hops=2`` a forwarder in the middle consumes hop 1 and produces hop 2, the shape of
"a service consumes an event and publishes its answer" with no database and no work in
between. Latency of hop n = the moment the consumer at its end saw the record minus the
moment the first producer was asked to send it (everything runs on one event loop, one
clock).
"""

import asyncio
import time
import uuid
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.support import percentile
from returners_cli.testing.polling import eventually
from returners_platform.contracts.topics import PARTITIONS, Topic
from returners_platform.messaging.kafka import ensure_topics, make_consumer, make_producer

# Roughly the size of an application.submitted envelope.
PAYLOAD = b'{"specversion":"1.0","data":{' + b'"x":"' + b"y" * 900 + b'"}}'


@dataclass
class Hops:
    sent: dict[str, float] = field(default_factory=dict)
    arrived: list[dict[str, float]] = field(default_factory=list)

    def latencies_ms(self, hop: int) -> list[float]:
        seen = self.arrived[hop - 1]
        return [(seen[k] - t) * 1000 for k, t in self.sent.items() if k in seen]

    def figures(self, hop: int) -> dict[str, float]:
        values = self.latencies_ms(hop)
        return {
            "events": len(values),
            "p50_ms": round(percentile(values, 50), 2),
            "p99_ms": round(percentile(values, 99), 2),
        }


async def _wait_assigned(consumer: AIOKafkaConsumer, timeout: float = 60) -> None:
    await eventually(
        consumer.assignment, timeout=timeout, what="the bench consumer's partitions assigned"
    )
    await consumer.seek_to_end()


async def _consume(
    consumer: AIOKafkaConsumer,
    seen: dict[str, float],
    forward_to: tuple[AIOKafkaProducer, str] | None,
) -> None:
    """The platform consumer's loop: a batch, its effect, then the offset commit."""
    while True:
        batch = await consumer.getmany(timeout_ms=1000, max_records=500)
        if not batch:
            continue
        pending = []
        for records in batch.values():
            for record in records:
                key = record.key.decode() if record.key else ""
                seen[key] = time.perf_counter()
                if forward_to is not None:
                    producer, topic = forward_to
                    pending.append(await producer.send(topic, record.value, key=record.key))
        await asyncio.gather(*pending)
        await consumer.commit()


async def measure_hops(
    bootstrap: str, *, rate: float, seconds: float, hops: int = 1, prefix: str = "bench-floor."
) -> Hops:
    """Send ``rate`` records a second for ``seconds`` through ``hops`` chained topics."""
    run = uuid.uuid4().hex[:8]
    topics = [
        Topic(f"{prefix}{run}.hop{n}", "bench", "id", "bench only", PARTITIONS)
        for n in range(1, hops + 1)
    ]
    await ensure_topics(bootstrap, topics)
    result = Hops(arrived=[{} for _ in topics])
    producers = [make_producer(bootstrap, f"bench-floor-{n}") for n in range(hops)]
    consumers = [
        make_consumer(bootstrap, f"bench-floor-{run}-{n}", f"bench-floor-{n}", topic.name)
        for n, topic in enumerate(topics)
    ]
    for client in (*producers, *consumers):
        await client.start()
    tasks: list[asyncio.Task[None]] = []
    try:
        for consumer in consumers:
            await _wait_assigned(consumer)
        for n, consumer in enumerate(consumers):
            forward = (producers[n + 1], topics[n + 1].name) if n + 1 < hops else None
            tasks.append(asyncio.create_task(_consume(consumer, result.arrived[n], forward)))
        await _send_at_rate(producers[0], topics[0].name, rate, seconds, result.sent)
        deadline = time.perf_counter() + 30
        while len(result.arrived[-1]) < len(result.sent) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for client in (*consumers, *producers):
            await client.stop()
    return result


async def _send_at_rate(
    producer: AIOKafkaProducer, topic: str, rate: float, seconds: float, sent: dict[str, float]
) -> None:
    interval = 1 / rate
    next_at = time.perf_counter()
    acks = []
    for _ in range(round(rate * seconds)):
        key = str(uuid.uuid4())
        sent[key] = time.perf_counter()
        acks.append(await producer.send(topic, PAYLOAD, key=key.encode()))
        next_at += interval
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    await asyncio.gather(*acks)
