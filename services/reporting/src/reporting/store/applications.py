"""``application_facts`` and the read models derived from them (``*_outcomes``)."""

import json
from collections.abc import Iterable, Sequence
from uuid import UUID

from pydantic_core import from_json, to_json

from reporting.domain.facts import (
    ApplicationFacts,
    application_from_document,
    application_to_document,
)
from reporting.domain.outcomes import ApplicationOutcome, OfferOutcome, PlacementOutcome
from reporting.store import Connection
from returners_platform.store import many, run


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


async def save(conn: Connection, facts: Sequence[ApplicationFacts]) -> None:
    if not facts:
        return
    await run(
        conn,
        "INSERT INTO application_facts (application_id, programme_id, facts)"
        " SELECT a, p, f::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(a, p, f)"
        " ON CONFLICT (application_id) DO UPDATE"
        " SET programme_id = EXCLUDED.programme_id, facts = EXCLUDED.facts",
        [f.application_id for f in facts],
        [f.programme_id for f in facts],
        [to_json(application_to_document(f)).decode() for f in facts],
    )


_OUTCOME_COLUMNS = (
    "application_id",
    "programme_id",
    "counted",
    "submitted_on",
    "eligibility",
    "reasons",
    "band",
    "region",
    "specialism",
    "offered",
    "accepted",
    "offers_declined",
    "offers_expired",
    "hired",
    "withdrawn",
    "holds_place",
    "days_to_offer",
    "days_to_hire",
    "invited",
    "assessed",
    "interviewed",
    "selection",
    "selection_reasons",
)
_OUTCOME_TYPES = (
    "uuid",
    "text",
    "boolean",
    "date",
    "text",
    "text",
    "text",
    "text",
    "text",
    "boolean",
    "boolean",
    "integer",
    "integer",
    "boolean",
    "boolean",
    "boolean",
    "float8",
    "float8",
    "boolean",
    "boolean",
    "boolean",
    "text",
    "text",
)


async def save_outcomes(conn: Connection, outcomes: Sequence[ApplicationOutcome]) -> None:
    if not outcomes:
        return
    columns = ", ".join(_OUTCOME_COLUMNS)
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(_OUTCOME_TYPES, start=1))
    # reasons travel as one text per row ('a,b') because unnest flattens nested arrays.
    select = ", ".join(
        f"string_to_array({c}, ',')" if c in ("reasons", "selection_reasons") else c
        for c in _OUTCOME_COLUMNS
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _OUTCOME_COLUMNS[1:])
    await run(
        conn,
        f"INSERT INTO application_outcomes ({columns})"
        f" SELECT {select} FROM unnest({arrays}) AS t({columns})"
        f" ON CONFLICT (application_id) DO UPDATE SET {updates}",
        [o.application_id for o in outcomes],
        [o.programme_id for o in outcomes],
        [o.counted for o in outcomes],
        [o.submitted_on for o in outcomes],
        [o.eligibility.value if o.eligibility else None for o in outcomes],
        [",".join(o.reasons) for o in outcomes],
        [o.band.value for o in outcomes],
        [o.region for o in outcomes],
        [o.specialism for o in outcomes],
        [o.offered for o in outcomes],
        [o.accepted for o in outcomes],
        [o.offers_declined for o in outcomes],
        [o.offers_expired for o in outcomes],
        [o.hired for o in outcomes],
        [o.withdrawn for o in outcomes],
        [o.holds_place for o in outcomes],
        [o.days_to_offer for o in outcomes],
        [o.days_to_hire for o in outcomes],
        [o.invited for o in outcomes],
        [o.assessed for o in outcomes],
        [o.interviewed for o in outcomes],
        [o.selection for o in outcomes],
        [",".join(o.selection_reasons) for o in outcomes],
    )


_OFFER_COLUMNS = (
    "offer_id",
    "application_id",
    "programme_id",
    "council_id",
    "counted",
    "accepted",
    "declined",
    "expired",
    "hired",
    "application_withdrawn",
    "holds_place",
)
_OFFER_TYPES = (
    "uuid",
    "uuid",
    "text",
    "uuid",
    "boolean",
    "boolean",
    "boolean",
    "boolean",
    "boolean",
    "boolean",
    "boolean",
)


async def save_offer_outcomes(conn: Connection, outcomes: Sequence[OfferOutcome]) -> None:
    if not outcomes:
        return
    columns = ", ".join(_OFFER_COLUMNS)
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(_OFFER_TYPES, start=1))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _OFFER_COLUMNS[1:])
    await run(
        conn,
        f"INSERT INTO offer_outcomes ({columns}) SELECT * FROM unnest({arrays})"
        f" ON CONFLICT (offer_id) DO UPDATE SET {updates}",
        *([getattr(o, c) for o in outcomes] for c in _OFFER_COLUMNS),
    )


_PLACEMENT_COLUMNS: dict[str, str] = {  # column -> type of its array
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
    "hours_by_kind": "text",  # JSON, cast to jsonb
}


async def save_placement_outcomes(conn: Connection, outcomes: Sequence[PlacementOutcome]) -> None:
    if not outcomes:
        return
    columns = ", ".join(_PLACEMENT_COLUMNS)
    arrays = ", ".join(f"${i}::{t}[]" for i, t in enumerate(_PLACEMENT_COLUMNS.values(), 1))
    select = ", ".join(c if c != "hours_by_kind" else f"{c}::jsonb" for c in _PLACEMENT_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in list(_PLACEMENT_COLUMNS)[1:])
    await run(
        conn,
        f"INSERT INTO placement_outcomes ({columns})"
        f" SELECT {select} FROM unnest({arrays}) AS t({columns})"
        f" ON CONFLICT (placement_id) DO UPDATE SET {updates}",
        *([_placement_value(o, c) for o in outcomes] for c in _PLACEMENT_COLUMNS),
    )


def _placement_value(outcome: PlacementOutcome, column: str) -> object:
    value = getattr(outcome, column)
    if column == "band":
        return value.value
    if column == "hours_by_kind":
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value
