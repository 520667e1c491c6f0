"""Rows in a test database's outbox: commit events, count those not yet published."""

import uuid
from datetime import UTC, datetime

import asyncpg

from returners_platform.contracts.events import ApplicationWithdrawn
from returners_platform.messaging.unit_of_work import UnitOfWork


async def commit_withdrawal(pool: asyncpg.Pool) -> str:
    """Commit an ``application.withdrawn`` to the outbox (correlation "corr", causation
    "cause"); return its key, the application id."""
    application_id = uuid.uuid4()
    async with pool.acquire() as conn, conn.transaction():
        uow = UnitOfWork(conn, source="/test", correlation_id="corr", causation_id="cause")
        await uow.publish(
            ApplicationWithdrawn(
                application_id=application_id, programme_id="p", withdrawn_at=datetime.now(UTC)
            )
        )
    return str(application_id)


async def commit_backlog(pool: asyncpg.Pool, count: int) -> str:
    """``count`` withdrawals of one application (programmes p0, p1...), a transaction each;
    return their key, the application id."""
    application_id = uuid.uuid4()
    for n in range(count):
        async with pool.acquire() as conn, conn.transaction():
            await UnitOfWork(conn, source="/t", correlation_id=None, causation_id=None).publish(
                ApplicationWithdrawn(
                    application_id=application_id,
                    programme_id=f"p{n}",
                    withdrawn_at=datetime.now(UTC),
                )
            )
    return str(application_id)


async def pending(pool: asyncpg.Pool) -> int:
    """Outbox rows not yet marked published."""
    return int(await pool.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"))
