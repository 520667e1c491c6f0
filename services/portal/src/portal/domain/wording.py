"""The portal's words for codes: eligibility reasons, statuses, timeline steps, offers.
Plain English, in the second person, as the Design System's content guidance asks."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from portal.domain.eligibility import Rules

LONDON = ZoneInfo("Europe/London")


# Who the programme's profession practises as, for "you are not practising as ... now".
PRACTITIONER = {
    "social_work": "a social worker",
    "planning": "a planner",
    "ict": "an ICT professional",
    "legal": "a lawyer",
}


def who_can_apply(rules: Rules) -> list[str]:
    """The start page's "You can apply if all of these are true", one line per rule the
    programme applies (social work's seven read as they always have)."""
    applied = rules.eligibility
    someone = PRACTITIONER.get(rules.profession, "a " + rules.profession.replace("_", " "))
    lines = []
    if (register := applied.previously_registered) is not None:
        lines.append(
            "you were registered as a social worker in the UK"
            if rules.profession == "social_work"
            else f"you were registered with one of: {', '.join(register.bodies)}"
        )
    if (statutory := applied.statutory_experience) is not None:
        lines.append(
            f"you practised in statutory social work for at least {statutory.min_years:g} years"
        )
    if (relevant := applied.relevant_experience) is not None:
        fields = ", ".join(f.replace("_", " ") for f in relevant.fields)
        lines.append(
            f"you have at least {relevant.min_years:g} years' experience in one or more of: "
            f"{fields}"
        )
    if (taken := applied.career_break) is not None:
        lines.append(f"you have had a career break of at least {taken.min_months} months")
    out = applied.time_out_of_practice
    if out is not None and out.min_years is not None and out.max_years is not None:
        lines.append(
            f"by {long_date(rules.starts_on)}, you will have been out of practice for between "
            f"{out.min_years} and {out.max_years} years"
        )
    if applied.not_currently_practising is not None:
        lines.append(f"you are not practising as {someone} now")
    if applied.no_conditions_of_practice is not None:
        lines.append("a regulator has never suspended you or given you conditions of practice")
    if applied.right_to_work is not None:
        lines.append("you have the right to work in the UK")
    return lines


def reason(code: str, rules: Rules | None = None) -> str:
    """Why someone is not eligible, for one failed rule."""
    applied = rules.eligibility if rules else None
    if code == "previously_registered":
        return "You need to have been registered as a social worker in the UK before."
    if code == "statutory_experience":
        rule = applied.statutory_experience if applied else None
        least = f"{rule.min_years:g} years" if rule else "some time"
        return f"You need at least {least} of practice in statutory social work."
    if code == "relevant_experience":
        relevant = applied.relevant_experience if applied else None
        least = f"{relevant.min_years:g} years" if relevant else "some time"
        return f"You need at least {least} of experience in the fields this programme names."
    if code == "career_break":
        taken = applied.career_break if applied else None
        least = f" of at least {taken.min_months} months" if taken else ""
        return f"The programme is for people returning from a career break{least}."
    if code == "not_currently_practising":
        return "The programme is for people who are not practising as social workers now."
    if code == "time_out_of_practice":
        out = applied.time_out_of_practice if applied else None
        if rules and out and out.min_years is not None and out.max_years is not None:
            return (
                f"By the time the programme starts ({long_date(rules.starts_on)}), you need to "
                f"have been out of practice for between {out.min_years} and "
                f"{out.max_years} years."
            )
        return "Your time out of practice is outside what the programme allows."
    if code == "no_conditions_of_practice":
        return "You cannot apply if a regulator suspended you or gave you conditions of practice."
    if code == "right_to_work":
        return "You need the right to work in the UK."
    if code == "within_window":
        return "Applications to this programme are closed."
    return code.replace("_", " ").capitalize() + "."


STATUS = {
    "submitted": ("Sent", "blue"),
    "eligible": ("Eligible", "green"),
    "ineligible": ("Not eligible", "red"),
    "invited": ("Online assessment", "blue"),
    "interviewing": ("Interview", "blue"),
    "selected": ("Selected", "green"),
    "waitlisted": ("On the waiting list", "yellow"),
    "rejected": ("Not selected", "red"),
    "offered": ("Placement offered", "purple"),
    "accepted": ("Placement accepted", "green"),
    "offer_withdrawn": ("Placement offer withdrawn", "red"),
    "in_placement": ("On placement", "blue"),
    "placement_withdrawn": ("Left the placement", "grey"),
    "completed": ("Placement completed", "green"),
    "reregistered": ("Back on the register", "green"),
    "hired": ("Hired", "green"),
    "withdrawn": ("Withdrawn", "grey"),
}

STEPS = {
    "submitted": "You sent your application",
    "eligibility_decided": "We checked if you are eligible",
    "eligible": "You are eligible",
    "ineligible": "You are not eligible",
    "assessment_invited": "We invited you to take the online assessment",
    "assessment_scored": "You took the online assessment",
    "interview_invited": "We invited you to book a video interview",
    "interview_requested": "You asked for an interview time",
    "interview_cancellation_requested": "You asked to cancel your interview",
    "interview_booked": "Your video interview was booked",
    "interview_cancelled": "Your video interview was cancelled",
    "interview_slot_unavailable": "The interview time you asked for was not available",
    "interview_held": "You had your video interview",
    "interview_missed": "You missed your video interview",
    "selection_decided": "We told you the result of selection",
    "waitlist_promoted": "A place became free and it is yours",
    "offered": "A council offered you a placement",
    "offer_expired": "A placement offer expired",
    "accepted": "You accepted a placement",
    "declined": "You declined a placement",
    "hired": "A council hired you",
    "withdrawn": "You withdrew your application",
    "personal_data_erased": "Your personal details were deleted",
    "reference_requested": "We asked your referee for a reference",
    "reference_received": "Your referee sent their reference",
    "placement_opened": "Your placement was set up",
    "condition_recorded": "The council updated one of your placement checks",
    "conditions_met": "You passed all your placement checks",
    "offer_withdrawn": "The council withdrew your placement offer",
    "placement_started": "You started your placement",
    "placement_completed": "You completed your placement",
    "placement_withdrawn": "You left your placement",
    "reregistration_reported": "You told us about your restoration to the register",
    "reregistered": "We confirmed you are back on the register",
}

# The checks a placement needs before it starts, and where each one stands.
CONDITIONS = {
    "dbs": "DBS check",
    "identity": "Identity check",
    "right_to_work": "Right to work check",
    "references": "References",
}
CONDITION_STATUS = {
    "met": ("Done", "green"),
    "not_met": ("Not met", "red"),
    "pending": ("Not done yet", "blue"),
}
CONDITION_NOT_MET = {
    "dbs_disclosure": "Your DBS check showed something that means the placement cannot go ahead.",
    "evidence_not_provided": "The council did not get the evidence it needed in time.",
    "evidence_not_verified": "The council could not check the evidence you gave.",
    "no_right_to_work": "You do not have the right to work in the UK.",
    "unsatisfactory_reference": "A referee could not recommend you.",
    "reference_not_received": "A reference did not arrive in time.",
}

# Why a returner left their placement.
PLACEMENT_WITHDRAWAL = {
    "personal_circumstances": "personal circumstances",
    "health": "health",
    "found_other_work": "you found other work",
    "caring_responsibilities": "caring responsibilities",
    "application_withdrawn": "you withdrew your application",
}

# The regulator's decision on an application for restoration to the register: as the form
# offers it, and as the status page shows it.
DECISIONS = {
    "restored": "I have been restored to the register",
    "refused": "My application was refused",
    "pending": "I am waiting for a decision",
}
DECISION_STATUS = {
    "restored": ("Restored", "green"),
    "refused": ("Refused", "red"),
    "pending": ("Waiting for a decision", "blue"),
}


def condition_not_met(code: str | None) -> str:
    return CONDITION_NOT_MET.get(code or "", "The council could not confirm this check.")


def hours(logged: float, required: float, days_logged: float, updating_days: int | None) -> str:
    """``84 of 210 hours (12 of 30 days)``."""
    days = updating_days or round(required / 7, 1)
    return f"{logged:g} of {required:g} hours ({days_logged:g} of {days:g} days)"


# The two references, and how a referee knows the applicant (its label and hint on the
# referees form; the reference it is, as the referee reads it).
REFERENCES = {"reference_1": "First reference", "reference_2": "Second reference"}
REFERENCE_STATUS = {"requested": ("Asked for", "blue"), "received": ("Received", "green")}
REFEREE_RELATIONSHIPS = {
    "employer": (
        "Employer",
        "Someone who managed you in a paid job, such as your line manager",
    ),
    "professional": (
        "Professional",
        "Someone who knows your work but did not employ you, such as a tutor, a colleague or "
        "the organiser of your volunteering. Only if you have had no paid work in the last "
        "3 years",
    ),
    "character": (
        "Character",
        "Someone who knows you well but is not a relative. Only if you have had no paid work "
        "in the last 3 years",
    ),
}
REFERENCE_ASKED = {
    "employer": "an employer's reference",
    "professional": "a professional reference",
    "character": "a character reference",
}

SPECIALISM = {"children": "Children and families", "adults": "Adults"}

# Why someone was not selected, one sentence per code of selection.decided.
SELECTION_REASONS = {
    "assessment_not_taken": "You did not take the online assessment before it closed.",
    "assessment_below_pass_mark": "Your online assessment score was below the pass mark.",
    "did_not_attend": "You did not come to your video interview.",
    "interview_not_completed": "Your video interview was not completed.",
    "interview_below_pass_mark": "Your interview score was below the pass mark.",
    "not_ranked_within_places": "Other people scored higher for the places on the programme.",
}

# Why the interview time someone asked for could not be booked.
SLOT_REFUSALS = {
    "slot_full": "That time is now full.",
    "no_such_slot": "That time is no longer offered.",
    "not_invited": "Your application is not at the interview stage.",
    "interview_over": "The interviews have finished.",
}


def selection_reason(code: str) -> str:
    return SELECTION_REASONS.get(code, code.replace("_", " ").capitalize() + ".")


def slot_refusal(code: str | None) -> str:
    return SLOT_REFUSALS.get(code or "", "That time could not be booked.")


def step(entry: dict[str, Any]) -> str:
    kind = str(entry["type"])
    return STEPS.get(kind, kind.replace("_", " ").capitalize())


def long_date(value: date | str) -> str:
    """``4 May 2027`` (an instant is shown as its day in London)."""
    when: date
    if isinstance(value, str) and "T" in value:
        when = datetime.fromisoformat(value).astimezone(LONDON).date()
    elif isinstance(value, str):
        when = date.fromisoformat(value)
    else:
        when = value
    return f"{when.day} {when:%B %Y}"


def long_time(value: datetime | str) -> str:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = when.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0")
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{local:%p}".replace("AM", "am").replace(
        "PM", "pm"
    )
