"""A programme of another profession, as data: an ICT programme with its own job families and
rules (a career break to care, no register) is published as programme.published.v3; its
vacancies name its job families (v2), its applicants are decided by its rules, and the
eligible one is offered a placement in the family they chose (placement.offered.v2), accepts
and is hired."""

from datetime import UTC, datetime

import pytest

from returners_cli.http_auth import bearer
from returners_platform.contracts.events import Break
from returners_platform.contracts.vocabulary import BreakReason

from ..conftest import open_ict_programme, submitted_v2
from .conftest import OPS, Matching, council, decided
from .test_expiry_and_hires import accepted

pytestmark = pytest.mark.integration


async def test_an_ict_programme_decides_by_its_own_rules_and_offers_in_its_own_families(
    matching: Matching,
) -> None:
    published = await matching.client.post(
        "/admin/programmes", json=open_ict_programme(), headers=OPS
    )
    assert published.status_code == 201, published.text
    assert published.json()["job_families"][0]["code"] == "cyber_security"
    assert "specialisms" not in published.json()
    [announced] = await matching.events(
        "programme.published", lambda d: d["programme_id"] == "ict-open"
    )
    assert announced["eligibility"]["career_break"]["min_months"] == 12
    assert (await matching.client.get("/programmes/ict-open")).json() == published.json()

    carer = submitted_v2()
    short_break = submitted_v2(career_break=Break(reason=BreakReason.CARING, months=11))
    still_working = submitted_v2(currently_practising=True, career_break=None)
    for application in (carer, short_break, still_working):
        await matching.deliver(application)
    await decided(
        matching, carer.application_id, short_break.application_id, still_working.application_id
    )
    reasons = {
        d["application_id"]: d["reasons"]
        for d in await matching.events("eligibility.decided", count=3)
    }
    assert reasons[str(carer.application_id)] == []
    assert reasons[str(short_break.application_id)] == ["career_break"]
    assert reasons[str(still_working.application_id)] == [
        "career_break",
        "not_currently_practising",
    ]

    hampshire = await council(matching, "Hampshire County Council")
    refused = await matching.client.post(
        f"/councils/{hampshire.council_id}/vacancies",
        json={
            "programme_id": "ict-open",
            "region": "South East",
            "specialism": "children",
            "slots": 1,
            "starts_on": "2027-05-04",
        },
        headers=bearer(hampshire.key),
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["errors"][0]["field"] == "specialism"
    await hampshire.post_vacancy(programme_id="ict-open", specialism="service_design")
    assert await hampshire.offers() == []  # nobody chose service design
    await hampshire.post_vacancy(programme_id="ict-open", specialism="cyber_security")
    [vacancy_event] = await matching.events(
        "vacancy.published", lambda d: d.get("job_family") == "cyber_security"
    )
    assert vacancy_event["programme_id"] == "ict-open"

    [offer] = await hampshire.offers_until(lambda o: len(o) == 1, "an offer to the carer")
    assert offer["application_id"] == str(carer.application_id)
    assert offer["specialism"] == "cyber_security"
    assert offer["updating_days"] == 20
    [offered] = await matching.events(
        "placement.offered", lambda d: d["application_id"] == str(carer.application_id)
    )
    assert offered["job_family"] == "cyber_security"
    await matching.deliver(accepted(offer, datetime.now(UTC)))
    await hampshire.offers_until(lambda o: o[0]["status"] == "accepted", "the acceptance")
    assert (await hampshire.hire(carer.application_id)).status_code == 201
    await matching.events(
        "returner.hired", lambda d: d["application_id"] == str(carer.application_id)
    )
