"""Where a placement stands, and what may happen to it in each status."""

from enum import StrEnum


class PlacementStatus(StrEnum):
    AWAITING_CONDITIONS = "awaiting_conditions"
    READY = "ready"  # every condition met, not started
    STARTED = "started"
    ENDED = "ended"  # ended, hours short of the requirement (more may still be logged)
    COMPLETED = "completed"
    OFFER_WITHDRAWN = "offer_withdrawn"  # a condition not met
    WITHDRAWN = "withdrawn"


OPEN: frozenset[PlacementStatus] = frozenset(
    {
        PlacementStatus.AWAITING_CONDITIONS,
        PlacementStatus.READY,
        PlacementStatus.STARTED,
        PlacementStatus.ENDED,
    }
)
# Hours may be logged (and corrected) once started, until completed or withdrawn.
LOGGING: frozenset[PlacementStatus] = frozenset({PlacementStatus.STARTED, PlacementStatus.ENDED})
# The updating record exists once the placement started.
RECORDED: frozenset[PlacementStatus] = frozenset(
    {PlacementStatus.STARTED, PlacementStatus.ENDED, PlacementStatus.COMPLETED}
)
