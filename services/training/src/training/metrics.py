"""Prometheus metrics of the training service's own work (the shared ones come from the
platform)."""

from prometheus_client import Counter

PLACEMENTS = Counter(
    "returners_training_placements_total",
    "Placements reaching a stage (opened, conditions_met, offer_withdrawn, started, completed,"
    " withdrawn)",
    ["stage"],
)
CONDITIONS = Counter(
    "returners_training_conditions_recorded_total",
    "Conditions recorded, by condition and status",
    ["condition", "status"],
)
HOURS_ENTRIES = Counter(
    "returners_training_hours_entries_total",
    "Hours entries logged, by kind, by who logged them, and whether a correction",
    ["kind", "logged_by", "correction"],
)
HOURS_FILE_ROWS = Counter(
    "returners_training_hours_file_rows_total",
    "Rows of uploaded hours files, by outcome (accepted, refused)",
    ["outcome"],
)
UPDATING_RECORDS = Counter(
    "returners_training_updating_records_total", "Updating records (PDF) served, by whom", ["to"]
)
REREGISTRATIONS = Counter(
    "returners_training_reregistrations_total",
    "Re-registration decisions recorded, by decision and reporter",
    ["decision", "reported_by"],
)
PERSONAL_DATA_ERASED = Counter(
    "returners_training_personal_data_erased_total",
    "Placements whose personal data (mentor, notes) was erased, by reason",
    ["reason"],
)
