"""Codes shared by events and APIs: programme ids, regions, specialisms, eligibility reasons;
and the equality monitoring answers (APIs only: never in an event)."""

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
    """Social work's two job families (``programme.published`` v1 and v2, vacancies and
    applications v1); a programme of v3 names its own (``JobFamilyCode``)."""

    CHILDREN = "children"
    ADULTS = "adults"


SPECIALISM_LABELS: dict[Specialism, str] = {
    Specialism.CHILDREN: "Children's services",
    Specialism.ADULTS: "Adults' services",
}

# A job family's code, as its programme names it (``children``, ``development_management``,
# ``cyber_security``): lower case letters, digits and underscores.
JobFamilyCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")]


class EligibilityReason(StrEnum):
    """One code per eligibility rule, in the order failed rules are reported; a failed rule is
    reported by its code. Codes are stable: a new rule gets a new code (``relevant_experience``
    and ``career_break`` came with programmes of other professions)."""

    PREVIOUSLY_REGISTERED = "previously_registered"
    STATUTORY_EXPERIENCE = "statutory_experience"
    RELEVANT_EXPERIENCE = "relevant_experience"
    CAREER_BREAK = "career_break"
    NOT_CURRENTLY_PRACTISING = "not_currently_practising"
    TIME_OUT_OF_PRACTICE = "time_out_of_practice"
    NO_CONDITIONS_OF_PRACTICE = "no_conditions_of_practice"
    RIGHT_TO_WORK = "right_to_work"
    WITHIN_WINDOW = "within_window"


class BreakReason(StrEnum):
    """Why someone left their profession, as a programme's ``career_break`` rule reads it (the
    LGA's 2020-21 cohorts: caring for someone, or unemployed). An eligibility answer, which
    events carry; not the equality question ``CareerBreakReason``, which they never do."""

    CARING = "caring"
    CARER_UNEMPLOYED = "carer_unemployed"  # a carer made unemployed (COVID-19)
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    OTHER = "other"


# A field of experience a programme counts as relevant (``town_planning``, ``architecture``,
# ``statutory_social_work``...): lower case letters, digits and underscores.
FieldCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,40}$")]


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


# -- Equality monitoring: the application's optional questions (SPEC.md, "Equality
# monitoring"). Answers live only in the applications service, never in an event; the portal
# asks them with these codes. Each question may be left out, or answered "prefer not to say".

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class CareerBreakReason(StrEnum):
    """Why the applicant left practice."""

    CARING_FOR_CHILDREN = "caring_for_children"
    CARING_FOR_AN_ADULT = "caring_for_an_adult"
    OWN_HEALTH = "own_health"
    OTHER = "other"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class AgeBand(StrEnum):
    AGE_16_TO_24 = "16_to_24"
    AGE_25_TO_34 = "25_to_34"
    AGE_35_TO_44 = "35_to_44"
    AGE_45_TO_54 = "45_to_54"
    AGE_55_TO_64 = "55_to_64"
    AGE_65_AND_OVER = "65_and_over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Ethnicity(StrEnum):
    """The ONS's five broad ethnic groups (England and Wales)."""

    ASIAN = "asian"  # Asian, Asian British or Asian Welsh
    BLACK = "black"  # Black, Black British, Black Welsh, Caribbean or African
    MIXED = "mixed"  # Mixed or Multiple ethnic groups
    WHITE = "white"
    OTHER = "other"  # Other ethnic group
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Disability(StrEnum):
    """A physical or mental health condition or illness lasting or expected to last 12 months
    or more that reduces the ability to carry out day-to-day activities (Equality Act 2010)."""

    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class PlacementCondition(StrEnum):
    """A condition of an accepted offer, checked before the placement may start."""

    DBS = "dbs"  # the enhanced DBS check
    IDENTITY = "identity"
    RIGHT_TO_WORK = "right_to_work"
    REFERENCES = "references"  # both references in and satisfactory (or the council's word)


class ConditionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    PENDING = "pending"


class ConditionNotMetReason(StrEnum):
    """Why a condition was not met; one code per cause, stable (a new cause, a new code)."""

    DBS_DISCLOSURE = "dbs_disclosure"  # the check disclosed something that rules the placement out
    EVIDENCE_NOT_PROVIDED = "evidence_not_provided"  # nothing (or too little) in time
    EVIDENCE_NOT_VERIFIED = "evidence_not_verified"  # provided, but could not be verified
    NO_RIGHT_TO_WORK = "no_right_to_work"
    UNSATISFACTORY_REFERENCE = "unsatisfactory_reference"
    REFERENCE_NOT_RECEIVED = "reference_not_received"
    OTHER = "other"


class ReferenceNumber(StrEnum):
    """Which of the applicant's two references a referee's answer is (together they decide the
    ``references`` condition)."""

    REFERENCE_1 = "reference_1"
    REFERENCE_2 = "reference_2"


class RefereeKind(StrEnum):
    """Who gave a reference: an employer, or (for someone with no employment in the last three
    years) a professional or character referee."""

    EMPLOYER = "employer"
    PROFESSIONAL = "professional"
    CHARACTER = "character"


class ReferenceOutcome(StrEnum):
    SATISFACTORY = "satisfactory"
    UNSATISFACTORY = "unsatisfactory"


class HoursKind(StrEnum):
    """What logged hours were spent on; every kind counts towards the updating requirement."""

    PLACEMENT = "placement"
    WORKSHOP = "workshop"
    COACHING = "coaching"
    MENTORING = "mentoring"
    INTERVIEW_PREPARATION = "interview_preparation"


class HoursLoggedBy(StrEnum):
    COUNCIL = "council"
    PROVIDER = "provider"  # the training provider
    OPERATIONS = "operations"


class OfferWithdrawalReason(StrEnum):
    """Why an accepted offer was withdrawn before its placement started."""

    CONDITIONS_NOT_MET = "conditions_not_met"


class PlacementWithdrawalReason(StrEnum):
    """Why a returner left a placement (that had opened) before completing it."""

    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    HEALTH = "health"
    FOUND_OTHER_WORK = "found_other_work"
    CARING_RESPONSIBILITIES = "caring_responsibilities"
    APPLICATION_WITHDRAWN = "application_withdrawn"  # the applicant withdrew, giving no reason
    OTHER = "other"


class ReregistrationDecision(StrEnum):
    """The regulator's decision on a returner's application for restoration to the register."""

    RESTORED = "restored"
    REFUSED = "refused"
    PENDING = "pending"  # applied, not decided yet


class ReregistrationReportedBy(StrEnum):
    RETURNER = "returner"  # through the applications service
    OPERATIONS = "operations"
