"""``GET /reports/platform-health``: consumer lag, dead letters, outbox backlog (operations)."""

from fastapi import APIRouter, Depends

from reporting.api.deps import MonitorDep, operations_only
from reporting.api.schemas import PlatformHealth

router = APIRouter(
    prefix="/reports",
    tags=["platform health"],
    dependencies=[Depends(operations_only)],
    responses={401: {"description": "Operations token required"}},
)


@router.get(
    "/platform-health",
    response_model=PlatformHealth,
    summary="Every service's consumer lag, dead letters and outbox backlog",
)
async def platform_health(monitor: MonitorDep) -> PlatformHealth:
    return monitor.snapshot
