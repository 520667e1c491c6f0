"""Who may open an application: the bearer of its access token, or of a live session of it
(what the portal holds after a sign-in link)."""

from datetime import datetime
from uuid import UUID

from applications.store import applications
from applications.store.applications import Application
from returners_platform.errors import found
from returners_platform.messaging.unit_of_work import Db
from returners_platform.service.auth import token_hash

NOT_FOUND = "no such application for this token"


async def authorise(
    db: Db, application_id: UUID, access_token: str, now: datetime, *, lock: bool = True
) -> Application:
    """The application if ``access_token`` is its token or a session's (locked for the
    transaction unless ``lock`` is false); otherwise NotFound, the same as for an application
    that does not exist."""
    authorised = await applications.authorised(
        db, application_id, token_hash(access_token), now, for_update=lock
    )
    return found(authorised, NOT_FOUND)
