import pytest

from applications.domain.status import (
    ApplicationStatus,
    OfferStatus,
    PlacementStage,
    derive_status,
)

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


P = PlacementStage


@pytest.mark.parametrize(
    ("stage", "hired", "expected"),
    [
        (P.CONDITIONS, False, S.ACCEPTED),
        (P.READY_TO_START, False, S.ACCEPTED),
        (P.OFFER_WITHDRAWN, False, S.OFFER_WITHDRAWN),
        (P.STARTED, False, S.IN_PLACEMENT),
        (P.WITHDRAWN, False, S.PLACEMENT_WITHDRAWN),
        (P.COMPLETED, False, S.COMPLETED),
        (P.REREGISTERED, False, S.REREGISTERED),
        (P.STARTED, True, S.HIRED),  # a hire alongside the placement
        (P.REREGISTERED, True, S.HIRED),  # or after it
    ],
)
def test_the_placement_shows_in_the_status_once_it_has_started_or_ended(
    stage: PlacementStage, hired: bool, expected: ApplicationStatus
) -> None:
    status = derive_status(
        withdrawn=False,
        hired=hired,
        eligible=True,
        offer_statuses=[OS.WITHDRAWN if stage == P.OFFER_WITHDRAWN else OS.ACCEPTED],
        placement_stage=stage,
    )
    assert status == expected


def test_withdrawing_the_application_outranks_the_placement() -> None:
    assert (
        derive_status(
            withdrawn=True,
            hired=False,
            eligible=True,
            offer_statuses=[OS.ACCEPTED],
            placement_stage=P.STARTED,
        )
        == S.WITHDRAWN
    )
