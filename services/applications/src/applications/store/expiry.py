"""What the portal's tables forget once it has expired: sessions, sign-in links, drafts."""

from datetime import datetime

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import value

# Sessions and links first: a draft's go with it anyway (ON DELETE CASCADE).
EXPIRING = ("applicant_sessions", "sign_in_links", "drafts")


async def delete_expired(db: Db, now: datetime) -> dict[str, int]:
    """Delete every row whose ``expires_at`` has passed; how many, by table."""
    deleted = {}
    for table in EXPIRING:
        count = await value(
            db,
            f"WITH gone AS (DELETE FROM {table} WHERE expires_at <= $1 RETURNING 1)"
            " SELECT count(*) FROM gone",
            now,
        )
        deleted[table] = int(count or 0)
    return deleted
