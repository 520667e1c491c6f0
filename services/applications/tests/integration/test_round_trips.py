"""Round trips to Postgres on the path of an eligibility decision to the applicant: the
status poll, and the handlers of ``eligibility.decided`` and ``placement.offered``. They run
in the process whose relay and consumer carry the decision, so each statement they save
comes off that path; these tests count the statements on a real, migrated database."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from pydantic import SecretStr

from applications.bootstrap import MIGRATIONS
from applications.domain.submission import Submission
from applications.handlers import EVENT_HANDLERS
from applications.store.idempotency import IdempotencyStore
from applications.store.programmes import ProgrammeWindows
from applications.use_cases import submissions
from applications.use_cases.status import application_status
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts import events
from returners_platform.contracts.envelope import EventData, new_event
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.failure_policy import PermanentHandlerError
from returners_platform.messaging.unit_of_work import single_statement, unit_of_work
from returners_platform.service.migrations import upgrade_to_head

from ..conftest import open_programme

pytestmark = pytest.mark.integration

SOURCE = "/returners/applications"


@dataclass(eq=False)  # hashable, as a query logger must be
class Statements:
    """Every statement the pool's connections send, in order."""

    sent: list[str] = field(default_factory=list)

    def __call__(self, record: Any) -> None:
        self.sent.append(record.query)


@dataclass(frozen=True)
class Applicant:
    application_id: UUID
    token: str


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """No reset query on release, as the service's pool (``runtime.open_pool``)."""


@pytest.fixture
async def statements() -> Statements:
    return Statements()


@pytest.fixture
async def pool(database: str, statements: Statements) -> AsyncIterator[asyncpg.Pool]:
    """A pool of one connection on the service's migrated database that knows the programme
    ``rtsw-open``."""
    await upgrade_to_head(MIGRATIONS, database)

    async def count(conn: asyncpg.Connection) -> None:
        conn.add_query_logger(statements)

    async with asyncpg.create_pool(
        database, min_size=1, max_size=1, init=count, reset=_keep_session
    ) as created:
        await handle(created, open_programme())
        yield created


async def handle(pool: asyncpg.Pool, data: EventData) -> None:
    """Handle ``data`` as the consumer would: in a transaction of its own."""
    async with unit_of_work(pool, source=SOURCE) as uow:
        await EVENT_HANDLERS[type(data)](new_event(data, source="/returners/test"), uow)


async def statements_handling(
    pool: asyncpg.Pool, statements: Statements, data: EventData
) -> list[str]:
    """The statements the handler of ``data`` sends (not the transaction's own)."""
    async with unit_of_work(pool, source=SOURCE) as uow:
        statements.sent.clear()
        await EVENT_HANDLERS[type(data)](new_event(data, source="/returners/test"), uow)
        sent = list(statements.sent)
    return sent


async def submitted(pool: asyncpg.Pool) -> Applicant:
    idempotency = IdempotencyStore(SecretStr("test"), timedelta(hours=1))
    async with unit_of_work(pool, source=SOURCE) as uow:
        receipt, _ = await submissions.submit_application(
            uow,
            Submission.model_validate(submission_body()),
            idempotency=idempotency,
            idempotency_key=None,
        )
    assert receipt.access_token is not None
    return Applicant(receipt.application_id, receipt.access_token)


def decided(application_id: UUID, eligible: bool = True) -> events.EligibilityDecided:
    example = EXAMPLES[events.EligibilityDecided]
    return example.model_copy(  # type: ignore[return-value]
        update={
            "application_id": application_id,
            "eligible": eligible,
            "reasons": [] if eligible else example.reasons,  # type: ignore[attr-defined]
            "decided_at": datetime.now(UTC),
        }
    )


def offered(application_id: UUID) -> events.PlacementOffered:
    now = datetime.now(UTC)
    return EXAMPLES[events.PlacementOffered].model_copy(  # type: ignore[return-value]
        update={
            "application_id": application_id,
            "offer_id": uuid4(),
            "offered_at": now,
            "expires_at": now + timedelta(days=7),
        }
    )


async def no_feedback(_application_id: UUID) -> None:
    return None


