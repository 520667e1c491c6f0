"""A programme and an eligibility decision handled at the same moment (they arrive on
different topics, in one batch or on two replicas): the candidate is invited all the same."""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import asyncpg
import pytest

from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import ProgrammePublishedV2
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.unit_of_work import unit_of_work
from selection.use_cases import invitations

from .conftest import SOURCE

pytestmark = pytest.mark.integration


async def test_a_decision_handled_while_its_programme_is_being_recorded_is_invited(
    pool: asyncpg.Pool,
) -> None:
    example = EXAMPLES[ProgrammePublishedV2]
    assert isinstance(example, ProgrammePublishedV2)
    assert example.selection is not None
    now = datetime.now(UTC)
    assessment = example.selection.assessment.model_copy(
        update={"closes_at": now + timedelta(days=30)}
    )
    rules = example.selection.model_copy(
        update={"assessment": assessment, "results_on": (now + timedelta(days=60)).date()}
    )
    programme = example.model_copy(
        update={"programme_id": f"sel-{uuid4().hex[:10]}", "selection": rules}
    )
    application_id = uuid4()

    async def decision() -> None:
        async with unit_of_work(pool, source=SOURCE) as uow:
            await invitations.record_submission(uow, application_id, programme.programme_id, now)
            await invitations.record_eligible(uow, application_id, programme.programme_id)

    async with unit_of_work(pool, source=SOURCE) as uow:
        await invitations.record_programme(uow, programme)  # not committed yet
        handling = asyncio.create_task(decision())
        # The decision either finished (reading no programme) or waits for this transaction.
        await eventually(
            lambda: _waiting_for_a_lock(pool),
            until=lambda waiting: waiting or handling.done(),
            timeout=10,
            interval=0.01,
            what="the decision to finish or wait",
        )
    await handling

    invited = await pool.fetchval(
        "SELECT assessment_invited_at FROM candidates WHERE application_id = $1", application_id
    )
    assert invited is not None


async def _waiting_for_a_lock(pool: asyncpg.Pool) -> bool:
    return bool(
        await pool.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        )
    )
