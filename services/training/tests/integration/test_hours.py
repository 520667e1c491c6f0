"""Hours towards the requirement: a correction supersedes, a file saves its good rows and
names its bad ones, completion at 210 and 420 hours happens once, and the updating record
(PDF) read back matches the log, for the council and (internal token) the applicant."""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from returners_cli.testing.kafka import read_topic

from .conftest import INTERNAL, OPS, STARTS_ON, TODAY, Placed, Training

pytestmark = pytest.mark.integration


def _mine(placed: Placed):  # type: ignore[no-untyped-def]
    return lambda d: d["application_id"] == str(placed.application_id)


async def test_a_correction_supersedes_and_only_the_latest_of_a_chain_counts(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    await training.started(placed)
    day = STARTS_ON + timedelta(days=1)
    first = await training.log(placed, day, 7, note="Duty team")
    assert first.status_code == 201, first.text
    second = await training.log(placed, day, 6, supersedes=first.json()["entry_id"])
    assert second.status_code == 201, second.text
    # The corrected entry cannot be corrected again: its chain ends at the correction.
    stale = await training.log(placed, day, 5, supersedes=first.json()["entry_id"])
    assert stale.status_code == 409
    third = await training.log(placed, day, 6.5, supersedes=second.json()["entry_id"])
    assert third.status_code == 201, third.text

    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["hours_logged"] == 6.5
    history = (await training.client.get(f"{placed.path}/hours", headers=placed.key)).json()
    assert [(e["hours"], e["superseded_by"]) for e in history] == [
        (7, second.json()["entry_id"]),
        (6, third.json()["entry_id"]),
        (6.5, None),
    ]
    logged = await training.events("hours.logged", _mine(placed), count=3)
    assert sorted(e["total_hours"] for e in logged) == [6, 6.5, 7]
    assert {e["supersedes"] for e in logged} == {
        None,
        first.json()["entry_id"],
        second.json()["entry_id"],
    }


async def test_a_file_with_one_bad_row_saves_the_others_and_names_the_bad_row(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    await training.started(placed)
    a = placed.application_id
    csv = "\n".join(
        [
            "application_id,on,hours,kind",
            f"{a},{STARTS_ON + timedelta(days=1)},7,placement",
            f"{a},{STARTS_ON + timedelta(days=2)},7,gardening",
            f"{a},{STARTS_ON + timedelta(days=3)},3,workshop",
        ]
    )
    url = f"/councils/{placed.council_id}/hours"
    headers = {**placed.key, "content-type": "text/csv"}
    answer = await training.client.post(url, content=csv, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 2
    assert answer.json()["errors"] == [
        {"row": 3, "field": "kind", "message": answer.json()["errors"][0]["message"]}
    ]
    view = (await training.client.get(placed.path, headers=placed.key)).json()
    assert view["hours_logged"] == 10

    future = f"application_id,on,hours,kind\n{a},{TODAY + timedelta(days=2)},7,placement\n"
    nothing = await training.client.post(url, content=future, headers=headers)
    assert nothing.status_code == 422
    assert nothing.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in nothing.json()["errors"]] == ["line 2.on"]


@pytest.mark.parametrize(("days", "required"), [(30, 210), (60, 420)])
async def test_completion_at_the_requirement_publishes_placement_completed_once(
    training: Training, days: int, required: int
) -> None:
    placed = await training.accepted_offer(updating_days=days)
    await training.started(placed)
    a = placed.application_id
    # The requirement less a day of placement, and a coaching session and a workshop.
    placement_days = days - 2
    rows = [f"{a},{STARTS_ON + timedelta(days=n)},7,placement" for n in range(placement_days)]
    rows += [f"{a},{STARTS_ON + timedelta(days=1)},4,coaching"]
    rows += [f"{a},{STARTS_ON + timedelta(days=2)},3,coaching"]
    csv = "application_id,on,hours,kind\n" + "\n".join(rows) + "\n"
    answer = await training.client.post(
        f"/councils/{placed.council_id}/hours",
        content=csv,
        headers={**placed.key, "content-type": "text/csv"},
    )
    assert answer.json()["accepted"] == len(rows), answer.text

    ended_on = STARTS_ON + timedelta(days=days + 10)
    end = await training.client.post(
        f"{placed.path}/end",
        json={"ended_on": ended_on.isoformat(), "signed_off_by": "A. Manager, Team Lead"},
        headers=placed.key,
    )
    assert end.status_code == 200, end.text
    assert end.json()["status"] == "ended"  # a day short
    # The provider logs the interview preparation that makes the requirement.
    issued = await training.client.post(
        "/admin/providers",
        json={"name": "Frontline Training", "programme_id": "rtsw-2020"},
        headers=OPS,
    )
    provider = {"Authorization": f"Bearer {issued.json()['api_key']}"}
    url = f"/provider/placements/{a}/hours"
    day = (STARTS_ON + timedelta(days=5)).isoformat()
    wrong_kind = await training.client.post(
        url, json={"on": day, "hours": 7, "kind": "placement"}, headers=provider
    )
    assert wrong_kind.status_code == 422
    made = await training.client.post(
        url, json={"on": day, "hours": 7, "kind": "interview_preparation"}, headers=provider
    )
    assert made.status_code == 201, made.text
    more = await training.log(placed, STARTS_ON + timedelta(days=6), 1, kind="mentoring")
    assert more.status_code == 409  # completed: the record is closed

    [completed] = await training.events("placement.completed", _mine(placed))
    assert completed["total_hours"] == required
    assert completed["required_hours"] == required
    assert completed["completed_on"] == ended_on.isoformat()
    assert completed["hours_by_kind"] == {
        "placement": placement_days * 7,
        "workshop": 0,
        "coaching": 7,
        "mentoring": 0,
        "interview_preparation": 7,
    }
    records = await read_topic(training.kafka, f"{training.prefix}returners.training")
    assert (
        sum(
            1
            for r in records
            if r.headers.get("ce_type") == "returners.placement.completed.v1"
            and r.json()["data"]["application_id"] == str(a)
        )
        == 1
    )


LINE = re.compile(r"^(\d{4}-\d{2}-\d{2}) (.+?) (\d+\.\d{2})$")
LABELS = {
    "Placement": "placement",
    "Workshop": "workshop",
    "Coaching": "coaching",
    "Mentoring": "mentoring",
    "Interview preparation": "interview_preparation",
}


async def test_the_updating_record_read_back_matches_the_log(training: Training) -> None:
    placed = await training.accepted_offer()
    await training.started(placed)
    logged = [
        (STARTS_ON + timedelta(days=1), 7.0, "placement"),
        (STARTS_ON + timedelta(days=2), 3.5, "workshop"),
        (STARTS_ON + timedelta(days=3), 1.5, "coaching"),
        (STARTS_ON + timedelta(days=4), 2.0, "mentoring"),
        (STARTS_ON + timedelta(days=5), 2.5, "interview_preparation"),
    ]
    for on, hours, kind in logged:
        assert (await training.log(placed, on, hours, kind)).status_code == 201
    wrong = await training.log(placed, STARTS_ON + timedelta(days=6), 9, "placement")
    fixed = await training.log(
        placed, STARTS_ON + timedelta(days=6), 7, "placement", supersedes=wrong.json()["entry_id"]
    )
    assert fixed.status_code == 201
    logged.append((STARTS_ON + timedelta(days=6), 7.0, "placement"))
    await training.client.post(
        f"{placed.path}/end",
        json={
            "ended_on": (STARTS_ON + timedelta(days=40)).isoformat(),
            "signed_off_by": "Sam Lead",
        },
        headers=placed.key,
    )

    for url, headers in (
        (f"{placed.path}/updating-record", placed.key),
        (f"/internal/placements/{placed.application_id}/updating-record", INTERNAL),
    ):
        answer = await training.client.get(url, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
        lines = [m.groups() for m in map(LINE.match, text.splitlines()) if m]
        assert [(d, LABELS[k], float(h)) for d, k, h in lines] == [
            (on.isoformat(), kind, hours) for on, hours, kind in logged
        ]
        totals = dict(re.findall(r"^Total (.+?) (\d+\.\d{2})$", text, re.M))
        assert float(totals["All kinds"]) == sum(h for _, h, _ in logged)
        for label, kind in LABELS.items():
            assert float(totals[label]) == sum(h for _, h, k in logged if k == kind)
        assert "Signed off by: Sam Lead" in text
        assert f"{placed.application_id}" in text


async def test_an_end_with_no_body_ends_today_signed_off_by_the_council(
    training: Training,
) -> None:
    placed = await training.accepted_offer()
    await training.completed(placed)  # ends it with no body
    answer = await training.client.get(f"{placed.path}/updating-record", headers=placed.key)
    assert answer.status_code == 200, answer.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "Signed off by: the council" in text
    assert f"Signed off on: {TODAY.isoformat()}" in text
