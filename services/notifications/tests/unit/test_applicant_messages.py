"""Which emails an applicant gets for which event, and when the reminder is due."""

from datetime import UTC, datetime, timedelta

from notifications.domain.applicant_messages import REMINDER_LEAD, emails_for, reminder_time
from returners_platform.contracts.events import (
    ApplicationSubmitted,
    ApplicationWithdrawn,
    AssessmentInvited,
    EligibilityDecided,
    HoursLogged,
    InterviewBooked,
    InterviewInvited,
    InterviewScored,
    InterviewSlotUnavailable,
    PlacementCompleted,
    PlacementConditionRecorded,
    PlacementConditionsMet,
    PlacementOffered,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    PlacementWithdrawn,
    ReferenceReceived,
    ReferenceRequested,
    ReturnerHired,
    ReturnerReregistered,
    SelectionDecided,
    VacancyPublished,
    WaitlistPromoted,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import (
    EligibilityReason,
    SelectionOutcome,
    SelectionReason,
)

NOW = datetime(2020, 3, 2, 9, 30, tzinfo=UTC)


def test_a_submission_gets_a_receipt_now() -> None:
    [email] = emails_for(EXAMPLES[ApplicationSubmitted], now=NOW)
    assert (email.template, email.due_at) == ("submitted", NOW)
    assert email.programme_id == "rtsw-2020"


def test_an_eligible_decision_carries_the_updating_days() -> None:
    decided = EXAMPLES[EligibilityDecided].model_copy(
        update={"eligible": True, "reasons": [], "updating_days": 30}
    )
    [email] = emails_for(decided, now=NOW)
    assert (email.template, email.context) == ("eligible", {"updating_days": 30})


def test_an_ineligible_decision_carries_every_reason_code() -> None:
    decided = EXAMPLES[EligibilityDecided].model_copy(
        update={
            "reasons": [EligibilityReason.TIME_OUT_OF_PRACTICE, EligibilityReason.RIGHT_TO_WORK]
        }
    )
    [email] = emails_for(decided, now=NOW)
    assert email.template == "ineligible"
    assert email.context == {"reasons": ["time_out_of_practice", "right_to_work"]}


def test_an_offer_gets_the_offer_now_and_a_reminder_a_day_before_it_expires() -> None:
    offer = EXAMPLES[PlacementOffered]
    assert isinstance(offer, PlacementOffered)
    offered, reminder = emails_for(offer, now=NOW)
    assert (offered.template, offered.due_at, offered.offer_id) == ("offered", NOW, offer.offer_id)
    assert offered.context["expires_at"] == offer.expires_at.isoformat()
    assert (reminder.template, reminder.offer_id) == ("offer_expiring", offer.offer_id)
    assert reminder.due_at == offer.expires_at - timedelta(hours=24)


def test_no_reminder_when_the_offer_is_consumed_after_the_reminder_time() -> None:
    offer = EXAMPLES[PlacementOffered]
    assert isinstance(offer, PlacementOffered)
    late = offer.expires_at - timedelta(hours=2)
    assert [e.template for e in emails_for(offer, now=late)] == ["offered"]


def test_no_reminder_for_an_offer_shorter_than_the_reminder_lead() -> None:
    assert reminder_time(NOW, NOW + timedelta(hours=12), REMINDER_LEAD) is None
    assert reminder_time(NOW, NOW + timedelta(hours=36), REMINDER_LEAD) == NOW + timedelta(hours=12)


def test_a_hire_gets_a_welcome_naming_the_council() -> None:
    [email] = emails_for(EXAMPLES[ReturnerHired], now=NOW)
    assert email.template == "hired"
    assert email.context["council_id"] == "0c7a3d52-6f65-4a8e-a6d1-0d7b9e3c4b10"


def test_events_the_applicant_is_not_told_about_send_nothing() -> None:
    assert emails_for(EXAMPLES[VacancyPublished], now=NOW) == []
    assert emails_for(EXAMPLES[ApplicationWithdrawn], now=NOW) == []


def test_no_planned_email_carries_personal_data() -> None:
    for event in EXAMPLES.values():
        for email in emails_for(event, now=NOW):
            keys = " ".join(email.context)
            assert not any(word in keys for word in ("name", "email", "phone", "postcode"))


def test_a_booked_interview_is_confirmed_now_and_reminded_the_day_before() -> None:
    starts = NOW + timedelta(days=5)
    booked = EXAMPLES[InterviewBooked].model_copy(update={"starts_at": starts, "booked_at": NOW})
    confirmation, reminder = emails_for(booked, now=NOW)
    assert (confirmation.template, confirmation.due_at) == ("interview_booked", NOW)
    assert (reminder.template, reminder.due_at) == ("interview_reminder", starts - REMINDER_LEAD)
    assert reminder.context["starts_at"] == starts.isoformat()


def test_an_interview_booked_for_within_a_day_has_no_reminder() -> None:
    booked = EXAMPLES[InterviewBooked].model_copy(
        update={"starts_at": NOW + timedelta(hours=5), "booked_at": NOW}
    )
    assert [e.template for e in emails_for(booked, now=NOW)] == ["interview_booked"]


def test_a_selection_result_carries_the_outcome_rank_and_reason_codes() -> None:
    decided = EXAMPLES[SelectionDecided].model_copy(
        update={
            "outcome": SelectionOutcome.REJECTED,
            "rank": None,
            "reasons": [SelectionReason.INTERVIEW_BELOW_PASS_MARK],
        }
    )
    [email] = emails_for(decided, now=NOW)
    assert (email.template, email.context) == (
        "selection_result",
        {"outcome": "rejected", "rank": None, "selection_reasons": ["interview_below_pass_mark"]},
    )


def test_every_selection_step_an_applicant_acts_on_sends_one_email() -> None:
    steps = {
        AssessmentInvited: "assessment_invited",
        InterviewInvited: "interview_invited",
        InterviewSlotUnavailable: "interview_slot_unavailable",
        WaitlistPromoted: "waitlist_promoted",
    }
    for event, template in steps.items():
        assert [e.template for e in emails_for(EXAMPLES[event], now=NOW)] == [template]
    assert emails_for(EXAMPLES[InterviewScored], now=NOW) == []


def test_each_training_step_the_applicant_acts_on_or_celebrates_sends_one_email() -> None:
    templates = {
        PlacementOpened: "placement_conditions",
        PlacementOfferWithdrawn: "offer_withdrawn",
        PlacementStarted: "placement_started",
        PlacementCompleted: "placement_completed",
        ReturnerReregistered: "reregistered",
    }
    for model, template in templates.items():
        [email] = emails_for(EXAMPLES[model], now=NOW)
        assert (email.template, email.due_at) == (template, NOW)
        assert email.context["council_id"] == "0c7a3d52-6f65-4a8e-a6d1-0d7b9e3c4b10"
    for model in (
        PlacementConditionRecorded,
        PlacementConditionsMet,
        HoursLogged,
        PlacementWithdrawn,
    ):
        assert emails_for(EXAMPLES[model], now=NOW) == []


def test_the_conditions_email_lists_every_condition_and_the_withdrawal_says_which_failed() -> None:
    [opened] = emails_for(EXAMPLES[PlacementOpened], now=NOW)
    assert opened.context["conditions"] == [
        "dbs",
        "identity",
        "right_to_work",
        "references",
    ]
    assert opened.context["required_hours"] == 420
    [withdrawn] = emails_for(EXAMPLES[PlacementOfferWithdrawn], now=NOW)
    assert (withdrawn.context["condition"], withdrawn.context["condition_reason"]) == (
        "dbs",
        "dbs_disclosure",
    )


def test_a_reference_asked_for_emails_the_referee_by_the_reference_and_carries_ids_only() -> None:
    requested = EXAMPLES[ReferenceRequested]
    [email] = emails_for(requested, now=NOW)
    assert (email.template, email.application_id, email.due_at) == (
        "reference_request",
        requested.reference_id,
        NOW,
    )
    assert email.context == {"reference": "reference_2"}


def test_a_reference_received_tells_the_applicant_which_one_but_not_the_outcome() -> None:
    received = EXAMPLES[ReferenceReceived]
    [email] = emails_for(received, now=NOW)
    assert (email.template, email.application_id) == ("reference_received", received.application_id)
    assert email.context == {"reference": "reference_2"}
