"""Applications: what was submitted, the eligibility decision, and where each stands."""

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from uuid import UUID

from applications.domain import retention, training
from applications.domain.equality import QUESTIONS
from applications.domain.status import (
    ApplicationStatus,
    OfferStatus,
    SelectionStage,
    derive_status,
)
from applications.store import offers, placements, references, timeline
from applications.store.idempotency import KeyClaim
from applications.store.offers import Offer
from applications.store.placements import Placement
from applications.store.references import Reference
from applications.store.status_changes import STATUS_CHANNEL
from applications.store.timeline import TimelineEntry
from returners_platform.contracts.retention import ErasureReason, RetentionPeriods
from returners_platform.contracts.vocabulary import SelectionOutcome
from returners_platform.messaging.unit_of_work import OUTBOX_COLUMNS, Db, OutboxRow
from returners_platform.store import converting, one, run, stamp, stamp_once, update

_COLUMNS = (
    "application_id, programme_id, status, submitted_at, eligibility, withdrawn_at, hired_at,"
    " erased_at, selection"
)


@dataclass(frozen=True)
class Application:
    application_id: UUID
    programme_id: str
    status: ApplicationStatus
    submitted_at: datetime
    eligibility: dict[str, Any] | None  # as eligibility.decided said, in JSON
    withdrawn_at: datetime | None
    hired_at: datetime | None
    erased_at: datetime | None
    selection: dict[str, Any] | None  # where selection has got (SelectionState, in JSON)


@dataclass(frozen=True)
class NewApplication:
    application_id: UUID
    programme_id: str
    submitted_at: datetime
    token_hash: bytes
    right_to_work_uk: bool
    registration: dict[str, Any]
    preferences: dict[str, Any]
    contact: dict[str, str]
    consent_given: bool


_application = converting(
    Application, status=ApplicationStatus, eligibility=json.loads, selection=json.loads
)


@dataclass(frozen=True)
class Records:
    """What is recorded of an application besides its row: what its status view shows."""

    offers: list[Offer]
    timeline: list[TimelineEntry]
    placement: Placement | None  # the latest (the one its accepted offer opened)
    references: list[Reference]


# The records of the application ``a``, each kind a column of arrays of records (``Records``).
_RECORDS = (
    f"{offers.as_records('a.application_id')} AS offers,"
    f" {timeline.as_records('a.application_id')} AS timeline,"
    f" {placements.latest_as_record('a.application_id')} AS placement,"
    f" {references.as_records('a.application_id')} AS reference_records"
)

# The application ``a`` is $1, and $2 is the hash of its access token or of a live session
# of it ($3: now).
_AUTHORISED = (
    "application_id = $1 AND (token_hash = $2 OR EXISTS (SELECT 1 FROM applicant_sessions s"
    " WHERE s.token_hash = $2 AND s.application_id = a.application_id AND s.expires_at > $3))"
)


def _records(row: dict[str, Any]) -> Records:
    """The ``_RECORDS`` columns of a row, taken out of it."""
    return Records(
        offers=offers.from_records(row.pop("offers")),
        timeline=timeline.from_records(row.pop("timeline")),
        placement=placements.from_record(row.pop("placement")),
        references=references.from_records(row.pop("reference_records")),
    )


def _application_with_records(**row: Any) -> tuple[Application, Records]:
    records = _records(row)
    return _application(**row), records


def _only_records(**row: Any) -> Records:
    return _records(row)


class Written(Enum):
    """What ``insert`` did."""

    WRITTEN = "written"
    PROGRAMME_CHANGED = "programme_changed"  # or gone: nothing written
    KEY_TAKEN = "key_taken"  # the Idempotency-Key is another request's: nothing written


