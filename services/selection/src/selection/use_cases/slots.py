"""Interview slots: operations staff publish them; anyone may see what is free."""

import uuid
from datetime import datetime

from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection.store import slots
from selection.store.slots import Slot
from selection.use_cases.assessment_results import open_programme


async def publish_slot(
    uow: UnitOfWork, programme_id: str, starts_at: datetime, capacity: int
) -> Slot:
    await open_programme(uow, programme_id)
    now = uow.now()
    if starts_at <= now:
        raise Refused("slot_in_the_past", "a slot must start in the future", "starts_at")
    slot_id = uuid.uuid4()
    await slots.insert(uow, slot_id, programme_id, starts_at, capacity, now)
    return Slot(slot_id, programme_id, starts_at, capacity, 0)


async def programme_slots(uow: UnitOfWork, programme_id: str) -> list[Slot]:
    await open_programme(uow, programme_id)
    return await slots.of_programme(uow, programme_id)
