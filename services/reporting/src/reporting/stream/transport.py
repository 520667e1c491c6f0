"""faust's Kafka transport, its consumer's fetches made as the worker's settings say
(``consumer_fetch_min_bytes``, ``consumer_fetch_max_wait_ms``), not as faust fixes them.

faust builds its worker's aiokafka consumer with ``fetch_max_wait_ms=1500``, fixed. aiokafka
keeps one fetch in flight a broker, and asks in it only for the partitions whose records it
has handed over. In a replay the partitions read to their end are soon the only ones to ask
for: the broker holds that fetch for want of records, and the partitions still full run dry
behind it, nothing asked for them until it returns. The worker then waited 0.6-1.3 s every
couple of seconds, about half of a 212,000-event replay (``bench/reporting_replay``: 4,215
events/s). Waiting 100 ms, it replayed 7,164 events/s; 250 ms, 6,577.

faust's consumer also has the broker answer a fetch as soon as one record is there. Live,
the worker then woke for every event the moment it was published, at the same moment as
the consumers on the applicant's path to a decision (matching for a submission), and
competed with them for the two cores: in ``bench/end_to_end`` the decision reached the
applicant's status read in 15.3-17.3 ms at p50. Letting the broker gather records for up to
50 ms (the fetch answered at once should a mebibyte be waiting, as in a replay), the worker
wakes at most 20 times a second whatever the traffic, mostly not when an event is on its
way: 12.4-13.8 ms, and the funnel counts an application 49 ms after its 201 rather than 22
(at p50; the target is 100). An idle worker fetches 20 times a second: the broker spent
96-108 ms of CPU a second idle, against 38-58 with a single record answered at once and
250 ms waits.
"""

from typing import Any

from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_kafka
from faust.types import AppT
from yarl import URL


class _ConsumerThread(faust_kafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Read by the consumer when it starts, to make its fetcher (aiokafka's own settings).
        consumer._fetch_max_wait_ms = transport.fetch_max_wait_ms
        consumer._fetch_min_bytes = transport.fetch_min_bytes
        return consumer


class _Consumer(faust_kafka.Consumer):
    def _new_consumer_thread(self) -> faust_kafka.AIOKafkaConsumerThread:
        return _ConsumerThread(self, loop=self.loop, beacon=self.beacon)


class KafkaTransport(faust_kafka.Transport):
    """The transport faust's ``kafka://`` URLs name, but for its consumer's fetches."""

    Consumer = _Consumer

    def __init__(
        self, url: list[URL], app: AppT, *, fetch_max_wait_ms: int, fetch_min_bytes: int
    ) -> None:
        super().__init__(url, app)
        self.fetch_max_wait_ms = fetch_max_wait_ms
        self.fetch_min_bytes = fetch_min_bytes
