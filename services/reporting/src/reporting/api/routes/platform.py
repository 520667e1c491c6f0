"""``GET /reports/platform-health``: consumer lag, dead letters, outbox backlog, deliveries
failing now (operations)."""

from reporting.api.deps import MonitorDep
from reporting.api.schemas import PlatformHealth
from returners_platform.service.deps import operations_router

router = operations_router("/reports", tags=["platform health"])


@router.get(
    "/platform-health",
    summary="Every service's consumer lag, dead letters and outbox backlog; notification "
    "deliveries failing now and dead-lettered",
)
async def platform_health(monitor: MonitorDep) -> PlatformHealth:
    return monitor.snapshot
