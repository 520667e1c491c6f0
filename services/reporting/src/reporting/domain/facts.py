"""The facts reporting keeps: what the events said so far, one record per thing they are about.

Counts are never stored; they are derived from these facts (see ``outcomes``), so the
order in which events arrive, and how often, cannot change a figure.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

F = TypeVar("F")


def evolve(facts: F, **changes: Any) -> F:
    """``facts`` with some fields changed: ``dataclasses.replace`` for these frozen facts,
    without running ``__init__`` again (nothing is computed at construction, so copying the
    fields is the same), which a rule does for every event it applies."""
    new = object.__new__(type(facts))
    fields = vars(new)
    fields.update(vars(facts))
    unknown = changes.keys() - fields.keys()
    if unknown:
        raise TypeError(f"{type(facts).__name__} has no field {', '.join(sorted(unknown))}")
    fields.update(changes)
    return new


@dataclass(frozen=True)
class Decision:
    """The eligibility decision (the latest one counts, if matching ever decided twice)."""

    eligible: bool
    reasons: tuple[str, ...]
    years_out: float
    decided_at: datetime

    def order(self) -> tuple[datetime, bool, tuple[str, ...], float]:
        return (self.decided_at, self.eligible, self.reasons, self.years_out)


@dataclass(frozen=True)
class OfferFacts:
    """One offer; each event about it fills in its own fields."""

    offer_id: UUID
    council_id: UUID
    vacancy_id: UUID
    region: str | None = None
    specialism: str | None = None
    offered_at: datetime | None = None
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    expired_at: datetime | None = None
    hired_at: datetime | None = None


@dataclass(frozen=True)
class SelectionFacts:
    """What the selection service said of one application (programmes with selection)."""

    invited_at: datetime | None = None
    assessment: tuple[int, float] | None = None  # (attempt, score) of the latest attempt
    interview_invited_at: datetime | None = None
    attended: bool | None = None  # once the interview is complete, or marked a no-show
    outcome: str | None = None  # selected, waitlisted, rejected
    reasons: tuple[str, ...] = ()
    decided_at: datetime | None = None
    promoted_at: datetime | None = None


# Most applications never meet selection: their facts share this one, whose document is
# the same every time (``application_to_document``).
NO_SELECTION = SelectionFacts()


@dataclass(frozen=True)
class HoursEntry:
    """One logged entry of hours; a correction is another entry that ``supersedes`` it."""

    kind: str
    hours: float
    worked_on: date
    supersedes: UUID | None

    def order(self) -> tuple[str, float, date, str]:
        return (self.kind, self.hours, self.worked_on, str(self.supersedes or ""))


@dataclass(frozen=True)
class OfferWithdrawal:
    """The accepted offer was withdrawn because ``condition`` was not met (for ``reason``)."""

    at: datetime
    condition: str
    reason: str | None

    def order(self) -> tuple[datetime, str, str]:
        return (self.at, self.condition, self.reason or "")


@dataclass(frozen=True)
class Start:
    at: datetime
    starts_on: date

    def order(self) -> tuple[datetime, date]:
        return (self.at, self.starts_on)


@dataclass(frozen=True)
class Completion:
    at: datetime
    started_on: date
    completed_on: date

    def order(self) -> tuple[datetime, date, date]:
        return (self.at, self.started_on, self.completed_on)


@dataclass(frozen=True)
class Withdrawal:
    """The returner left the placement before completing it."""

    at: datetime
    reason: str
    started: bool

    def order(self) -> tuple[datetime, str, bool]:
        return (self.at, self.reason, self.started)


@dataclass(frozen=True)
class Reregistration:
    at: datetime  # when it was recorded
    decided_on: date

    def order(self) -> tuple[datetime, date]:
        return (self.at, self.decided_on)


@dataclass(frozen=True)
class PlacementFacts:
    """One placement (``placement_id`` is the accepted offer's ``offer_id``), from the training
    events about it; each milestone is the first one reported (a total order breaks ties)."""

    placement_id: UUID
    council_id: UUID
    vacancy_id: UUID | None = None
    opened_at: datetime | None = None
    conditions_met_at: datetime | None = None
    offer_withdrawn: OfferWithdrawal | None = None
    started: Start | None = None
    hours: dict[UUID, HoursEntry] = field(default_factory=dict)  # entry_id -> entry
    completed: Completion | None = None
    withdrawn: Withdrawal | None = None
    reregistered: Reregistration | None = None


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the events said about one application, including its offers and the
    placements they opened."""

    application_id: UUID
    programme_id: str
    submitted_at: datetime | None = None
    first_region: str | None = None
    first_specialism: str | None = None
    decision: Decision | None = None
    withdrawn_at: datetime | None = None
    erased_at: datetime | None = None
    offers: dict[UUID, OfferFacts] = field(default_factory=dict)
    selection: SelectionFacts = NO_SELECTION
    placements: dict[UUID, PlacementFacts] = field(default_factory=dict)


@dataclass(frozen=True)
class ProgrammeFacts:
    programme_id: str
    title: str
    places: int
    published_at: datetime
    # The reason codes of the rules it applies, comma-separated in the vocabulary's order
    # (null: recorded before rules were data, social work's seven).
    reasons: str | None = None

    def order(self) -> tuple[datetime, int, str]:
        return (self.published_at, self.places, self.title)


@dataclass(frozen=True)
class CouncilFacts:
    council_id: UUID
    name: str
    registered_at: datetime

    def order(self) -> tuple[datetime, str]:
        return (self.registered_at, self.name)


@dataclass(frozen=True)
class VacancyFacts:
    """A vacancy's latest revision; ``closed_at`` once closed (fields unknown until published)."""

    vacancy_id: UUID
    council_id: UUID
    programme_id: str
    region: str | None = None
    specialism: str | None = None
    slots: int | None = None
    revision: int | None = None
    published_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class DeliveryFailure:
    delivery_id: UUID
    channel: str
    recipient_id: UUID
    source_event_type: str
    failed_at: datetime


@dataclass(frozen=True)
class SignInRequest:
    """A one-time sign-in link was asked for (whose, and whether anyone's, is not known here)."""

    sign_in_request_id: UUID
    requested_at: datetime


# Application facts are stored as one JSON document per application.


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def application_to_document(facts: ApplicationFacts) -> dict[str, Any]:
    decision = facts.decision
    return {
        "programme_id": facts.programme_id,
        "submitted_at": _time(facts.submitted_at),
        "first_region": facts.first_region,
        "first_specialism": facts.first_specialism,
        "decision": None
        if decision is None
        else {
            "eligible": decision.eligible,
            "reasons": list(decision.reasons),
            "years_out": decision.years_out,
            "decided_at": decision.decided_at.isoformat(),
        },
        "withdrawn_at": _time(facts.withdrawn_at),
        "erased_at": _time(facts.erased_at),
        "offers": [
            {
                "offer_id": str(o.offer_id),
                "council_id": str(o.council_id),
                "vacancy_id": str(o.vacancy_id),
                "region": o.region,
                "specialism": o.specialism,
                "offered_at": _time(o.offered_at),
                "accepted_at": _time(o.accepted_at),
                "declined_at": _time(o.declined_at),
                "expired_at": _time(o.expired_at),
                "hired_at": _time(o.hired_at),
            }
            for o in _by_id(facts.offers)
        ],
        "selection": _NO_SELECTION_DOCUMENT
        if facts.selection is NO_SELECTION
        else _selection_document(facts.selection),
        "placements": [_placement_document(p) for p in _by_id(facts.placements)],
    }


V = TypeVar("V")


def _by_id(items: dict[UUID, V]) -> list[V]:
    """The values in the order of their ids as text (most applications have one offer or
    none: nothing to sort, and a UUID's text costs a microsecond)."""
    if len(items) < 2:
        return list(items.values())
    return [items[k] for k in sorted(items, key=str)]


def _placement_document(p: PlacementFacts) -> dict[str, Any]:
    return {
        "placement_id": str(p.placement_id),
        "council_id": str(p.council_id),
        "vacancy_id": str(p.vacancy_id) if p.vacancy_id else None,
        "opened_at": _time(p.opened_at),
        "conditions_met_at": _time(p.conditions_met_at),
        "offer_withdrawn": None
        if p.offer_withdrawn is None
        else {
            "at": p.offer_withdrawn.at.isoformat(),
            "condition": p.offer_withdrawn.condition,
            "reason": p.offer_withdrawn.reason,
        },
        "started": None
        if p.started is None
        else {"at": p.started.at.isoformat(), "starts_on": p.started.starts_on.isoformat()},
        "hours": [
            {
                "entry_id": str(entry_id),
                "kind": e.kind,
                "hours": e.hours,
                "worked_on": e.worked_on.isoformat(),
                "supersedes": str(e.supersedes) if e.supersedes else None,
            }
            for entry_id, e in sorted(p.hours.items(), key=lambda item: str(item[0]))
        ],
        "completed": None
        if p.completed is None
        else {
            "at": p.completed.at.isoformat(),
            "started_on": p.completed.started_on.isoformat(),
            "completed_on": p.completed.completed_on.isoformat(),
        },
        "withdrawn": None
        if p.withdrawn is None
        else {
            "at": p.withdrawn.at.isoformat(),
            "reason": p.withdrawn.reason,
            "started": p.withdrawn.started,
        },
        "reregistered": None
        if p.reregistered is None
        else {
            "at": p.reregistered.at.isoformat(),
            "decided_on": p.reregistered.decided_on.isoformat(),
        },
    }


def _placement_from(doc: dict[str, Any]) -> PlacementFacts:
    withdrawal, start, completion = doc["offer_withdrawn"], doc["started"], doc["completed"]
    left, restored = doc["withdrawn"], doc["reregistered"]
    return PlacementFacts(
        placement_id=UUID(doc["placement_id"]),
        council_id=UUID(doc["council_id"]),
        vacancy_id=UUID(doc["vacancy_id"]) if doc["vacancy_id"] else None,
        opened_at=_parse_time(doc["opened_at"]),
        conditions_met_at=_parse_time(doc["conditions_met_at"]),
        offer_withdrawn=None
        if withdrawal is None
        else OfferWithdrawal(
            datetime.fromisoformat(withdrawal["at"]),
            withdrawal["condition"],
            withdrawal["reason"],
        ),
        started=None
        if start is None
        else Start(datetime.fromisoformat(start["at"]), date.fromisoformat(start["starts_on"])),
        hours={
            UUID(e["entry_id"]): HoursEntry(
                kind=e["kind"],
                hours=float(e["hours"]),
                worked_on=date.fromisoformat(e["worked_on"]),
                supersedes=UUID(e["supersedes"]) if e["supersedes"] else None,
            )
            for e in doc["hours"]
        },
        completed=None
        if completion is None
        else Completion(
            datetime.fromisoformat(completion["at"]),
            date.fromisoformat(completion["started_on"]),
            date.fromisoformat(completion["completed_on"]),
        ),
        withdrawn=None
        if left is None
        else Withdrawal(datetime.fromisoformat(left["at"]), left["reason"], left["started"]),
        reregistered=None
        if restored is None
        else Reregistration(
            datetime.fromisoformat(restored["at"]), date.fromisoformat(restored["decided_on"])
        ),
    )


def _selection_document(selection: SelectionFacts) -> dict[str, Any]:
    return {
        "invited_at": _time(selection.invited_at),
        "assessment": list(selection.assessment) if selection.assessment else None,
        "interview_invited_at": _time(selection.interview_invited_at),
        "attended": selection.attended,
        "outcome": selection.outcome,
        "reasons": list(selection.reasons),
        "decided_at": _time(selection.decided_at),
        "promoted_at": _time(selection.promoted_at),
    }


_NO_SELECTION_DOCUMENT = _selection_document(NO_SELECTION)


def _selection_from(doc: dict[str, Any] | None) -> SelectionFacts:
    """Documents written before selection existed have none: the empty facts."""
    if not doc:
        return SelectionFacts()
    assessment = doc["assessment"]
    return SelectionFacts(
        invited_at=_parse_time(doc["invited_at"]),
        assessment=(int(assessment[0]), float(assessment[1])) if assessment else None,
        interview_invited_at=_parse_time(doc["interview_invited_at"]),
        attended=doc["attended"],
        outcome=doc["outcome"],
        reasons=tuple(doc["reasons"]),
        decided_at=_parse_time(doc["decided_at"]),
        promoted_at=_parse_time(doc["promoted_at"]),
    )


def application_from_document(application_id: UUID, doc: dict[str, Any]) -> ApplicationFacts:
    decision = doc["decision"]
    offers = [
        OfferFacts(
            offer_id=UUID(o["offer_id"]),
            council_id=UUID(o["council_id"]),
            vacancy_id=UUID(o["vacancy_id"]),
            region=o["region"],
            specialism=o["specialism"],
            offered_at=_parse_time(o["offered_at"]),
            accepted_at=_parse_time(o["accepted_at"]),
            declined_at=_parse_time(o["declined_at"]),
            expired_at=_parse_time(o["expired_at"]),
            hired_at=_parse_time(o["hired_at"]),
        )
        for o in doc["offers"]
    ]
    return ApplicationFacts(
        application_id=application_id,
        programme_id=doc["programme_id"],
        submitted_at=_parse_time(doc["submitted_at"]),
        first_region=doc["first_region"],
        first_specialism=doc["first_specialism"],
        decision=None
        if decision is None
        else Decision(
            eligible=decision["eligible"],
            reasons=tuple(decision["reasons"]),
            years_out=decision["years_out"],
            decided_at=datetime.fromisoformat(decision["decided_at"]),
        ),
        withdrawn_at=_parse_time(doc["withdrawn_at"]),
        erased_at=_parse_time(doc["erased_at"]),
        offers={o.offer_id: o for o in offers},
        selection=_selection_from(doc.get("selection")),
        # Documents written before training existed have no placements.
        placements={
            p.placement_id: p for p in (_placement_from(d) for d in doc.get("placements", []))
        },
    )
