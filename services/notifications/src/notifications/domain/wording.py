"""Codes in plain words, as the applicant reads them in an email."""

from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    EligibilityReason,
    PlacementCondition,
    RefereeKind,
    ReferenceNumber,
    SelectionReason,
    Specialism,
)

REASON_SENTENCES: dict[EligibilityReason, str] = {
    EligibilityReason.PREVIOUSLY_REGISTERED: (
        "You need to have been registered as a social worker in the UK before (with the HCPC, "
        "the GSCC, Social Work England, or the registers in Wales, Scotland or Northern Ireland)."
    ),
    EligibilityReason.STATUTORY_EXPERIENCE: (
        "You need to have practised in statutory social work for at least the programme's "
        "minimum time; someone who qualified but never practised is not a returner."
    ),
    EligibilityReason.RELEVANT_EXPERIENCE: (
        "You need at least the programme's minimum experience in the fields it counts as relevant."
    ),
    EligibilityReason.CAREER_BREAK: (
        "The programme is for people returning from a career break of the kind and length it names."
    ),
    EligibilityReason.NOT_CURRENTLY_PRACTISING: (
        "You are registered and practising now, and this programme is for people returning "
        "to social work."
    ),
    EligibilityReason.TIME_OUT_OF_PRACTICE: (
        "Your time out of practice, from when you last practised to the programme start, is "
        "outside the range this programme is designed for."
    ),
    EligibilityReason.NO_CONDITIONS_OF_PRACTICE: (
        "Your past registration carries conditions of practice or a suspension."
    ),
    EligibilityReason.RIGHT_TO_WORK: "You need to have the right to work in the UK.",
    EligibilityReason.WITHIN_WINDOW: (
        "Your application arrived outside the programme's application window."
    ),
}


def reason_sentences(codes: list[str]) -> list[str]:
    """The sentence for each reason code, in the order given; an unknown code says so plainly."""
    sentences = []
    for code in codes:
        try:
            sentences.append(REASON_SENTENCES[EligibilityReason(code)])
        except ValueError:
            sentences.append("One of the programme's requirements was not met.")
    return sentences


SELECTION_REASON_SENTENCES: dict[SelectionReason, str] = {
    SelectionReason.ASSESSMENT_NOT_TAKEN: "We did not receive a result for your online assessment.",
    SelectionReason.ASSESSMENT_BELOW_PASS_MARK: (
        "Your online assessment score was below the pass mark."
    ),
    SelectionReason.DID_NOT_ATTEND: "You did not attend a video interview.",
    SelectionReason.INTERVIEW_NOT_COMPLETED: "Your interview could not be completed.",
    SelectionReason.INTERVIEW_BELOW_PASS_MARK: "Your interview score was below the pass mark.",
    SelectionReason.NOT_RANKED_WITHIN_PLACES: (
        "You passed, but other candidates ranked higher for the places available."
    ),
}

SLOT_UNAVAILABLE_SENTENCES: dict[str, str] = {
    "slot_full": "The interview time you chose is now full.",
    "slot_passed": "The interview time you chose has already passed.",
    "no_such_slot": "The interview time you chose is not one of the programme's.",
    "no_booking": "You had no interview booked to cancel.",
    "not_invited": "You are not invited to an interview.",
    "interview_over": "Your interview has already taken place, or the results are out.",
}


def selection_reason_sentences(codes: list[str]) -> list[str]:
    """The sentence for each selection reason code, in the order given."""
    sentences = []
    for code in codes:
        try:
            sentences.append(SELECTION_REASON_SENTENCES[SelectionReason(code)])
        except ValueError:
            sentences.append("One of the selection's requirements was not met.")
    return sentences


def slot_unavailable_sentence(code: str) -> str:
    return SLOT_UNAVAILABLE_SENTENCES.get(code, "That interview time cannot be booked.")


SERVICE_AREAS: dict[Specialism, str] = {
    Specialism.CHILDREN: "children's services",
    Specialism.ADULTS: "adults' services",
}


def service_area(specialism: str) -> str:
    """``children's services`` for the specialism ``children``; another programme's job
    family in words (``development management services`` for ``development_management``)."""
    try:
        return SERVICE_AREAS[Specialism(specialism)]
    except ValueError:
        return specialism.replace("_", " ") + " services"


CONDITION_NAMES: dict[PlacementCondition, str] = {
    PlacementCondition.DBS: "an enhanced DBS check",
    PlacementCondition.IDENTITY: "proof of your identity",
    PlacementCondition.RIGHT_TO_WORK: "evidence of your right to work in the UK",
    PlacementCondition.REFERENCES: "your two references",
}

CONDITION_NOT_MET_SENTENCES: dict[ConditionNotMetReason, str] = {
    ConditionNotMetReason.DBS_DISCLOSURE: (
        "Your DBS check disclosed information that means the council cannot go ahead with "
        "the placement."
    ),
    ConditionNotMetReason.EVIDENCE_NOT_PROVIDED: (
        "We did not receive the evidence needed in time."
    ),
    ConditionNotMetReason.EVIDENCE_NOT_VERIFIED: (
        "The evidence you provided could not be verified."
    ),
    ConditionNotMetReason.NO_RIGHT_TO_WORK: (
        "The checks did not confirm your right to work in the UK."
    ),
    ConditionNotMetReason.UNSATISFACTORY_REFERENCE: "A reference was not satisfactory.",
    ConditionNotMetReason.REFERENCE_NOT_RECEIVED: "A reference was not received in time.",
    ConditionNotMetReason.OTHER: "The council could not confirm this check.",
}


def condition_name(code: str) -> str:
    """``an enhanced DBS check`` for ``dbs``; an unknown code says so plainly."""
    try:
        return CONDITION_NAMES[PlacementCondition(code)]
    except ValueError:
        return "one of the checks"


def condition_not_met_sentence(code: str | None) -> str:
    """Why a condition was not met, in plain words (a general sentence if no reason)."""
    general = "The council could not confirm this check."
    if code is None:
        return general
    try:
        return CONDITION_NOT_MET_SENTENCES[ConditionNotMetReason(code)]
    except ValueError:
        return general


def hours_as_days(hours: float) -> str:
    """``30 days (210 hours)``: the updating requirement as the regulator states it."""
    days = hours / 7
    shown = f"{days:g}" if days == int(days) else f"{days:.1f}"
    return f"{shown} days ({hours:g} hours)"


REFEREE_KINDS: dict[RefereeKind, str] = {
    RefereeKind.EMPLOYER: "an employer's reference",
    RefereeKind.PROFESSIONAL: "a professional reference",
    RefereeKind.CHARACTER: "a character reference",
}
REFERENCE_NUMBERS: dict[ReferenceNumber, str] = {
    ReferenceNumber.REFERENCE_1: "first",
    ReferenceNumber.REFERENCE_2: "second",
}


def referee_kind(kind: str) -> str:
    """``a character reference`` for the kind ``character``."""
    try:
        return REFEREE_KINDS[RefereeKind(kind)]
    except ValueError:
        return "a reference"


def reference_number(reference: str) -> str:
    """``first`` for ``reference_1``."""
    try:
        return REFERENCE_NUMBERS[ReferenceNumber(reference)]
    except ValueError:
        return "one"