async def test_a_submission_with_an_idempotency_key_is_one_statement_and_its_retry_one_more(
    pool: asyncpg.Pool, statements: Statements
) -> None:
    """The key is taken in the statement that records the application: no transaction
    around it, and no statement of the key's own (there were five: BEGIN, the key, the
    application, the key's answer, COMMIT)."""
    windows = ProgrammeWindows()
    idempotency = IdempotencyStore(SecretStr("test"), timedelta(hours=1))
    submission = Submission.model_validate(submission_body())

    async def submit() -> tuple[submissions.Receipt, bool]:
        async with single_statement(pool, source=SOURCE) as uow:
            return await submissions.submit_application(
                uow, submission, idempotency=idempotency, idempotency_key="k", windows=windows
            )

    async with pool.acquire() as conn:
        await windows.get(conn, submission.programme_id)  # its window read and kept
    statements.sent.clear()
    first, created = await submit()
    first_sent = await sent_before_marker(pool, statements)
    again, created_again = await submit()
    again_sent = await sent_before_marker(pool, statements)

    assert (created, created_again) == (True, False)
    assert again == first
    assert len(first_sent) == 1, first_sent
    assert len(again_sent) == 2, again_sent  # the statement finding the key taken, its answer


async def sent_before_marker(pool: asyncpg.Pool, statements: Statements) -> list[str]:
    """The statements sent since the last call: a marker statement is sent after them, and
    they are taken once the query logger (called soon after each statement) has it."""
    marker = "SELECT 'marker'"
    await pool.fetchval(marker)
    await eventually(lambda: marker in statements.sent, what="the marker logged")
    sent = statements.sent[: statements.sent.index(marker)]
    statements.sent.clear()
    return sent


async def test_the_status_poll_reads_the_application_and_all_it_shows_in_one_statement(
    pool: asyncpg.Pool, statements: Statements
) -> None:
    applicant = await submitted(pool)
    await handle(pool, decided(applicant.application_id))
    first, second = offered(applicant.application_id), offered(applicant.application_id)
    await handle(pool, first)
    await handle(pool, second)
    # The first array of records a connection reads has asyncpg look up its type, once.
    await application_status(
        pool, applicant.application_id, applicant.token, datetime.now(UTC), no_feedback
    )
    statements.sent.clear()

    view = await application_status(
        pool, applicant.application_id, applicant.token, datetime.now(UTC), no_feedback
    )

    assert len(statements.sent) == 1, statements.sent
    assert view.application.status == "offered"
    assert [o.offer_id for o in view.offers] == [first.offer_id, second.offer_id]
    assert [e.type for e in view.timeline] == [
        "submitted",
        "eligibility_decided",
        "offered",
        "offered",
    ]
    assert view.placement is None
    assert view.references == []


async def test_an_eligibility_decision_is_recorded_with_its_entry_and_status_in_two_statements(
    pool: asyncpg.Pool, statements: Statements
) -> None:
    applicant = await submitted(pool)

    sent = await statements_handling(pool, statements, decided(applicant.application_id, False))

    assert len(sent) == 2, sent
    view = await application_status(
        pool, applicant.application_id, applicant.token, datetime.now(UTC), no_feedback
    )
    assert view.application.status == "ineligible"
    assert view.application.eligibility is not None
    assert view.application.eligibility["eligible"] is False
    assert view.timeline[-1].type == "eligibility_decided"
    assert view.timeline[-1].details["eligible"] is False


async def test_a_decision_on_an_unknown_application_is_refused_for_good(
    pool: asyncpg.Pool,
) -> None:
    with pytest.raises(PermanentHandlerError, match="unknown application"):
        await handle(pool, decided(uuid4()))


async def test_an_offer_is_recorded_with_its_entry_and_the_status_in_three_statements(
    pool: asyncpg.Pool, statements: Statements
) -> None:
    applicant = await submitted(pool)
    await handle(pool, decided(applicant.application_id))
    offer = offered(applicant.application_id)

    sent = await statements_handling(pool, statements, offer)
    again = await statements_handling(pool, statements, offer)

    assert len(sent) == 3, sent
    assert len(again) == 1, again  # recorded before: nothing written, the status as it was
    view = await application_status(
        pool, applicant.application_id, applicant.token, datetime.now(UTC), no_feedback
    )
    assert view.application.status == "offered"
    assert [o.offer_id for o in view.offers] == [offer.offer_id]
    assert [e.type for e in view.timeline].count("offered") == 1
    assert view.timeline[-1].details["offer_id"] == str(offer.offer_id)


async def test_an_offer_to_an_unknown_application_is_refused_for_good_and_nothing_recorded(
    pool: asyncpg.Pool,
) -> None:
    offer = offered(uuid4())

    with pytest.raises(PermanentHandlerError, match="unknown application"):
        await handle(pool, offer)

    assert await pool.fetchval("SELECT count(*) FROM offers") == 0
