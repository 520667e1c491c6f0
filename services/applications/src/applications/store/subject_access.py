"""A subject access export: everything this service holds about one applicant, as one JSON
document (hashes of tokens and keys left out: they are not information about the person)."""

from typing import Any
from uuid import UUID

from returners_platform.messaging.unit_of_work import Db
from returners_platform.store import json_document

_DOCUMENT = """
SELECT jsonb_build_object(
    'application', to_jsonb(a) - 'token_hash',
    'contact', (SELECT to_jsonb(c) - 'application_id' FROM applicant_contacts c
                WHERE c.application_id = a.application_id),
    'equality', (SELECT to_jsonb(e) - 'application_id' FROM equality_answers e
                 WHERE e.application_id = a.application_id),
    'offers', coalesce((SELECT jsonb_agg(to_jsonb(o) - 'application_id' ORDER BY o.offered_at)
                        FROM offers o WHERE o.application_id = a.application_id), '[]'),
    'timeline', coalesce((SELECT jsonb_agg(jsonb_build_object('type', t.type, 'at', t.at,
                                  'details', t.details) ORDER BY t.at, t.id)
                          FROM timeline_entries t WHERE t.application_id = a.application_id),
                         '[]'),
    'references', coalesce((SELECT jsonb_agg(to_jsonb(r) - 'token_hash' - 'application_id'
                                             ORDER BY r.reference)
                            FROM referees r WHERE r.application_id = a.application_id), '[]'),
    'sign_in_links', coalesce((SELECT jsonb_agg(to_jsonb(l) - 'token_hash' - 'application_id'
                                                ORDER BY l.requested_at)
                               FROM sign_in_links l WHERE l.application_id = a.application_id),
                              '[]'),
    'sessions', coalesce((SELECT jsonb_agg(to_jsonb(s) - 'token_hash' - 'application_id'
                                           ORDER BY s.created_at)
                          FROM applicant_sessions s WHERE s.application_id = a.application_id),
                         '[]'),
    'drafts_with_the_same_email', coalesce((SELECT jsonb_agg(to_jsonb(d) ORDER BY d.created_at)
        FROM drafts d JOIN applicant_contacts c ON lower(d.email) = lower(c.email)
        WHERE c.application_id = a.application_id), '[]')
)::text
FROM applications a WHERE a.application_id = $1
"""


async def export(db: Db, application_id: UUID) -> dict[str, Any] | None:
    return await json_document(db, _DOCUMENT, application_id)
