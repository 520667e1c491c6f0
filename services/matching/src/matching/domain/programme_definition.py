"""A programme's whole configuration as operations staff define it, validated as a whole
(the body of ``POST /admin/programmes``).

Two shapes: a social-work programme names its ``specialisms`` and the parameters of social
work's seven rules (``min_statutory_years``, ``min_years_out``, ``max_years_out``,
``recognised_bodies``) and is published as ``programme.published`` v2; a programme of any
profession names its ``job_families`` and its ``eligibility`` rules as data and is published
as v3.

``GET /programmes/{id}`` answers the ``programme.published`` payload: these fields plus
``published_at``, with ``recognised_bodies`` filled in and the window's instants expressed
in the programme's time zone.
"""

from datetime import date, datetime
from functools import cache
from typing import Annotated
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from matching.domain.professions import default_recognised_bodies
from returners_platform.contracts.eligibility_rules import EligibilityRules
from returners_platform.contracts.events import (
    JobFamily,
    ProgrammePublishedV2,
    ProgrammePublishedV3,
    PublishedProgramme,
    SelectionRules,
    UpdatingBand,
)
from returners_platform.contracts.retention import RetentionPeriods
from returners_platform.contracts.vocabulary import ProgrammeId, Region, Specialism
from returners_platform.validation import PlainText, field_error

Years = Annotated[int, Field(ge=0, le=60)]
BodyCode = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,31}$")]


@cache
def _iana_zones() -> frozenset[str]:
    return frozenset(available_timezones())


class ProgrammeDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    programme_id: ProgrammeId
    title: PlainText = Field(min_length=1, max_length=200)
    profession: str = Field(pattern=r"^[a-z][a-z0-9_]{1,40}$", examples=["social_work"])
    opens_at: AwareDatetime = Field(description="ISO 8601 with an offset")
    closes_at: AwareDatetime = Field(description="ISO 8601 with an offset; after opens_at")
    timezone: str = Field(description="IANA time zone of the window, e.g. Europe/London")
    starts_on: date
    places: int = Field(ge=1, le=100_000)
    min_years_out: Years | None = Field(
        default=None, description="Social work: inclusive; null for no minimum"
    )
    max_years_out: Years | None = Field(
        default=None, description="Social work: inclusive; null for no maximum"
    )
    min_statutory_years: float | None = Field(default=None, ge=0, le=60, description="Social work")
    updating_days: list[UpdatingBand] = Field(
        max_length=20, description="Sorted by from_years, strictly ascending"
    )
    offer_window_days: float = Field(gt=0, le=90)
    regions: list[Region] = Field(min_length=1, max_length=9)
    specialisms: list[Specialism] | None = Field(
        default=None, min_length=1, max_length=2, description="Social work's job families"
    )
    recognised_bodies: list[BodyCode] | None = Field(
        default=None,
        description="Social work: registers that count as previously registered; defaults by "
        "profession",
    )
    job_families: list[JobFamily] | None = Field(
        default=None,
        min_length=1,
        max_length=30,
        description="With eligibility: the programme's own job families (code and label)",
    )
    eligibility: EligibilityRules | None = Field(
        default=None,
        description="The rules the programme applies, as data (any profession); absent: "
        "social work's seven, with the fields above",
    )
    selection: SelectionRules | None = Field(
        default=None,
        description="Assessment, interview and ranking to the places; absent: every eligible "
        "applicant is matched",
    )
    retention: RetentionPeriods = Field(
        default_factory=RetentionPeriods,
        description="Months applicants' personal data is kept after the result, a withdrawal "
        "or the hire; absent: 6, 6 and 24",
    )

    @field_validator("timezone")
    @classmethod
    def _real_zone(cls, value: str) -> str:
        if value not in _iana_zones():
            raise ValueError("not an IANA time zone name")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ProgrammeDefinition":
        if self.closes_at <= self.opens_at:
            raise _error(("closes_at",), "must be after opens_at", self.closes_at)
        if self.starts_on < self.opens_at.date():
            raise _error(("starts_on",), "is before the application window opens", self.starts_on)
        if (
            self.min_years_out is not None
            and self.max_years_out is not None
            and self.max_years_out < self.min_years_out
        ):
            raise _error(("max_years_out",), "is below min_years_out", self.max_years_out)
        starts = [band.from_years for band in self.updating_days]
        if starts != sorted(set(starts)):
            raise _error(
                ("updating_days",), "bands must be sorted by from_years, without repeats", starts
            )
        if self.eligibility is None:
            self._social_work_shaped()
        else:
            self._rules_as_data()
        for name, values in (
            ("regions", self.regions),
            ("specialisms", self.specialisms or []),
            ("job_families", [f.code for f in self.job_families or []]),
        ):
            if len(set(values)) != len(values):
                raise _error((name,), "has duplicates", values)
        if self.selection is not None:
            _check_selection(self.selection, self.opens_at)
        if self.eligibility is None and self.recognised_bodies is None:
            default = default_recognised_bodies(self.profession)
            if default is None:
                raise _error(
                    ("recognised_bodies",),
                    f"required: no default registers for profession {self.profession!r}",
                    None,
                )
            self.recognised_bodies = list(default)
        zone = ZoneInfo(self.timezone)
        for name in ("opens_at", "closes_at"):
            try:
                setattr(self, name, getattr(self, name).astimezone(zone))
            except OverflowError:
                raise _error((name,), "out of range in this time zone", None) from None
        return self

    def _social_work_shaped(self) -> None:
        for name in ("specialisms", "min_statutory_years", "min_years_out", "max_years_out"):
            if name not in self.model_fields_set:
                raise _error((name,), "required (or define job_families and eligibility)", None)
        if self.specialisms is None or self.min_statutory_years is None:
            raise _error(("specialisms",), "required with min_statutory_years", None)
        if self.job_families is not None:
            raise _error(("job_families",), "needs eligibility (rules as data)", None)

    def _rules_as_data(self) -> None:
        if self.job_families is None:
            raise _error(("job_families",), "required with eligibility", None)
        for name in (
            "specialisms",
            "min_statutory_years",
            "min_years_out",
            "max_years_out",
            "recognised_bodies",
        ):
            if getattr(self, name) is not None:
                raise _error((name,), "not used with eligibility: the rules say it there", None)

    def published(self, at: datetime) -> PublishedProgramme:
        """The ``programme.published`` this definition announces at ``at``: v2 for a
        social-work-shaped one, v3 for one whose rules are data."""
        if self.eligibility is None:
            return ProgrammePublishedV2(
                **self.model_dump(exclude={"job_families", "eligibility"}), published_at=at
            )
        return ProgrammePublishedV3(
            **self.model_dump(exclude=set(_SOCIAL_WORK_FIELDS)), published_at=at
        )


