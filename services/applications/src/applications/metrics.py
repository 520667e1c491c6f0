"""Prometheus metrics of the applications service's own work (the shared ones — requests,
events, outbox, consumer lag, dead letters — come from the platform)."""

from prometheus_client import Counter

SUBMISSIONS = Counter(
    "returners_applications_submissions_total",
    "Submissions answered, by outcome (created, replayed: the same Idempotency-Key again)",
    ["outcome"],
)
ANSWERS = Counter(
    "returners_applications_offer_answers_total",
    "Applicants' answers to offers (accepted, declined), and withdrawals",
    ["answer"],
)
ERASURES = Counter(
    "returners_applications_erasures_total",
    "Applicants whose personal data was erased, by who asked (applicant, operations) or"
    " retention (the programme's period passed)",
    ["by"],
)
DRAFTS = Counter(
    "returners_applications_drafts_total",
    "Drafts started, sent as applications, and discarded",
    ["outcome"],
)
SIGN_IN_LINKS = Counter(
    "returners_applications_sign_in_links_total",
    "Sign-in links: requested, over_limit (asked too often: nothing sent), issued (to "
    "notifications, to send), used",
    ["event"],
)
REFERENCES = Counter(
    "returners_applications_references_total",
    "References: requested (a referee given), issued (a link to notifications, to send), "
    "received (a referee answered), refused (a link that is unknown, used, expired or another "
    "reference's)",
    ["event"],
)
