"""Programmes: the retention periods their participants' personal data is kept for."""

from datetime import datetime

from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import run


async def record(
    db: Db, programme_id: str, retention: RetentionPeriods, published_at: datetime
) -> None:
    await run(
        db,
        "INSERT INTO programmes (programme_id, retention, published_at)"
        " VALUES ($1, $2::jsonb, $3)"
        " ON CONFLICT (programme_id) DO UPDATE SET retention = EXCLUDED.retention,"
        " published_at = EXCLUDED.published_at WHERE programmes.published_at <= $3",
        programme_id,
        retention.model_dump_json(),
        published_at,
    )
