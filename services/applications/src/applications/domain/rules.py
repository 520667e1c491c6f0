"""What an applicant may do, given where their application stands."""

from datetime import datetime

from applications.domain.status import ApplicationStatus, OfferStatus
from returners_platform.contracts.eligibility_rules import EligibilityRules
from returners_platform.eligibility import Answers, missing_answers
from returners_platform.errors import Refused


def check_window(opens_at: datetime, closes_at: datetime, now: datetime) -> None:
    """Submissions are accepted only inside the programme's window, both ends inclusive."""
    if now < opens_at:
        raise Refused("programme_not_open", f"applications open at {opens_at.isoformat()}")
    if now > closes_at:
        raise Refused("programme_closed", f"applications closed at {closes_at.isoformat()}")


def check_preferences_offered(
    regions: list[str],
    specialisms: list[str],
    offered_regions: list[str],
    offered_specialisms: list[str],
    *,
    chosen_as: str = "specialisms",
) -> None:
    """Preferences must name regions and job families (a social-work programme's
    specialisms) the programme offers; ``chosen_as`` names the field they were chosen in."""
    if missing := sorted(set(regions) - set(offered_regions)):
        raise Refused(
            "region_not_offered", f"not offered by this programme: {missing}", "preferences.regions"
        )
    if missing := sorted(set(specialisms) - set(offered_specialisms)):
        raise Refused(
            "specialism_not_offered",
            f"not offered by this programme: {missing}",
            f"preferences.{chosen_as}",
        )


def check_answers_asked(answers: Answers, rules: EligibilityRules) -> None:
    """Every answer the programme's rules read must be given: a 422 naming the first one
    missing in ``history`` (a social worker's ``registration`` holds only social work's
    answers, so anything else it lacks is asked for there)."""
    if missing := missing_answers(answers, rules):
        raise Refused(
            "answer_required",
            f"the programme's rules ask for {', '.join(missing)}",
            f"history.{missing[0]}",
        )


def check_can_withdraw(status: ApplicationStatus) -> None:
    if status == ApplicationStatus.HIRED:
        raise Refused("already_hired", "a hired returner cannot withdraw the application")


def check_can_answer_offer(
    status: ApplicationStatus, offer_status: OfferStatus, expires_at: datetime, now: datetime
) -> None:
    if status == ApplicationStatus.WITHDRAWN:
        raise Refused("withdrawn", "the application was withdrawn")
    if offer_status != OfferStatus.OFFERED:
        raise Refused("offer_not_open", f"the offer is already {offer_status.value}")
    if now >= expires_at:
        raise Refused("offer_expired", f"the offer expired at {expires_at.isoformat()}")
