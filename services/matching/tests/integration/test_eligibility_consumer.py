"""application.submitted in, eligibility.decided out; what cannot be decided is dead-lettered."""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from returners_cli.testing.kafka import wait_for_records

from ..conftest import submitted
from .conftest import Matching

pytestmark = pytest.mark.integration

SCHEMAS = Path(__file__).parents[4] / "contracts" / "schemas"


async def test_every_submission_gets_one_decision_with_its_reasons(matching: Matching) -> None:
    eligible = await matching.submit(last_practised=date(2024, 1, 1))  # 3.3 years at 2027-05-04
    ineligible = await matching.submit(currently_practising=True, right_to_work_uk=False)

    [yes] = await matching.events(
        "eligibility.decided", lambda d: d["application_id"] == str(eligible)
    )
    [no] = await matching.events(
        "eligibility.decided", lambda d: d["application_id"] == str(ineligible)
    )
    assert (yes["eligible"], yes["reasons"], yes["updating_days"]) == (True, [], 30)
    assert yes["years_out_of_practice"] == pytest.approx(3.34, abs=0.01)
    assert (no["eligible"], no["reasons"], no["updating_days"]) == (
        False,
        ["not_currently_practising", "right_to_work"],
        None,
    )
    schema = json.loads((SCHEMAS / "returners.eligibility.decided.v1.json").read_text())
    for decision in (yes, no):
        jsonschema.validate(decision, schema)


async def test_a_submission_replayed_under_another_event_id_is_decided_once(
    matching: Matching,
) -> None:
    data = submitted(programme_id="rtsw-open", submitted_at=datetime.now(UTC))
    await matching.deliver(data)
    await matching.deliver(data)  # same application, new envelope id
    later = await matching.submit()
    await matching.events("eligibility.decided", lambda d: d["application_id"] == str(later))
    decisions = await matching.events(
        "eligibility.decided", lambda d: d["application_id"] == str(data.application_id)
    )
    assert len(decisions) == 1


async def test_a_submission_for_an_unknown_programme_is_dead_lettered_with_the_reason(
    matching: Matching,
) -> None:
    lost = await matching.submit(programme_id="never-published")
    [record] = await wait_for_records(
        matching.kafka,
        matching.topic("returners.dlq.matching"),
        lambda r: r.key == str(lost),
        timeout=60,
    )
    headers: dict[str, Any] = record.headers
    assert "never-published" in headers["dlq.reason"]
    assert "unknown here" in headers["dlq.reason"]
