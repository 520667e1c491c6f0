"""Sign-in links: when one may be sent, what it opens, and how long it and a session last."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

# How often links may be sent for one application (or draft): at most LIMIT in WINDOW.
LINKS_PER_WINDOW = 3
WINDOW = timedelta(minutes=15)


class Purpose(StrEnum):
    SIGN_IN = "sign_in"  # to a sent application
    RESUME = "resume"  # to come back to a draft


@dataclass(frozen=True)
class Target:
    """What a link opens: an application or a draft (never both)."""

    application_id: UUID | None = None
    draft_id: UUID | None = None

    @property
    def purpose(self) -> Purpose:
        return Purpose.SIGN_IN if self.application_id is not None else Purpose.RESUME


def may_send(sent_in_window: int) -> bool:
    """A link goes out unless this many were asked for the same target within the window
    (the answer to the asker is the same either way)."""
    return sent_in_window < LINKS_PER_WINDOW


def usable(expires_at: datetime, used_at: datetime | None, now: datetime) -> bool:
    return used_at is None and now < expires_at
