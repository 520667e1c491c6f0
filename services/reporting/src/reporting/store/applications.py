"""``application_facts`` and the read models derived from them (``*_outcomes``): loaded
here, written as rows (``store.rows``)."""

import json
from collections.abc import Iterable
from uuid import UUID

from pydantic_core import from_json, to_json

from reporting.domain.facts import (
    ApplicationFacts,
    application_from_document,
    application_to_document,
)
from reporting.domain.outcomes import ApplicationOutcome, OfferOutcome, PlacementOutcome
from reporting.store import Connection
from reporting.store.rows import Row, RowTable
from returners_platform.store import many


async def load(conn: Connection, ids: Iterable[UUID]) -> dict[UUID, ApplicationFacts]:
    loaded = await many(
        conn,
        _facts,
        "SELECT application_id, facts FROM application_facts"
        " WHERE application_id = ANY($1::uuid[])",
        list(ids),
    )
    return {facts.application_id: facts for facts in loaded}


def _facts(application_id: UUID, facts: str) -> ApplicationFacts:
    # pydantic-core's JSON (Rust) parses and writes these documents several times faster
    # than the json module; jsonb stores the same value either way.
    return application_from_document(application_id, from_json(facts))


FACTS = RowTable(
    "application_facts", {"application_id": "uuid", "programme_id": "text", "facts": "jsonb"}
)


def fact_row(facts: ApplicationFacts) -> Row:
    # pydantic-core's JSON (Rust) writes the document several times faster than json.dumps.
    return (
        facts.application_id,
        facts.programme_id,
        to_json(application_to_document(facts)).decode(),
    )


OUTCOMES = RowTable(
    "application_outcomes",
    {
        "application_id": "uuid",
        "programme_id": "text",
        "counted": "boolean",
        "submitted_on": "date",
        "eligibility": "text",
        "reasons": "text[]",
        "band": "text",
        "region": "text",
        "specialism": "text",
        "offered": "boolean",
        "accepted": "boolean",
        "offers_declined": "integer",
        "offers_expired": "integer",
        "hired": "boolean",
        "withdrawn": "boolean",
        "holds_place": "boolean",
        "days_to_offer": "float8",
        "days_to_hire": "float8",
        "invited": "boolean",
        "assessed": "boolean",
        "interviewed": "boolean",
        "selection": "text",
        "selection_reasons": "text[]",
    },
)


def outcome_row(o: ApplicationOutcome) -> Row:
    return (
        o.application_id,
        o.programme_id,
        o.counted,
        o.submitted_on,
        o.eligibility.value if o.eligibility else None,
        list(o.reasons),
        o.band.value,
        o.region,
        o.specialism,
        o.offered,
        o.accepted,
        o.offers_declined,
        o.offers_expired,
        o.hired,
        o.withdrawn,
        o.holds_place,
        o.days_to_offer,
        o.days_to_hire,
        o.invited,
        o.assessed,
        o.interviewed,
        o.selection,
        list(o.selection_reasons),
    )


OFFER_OUTCOMES = RowTable(
    "offer_outcomes",
    {
        "offer_id": "uuid",
        "application_id": "uuid",
        "programme_id": "text",
        "council_id": "uuid",
        "counted": "boolean",
        "accepted": "boolean",
        "declined": "boolean",
        "expired": "boolean",
        "hired": "boolean",
        "application_withdrawn": "boolean",
        "holds_place": "boolean",
    },
)


def offer_row(o: OfferOutcome) -> Row:
    return (
        o.offer_id,
        o.application_id,
        o.programme_id,
        o.council_id,
        o.counted,
        o.accepted,
        o.declined,
        o.expired,
        o.hired,
        o.application_withdrawn,
        o.holds_place,
    )


PLACEMENT_OUTCOMES = RowTable(
    "placement_outcomes",
    {
        "placement_id": "uuid",
        "application_id": "uuid",
        "programme_id": "text",
        "council_id": "uuid",
        "vacancy_id": "uuid",
        "counted": "boolean",
        "band": "text",
        "region": "text",
        "conditions_met": "boolean",
        "offer_withdrawn_condition": "text",
        "offer_withdrawn_reason": "text",
        "started": "boolean",
        "completed": "boolean",
        "days_to_complete": "integer",
        "withdrawal_reason": "text",
        "reregistered": "boolean",
        "hired": "boolean",
        "hours_by_kind": "jsonb",
    },
)


def placement_row(o: PlacementOutcome) -> Row:
    return (
        o.placement_id,
        o.application_id,
        o.programme_id,
        o.council_id,
        o.vacancy_id,
        o.counted,
        o.band.value,
        o.region,
        o.conditions_met,
        o.offer_withdrawn_condition,
        o.offer_withdrawn_reason,
        o.started,
        o.completed,
        o.days_to_complete,
        o.withdrawal_reason,
        o.reregistered,
        o.hired,
        json.dumps(o.hours_by_kind, sort_keys=True, separators=(",", ":")),
    )
