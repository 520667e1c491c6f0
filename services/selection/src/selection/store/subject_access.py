"""A subject access export: everything selection holds about one candidate, as one JSON
document (the panel's scores and feedback, by panel member id)."""

from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import json_document

_DOCUMENT = """
SELECT jsonb_build_object(
    'candidate', to_jsonb(c),
    'assessment_results', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'application_id'
                                                     ORDER BY r.attempt)
        FROM assessment_results r WHERE r.application_id = c.application_id), '[]'),
    'booking', (SELECT jsonb_build_object('slot_id', b.slot_id, 'starts_at', s.starts_at,
                                          'booked_at', b.booked_at)
                FROM bookings b JOIN interview_slots s USING (slot_id)
                WHERE b.application_id = c.application_id),
    'panel_scores', coalesce((SELECT jsonb_agg(to_jsonb(p) - 'application_id'
                                               ORDER BY p.scored_at, p.assessor_id)
        FROM panel_scores p WHERE p.application_id = c.application_id), '[]'),
    'conflicts_declared', coalesce((SELECT jsonb_agg(to_jsonb(x) - 'application_id'
                                                     ORDER BY x.declared_at)
        FROM conflicts x WHERE x.application_id = c.application_id), '[]')
)::text
FROM candidates c WHERE c.application_id = $1
"""


async def export(db: Db, application_id: UUID) -> dict[str, Any] | None:
    return await json_document(db, _DOCUMENT, application_id)
