"""The training service's events: the applicant's emails for the steps they act on or
celebrate, and each council's webhooks for its own placements only."""

import json
import uuid
from typing import Any

import pytest

from notifications.domain.wording import CONDITION_NOT_MET_SENTENCES
from returners_platform.contracts.events import (
    HoursLogged,
    PlacementCompleted,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    ReturnerReregistered,
)
from returners_platform.contracts.vocabulary import ConditionNotMetReason

from .conftest import Service
from .events import council, example
from .receiver import receiving
from .test_applicant_emails import PROGRAMME, Stack, _part, _subject, stack  # noqa: F401

pytestmark = pytest.mark.integration

TRAINING = "/returners/training"
TRAINING_TYPES = [
    "placement.opened",
    "placement.offer_withdrawn",
    "placement.started",
    "hours.logged",
    "placement.completed",
    "returner.reregistered",
]


def about(application_id: uuid.UUID, council_id: uuid.UUID) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "council_id": council_id,
        "programme_id": PROGRAMME,
        "placement_id": uuid.uuid4(),
    }


async def test_the_applicant_hears_of_each_training_step_in_plain_words(
    stack: Stack,  # noqa: F811 - the fixture, imported
) -> None:
    council_id = uuid.uuid4()
    await stack.service.deliver(council(council_id, "Buckinghamshire Council"))
    ada, _ = await stack.submit("Ada", "Lovelace", "ada@example.org")
    mary, _ = await stack.submit("Mary", "Seacole", "mary@example.org")
    await stack.mail.wait_for("ada@example.org", 1)
    await stack.mail.wait_for("mary@example.org", 1)

    placement = about(ada, council_id)
    for model in (PlacementOpened, PlacementStarted, HoursLogged, PlacementCompleted):
        await stack.service.deliver(example(model, **placement), source=TRAINING)
    await stack.service.deliver(example(ReturnerReregistered, **placement), source=TRAINING)
    await stack.service.deliver(
        example(PlacementOfferWithdrawn, **about(mary, council_id)), source=TRAINING
    )

    messages = {_subject(m): m for m in await stack.mail.wait_for("ada@example.org", 5)}
    assert sorted(messages) == sorted(
        [
            "We have received your application to Return to Social Work (demo)",
            "Before your placement with Buckinghamshire Council can start",
            "Your placement with Buckinghamshire Council has started",
            "You have completed your placement: your updating record is ready",
            "Congratulations: you are back on the register",
        ]
    )  # hours logged: no email of its own
    conditions = _part(
        messages["Before your placement with Buckinghamshire Council can start"], "plain"
    )
    assert "an enhanced DBS check" in conditions
    assert "60 days (420 hours)" in conditions

    subject = "Your placement offer from Buckinghamshire Council has been withdrawn"
    [withdrawn] = [
        m for m in await stack.mail.wait_for("mary@example.org", 2) if _subject(m) == subject
    ]
    text = " ".join(_part(withdrawn, "plain").split())
    assert CONDITION_NOT_MET_SENTENCES[ConditionNotMetReason.DBS_DISCLOSURE] in text
    assert "dbs_disclosure" not in text


async def test_a_council_receives_its_own_placements_training_events_and_no_other(
    service: Service,
) -> None:
    own, other = uuid.uuid4(), uuid.uuid4()
    application = uuid.uuid4()
    with receiving() as receiver, receiving() as bystander:
        await service.subscribe(own, receiver.url, TRAINING_TYPES)
        await service.subscribe(other, bystander.url, ["placement.opened"])
        placement = about(application, own)
        sent = [
            await service.deliver(example(model, **placement), source=TRAINING)
            for model in (PlacementOpened, PlacementStarted, HoursLogged, PlacementCompleted)
        ]
        delivered = await service.wait_for_deliveries(own, len(sent))
        assert {d["event_id"] for d in delivered} == {e.id for e in sent}
        for body in receiver.processed.values():
            assert json.loads(body)["data"]["council_id"] == str(own)

        theirs = await service.deliver(
            example(PlacementOpened, **about(uuid.uuid4(), other)), source=TRAINING
        )
        [their_delivery] = await service.wait_for_deliveries(other, 1)
        assert their_delivery["event_id"] == theirs.id  # and not the first council's opening
    assert len(await service.deliveries(own)) == len(sent)
