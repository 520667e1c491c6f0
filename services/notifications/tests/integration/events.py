"""Event payloads for tests: the contract's examples with the ids a test needs."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicationWithdrawn,
    CouncilRegistered,
    EligibilityDecided,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    ProgrammePublished,
    ReturnerHired,
    VacancyPublished,
)
from returners_platform.contracts.examples import EXAMPLES

E = TypeVar("E", bound=EventData)


def example(model: type[E], **changes: Any) -> E:
    return model.model_validate({**EXAMPLES[model].model_dump(), **changes})


def vacancy(council_id: uuid.UUID) -> VacancyPublished:
    return example(VacancyPublished, council_id=council_id, vacancy_id=uuid.uuid4())


def council(council_id: uuid.UUID, name: str) -> CouncilRegistered:
    return example(CouncilRegistered, council_id=council_id, name=name)


def offer(
    council_id: uuid.UUID,
    application_id: uuid.UUID,
    *,
    expires_in: timedelta = timedelta(days=7),
    programme_id: str = "rtsw-2020",
) -> PlacementOffered:
    now = datetime.now(UTC)
    return example(
        PlacementOffered,
        council_id=council_id,
        application_id=application_id,
        offer_id=uuid.uuid4(),
        programme_id=programme_id,
        offered_at=now,
        expires_at=now + expires_in,
    )


def _offer_fields(offered: PlacementOffered) -> dict[str, Any]:
    return {
        "application_id": offered.application_id,
        "programme_id": offered.programme_id,
        "offer_id": offered.offer_id,
        "council_id": offered.council_id,
        "vacancy_id": offered.vacancy_id,
    }


def accepted(offered: PlacementOffered) -> PlacementAccepted:
    return PlacementAccepted(**_offer_fields(offered), accepted_at=datetime.now(UTC))


def declined(offered: PlacementOffered) -> PlacementDeclined:
    return PlacementDeclined(**_offer_fields(offered), declined_at=datetime.now(UTC))


def hired(offered: PlacementOffered) -> ReturnerHired:
    return ReturnerHired(**_offer_fields(offered), hired_at=datetime.now(UTC))


def withdrawn(application_id: uuid.UUID) -> ApplicationWithdrawn:
    return example(ApplicationWithdrawn, application_id=application_id)


def decided(application_id: uuid.UUID, programme_id: str, **changes: Any) -> EligibilityDecided:
    values: dict[str, Any] = {"eligible": True, "reasons": [], "updating_days": 30}
    values.update(changes)
    return example(
        EligibilityDecided,
        application_id=application_id,
        programme_id=programme_id,
        decided_at=datetime.now(UTC),
        **values,
    )


def open_programme(programme_id: str = "rtsw-open") -> ProgrammePublished:
    now = datetime.now(UTC)
    return example(
        ProgrammePublished,
        programme_id=programme_id,
        title="Return to Social Work (demo)",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=30),
        published_at=now,
    )
