"""Retention, for operations staff: what personal data falls due for erasure when, and the
history of what was erased (ids and dates only)."""

from typing import Annotated

from fastapi import Query

from applications.api.deps import UnitOfWorkDep
from applications.api.schemas import RetentionView
from applications.use_cases import retention
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses

router = operations_router("/admin/programmes", tags=["retention"])


@router.get(
    "/{programme_id}/retention",
    responses=responses({404: "No such programme"}),
    summary="Personal data due for erasure (counts by day and purpose) and erasures so far",
)
async def read(
    programme_id: str,
    uow: UnitOfWorkDep,
    erased_limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> RetentionView:
    found = await retention.overview(uow, programme_id, erased_limit)
    return RetentionView.model_validate(found, from_attributes=True)
