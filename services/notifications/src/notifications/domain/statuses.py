"""Where a delivery (one webhook to one subscription, or one email to one applicant) stands."""

from enum import StrEnum


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first attempt, a retry, or its scheduled time
    DELIVERED = "delivered"  # the receiver answered 2xx / the SMTP server accepted the message
    SKIPPED = "skipped"  # an email to an applicant whose personal data was erased
    CANCELLED = "cancelled"  # no longer wanted: subscription deleted, offer answered, ...
    DEAD_LETTER = "dead_letter"  # every retry failed; an operator can replay it


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    DELETED = "deleted"
