"""One realistic example payload per event type (used in docs and compatibility tests)."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    AssessmentInvited,
    AssessmentRules,
    AssessmentScored,
    CouncilRegistered,
    EligibilityDecided,
    InterviewBooked,
    InterviewBookingRequested,
    InterviewCancelled,
    InterviewInvited,
    InterviewRules,
    InterviewScored,
    InterviewSlotUnavailable,
    NotificationDeliveryFailed,
    PlacementAccepted,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferExpired,
    Preferences,
    ProgrammePublished,
    ProgrammePublishedV2,
    RegistrationHistory,
    ReturnerHired,
    Scale,
    SelectionDecided,
    SelectionRules,
    SignInLinkRequested,
    UpdatingBand,
    VacancyClosed,
    VacancyPublished,
    WaitlistPromoted,
)
from returners_platform.contracts.vocabulary import (
    SOCIAL_WORK_REGISTERS,
    DeliveryChannel,
    EligibilityReason,
    Region,
    SelectionOutcome,
    SelectionReason,
    Specialism,
)

_APP = UUID("5b0c6f0e-8d8a-4c53-9d6b-3f1f8c1d2a01")
_COUNCIL = UUID("0c7a3d52-6f65-4a8e-a6d1-0d7b9e3c4b10")
_VACANCY = UUID("9e1f0a77-2b1c-4d3e-8f5a-6b7c8d9e0f21")
_OFFER = UUID("3d4e5f60-7182-4394-a5b6-c7d8e9f0a132")
_AT = datetime(2020, 3, 2, 9, 30, tzinfo=UTC)

_REQUEST = UUID("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901")
_SLOT = UUID("8f9a0b1c-2d3e-4f5a-9b6c-7d8e9f0a1b2c")
_RTSW_2020: dict[str, Any] = dict(
    programme_id="rtsw-2020",
    title="Return to Social Work 2020",
    profession="social_work",
    opens_at=datetime(2020, 1, 13, 0, 0, tzinfo=UTC),
    closes_at=datetime(2020, 3, 31, 22, 59, 59, tzinfo=UTC),
    timezone="Europe/London",
    starts_on=date(2020, 5, 1),
    places=200,
    min_years_out=2,
    max_years_out=10,
    min_statutory_years=2,
    updating_days=[UpdatingBand(from_years=2, days=30), UpdatingBand(from_years=5, days=60)],
    offer_window_days=7,
    regions=list(Region),
    specialisms=list(Specialism),
    recognised_bodies=list(SOCIAL_WORK_REGISTERS),
    published_at=_AT,
)

EXAMPLES: dict[type[EventData], EventData] = {
    ApplicationSubmitted: ApplicationSubmitted(
        application_id=_APP,
        programme_id="rtsw-2020",
        submitted_at=_AT,
        right_to_work_uk=True,
        registration=RegistrationHistory(
            body="HCPC",
            first_registered=date(2004, 9, 1),
            last_practised=date(2014, 6, 30),
            statutory_practice_years=6,
            currently_practising=False,
            conditions_of_practice=False,
        ),
        preferences=Preferences(regions=[Region.SOUTH_EAST], specialisms=[Specialism.CHILDREN]),
    ),
    ApplicationWithdrawn: ApplicationWithdrawn(
        application_id=_APP, programme_id="rtsw-2020", withdrawn_at=_AT
    ),
    PlacementAccepted: PlacementAccepted(
        application_id=_APP,
        programme_id="rtsw-2020",
        offer_id=_OFFER,
        council_id=_COUNCIL,
        vacancy_id=_VACANCY,
        accepted_at=_AT,
    ),
    PlacementDeclined: PlacementDeclined(
        application_id=_APP,
        programme_id="rtsw-2020",
        offer_id=_OFFER,
        council_id=_COUNCIL,
        vacancy_id=_VACANCY,
        declined_at=_AT,
    ),
    ApplicantErased: ApplicantErased(application_id=_APP, programme_id="rtsw-2020", erased_at=_AT),
    ProgrammePublished: ProgrammePublished(**_RTSW_2020),
    CouncilRegistered: CouncilRegistered(
        council_id=_COUNCIL, name="Buckinghamshire Council", registered_at=_AT
    ),
    VacancyPublished: VacancyPublished(
        vacancy_id=_VACANCY,
        council_id=_COUNCIL,
        programme_id="rtsw-2020",
        region=Region.SOUTH_EAST,
        specialism=Specialism.CHILDREN,
        slots=3,
        starts_on=date(2020, 5, 4),
        revision=1,
        published_at=_AT,
    ),
    VacancyClosed: VacancyClosed(
        vacancy_id=_VACANCY, council_id=_COUNCIL, programme_id="rtsw-2020", closed_at=_AT
    ),
    EligibilityDecided: EligibilityDecided(
        application_id=_APP,
        programme_id="rtsw-2020",
        eligible=False,
        reasons=[EligibilityReason.TIME_OUT_OF_PRACTICE],
        updating_days=None,
        years_out_of_practice=11.2,
        decided_at=_AT,
    ),
    PlacementOffered: PlacementOffered(
        offer_id=_OFFER,
        application_id=_APP,
        programme_id="rtsw-2020",
        council_id=_COUNCIL,
        vacancy_id=_VACANCY,
        region=Region.SOUTH_EAST,
        specialism=Specialism.CHILDREN,
        updating_days=60,
        starts_on=date(2020, 5, 4),
        offered_at=_AT,
        expires_at=datetime(2020, 3, 9, 9, 30, tzinfo=UTC),
    ),
    PlacementOfferExpired: PlacementOfferExpired(
        offer_id=_OFFER,
        application_id=_APP,
        programme_id="rtsw-2020",
        council_id=_COUNCIL,
        vacancy_id=_VACANCY,
        expired_at=_AT,
    ),
    ReturnerHired: ReturnerHired(
        application_id=_APP,
        programme_id="rtsw-2020",
        council_id=_COUNCIL,
        vacancy_id=_VACANCY,
        offer_id=_OFFER,
        hired_at=_AT,
    ),
    ProgrammePublishedV2: ProgrammePublishedV2(
        **_RTSW_2020,
        selection=SelectionRules(
            assessment=AssessmentRules(
                pass_mark=60,
                max_score=100,
                closes_at=datetime(2020, 4, 14, 22, 59, 59, tzinfo=UTC),
                weight=0.4,
            ),
            interview=InterviewRules(
                criteria=["values", "knowledge_and_skills", "reflective_practice", "communication"],
                scale=Scale(min=1, max=4),
                panel_size=2,
                pass_mark=10,
                weight=0.6,
            ),
            results_on=date(2020, 5, 4),
        ),
    ),
    InterviewBookingRequested: InterviewBookingRequested(
        application_id=_APP,
        programme_id="rtsw-2020",
        request_id=_REQUEST,
        slot_id=_SLOT,
        requested_at=_AT,
    ),
    AssessmentInvited: AssessmentInvited(
        application_id=_APP,
        programme_id="rtsw-2020",
        closes_at=datetime(2020, 4, 14, 22, 59, 59, tzinfo=UTC),
        invited_at=_AT,
    ),
    AssessmentScored: AssessmentScored(
        application_id=_APP,
        programme_id="rtsw-2020",
        attempt=1,
        score=72,
        max_score=100,
        passed=True,
        scored_at=_AT,
    ),
    InterviewInvited: InterviewInvited(
        application_id=_APP, programme_id="rtsw-2020", invited_at=_AT
    ),
    InterviewBooked: InterviewBooked(
        application_id=_APP,
        programme_id="rtsw-2020",
        request_id=_REQUEST,
        slot_id=_SLOT,
        starts_at=datetime(2020, 4, 21, 9, 0, tzinfo=UTC),
        booked_at=_AT,
    ),
    InterviewCancelled: InterviewCancelled(
        application_id=_APP,
        programme_id="rtsw-2020",
        request_id=_REQUEST,
        slot_id=_SLOT,
        cancelled_at=_AT,
    ),
    InterviewSlotUnavailable: InterviewSlotUnavailable(
        application_id=_APP,
        programme_id="rtsw-2020",
        request_id=_REQUEST,
        slot_id=_SLOT,
        reason="slot_full",
        at=_AT,
    ),
    InterviewScored: InterviewScored(
        application_id=_APP,
        programme_id="rtsw-2020",
        attended=True,
        score=12.5,
        max_score=16,
        passed=True,
        scored_at=_AT,
    ),
    SelectionDecided: SelectionDecided(
        application_id=_APP,
        programme_id="rtsw-2020",
        outcome=SelectionOutcome.WAITLISTED,
        rank=203,
        weighted_score=0.7569,
        reasons=[SelectionReason.NOT_RANKED_WITHIN_PLACES],
        decided_at=_AT,
    ),
    WaitlistPromoted: WaitlistPromoted(
        application_id=_APP,
        programme_id="rtsw-2020",
        rank=203,
        replaces=UUID("6c1d7f1f-9e9b-4d64-8e7c-4a2a9d2e3b02"),
        promoted_at=_AT,
    ),
    NotificationDeliveryFailed: NotificationDeliveryFailed(
        delivery_id=UUID("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"),
        channel=DeliveryChannel.WEBHOOK,
        recipient_id=_COUNCIL,
        subscription_id=UUID("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
        source_event_id="0f9e8d7c-6b5a-4948-8372-615049382716",
        source_event_type="returners.placement.offered.v1",
        attempts=12,
        last_error="HTTP 503 from receiver",
        failed_at=_AT,
    ),
    SignInLinkRequested: SignInLinkRequested(
        sign_in_request_id=UUID("6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), requested_at=_AT
    ),
}
