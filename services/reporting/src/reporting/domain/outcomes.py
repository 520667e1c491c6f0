"""What the facts of one application mean for the figures: pure derivations, no I/O.

The definitions (also in services/reporting/README.md):

- an application is *counted* once its ``application.submitted`` has been seen; facts
  that arrive before it are kept and count from then on;
- eligible / ineligible: the latest eligibility decision; its reasons are every failed rule;
- offered: the application received at least one offer (any event about an offer of it);
- accepted: it accepted at least one offer; hired: a council reported hiring it;
- withdrawn: it withdrew (at any time);
- declined / expired: counted per *offer* (an application can decline several offers);
- placement: the hired offer if any, otherwise the most recently accepted offer;
- holds a place: it has a placement and has not withdrawn (``places_filled`` counts these);
- region / specialism: the placement's once placed, before that the first preference;
- band: years out of practice from the eligibility decision: under 2, 2 to under 5,
  5 to under 10, 10 or more (each lower bound inclusive); ``undecided`` before a decision;
- submitted on: the submission's date in Europe/London;
- days to offer: first offer's ``offered_at`` minus ``submitted_at``; days to hire:
  ``hired_at`` minus ``submitted_at`` (both in days, fractional);
- selection (programmes with selection): invited to the assessment; assessed (a result
  recorded); interviewed (attended a complete interview); selected (selected at the results,
  or promoted from the waitlist since); waitlisted (and not promoted); rejected, with its
  reasons.
- placements (programme outcomes; one row per placement, ``placement_outcomes``): a
  placement is known from any training event about it; started / completed / withdrawn /
  offer withdrawn (conditions not met) / re-registered as the training events said, each
  once however often reported; hired: a council reported hiring through the placement's
  offer; band: the application's; region: the offer's (else, at query time, the vacancy's);
  days to complete: ``completed_on`` minus ``started_on`` of ``placement.completed``
  (whole days); hours: the effective entries only (an entry superseded by a correction
  no longer counts).
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from reporting.domain.facts import (
    NO_SELECTION,
    ApplicationFacts,
    HoursEntry,
    OfferFacts,
    PlacementFacts,
)

LONDON = ZoneInfo("Europe/London")
SECONDS_PER_DAY = 86_400.0


class Band(StrEnum):
    UNDER_2 = "under_2"
    FROM_2_TO_5 = "2_to_5"
    FROM_5_TO_10 = "5_to_10"
    FROM_10 = "10_plus"
    UNDECIDED = "undecided"


class Eligibility(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"


# The time-out-of-practice bands, the one place their edges are defined: each band runs from
# its lower bound (inclusive) to the next band's. Social Work England's updating requirement
# changes at 5 years (30 days below, 60 days from it), and the programme reports 2-5 and 5-10.
BAND_LOWER_BOUNDS: tuple[tuple[float, Band], ...] = (
    (10, Band.FROM_10),
    (5, Band.FROM_5_TO_10),
    (2, Band.FROM_2_TO_5),
)


def band_of(years_out: float | None) -> Band:
    if years_out is None:
        return Band.UNDECIDED
    for lower_bound, band in BAND_LOWER_BOUNDS:
        if years_out >= lower_bound:
            return band
    return Band.UNDER_2


def london_date(at: datetime) -> date:
    return at.astimezone(LONDON).date()


def days_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def placement(facts: ApplicationFacts) -> OfferFacts | None:
    """The offer the applicant is placed through: the hire, else the latest acceptance."""
    # (one candidate needs no ordering: a UUID's text costs a microsecond)
    hired = [o for o in facts.offers.values() if o.hired_at is not None]
    if len(hired) == 1:
        return hired[0]
    if hired:
        return min(hired, key=lambda o: (o.hired_at, str(o.offer_id)))
    accepted = [o for o in facts.offers.values() if o.accepted_at is not None]
    if len(accepted) == 1:
        return accepted[0]
    if accepted:
        return max(accepted, key=lambda o: (o.accepted_at, str(o.offer_id)))
    return None


@dataclass(frozen=True)
class ApplicationOutcome:
    application_id: UUID
    programme_id: str
    counted: bool
    submitted_on: date | None
    eligibility: Eligibility | None
    reasons: tuple[str, ...]
    band: Band
    region: str | None
    specialism: str | None
    offered: bool
    accepted: bool
    offers_declined: int
    offers_expired: int
    hired: bool
    withdrawn: bool
    holds_place: bool
    days_to_offer: float | None
    days_to_hire: float | None
    invited: bool = False
    assessed: bool = False
    interviewed: bool = False
    selection: str | None = None  # selected, waitlisted or rejected
    selection_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferOutcome:
    offer_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    counted: bool
    accepted: bool
    declined: bool
    expired: bool
    hired: bool
    application_withdrawn: bool
    holds_place: bool


def application_outcome(facts: ApplicationFacts) -> ApplicationOutcome:
    decision = facts.decision
    placed = placement(facts)
    withdrawn = facts.withdrawn_at is not None
    eligibility = None
    if decision is not None:
        eligibility = Eligibility.ELIGIBLE if decision.eligible else Eligibility.INELIGIBLE
    # One pass over the offers (this runs for every application a batch changes).
    first_offer: datetime | None = None
    first_hire: datetime | None = None
    accepted = False
    declined = expired = 0
    for o in facts.offers.values():
        if o.offered_at is not None and (first_offer is None or o.offered_at < first_offer):
            first_offer = o.offered_at
        if o.hired_at is not None and (first_hire is None or o.hired_at < first_hire):
            first_hire = o.hired_at
        accepted = accepted or o.accepted_at is not None
        declined += o.declined_at is not None
        expired += o.expired_at is not None
    submitted = facts.submitted_at
    return ApplicationOutcome(
        application_id=facts.application_id,
        programme_id=facts.programme_id,
        counted=submitted is not None,
        submitted_on=london_date(submitted) if submitted is not None else None,
        eligibility=eligibility,
        reasons=decision.reasons if decision is not None and not decision.eligible else (),
        band=band_of(decision.years_out if decision is not None else None),
        region=(placed.region if placed and placed.region else facts.first_region),
        specialism=(placed.specialism if placed and placed.specialism else facts.first_specialism),
        offered=bool(facts.offers),
        accepted=accepted,
        offers_declined=declined,
        offers_expired=expired,
        hired=first_hire is not None,
        withdrawn=withdrawn,
        holds_place=placed is not None and not withdrawn,
        days_to_offer=(
            days_between(submitted, first_offer)
            if submitted is not None and first_offer is not None
            else None
        ),
        days_to_hire=(
            days_between(submitted, first_hire)
            if submitted is not None and first_hire is not None
            else None
        ),
        **_selection(facts),
    )


def _selection(facts: ApplicationFacts) -> dict[str, Any]:
    selection = facts.selection
    if selection is NO_SELECTION:  # most applications: the same figures every time
        return _NO_SELECTION_FIGURES
    outcome = "selected" if selection.promoted_at is not None else selection.outcome
    return {
        "invited": selection.invited_at is not None,
        "assessed": selection.assessment is not None,
        "interviewed": selection.attended is True,
        "selection": outcome,
        "selection_reasons": selection.reasons if outcome == "rejected" else (),
    }


_NO_SELECTION_FIGURES: dict[str, Any] = {
    "invited": False,
    "assessed": False,
    "interviewed": False,
    "selection": None,
    "selection_reasons": (),
}


def offer_outcomes(facts: ApplicationFacts) -> list[OfferOutcome]:
    placed = placement(facts)
    withdrawn = facts.withdrawn_at is not None
    return [
        OfferOutcome(
            offer_id=o.offer_id,
            application_id=facts.application_id,
            programme_id=facts.programme_id,
            council_id=o.council_id,
            counted=facts.submitted_at is not None,
            accepted=o.accepted_at is not None,
            declined=o.declined_at is not None,
            expired=o.expired_at is not None,
            hired=o.hired_at is not None,
            application_withdrawn=withdrawn,
            holds_place=placed is not None and placed.offer_id == o.offer_id and not withdrawn,
        )
        for o in (
            facts.offers.values()
            if len(facts.offers) < 2
            else sorted(facts.offers.values(), key=lambda o: str(o.offer_id))
        )
    ]


@dataclass(frozen=True)
class PlacementOutcome:
    placement_id: UUID
    application_id: UUID
    programme_id: str
    council_id: UUID
    vacancy_id: UUID | None
    counted: bool
    band: Band
    region: str | None  # the offer's; None until the offer is seen
    conditions_met: bool
    offer_withdrawn_condition: str | None
    offer_withdrawn_reason: str | None
    started: bool
    completed: bool
    days_to_complete: int | None
    withdrawal_reason: str | None
    reregistered: bool
    hired: bool
    hours_by_kind: dict[str, float]


def effective_hours(entries: dict[UUID, HoursEntry]) -> dict[str, float]:
    """Hours by kind of the entries no other entry supersedes (the latest of each chain)."""
    superseded = {e.supersedes for e in entries.values() if e.supersedes is not None}
    totals: dict[str, float] = {}
    for entry_id, entry in sorted(entries.items(), key=lambda item: str(item[0])):
        if entry_id not in superseded:
            totals[entry.kind] = totals.get(entry.kind, 0.0) + entry.hours
    return dict(sorted(totals.items()))


def placement_outcomes(facts: ApplicationFacts) -> list[PlacementOutcome]:
    band = band_of(facts.decision.years_out if facts.decision is not None else None)
    return [
        _placement_outcome(facts, p, band)
        for p in sorted(facts.placements.values(), key=lambda p: str(p.placement_id))
    ]


def _placement_outcome(facts: ApplicationFacts, p: PlacementFacts, band: Band) -> PlacementOutcome:
    offer = facts.offers.get(p.placement_id)
    completed = p.completed
    return PlacementOutcome(
        placement_id=p.placement_id,
        application_id=facts.application_id,
        programme_id=facts.programme_id,
        council_id=p.council_id,
        vacancy_id=p.vacancy_id or (offer.vacancy_id if offer else None),
        counted=facts.submitted_at is not None,
        band=band,
        region=offer.region if offer else None,
        conditions_met=p.conditions_met_at is not None,
        offer_withdrawn_condition=p.offer_withdrawn.condition if p.offer_withdrawn else None,
        offer_withdrawn_reason=p.offer_withdrawn.reason if p.offer_withdrawn else None,
        started=p.started is not None or completed is not None,
        completed=completed is not None,
        days_to_complete=(
            (completed.completed_on - completed.started_on).days if completed else None
        ),
        withdrawal_reason=p.withdrawn.reason if p.withdrawn else None,
        reregistered=p.reregistered is not None,
        hired=offer is not None and offer.hired_at is not None,
        hours_by_kind=effective_hours(p.hours),
    )
