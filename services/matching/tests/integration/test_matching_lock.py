"""The programme's matching lock: a matching run takes it unless its transaction holds it
already, so runs of one programme never overlap; an eligible applicant's decision takes it,
an ineligible one's does not."""

import asyncio
from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import pytest

from matching.store import programmes
from matching.use_cases import placement
from returners_cli.testing.polling import eventually
from returners_platform.messaging.unit_of_work import UnitOfWork, unit_of_work

from .conftest import Matching, decided, logged_through_commit

pytestmark = pytest.mark.integration

SOURCE = "/returners/matching"


async def _until_a_transaction_waits_for_an_advisory_lock(
    pool: asyncpg.Pool, *, timeout: float, what: str
) -> None:
    async def waiting() -> bool:
        return bool(
            await pool.fetchval(
                "SELECT exists(SELECT FROM pg_locks WHERE locktype = 'advisory' AND NOT granted)"
            )
        )

    await eventually(waiting, until=bool, timeout=timeout, interval=0.01, what=what)


async def test_a_matching_run_waits_for_the_lock_another_transaction_holds(
    matching: Matching,
) -> None:
    pool = await asyncpg.create_pool(matching.settings.database_url, min_size=1, max_size=3)
    try:

        async def run_alone() -> None:
            async with unit_of_work(pool, source=SOURCE) as uow:
                programme = await programmes.get(uow, "rtsw-open")  # its lock not taken
                assert programme is not None
                await placement.rematch(uow, programme, now=datetime.now(UTC), trigger="test")

        async with unit_of_work(pool, source=SOURCE) as holder:
            await programmes.lock_for_matching(holder, "rtsw-open")
            running = asyncio.create_task(run_alone())
            await _until_a_transaction_waits_for_an_advisory_lock(
                pool, timeout=10, what="the run to wait for the lock"
            )
            assert not running.done()
        await asyncio.wait_for(running, timeout=10)  # and runs once the holder commits
    finally:
        await pool.close()


async def test_a_unit_of_work_holding_the_lock_is_not_sent_it_again(matching: Matching) -> None:
    statements: list[str] = []
    conn = await asyncpg.connect(matching.settings.database_url)
    conn.add_query_logger(lambda query: statements.append(query.query))
    try:
        async with conn.transaction():
            uow = UnitOfWork(conn, source=SOURCE, correlation_id=None, causation_id=None)
            assert await programmes.get_locked_for_matching(uow, "rtsw-open") is not None
            await programmes.lock_for_matching(uow, "rtsw-open")  # a matching run asks again
            await programmes.lock_for_matching(uow, "ict-open")  # another programme's
        await logged_through_commit(statements)
    finally:
        await conn.close()
    locks = [s for s in statements if "pg_advisory_xact_lock" in s]
    assert len(locks) == 2


async def test_only_an_eligible_applicants_decision_waits_for_the_programmes_lock(
    matching: Matching,
) -> None:
    """While another transaction holds rtsw-open's matching lock, an ineligible applicant is
    decided; an eligible one is decided only once that transaction ends. (The ineligible one
    is submitted first: the consumer takes a partition's records in order, and the two may
    share one.)"""
    pool = await asyncpg.create_pool(matching.settings.database_url, min_size=1, max_size=2)
    try:
        async with unit_of_work(pool, source=SOURCE) as holder:
            await programmes.lock_for_matching(holder, "rtsw-open")
            ineligible = await matching.submit(right_to_work_uk=False)
            await decided(matching, ineligible)
            eligible = await matching.submit()
            await _until_a_transaction_waits_for_an_advisory_lock(
                pool, timeout=30, what="the eligible applicant's decision to wait for the lock"
            )
            assert await _decision_of(matching, eligible) is None
        await decided(matching, eligible)  # once the holder commits
        assert await _decision_of(matching, eligible) is True
        assert await _decision_of(matching, ineligible) is False
    finally:
        await pool.close()


async def _decision_of(matching: Matching, application_id: UUID) -> bool | None:
    rows = await matching.fetch(
        "SELECT eligible FROM applicants WHERE application_id = $1", application_id
    )
    return rows[0]["eligible"] if rows else None
