"""faust's Kafka transport, its consumer's fetches waiting on the broker only as long as the
worker's settings say (``consumer_fetch_max_wait_ms``).

faust builds its worker's aiokafka consumer with ``fetch_max_wait_ms=1500``, fixed. aiokafka
keeps one fetch in flight a broker, and asks in it only for the partitions whose records it
has handed over. In a replay the partitions read to their end are soon the only ones to ask
for: the broker holds that fetch for want of records, and the partitions still full run dry
behind it, nothing asked for them until it returns. The worker then waited 0.6-1.3 s every
couple of seconds, about half of a 212,000-event replay (``bench/reporting_replay``: 4,215
events/s). Waiting 100 ms, it replayed 7,164 events/s; 250 ms (the default), 6,577. A
record that arrives is answered at once either way, but an idle consumer fetches once a
wait: over the worker's 21 partitions an idle broker spent 30-50 ms a second more with 100 ms
than with 1.5 s, and with 250 ms no more than run-to-run noise (a few ms).
"""

from typing import Any

from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_kafka
from faust.types import AppT
from yarl import URL


class _ConsumerThread(faust_kafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Read by the consumer when it starts, to make its fetcher (aiokafka's own setting).
        consumer._fetch_max_wait_ms = transport.fetch_max_wait_ms
        return consumer


class _Consumer(faust_kafka.Consumer):
    def _new_consumer_thread(self) -> faust_kafka.AIOKafkaConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class KafkaTransport(faust_kafka.Transport):
    """The transport faust's ``kafka://`` URLs name, but for ``fetch_max_wait_ms``."""

    Consumer = _Consumer

    def __init__(self, url: list[URL], app: AppT, *, fetch_max_wait_ms: int) -> None:
        super().__init__(url, app)
        self.fetch_max_wait_ms = fetch_max_wait_ms
