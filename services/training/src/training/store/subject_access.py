"""A subject access export: everything training holds about one applicant, as one JSON
document (their placements, each with its conditions and every hours entry)."""

from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import json_document

_DOCUMENT = """
SELECT jsonb_build_object(
    'placements', jsonb_agg(to_jsonb(p) || jsonb_build_object(
        'conditions', coalesce((SELECT jsonb_agg(to_jsonb(c) - 'placement_id'
                                                 ORDER BY c.condition)
            FROM conditions c WHERE c.placement_id = p.placement_id), '[]'),
        'hours', coalesce((SELECT jsonb_agg(to_jsonb(h) - 'placement_id'
                                            ORDER BY h.worked_on, h.logged_at)
            FROM hour_entries h WHERE h.placement_id = p.placement_id), '[]'))
        ORDER BY p.opened_at)
)::text
FROM placements p WHERE p.application_id = $1
HAVING count(*) > 0
"""


async def export(db: Db, application_id: UUID) -> dict[str, Any] | None:
    return await json_document(db, _DOCUMENT, application_id)
