"""Response bodies of the reporting API: the figures and health views of ``domain.views``
(field names are the public contract)."""

from reporting.domain.views import (
    Breakdown,
    BreakdownRow,
    CouncilBreakdown,
    CouncilRow,
    DaySubmissions,
    DeadLetterCount,
    DeliveryFailures,
    DeliveryRetries,
    Duration,
    Funnel,
    GroupLag,
    OutboxBacklog,
    PlatformHealth,
    ProgrammeSummary,
    StageCounts,
    SubmissionsPerDay,
    Timings,
)

__all__ = [
    "Breakdown",
    "BreakdownRow",
    "CouncilBreakdown",
    "CouncilRow",
    "DaySubmissions",
    "DeadLetterCount",
    "DeliveryFailures",
    "DeliveryRetries",
    "Duration",
    "Funnel",
    "GroupLag",
    "OutboxBacklog",
    "PlatformHealth",
    "ProgrammeSummary",
    "StageCounts",
    "SubmissionsPerDay",
    "Timings",
]
