"""Which event type travels on which topic, keyed by what: the event catalogue."""

from dataclasses import dataclass

from returners_platform.contracts import topics
from returners_platform.contracts.envelope import EventData
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationSubmittedV2,
    ApplicationWithdrawn,
    AssessmentInvited,
    AssessmentScored,
    CouncilRegistered,
    EligibilityDecided,
    HoursLogged,
    InterviewBooked,
    InterviewBookingRequested,
    InterviewCancelled,
    InterviewInvited,
    InterviewScored,
    InterviewSlotUnavailable,
    NotificationDeliveryFailed,
    PlacementAccepted,
    PlacementCompleted,
    PlacementConditionRecorded,
    PlacementConditionsMet,
    PlacementDeclined,
    PlacementOffered,
    PlacementOfferedV2,
    PlacementOfferExpired,
    PlacementOfferWithdrawn,
    PlacementOpened,
    PlacementStarted,
    PlacementWithdrawn,
    ProgrammePublished,
    ProgrammePublishedV2,
    ProgrammePublishedV3,
    ReferenceReceived,
    ReferenceRequested,
    ReregistrationReported,
    ReturnerHired,
    ReturnerReregistered,
    SelectionDecided,
    SignInLinkRequested,
    VacancyClosed,
    VacancyPublished,
    VacancyPublishedV2,
    WaitlistPromoted,
)


@dataclass(frozen=True)
class EventSpec:
    model: type[EventData]
    topic: topics.Topic
    summary: str

    @property
    def type(self) -> str:
        return self.model.event_type

    @property
    def short_name(self) -> str:
        """``returners.placement.offered.v1`` -> ``placement.offered`` (used by subscriptions)."""
        return ".".join(self.type.split(".")[1:3])


