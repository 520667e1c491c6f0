"""Every event matching publishes validates against its checked-in schema, is keyed as the
catalogue says, and carries no personal data."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from returners_cli.http_auth import bearer
from returners_platform.contracts.catalogue import CATALOGUE, spec_for_type
from returners_platform.contracts.personal_data import PERSONAL_DATA_FIELD_MARKERS
from returners_platform.contracts.topics import COUNCILS, PLACEMENTS, PROGRAMMES

from ..conftest import open_ict_programme, submitted_v2
from .conftest import OPS, Matching, council, decided
from .test_expiry_and_hires import accepted

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).parents[4] / "contracts" / "schemas"
# programme.published.v1 stays in the catalogue for the records already on the topic, but
# matching publishes v2 (with the selection block) now.
MATCHING_TYPES = {s.type for s in CATALOGUE if s.topic.owner == "matching"} - {
    "returners.programme.published.v1"
}


async def test_every_published_event_matches_its_schema_and_names_no_person(
    matching: Matching,
) -> None:
    await _every_kind_of_event(matching)

    records: list[dict[str, Any]] = []
    for topic in (PROGRAMMES, COUNCILS, PLACEMENTS):
        records += await matching.all_events(topic.name)
    assert {r["type"] for r in records} == MATCHING_TYPES
    envelope = _schema("cloudevent.envelope")
    for record in records:
        jsonschema.validate(record, envelope)
        jsonschema.validate(record["data"], _schema(record["type"]))
        spec = spec_for_type(record["type"])
        assert spec is not None
        assert record["subject"] == str(record["data"][spec.model.key_field])
        assert record["source"] == "/returners/matching"
        allowed = {"name"} if record["type"] == "returners.council.registered.v1" else set()
        assert [
            k
            for k in _keys(record["data"])
            if k not in allowed and any(marker in k for marker in PERSONAL_DATA_FIELD_MARKERS)
        ] == []


async def _every_kind_of_event(matching: Matching) -> None:
    """programme.published (fixture), council.registered, vacancy.published/closed,
    eligibility.decided, placement.offered, placement.offer_expired, returner.hired; and
    the new versions a programme of another profession brings."""
    now = datetime.now(UTC)
    first = await matching.submit(submitted_at=now - timedelta(minutes=2))
    second = await matching.submit(submitted_at=now - timedelta(minutes=1))
    await matching.submit(right_to_work_uk=False)
    await decided(matching, first, second)
    bucks = await council(matching, "Buckinghamshire Council")
    vacancy = await bucks.post_vacancy()
    [offer] = await bucks.offers_until(lambda o: len(o) == 1, "an offer")
    await matching.deliver(accepted(offer, datetime.now(UTC)))
    await bucks.offers_until(lambda o: o[0]["status"] == "accepted", "the acceptance")
    assert (await bucks.hire(first)).status_code == 201
    await bucks.post_vacancy()
    await bucks.offers_until(lambda o: len(o) == 2, "an offer to the second")
    matching.clock.advance(timedelta(days=8))
    await matching.events("placement.offer_expired")
    closed = await matching.client.post(
        f"/councils/{bucks.council_id}/vacancies/{vacancy['vacancy_id']}/close",
        headers=bearer(bucks.key),
    )
    assert closed.status_code == 200
    await matching.events("vacancy.closed")
    await matching.events("returner.hired")
    # a programme of another profession: programme.published v3, vacancy.published v2,
    # placement.offered v2
    ict = await matching.client.post("/admin/programmes", json=open_ict_programme(), headers=OPS)
    assert ict.status_code == 201, ict.text
    await matching.deliver(submitted_v2())
    await bucks.post_vacancy(programme_id="ict-open", specialism="cyber_security")
    await bucks.offers_until(lambda o: len(o) == 3, "an offer in the ICT programme")


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value] + [k for v in value.values() for k in _keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{name}.json").read_text()))
