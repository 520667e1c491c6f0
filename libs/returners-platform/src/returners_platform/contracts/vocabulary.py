"""Codes shared by events and APIs: programme ids, regions, specialisms, eligibility reasons."""

from enum import StrEnum
from typing import Annotated

from pydantic import Field

# A programme's id, as its publisher chose it: lower case letters, digits and hyphens.
ProgrammeId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]


class Region(StrEnum):
    """The nine English regions."""

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE_AND_THE_HUMBER = "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"


class Specialism(StrEnum):
    CHILDREN = "children"
    ADULTS = "adults"


class EligibilityReason(StrEnum):
    """One code per eligibility rule; a failed rule is reported by its code."""

    PREVIOUSLY_REGISTERED = "previously_registered"
    STATUTORY_EXPERIENCE = "statutory_experience"
    NOT_CURRENTLY_PRACTISING = "not_currently_practising"
    TIME_OUT_OF_PRACTICE = "time_out_of_practice"
    NO_CONDITIONS_OF_PRACTICE = "no_conditions_of_practice"
    RIGHT_TO_WORK = "right_to_work"
    WITHIN_WINDOW = "within_window"


class DeliveryChannel(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"


# The UK registers of social workers, past and present (rule previously_registered).
SOCIAL_WORK_REGISTERS: tuple[str, ...] = ("HCPC", "GSCC", "SWE", "CCW", "SCW", "SSSC", "NISCC")


class OfferStatus(StrEnum):
    """Where a placement offer stands: made, then accepted, declined, expired or withdrawn, and
    (once accepted) hired."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"


class SelectionOutcome(StrEnum):
    SELECTED = "selected"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"


class SelectionReason(StrEnum):
    """Why a candidate was not selected; one code per rule, stable (a new rule, a new code)."""

    ASSESSMENT_NOT_TAKEN = "assessment_not_taken"
    ASSESSMENT_BELOW_PASS_MARK = "assessment_below_pass_mark"  # noqa: S105 - a code
    DID_NOT_ATTEND = "did_not_attend"
    INTERVIEW_NOT_COMPLETED = "interview_not_completed"
    INTERVIEW_BELOW_PASS_MARK = "interview_below_pass_mark"  # noqa: S105 - a code
    NOT_RANKED_WITHIN_PLACES = "not_ranked_within_places"
