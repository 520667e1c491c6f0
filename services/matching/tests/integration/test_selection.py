"""A programme with selection: matching offers places only to the selected, best rank
first, and counts what it has heard (the view operations and the demo wait on)."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from returners_cli.testing.polling import eventually
from returners_platform.contracts.events import (
    ProgrammePublishedV2,
    SelectionDecided,
    WaitlistPromoted,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import SelectionOutcome, SelectionReason

from ..conftest import open_programme
from .conftest import OPS, Matching, council, decided

pytestmark = pytest.mark.integration

T0 = datetime.now(UTC) - timedelta(hours=1)
PROGRAMME = "rtsw-selective"


def _with_selection() -> dict[str, object]:
    """The example programme's selection block, moved into an open window's future."""
    example = EXAMPLES[ProgrammePublishedV2]
    assert isinstance(example, ProgrammePublishedV2)
    assert example.selection is not None
    selection = example.selection.model_dump(mode="json")
    now = datetime.now(UTC)
    selection["assessment"]["closes_at"] = (now + timedelta(days=70)).isoformat()
    selection["results_on"] = (now + timedelta(days=90)).date().isoformat()
    return open_programme(PROGRAMME, selection=selection)


def _decision(
    application_id: UUID, outcome: SelectionOutcome, rank: int | None
) -> SelectionDecided:
    """The example decision, for this applicant of this programme (matching reads only the
    outcome and the rank)."""
    return EXAMPLES[SelectionDecided].model_copy(
        update={
            "application_id": application_id,
            "programme_id": PROGRAMME,
            "outcome": outcome,
            "rank": rank,
            "reasons": [SelectionReason.ASSESSMENT_NOT_TAKEN] if rank is None else [],
        }
    )


async def _candidates(matching: Matching) -> dict[str, int]:
    response = await matching.client.get(f"/admin/programmes/{PROGRAMME}/candidates", headers=OPS)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_only_the_selected_are_offered_places_best_rank_first(matching: Matching) -> None:
    published = await matching.client.post("/admin/programmes", json=_with_selection(), headers=OPS)
    assert published.status_code == 201, published.text
    early, middle, late, rejected = [
        await matching.submit(PROGRAMME, submitted_at=T0 + timedelta(minutes=n)) for n in range(4)
    ]
    await decided(matching, early, middle, late, rejected)
    assert await _candidates(matching) == {
        "decided": 4,
        "eligible": 4,
        "selected": 0,
        "withdrawn": 0,
    }

    # Ranked against submission order: the latest is best; the earliest is waitlisted.
    await matching.deliver(_decision(late, SelectionOutcome.SELECTED, 1))
    await matching.deliver(_decision(middle, SelectionOutcome.SELECTED, 2))
    await matching.deliver(_decision(early, SelectionOutcome.WAITLISTED, 3))
    await matching.deliver(_decision(rejected, SelectionOutcome.REJECTED, None))
    counted = await eventually(
        lambda: _candidates(matching),
        until=lambda c: c["selected"] == 2,
        timeout=60,
        what="matching to hear of the two selected",
    )
    assert counted == {"decided": 4, "eligible": 4, "selected": 2, "withdrawn": 0}

    bucks = await council(matching, "Buckinghamshire Council")
    await bucks.post_vacancy(programme_id=PROGRAMME, slots=1)
    [first] = await bucks.offers_until(lambda o: len(o) == 1, "one offer")
    assert first["application_id"] == str(late), "the best rank, not the earliest submitted"
    await bucks.post_vacancy(programme_id=PROGRAMME, slots=3)
    offers = await bucks.offers_until(lambda o: len(o) == 2, "an offer to each selected")
    assert {o["application_id"] for o in offers} == {str(late), str(middle)}

    await matching.deliver(
        WaitlistPromoted(
            application_id=early,
            programme_id=PROGRAMME,
            rank=3,
            replaces=middle,
            promoted_at=datetime.now(UTC),
        )
    )
    offers = await bucks.offers_until(lambda o: len(o) == 3, "the promoted offered a place")
    assert str(rejected) not in {o["application_id"] for o in offers}
    assert (await _candidates(matching))["selected"] == 3


async def test_the_candidates_of_an_unknown_programme_are_not_found(matching: Matching) -> None:
    response = await matching.client.get("/admin/programmes/no-such/candidates", headers=OPS)
    assert response.status_code == 404, response.text
    unauthorised = await matching.client.get(f"/admin/programmes/{PROGRAMME}/candidates")
    assert unauthorised.status_code == 401
