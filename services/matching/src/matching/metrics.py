"""Prometheus metrics of matching's own work (the shared ones come from the platform)."""

from prometheus_client import Counter, Histogram

MATCHING_RUNS = Counter(
    "returners_matching_runs_total", "Matching runs, by what triggered them", ["trigger"]
)
MATCHING_RUN_SECONDS = Histogram(
    "returners_matching_run_seconds",
    "Time to compute one matching run (the pure algorithm, residual instance)",
    buckets=(0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OFFERS_MADE = Counter("returners_matching_offers_made_total", "Placement offers made")
OFFERS_ENDED = Counter(
    "returners_matching_offers_ended_total",
    "Offers that ended, by outcome (accepted, declined, expired, withdrawn, hired)",
    ["outcome"],
)
ELIGIBILITY_DECISIONS = Counter(
    "returners_matching_eligibility_decisions_total", "Eligibility decisions", ["eligible"]
)
INELIGIBLE_REASONS = Counter(
    "returners_matching_ineligible_reasons_total", "Failed eligibility rules", ["reason"]
)
