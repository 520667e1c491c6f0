"""A subject access export: what matching holds about one applicant (the eligibility inputs
and decision, preferences, offers), as one JSON document."""

from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import json_document

_DOCUMENT = """
SELECT jsonb_build_object(
    'applicant', to_jsonb(a),
    'offers', coalesce((SELECT jsonb_agg(to_jsonb(o) - 'application_id' ORDER BY o.offered_at)
                        FROM offers o WHERE o.application_id = a.application_id), '[]')
)::text
FROM applicants a WHERE a.application_id = $1
"""


async def export(db: Db, application_id: UUID) -> dict[str, Any] | None:
    return await json_document(db, _DOCUMENT, application_id)
