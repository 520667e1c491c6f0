"""The training service: placements after an accepted offer, their conditions, logged hours,
completion, the updating record and re-registration."""
