"""Subject access requests (UK GDPR article 15), for operations staff: each service that
holds personal data serves ``GET /admin/{kind}/{application_id}/personal-data``, everything
it holds about one applicant as JSON, from its store's ``export`` (one document or None).

``returners subject-access APPLICATION_ID`` gathers the services' documents into one.
"""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter

from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db
from returners_platform.service.deps import UnitOfWorkDep, operations_router
from returners_platform.service.problems import responses

Export = Callable[[Db, UUID], Awaitable[dict[str, Any] | None]]


def subject_access_router(kind: str, export: Export) -> APIRouter:
    """``kind``: what the service calls the applicant, plural (``applications``,
    ``candidates``, ``applicants``)."""
    router = operations_router(f"/admin/{kind}", tags=["personal data"])

    @router.get(
        "/{application_id}/personal-data",
        responses=responses({404: "Not known here"}),
        summary="Subject access: everything this service holds about the applicant (JSON)",
    )
    async def read_personal_data(application_id: UUID, uow: UnitOfWorkDep) -> dict[str, Any]:
        return found(await export(uow, application_id), "not known here")

    return router
