"""How many statements (each a round trip to Postgres, once prepared) deciding on an eligible
applicant and offering them a place takes, from the consumer's BEGIN to its COMMIT: on a
loaded host each costs 0.3-0.5 ms of the decision's latency."""

import asyncio
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from aiokafka.structs import ConsumerRecord
from asyncpg.connection import LoggedQuery

from matching.handlers import EVENT_HANDLERS
from returners_platform.contracts.envelope import new_event
from returners_platform.messaging.codec import encode_value, record_headers
from returners_platform.messaging.consumer import EventConsumer
from returners_platform.messaging.failure_policy import FailurePolicy
from returners_platform.messaging.schema import OUTBOX_CHANNEL

from ..conftest import submitted
from .conftest import Matching, council, logged_through_commit

pytestmark = pytest.mark.integration

TOPIC = "returners.applications"


class CountingConsumer:
    """Matching's handlers behind the idempotent consumer, on a pool of one connection that
    logs every statement sent on it (the records are handed to ``process``, not fetched)."""

    def __init__(self, matching: Matching) -> None:
        self.matching = matching
        self.statements: list[str] = []
        self.offset = 0

    async def __aenter__(self) -> "CountingConsumer":
        async def log_statements(conn: asyncpg.Connection) -> None:
            conn.add_query_logger(self._log)

        async def no_reset_query(conn: asyncpg.Connection) -> None:
            """As the service's pool (``runtime.open_pool``): nothing sent on release."""

        self.pool = await asyncpg.create_pool(
            self.matching.settings.database_url,
            min_size=1,
            max_size=1,
            init=log_statements,
            reset=no_reset_query,
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.pool.close()

    def _log(self, query: LoggedQuery) -> None:
        self.statements.append(query.query)

    async def decide(self, **fields: Any) -> UUID:
        """Hand the consumer a submission to decide on; ``statements`` holds those it sent."""
        data = submitted(programme_id="rtsw-open", submitted_at=datetime.now(UTC), **fields)
        event = new_event(data, source="/returners/applications")
        value = encode_value(event)
        headers = record_headers(event.type, event.id)
        self.offset += 1
        record = ConsumerRecord(
            TOPIC, 0, self.offset, 0, 0, None, value, None, 0, len(value), headers
        )
        consumer = EventConsumer(
            service="matching",
            group_id="round-trips",
            pool=self.pool,
            handlers=EVENT_HANDLERS,
            consumer=None,  # type: ignore[arg-type]  # records are handed in, not fetched
            dead_letters=None,  # type: ignore[arg-type]  # none is dead-lettered here
            policy=FailurePolicy(),
            clock=self.matching.clock,
        )
        self.statements.clear()
        await consumer.process(record)
        await logged_through_commit(self.statements)
        return data.application_id


async def test_an_eligible_applicant_is_decided_and_offered_a_place_in_nine_round_trips(
    matching: Matching,
) -> None:
    """BEGIN, the processed-event mark, the programme, its matching lock (eligible), the
    decision with its event, the places and free vacancies, the free applicants, the offer
    with its event, COMMIT (it was 13: the lock was taken twice, and each event written on
    its own; 8 with the lock taken with the programme, by every decision)."""
    kent = await council(matching, "Kent")
    await kent.post_vacancy(slots=2)
    async with CountingConsumer(matching) as consumer:
        await consumer.decide(last_practised=date(2022, 1, 1))  # its statements prepared
        application_id = await consumer.decide(last_practised=date(2022, 1, 1))
    assert len(consumer.statements) == 9, "\n".join(
        s.strip().split("\n")[0][:80] for s in consumer.statements
    )
    [lock] = [n for n, s in enumerate(consumer.statements) if "pg_advisory_xact_lock" in s]
    [decision] = [n for n, s in enumerate(consumer.statements) if "INSERT INTO applicants" in s]
    assert lock < decision, "the lock is taken before the applicant's row is written"
    published = await matching.fetch(
        "SELECT type FROM outbox WHERE payload->'data'->>'application_id' = $1 ORDER BY seq",
        str(application_id),
    )
    assert [row["type"] for row in published] == [
        "returners.eligibility.decided.v1",
        "returners.placement.offered.v1",
    ]


async def test_an_ineligible_applicant_is_decided_in_five_round_trips_without_the_lock(
    matching: Matching,
) -> None:
    """BEGIN, the processed-event mark, the programme, the decision with its event, COMMIT
    (it was 7). No matching lock: an ineligible applicant is not in the programme's picture."""
    async with CountingConsumer(matching) as consumer:
        await consumer.decide(right_to_work_uk=False)  # its statements prepared
        await consumer.decide(right_to_work_uk=False)
    assert len(consumer.statements) == 5, consumer.statements
    assert not any("pg_advisory_xact_lock" in s for s in consumer.statements)


async def test_a_decision_written_with_its_event_wakes_the_relay_when_it_commits(
    matching: Matching,
) -> None:
    """The outbox's trigger fires for an event written in its decision's statement too."""
    woken = asyncio.Event()
    listener = await asyncpg.connect(matching.settings.database_url)
    try:
        await listener.add_listener(OUTBOX_CHANNEL, lambda *_: woken.set())
        async with CountingConsumer(matching) as consumer:
            await consumer.decide(right_to_work_uk=False)  # ineligible: the decision alone
        await asyncio.wait_for(woken.wait(), timeout=10)
    finally:
        await listener.close()
