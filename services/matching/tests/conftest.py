"""Builders shared by the matching service's tests: programmes and submissions."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ApplicationSubmittedV2,
    Break,
    JobFamilyPreferences,
    Preferences,
    ProfessionalHistory,
    ProgrammePublished,
    RegistrationHistory,
    UpdatingBand,
)
from returners_platform.contracts.vocabulary import (
    SOCIAL_WORK_REGISTERS,
    BreakReason,
    Region,
    Specialism,
)

LONDON = "Europe/London"


def rtsw_2020(**overrides: Any) -> ProgrammePublished:
    """Return to Social Work 2020, as SPEC.md describes it."""
    fields: dict[str, Any] = {
        "programme_id": "rtsw-2020",
        "title": "Return to Social Work 2020",
        "profession": "social_work",
        "opens_at": datetime.fromisoformat("2020-01-13T00:00:00+00:00"),
        "closes_at": datetime.fromisoformat("2020-03-31T23:59:59+01:00"),
        "timezone": LONDON,
        "starts_on": date(2020, 5, 1),
        "places": 200,
        "min_years_out": 2,
        "max_years_out": 10,
        "min_statutory_years": 2,
        "updating_days": [UpdatingBand(from_years=2, days=30), UpdatingBand(from_years=5, days=60)],
        "offer_window_days": 7,
        "regions": list(Region),
        "specialisms": list(Specialism),
        "recognised_bodies": list(SOCIAL_WORK_REGISTERS),
        "published_at": datetime(2020, 1, 6, tzinfo=UTC),
    }
    fields.update(overrides)
    return ProgrammePublished(**fields)


def open_programme(programme_id: str = "rtsw-open", **overrides: Any) -> dict[str, Any]:
    """A ``POST /admin/programmes`` body whose window is open now (rtsw-2020's rules)."""
    now = datetime.now(UTC)
    body = rtsw_2020(programme_id=programme_id).model_dump(mode="json", exclude={"published_at"})
    body.update(
        opens_at=(now - timedelta(days=30)).isoformat(),
        closes_at=(now + timedelta(days=60)).isoformat(),
        starts_on="2027-05-04",
    )
    body.update(overrides)
    return body


def submitted(
    *,
    programme_id: str = "rtsw-2020",
    submitted_at: datetime = datetime(2020, 3, 2, 9, 30, tzinfo=UTC),
    right_to_work_uk: bool = True,
    regions: tuple[Region, ...] = (Region.SOUTH_EAST,),
    specialisms: tuple[Specialism, ...] = (Specialism.CHILDREN,),
    application_id: UUID | None = None,
    **registration: Any,
) -> ApplicationSubmitted:
    """An application.submitted payload: eligible for rtsw-2020 unless overridden."""
    history: dict[str, Any] = {
        "body": "HCPC",
        "first_registered": date(2004, 9, 1),
        "last_practised": date(2014, 6, 30),
        "statutory_practice_years": 6,
        "currently_practising": False,
        "conditions_of_practice": False,
    }
    history.update(registration)
    return ApplicationSubmitted(
        application_id=application_id or uuid4(),
        programme_id=programme_id,
        submitted_at=submitted_at,
        right_to_work_uk=right_to_work_uk,
        registration=RegistrationHistory(**history),
        preferences=Preferences(regions=list(regions), specialisms=list(specialisms)),
    )


def open_ict_programme(programme_id: str = "ict-open") -> dict[str, Any]:
    """A ``POST /admin/programmes`` body for an ICT returner programme, open now: its own job
    families and rules as data (a career break of 12 months or more to care or while
    unemployed; no professional register), 20 days of training whatever the time out."""
    now = datetime.now(UTC)
    return {
        "programme_id": programme_id,
        "title": "ICT returners (open)",
        "profession": "ict",
        "opens_at": (now - timedelta(days=30)).isoformat(),
        "closes_at": (now + timedelta(days=60)).isoformat(),
        "timezone": LONDON,
        "starts_on": "2027-05-04",
        "places": 10,
        "updating_days": [{"from_years": 0, "days": 20}],
        "offer_window_days": 7,
        "regions": [r.value for r in Region],
        "job_families": [
            {"code": "cyber_security", "label": "Cyber security"},
            {"code": "service_design", "label": "Digital service design"},
        ],
        "eligibility": {
            "career_break": {
                "reasons": ["caring", "carer_unemployed", "long_term_unemployed"],
                "min_months": 12,
            },
            "not_currently_practising": {},
            "right_to_work": {},
        },
    }


def submitted_v2(
    *,
    programme_id: str = "ict-open",
    job_families: tuple[str, ...] = ("cyber_security",),
    right_to_work_uk: bool = True,
    **history: Any,
) -> ApplicationSubmittedV2:
    """An application.submitted v2 payload: eligible for ``open_ict_programme`` unless
    overridden (out since 2021 after 18 months' caring)."""
    answers: dict[str, Any] = {
        "last_practised": date(2021, 3, 31),
        "currently_practising": False,
        "career_break": Break(reason=BreakReason.CARING, months=18),
    }
    answers.update(history)
    return ApplicationSubmittedV2(
        application_id=uuid4(),
        programme_id=programme_id,
        submitted_at=datetime.now(UTC),
        right_to_work_uk=right_to_work_uk,
        history=ProfessionalHistory(**answers),
        preferences=JobFamilyPreferences(
            regions=[Region.SOUTH_EAST], job_families=list(job_families)
        ),
    )