async def insert(
    db: Db,
    new: NewApplication,
    submitted: OutboxRow,
    programme_version: str,
    equality_answers: dict[str, str],
    claim: KeyClaim | None = None,
) -> Written:
    """One statement: the application, its contact details, its first timeline entry, its
    equality answers (if any), ``submitted`` in the outbox and, with ``claim``, its
    Idempotency-Key, if its programme is still at ``programme_version`` (the window the
    submission was checked against) and the key is free. A request holding the key
    uncommitted holds this statement until it commits (then the key is taken), so two racing
    requests with one key make one application."""
    questions = ", ".join(QUESTIONS)
    answer_params = ", ".join(f"${n}" for n in range(20, 20 + len(QUESTIONS)))
    n = 20 + len(QUESTIONS)  # the parameters after the answers
    row = await one(
        db,
        dict[str, Any],
        f"""
        WITH programme AS (
            SELECT programme_id FROM programmes
            WHERE programme_id = $2 AND xmin::text = $19
        ), claim AS (
            INSERT INTO idempotency_keys (key, request_hash, application_id, response_ciphertext)
            SELECT ${n + 1}, ${n + 2}, $1, ${n + 3} FROM programme WHERE ${n + 1}::text IS NOT NULL
            ON CONFLICT (key) DO NOTHING
            RETURNING key
        ), application AS (
            INSERT INTO applications (application_id, programme_id, status, submitted_at,
                                      token_hash, right_to_work_uk, registration, preferences)
            SELECT $1, programme_id, 'submitted', $3, $4, $5, $6::jsonb, $7::jsonb
            FROM programme WHERE ${n + 1}::text IS NULL OR EXISTS (SELECT FROM claim)
            RETURNING application_id
        ), contact AS (
            INSERT INTO applicant_contacts (application_id, given_name, family_name, email,
                                            phone, postcode, consent_given_at)
            SELECT application_id, $8, $9, $10, $11, $12, $13 FROM application
        ), timeline AS (
            INSERT INTO timeline_entries (application_id, type, at)
            SELECT application_id, 'submitted', $3 FROM application
        ), equality AS (
            INSERT INTO equality_answers (application_id, {questions}, answered_at)
            SELECT application_id, {answer_params}, $3 FROM application WHERE ${n}::boolean
        ), outbox AS (
            INSERT INTO outbox ({OUTBOX_COLUMNS})
            SELECT $14, $15, $16, $17, $18::jsonb FROM application
        )
        SELECT EXISTS (SELECT FROM application) AS written,
               EXISTS (SELECT FROM programme) AS programme_as_read
        """,
        new.application_id,
        new.programme_id,
        new.submitted_at,
        new.token_hash,
        new.right_to_work_uk,
        json.dumps(new.registration),
        json.dumps(new.preferences),
        new.contact["given_name"],
        new.contact["family_name"],
        new.contact["email"],
        new.contact["phone"],
        new.contact["postcode"],
        new.submitted_at if new.consent_given else None,
        *submitted.values(),
        programme_version,
        *(equality_answers.get(question) for question in QUESTIONS),
        bool(equality_answers),
        claim and claim.key,
        claim and claim.request_hash,
        claim and claim.response_ciphertext,
    )
    assert row is not None  # (a statement without FROM: always one row)
    if row["written"]:
        return Written.WRITTEN
    return Written.KEY_TAKEN if row["programme_as_read"] else Written.PROGRAMME_CHANGED


async def authorised(
    db: Db, application_id: UUID, token_hash: bytes, now: datetime, *, for_update: bool = True
) -> Application | None:
    """The application, only if ``token_hash`` is the hash of its access token or of a live
    session of it (``applicant_sessions``); locked for update unless ``for_update`` is false (a
    read: a row lock would make its commit a durable write)."""
    return await one(
        db,
        _application,
        f"SELECT {_COLUMNS} FROM applications a WHERE {_AUTHORISED}"
        + (" FOR UPDATE OF a" if for_update else ""),
        application_id,
        token_hash,
        now,
    )


async def authorised_with_records(
    db: Db, application_id: UUID, token_hash: bytes, now: datetime
) -> tuple[Application, Records] | None:
    """``authorised`` (never locked) and the application's records, in one statement: the
    applicant's status poll, the busiest read, in one round trip and one snapshot."""
    return await one(
        db,
        _application_with_records,
        f"SELECT {_COLUMNS}, {_RECORDS} FROM applications a WHERE {_AUTHORISED}",
        application_id,
        token_hash,
        now,
    )


async def records_of(db: Db, application_id: UUID) -> Records:
    """The application's records, in one statement (none of an unknown application)."""
    records = await one(
        db,
        _only_records,
        f"SELECT {_RECORDS} FROM (SELECT $1::uuid AS application_id) a",
        application_id,
    )
    assert records is not None  # the statement has one row, whatever the application
    return records


async def locked(db: Db, application_id: UUID) -> Application | None:
    """The application, locked for the transaction."""
    return await one(
        db,
        _application,
        f"SELECT {_COLUMNS} FROM applications WHERE application_id = $1 FOR UPDATE",
        application_id,
    )


# What an application's status is derived from, read from the application ``a`` (a row of
# ``applications`` or of a statement's ``RETURNING``) and what belongs to it: its
# programme's retention periods, its offers' statuses and its latest placement.
_STATUS_FACTS = (
    "a.withdrawn_at, a.hired_at, a.eligibility, a.selection,"
    " (SELECT p.definition -> 'retention' FROM programmes p"
    " WHERE p.programme_id = a.programme_id) AS retention,"
    " ARRAY(SELECT o.status FROM offers o WHERE o.application_id = a.application_id) AS offers,"
    f" {placements.latest_as_record('a.application_id')} AS placement"
)