_SOCIAL_WORK_FIELDS = (
    "specialisms",
    "min_statutory_years",
    "min_years_out",
    "max_years_out",
    "recognised_bodies",
)


def _check_selection(selection: SelectionRules, opens_at: datetime) -> None:
    """Selection rules that cannot work: pass marks out of reach, an empty scale, results
    before the assessment closes, repeated criteria."""
    assessment, interview = selection.assessment, selection.interview
    if assessment.pass_mark > assessment.max_score:
        raise _error(
            ("selection", "assessment", "pass_mark"), "is above max_score", assessment.pass_mark
        )
    if assessment.closes_at <= opens_at:
        raise _error(
            ("selection", "assessment", "closes_at"),
            "is before the application window opens",
            assessment.closes_at,
        )
    if interview.scale.min >= interview.scale.max:
        raise _error(("selection", "interview", "scale"), "min must be below max", None)
    if interview.pass_mark > interview.max_score:
        raise _error(
            ("selection", "interview", "pass_mark"),
            f"is above the most a panel member can give ({interview.max_score})",
            interview.pass_mark,
        )
    if len(set(interview.criteria)) != len(interview.criteria):
        raise _error(("selection", "interview", "criteria"), "has duplicates", interview.criteria)
    if selection.results_on < assessment.closes_at.date():
        raise _error(
            ("selection", "results_on"), "is before the assessment closes", selection.results_on
        )


def _error(loc: tuple[str, ...], message: str, value: object) -> Exception:
    return field_error("ProgrammeDefinition", loc, message, value)
