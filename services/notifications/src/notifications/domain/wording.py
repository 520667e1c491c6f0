"""Codes in plain words, as the applicant reads them in an email."""

from returners_platform.contracts.vocabulary import EligibilityReason, Specialism

REASON_SENTENCES: dict[EligibilityReason, str] = {
    EligibilityReason.PREVIOUSLY_REGISTERED: (
        "You need to have been registered as a social worker in the UK before (with the HCPC, "
        "the GSCC, Social Work England, or the registers in Wales, Scotland or Northern Ireland)."
    ),
    EligibilityReason.STATUTORY_EXPERIENCE: (
        "You need to have practised in statutory social work for at least the programme's "
        "minimum time; someone who qualified but never practised is not a returner."
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


SERVICE_AREAS: dict[Specialism, str] = {
    Specialism.CHILDREN: "children's services",
    Specialism.ADULTS: "adults' services",
}


def service_area(specialism: str) -> str:
    """``children's services`` for the specialism ``children``."""
    try:
        return SERVICE_AREAS[Specialism(specialism)]
    except ValueError:
        return f"{specialism} services"
