"""Logging hours: one entry (council, training provider or operations), a correction that
supersedes an entry, or a council's file of many with per-row errors."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from returners_platform.contracts import events
from returners_platform.contracts.vocabulary import HoursKind, HoursLoggedBy
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from training import metrics
from training.domain import hours as rules
from training.domain.hours_file import Row, RowError
from training.domain.placements import LOGGING, OPEN
from training.store import hours, placements
from training.store.hours import LoggedEntry
from training.store.placements import Placement
from training.use_cases.placements import NO_PLACEMENT, complete_if_due, of_council


@dataclass(frozen=True)
class NewEntry:
    worked_on: date
    hours: float
    kind: HoursKind
    supersedes: UUID | None = None
    note: str | None = None


@dataclass
class FileLogged:
    accepted: int = 0
    entries: list[UUID] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


async def log_for_council(
    uow: UnitOfWork, council_id: UUID, application_id: UUID, entry: NewEntry
) -> LoggedEntry:
    placement = await of_council(uow, council_id, application_id)
    return await log(uow, placement, entry, HoursLoggedBy.COUNCIL)


async def log_for_programme(
    uow: UnitOfWork,
    programme_id: str | None,
    application_id: UUID,
    entry: NewEntry,
    logged_by: HoursLoggedBy,
) -> LoggedEntry:
    """The training provider (its own programme's placements only) or operations (any:
    ``programme_id`` None)."""
    placement = await placements.latest_locked(uow, application_id)
    if placement is None or (programme_id is not None and placement.programme_id != programme_id):
        raise NotFound(NO_PLACEMENT)
    return await log(uow, placement, entry, logged_by)


async def log(
    uow: UnitOfWork, placement: Placement, entry: NewEntry, logged_by: HoursLoggedBy
) -> LoggedEntry:
    """Save the entry (a correction if it supersedes one), publish ``hours.logged`` with the
    placement's effective total after it, and complete the placement if that is due."""
    _check(placement, entry, logged_by, uow.now().date())
    if entry.supersedes is not None:
        earlier = await hours.get(uow, placement.placement_id, entry.supersedes)
        if earlier is None:
            raise Refused("no_such_entry", "no such entry on this placement", "supersedes")
        if earlier.superseded_by is not None:
            raise Refused(
                "superseded",
                f"entry {earlier.entry_id} was corrected already by {earlier.superseded_by}: "
                "correct the latest entry of the chain",
            )
        if not rules.may_log(logged_by, earlier.kind):
            raise Refused(
                "kind_not_yours", f"{logged_by} may not correct {earlier.kind} hours", "supersedes"
            )
    entry_id, now = uuid.uuid4(), uow.now()
    if not await hours.insert(
        uow,
        entry_id=entry_id,
        placement_id=placement.placement_id,
        kind=entry.kind,
        hours=entry.hours,
        worked_on=entry.worked_on,
        supersedes=entry.supersedes,
        logged_by=logged_by,
        note=None if placement.erased_at else entry.note,
        at=now,
    ):
        raise Refused("superseded", "that entry was corrected already: correct the latest one")
    entries = await hours.of_placement(uow, placement.placement_id)
    await uow.publish(
        events.HoursLogged.of(
            placement,
            entry_id=entry_id,
            kind=entry.kind,
            hours=entry.hours,
            worked_on=entry.worked_on,
            supersedes=entry.supersedes,
            logged_by=logged_by,
            total_hours=rules.total(e.as_entry() for e in entries),
            required_hours=placement.required_hours,
            logged_at=now,
        )
    )
    metrics.HOURS_ENTRIES.labels(
        entry.kind.value, logged_by.value, str(entry.supersedes is not None).lower()
    ).inc()
    await complete_if_due(uow, placement.placement_id, placement.application_id)
    return next(e for e in entries if e.entry_id == entry_id)


def _check(placement: Placement, entry: NewEntry, logged_by: HoursLoggedBy, today: date) -> None:
    if placement.status not in LOGGING:
        raise Refused(
            "not_started" if placement.status in OPEN else "placement_closed",
            f"hours are logged on a started placement until it completes (it is "
            f"{placement.status})",
        )
    if not rules.may_log(logged_by, entry.kind):
        raise Refused(
            "kind_not_yours",
            f"{logged_by} logs only {', '.join(sorted(rules.PROVIDER_KINDS))}",
            "kind",
        )
    if entry.worked_on > today:
        raise Refused("in_the_future", "hours are logged once worked", "on")
    if placement.started_on is not None and entry.worked_on < placement.started_on:
        raise Refused("before_start", "the placement had not started on that day", "on")
    if placement.ended_on is not None and entry.worked_on > placement.ended_on:
        raise Refused("after_end", "the placement had ended by that day", "on")
    if entry.supersedes is None and entry.hours <= 0:
        raise Refused("no_hours", "a new entry logs more than 0 hours", "hours")


async def log_file(uow: UnitOfWork, council_id: UUID, rows: list[Row]) -> FileLogged:
    """Each good row saved, each row refused reported by its line and field (every rule is
    checked before a row writes anything, so a refused row leaves nothing behind)."""
    logged = FileLogged()
    for row in rows:
        try:
            entry = await log_for_council(
                uow,
                council_id,
                row.application_id,
                NewEntry(row.worked_on, row.hours, row.kind, None, row.note),
            )
        except NotFound:
            logged.errors.append(RowError(row.row, "application_id", NO_PLACEMENT))
        except Refused as refused:
            logged.errors.append(
                RowError(
                    row.row,
                    _FILE_FIELDS.get(refused.field or "", "application_id"),
                    refused.message,
                )
            )
        else:
            logged.accepted += 1
            logged.entries.append(entry.entry_id)
    metrics.HOURS_FILE_ROWS.labels("accepted").inc(logged.accepted)
    return logged


# A refusal's field as the file's column.
_FILE_FIELDS = {"on": "on", "hours": "hours", "kind": "kind", "supersedes": "application_id"}