async def refresh_status(db: Db, application_id: UUID) -> ApplicationStatus:
    """Recompute and store the status from the recorded facts, and with it when the personal
    data is due to be erased (``domain.retention``; none while the application is live): the
    facts read in one statement, the status stored in another."""
    facts = await one(
        db,
        dict[str, Any],
        f"SELECT {_STATUS_FACTS} FROM applications a WHERE a.application_id = $1",
        application_id,
    )
    assert facts is not None
    return await _store_status(db, application_id, facts)


async def _store_status(db: Db, application_id: UUID, row: dict[str, Any]) -> ApplicationStatus:
    """Store the status derived from ``row`` (the ``_STATUS_FACTS`` of the application), and
    when its personal data is due to be erased."""
    eligibility = json.loads(row["eligibility"]) if row["eligibility"] else None
    selection = json.loads(row["selection"]) if row["selection"] else {}
    placement = placements.from_record(row["placement"])
    facts = placement.facts if placement else None
    status = derive_status(
        withdrawn=row["withdrawn_at"] is not None,
        hired=row["hired_at"] is not None,
        eligible=eligibility["eligible"] if eligibility else None,
        offer_statuses=[OfferStatus(o) for o in row["offers"]],
        selection_stage=SelectionStage(selection["stage"]) if "stage" in selection else None,
        selection_outcome=SelectionOutcome(selection["outcome"])
        if selection.get("outcome")
        else None,
        placement_stage=training.stage(facts) if facts else None,
    )
    outcome = retention.Outcome(
        status=status,
        eligibility_decided_at=_instant(eligibility and eligibility.get("decided_at")),
        selection_decided_at=_instant(selection.get("decided_at")),
        withdrawn_at=row["withdrawn_at"],
        hired_at=row["hired_at"],
        placement_outcome_at=training.outcome_at(facts) if facts else None,
    )
    periods = RetentionPeriods.model_validate_json(row["retention"] or "{}")
    due = retention.due(outcome, periods)
    # Stored with a notification naming the application, delivered at the commit: the
    # requests waiting on it (``status_changes``) read it again then.
    await run(
        db,
        "WITH stored AS (UPDATE applications SET status = $2, erase_after = $3,"
        " retention_purpose = $4, updated_at = now() WHERE application_id = $1"
        " RETURNING application_id)"
        f" SELECT pg_notify('{STATUS_CHANNEL}', application_id::text) FROM stored",
        application_id,
        status.value,
        due.erase_after if due else None,
        due.purpose.value if due else None,
    )
    return status


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


async def update_selection(db: Db, application_id: UUID, changes: dict[str, Any]) -> None:
    """Merge ``changes`` into the application's selection state (top-level keys replace)."""
    await run(
        db,
        "UPDATE applications SET selection = coalesce(selection, '{}'::jsonb) || $2::jsonb"
        " WHERE application_id = $1",
        application_id,
        json.dumps(changes, default=str),
    )


async def record_eligibility(
    db: Db, application_id: UUID, eligibility: dict[str, Any], entry: TimelineEntry
) -> bool:
    """Record the decision (locking the row for the transaction), its timeline ``entry`` and
    the status it leads to; False (nothing recorded) if there is no such application.

    Two statements, on the consumer's critical path to the applicant: the decision, the
    entry and the facts the status is derived from in one (the facts from the updated row),
    then the status."""
    facts = await one(
        db,
        dict[str, Any],
        f"""
        WITH decided AS (
            UPDATE applications SET eligibility = $2::jsonb WHERE application_id = $1
            RETURNING *
        ), entry AS (
            INSERT INTO timeline_entries (application_id, type, at, details)
            SELECT application_id, $3, $4, $5::jsonb FROM decided
        )
        SELECT {_STATUS_FACTS} FROM decided a
        """,
        application_id,
        json.dumps(eligibility),
        entry.type,
        entry.at,
        json.dumps(entry.details),
    )
    if facts is None:
        return False
    await _store_status(db, application_id, facts)
    return True


async def mark_withdrawn(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp(db, "applications", "withdrawn_at", at, application_id=application_id)


async def mark_hired(db: Db, application_id: UUID, at: datetime) -> None:
    await stamp(db, "applications", "hired_at", at, application_id=application_id)


async def mark_erased(db: Db, application_id: UUID, at: datetime, reason: ErasureReason) -> bool:
    """Record the erasure and why; True the first time."""
    erased = await stamp_once(db, "applications", "erased_at", at, application_id=application_id)
    if erased:
        await update(
            db,
            "applications",
            where={"application_id": application_id},
            erasure_reason=reason.value,
        )
    return erased
