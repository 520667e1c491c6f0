"""The retention job's pass: erases the panel's feedback that has passed its programme's
period, each candidate in a transaction of its own (replicas may run it at once: one skips a
candidate the other holds). The composition root schedules it with ``runtime.every``."""

import asyncpg

from returners_platform.clock import Clock
from returners_platform.messaging.unit_of_work import one_transaction_each
from selection.domain.retention import is_due
from selection.store import panel
from selection.use_cases import retention


async def erase_due(pool: asyncpg.Pool, *, source: str, clock: Clock) -> int:
    """One pass; how many candidates' feedback it erased."""
    async with pool.acquire() as conn:
        held = await panel.feedback_held(conn)
    now = clock()
    due = [kept.application_id for kept in held if is_due(kept, now)]
    return await one_transaction_each(
        pool, due, retention.erase_held_feedback, source=source, clock=clock
    )
