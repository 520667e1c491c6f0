import pytest

from applications.domain.status import ApplicationStatus, OfferStatus, derive_status

S, OS = ApplicationStatus, OfferStatus


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({}, S.SUBMITTED),
        ({"eligible": True}, S.ELIGIBLE),
        ({"eligible": False}, S.INELIGIBLE),
        ({"eligible": True, "offers": [OS.OFFERED]}, S.OFFERED),
        ({"eligible": True, "offers": [OS.EXPIRED]}, S.ELIGIBLE),
        ({"eligible": True, "offers": [OS.DECLINED, OS.OFFERED]}, S.OFFERED),
        ({"eligible": True, "offers": [OS.EXPIRED, OS.ACCEPTED]}, S.ACCEPTED),
        ({"eligible": True, "offers": [OS.ACCEPTED], "hired": True}, S.HIRED),
        ({"eligible": True, "offers": [OS.OFFERED], "withdrawn": True}, S.WITHDRAWN),
        ({"withdrawn": True}, S.WITHDRAWN),
    ],
)
def test_status_follows_from_the_recorded_facts(facts: dict, expected: ApplicationStatus) -> None:  # type: ignore[type-arg]
    status = derive_status(
        withdrawn=facts.get("withdrawn", False),
        hired=facts.get("hired", False),
        eligible=facts.get("eligible"),
        offer_statuses=facts.get("offers", []),
    )
    assert status == expected


def test_an_offer_seen_before_the_eligibility_decision_still_shows_as_offered() -> None:
    assert (
        derive_status(withdrawn=False, hired=False, eligible=None, offer_statuses=[OS.OFFERED])
        == S.OFFERED
    )
