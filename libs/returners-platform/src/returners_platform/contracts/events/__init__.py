"""One pydantic model per event type, grouped by the service that publishes it."""

from returners_platform.contracts.events.applications import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    PlacementAccepted,
    PlacementDeclined,
    Preferences,
    RegistrationHistory,
    SignInLinkRequested,
)
from returners_platform.contracts.events.matching import (
    CouncilRegistered,
    EligibilityDecided,
    PlacementOffered,
    PlacementOfferExpired,
    ProgrammePublished,
    ReturnerHired,
    UpdatingBand,
    VacancyClosed,
    VacancyPublished,
)
from returners_platform.contracts.events.notifications import NotificationDeliveryFailed

__all__ = [
    "ApplicantErased",
    "ApplicationSubmitted",
    "ApplicationWithdrawn",
    "CouncilRegistered",
    "EligibilityDecided",
    "NotificationDeliveryFailed",
    "PlacementAccepted",
    "PlacementDeclined",
    "PlacementOfferExpired",
    "PlacementOffered",
    "Preferences",
    "ProgrammePublished",
    "RegistrationHistory",
    "ReturnerHired",
    "SignInLinkRequested",
    "UpdatingBand",
    "VacancyClosed",
    "VacancyPublished",
]
