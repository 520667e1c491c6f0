"""Every Kafka topic, its partition count and its single writer — the one place they are defined,
with the consumer group names.

Topic and consumer group names can carry a prefix (``KAFKA_TOPIC_PREFIX``) so that test runs
and parallel environments on one broker stay apart: one environment's consumers never join,
nor wait on a rebalance of, another's group.
"""

from dataclasses import dataclass

PARTITIONS = 3


@dataclass(frozen=True)
class Topic:
    name: str
    owner: str
    key: str
    description: str
    partitions: int = PARTITIONS

    def qualified(self, prefix: str = "") -> str:
        return f"{prefix}{self.name}"


APPLICATIONS = Topic(
    "returners.applications",
    owner="applications",
    key="application_id (a sign-in link request: its own id)",
    description="What applicants did: submitted, withdrew, answered offers, were erased, asked "
    "for a sign-in link.",
)
PROGRAMMES = Topic(
    "returners.programmes",
    owner="matching",
    key="programme_id",
    description="Programmes published by operations staff.",
)
COUNCILS = Topic(
    "returners.councils",
    owner="matching",
    key="council_id",
    description="Councils and their vacancies.",
)
PLACEMENTS = Topic(
    "returners.placements",
    owner="matching",
    key="application_id",
    description="Decisions about an application: eligibility, offers, expiries, hires.",
)
NOTIFICATIONS = Topic(
    "returners.notifications",
    owner="notifications",
    key="recipient_id",
    description="Notification facts: deliveries that failed for good.",
)

SELECTION = Topic(
    "returners.selection",
    owner="selection",
    key="application_id",
    description="Selection among eligible applicants: assessment, interviews, results, waitlist.",
)

TRAINING = Topic(
    "returners.training",
    owner="training",
    key="application_id",
    description="Placements after acceptance: conditions, start, logged hours, completion or "
    "withdrawal, and re-registration.",
)

EVENT_TOPICS: tuple[Topic, ...] = (
    APPLICATIONS,
    PROGRAMMES,
    COUNCILS,
    PLACEMENTS,
    NOTIFICATIONS,
    SELECTION,
    TRAINING,
)

SERVICES: tuple[str, ...] = (
    "applications",
    "matching",
    "notifications",
    "reporting",
    "selection",
    "training",
)


def dead_letter_topic(service: str) -> Topic:
    """Each consuming service has one dead-letter topic; headers name the original topic."""
    return Topic(
        f"returners.dlq.{service}",
        owner=service,
        key="original key",
        description=f"Events the {service} service could not handle, with the reason in headers.",
    )


def consumer_group(service: str, prefix: str = "") -> str:
    """The consumer group a service's event consumer reads with (reporting's: its faust app)."""
    return f"{prefix}returners.{service}"


def dead_letter_replay_group(service: str, prefix: str = "") -> str:
    """Where replaying a service's dead letters records how far it got."""
    return f"{prefix}returners.dlq-replay.{service}"


DEAD_LETTER_TOPICS: tuple[Topic, ...] = tuple(dead_letter_topic(s) for s in SERVICES)

ALL_TOPICS: tuple[Topic, ...] = EVENT_TOPICS + DEAD_LETTER_TOPICS