CATALOGUE: tuple[EventSpec, ...] = (
    EventSpec(ApplicationSubmitted, topics.APPLICATIONS, "An applicant submitted an application."),
    EventSpec(
        ApplicationSubmittedV2,
        topics.APPLICATIONS,
        "An applicant submitted an application to a programme of any profession.",
    ),
    EventSpec(ApplicationWithdrawn, topics.APPLICATIONS, "An applicant withdrew before hire."),
    EventSpec(PlacementAccepted, topics.APPLICATIONS, "An applicant accepted an offer."),
    EventSpec(PlacementDeclined, topics.APPLICATIONS, "An applicant declined an offer."),
    EventSpec(ApplicantErased, topics.APPLICATIONS, "An applicant's personal data was erased."),
    EventSpec(
        InterviewBookingRequested,
        topics.APPLICATIONS,
        "An applicant asked to book, move or cancel an interview.",
    ),
    EventSpec(
        SignInLinkRequested,
        topics.APPLICATIONS,
        "Someone asked for a one-time sign-in link (only the request's id).",
    ),
    EventSpec(
        ReferenceRequested,
        topics.APPLICATIONS,
        "A referee's reference was asked for by a one-time link (ids only).",
    ),
    EventSpec(
        ReferenceReceived,
        topics.APPLICATIONS,
        "A referee answered: which reference, the referee's kind and the outcome only.",
    ),
    EventSpec(
        ReregistrationReported,
        topics.APPLICATIONS,
        "The returner reported their restoration application and the regulator's decision.",
    ),
    EventSpec(ProgrammePublished, topics.PROGRAMMES, "A programme was published."),
    EventSpec(
        ProgrammePublishedV2, topics.PROGRAMMES, "A programme was published, with its selection."
    ),
    EventSpec(
        ProgrammePublishedV3,
        topics.PROGRAMMES,
        "A programme of any profession was published: its job families and eligibility rules "
        "are data.",
    ),
    EventSpec(CouncilRegistered, topics.COUNCILS, "A council was registered."),
    EventSpec(VacancyPublished, topics.COUNCILS, "A council posted or changed a vacancy."),
    EventSpec(
        VacancyPublishedV2,
        topics.COUNCILS,
        "A council posted or changed a vacancy in one of a programme's job families.",
    ),
    EventSpec(VacancyClosed, topics.COUNCILS, "A council closed a vacancy."),
    EventSpec(EligibilityDecided, topics.PLACEMENTS, "Eligibility was decided, with reasons."),
    EventSpec(PlacementOffered, topics.PLACEMENTS, "A placement was offered to an applicant."),
    EventSpec(
        PlacementOfferedV2,
        topics.PLACEMENTS,
        "A placement in one of a programme's job families was offered to an applicant.",
    ),
    EventSpec(PlacementOfferExpired, topics.PLACEMENTS, "An offer expired unanswered."),
    EventSpec(ReturnerHired, topics.PLACEMENTS, "A council reported hiring a returner."),
    EventSpec(NotificationDeliveryFailed, topics.NOTIFICATIONS, "A notification failed for good."),
    EventSpec(AssessmentInvited, topics.SELECTION, "An eligible applicant was invited to assess."),
    EventSpec(AssessmentScored, topics.SELECTION, "An assessment result was recorded."),
    EventSpec(
        InterviewInvited, topics.SELECTION, "A candidate who passed was invited to interview."
    ),
    EventSpec(InterviewBooked, topics.SELECTION, "An interview slot was booked (or moved to)."),
    EventSpec(InterviewCancelled, topics.SELECTION, "A candidate cancelled their interview."),
    EventSpec(InterviewSlotUnavailable, topics.SELECTION, "A booking request could not be met."),
    EventSpec(InterviewScored, topics.SELECTION, "An interview was scored, or missed."),
    EventSpec(
        SelectionDecided, topics.SELECTION, "A candidate's result: selected, waitlisted or not."
    ),
    EventSpec(WaitlistPromoted, topics.SELECTION, "A waitlisted candidate took a freed place."),
    EventSpec(
        PlacementOpened,
        topics.TRAINING,
        "An accepted offer opened a placement, conditions pending.",
    ),
    EventSpec(
        PlacementConditionRecorded,
        topics.TRAINING,
        "A placement condition was recorded met, not met (with a reason) or pending.",
    ),
    EventSpec(PlacementConditionsMet, topics.TRAINING, "Every condition met: it may start."),
    EventSpec(
        PlacementOfferWithdrawn,
        topics.TRAINING,
        "A condition was not met: the accepted offer is withdrawn and the slot is free.",
    ),
    EventSpec(PlacementStarted, topics.TRAINING, "A placement started."),
    EventSpec(
        HoursLogged, topics.TRAINING, "Hours were logged (or corrected) towards the requirement."
    ),
    EventSpec(PlacementCompleted, topics.TRAINING, "Requirement met and placement ended (once)."),
    EventSpec(PlacementWithdrawn, topics.TRAINING, "A returner left a placement, with a reason."),
    EventSpec(
        ReturnerReregistered,
        topics.TRAINING,
        "The regulator restored the returner to the register.",
    ),
)

_BY_TYPE = {spec.type: spec for spec in CATALOGUE}
_BY_MODEL = {spec.model: spec for spec in CATALOGUE}
_BY_SHORT_NAME = {spec.short_name: spec for spec in CATALOGUE}


def spec_for_type(event_type: str) -> EventSpec | None:
    return _BY_TYPE.get(event_type)


def spec_for(model: type[EventData]) -> EventSpec:
    return _BY_MODEL[model]


def spec_for_short_name(short_name: str) -> EventSpec | None:
    return _BY_SHORT_NAME.get(short_name)


def topics_for(models: "list[type[EventData]] | tuple[type[EventData], ...]") -> list[topics.Topic]:
    """The distinct topics carrying the given event types, in catalogue order."""
    wanted = {spec_for(m).topic for m in models}
    return [t for t in topics.EVENT_TOPICS if t in wanted]
