"""The equality report: a programme's outcomes by each monitoring answer, aggregate only,
small numbers suppressed (``domain.equality``)."""

from applications.domain.equality import Report, report
from applications.store import equality, programmes
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db


async def equality_report(db: Db, programme_id: str) -> Report:
    found(await programmes.window(db, programme_id), "no such programme")
    return report(programme_id, await equality.counts(db, programme_id))
