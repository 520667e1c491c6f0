"""Prometheus metrics of the selection service's own work (the shared ones come from the
platform)."""

from prometheus_client import Counter

INVITATIONS = Counter(
    "returners_selection_invitations_total", "Invitations sent, by stage", ["stage"]
)
ASSESSMENT_RESULTS = Counter(
    "returners_selection_assessment_results_total",
    "Assessment result rows, by outcome (accepted, duplicate, refused)",
    ["outcome"],
)
BOOKINGS = Counter(
    "returners_selection_booking_requests_total",
    "Interview booking requests, by answer (booked, cancelled, or why unavailable)",
    ["answer"],
)
DECISIONS = Counter(
    "returners_selection_decisions_total", "Results published, by outcome", ["outcome"]
)
PROMOTIONS = Counter("returners_selection_promotions_total", "Waitlisted candidates promoted")
INTERVIEWS = Counter(
    "returners_selection_interviews_total", "Interviews completed, by outcome", ["outcome"]
)
FEEDBACK_ERASED = Counter(
    "returners_selection_feedback_erased_total",
    "Candidates whose panel feedback the retention job erased (its period passed)",
)
