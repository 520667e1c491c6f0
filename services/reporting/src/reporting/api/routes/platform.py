"""``GET /reports/platform-health``: consumer lag, dead letters, outbox backlog, deliveries
failing now (operations)."""

from fastapi import APIRouter

from reporting.api.deps import MonitorDep
from reporting.api.schemas import PlatformHealth
from returners_platform.service.deps import OperationsOnly

router = APIRouter(
    prefix="/reports",
    tags=["platform health"],
    dependencies=[OperationsOnly],
    responses={401: {"description": "Operations token required"}},
)


@router.get(
    "/platform-health",
    response_model=PlatformHealth,
    summary="Every service's consumer lag, dead letters and outbox backlog; notification "
    "deliveries failing now and dead-lettered",
)
async def platform_health(monitor: MonitorDep) -> PlatformHealth:
    return monitor.snapshot
