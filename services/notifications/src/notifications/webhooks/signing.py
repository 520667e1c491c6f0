"""Standard Webhooks signatures (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

The ``webhook-id`` is the delivery's id and never changes across retries or
replays, so a receiver that stores the ids it has processed handles each
delivery once even when we send it again (after a timeout, or a crash between
its 2xx and our record of it). The timestamp is that of each attempt.
"""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks format: ``whsec_<base64>``."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_headers(secret: str, webhook_id: str, body: str, at: datetime) -> dict[str, str]:
    # The library reads the timestamp as UTC whatever its zone says: give it UTC.
    at = at.astimezone(UTC)
    signature: str = Webhook(secret).sign(msg_id=webhook_id, timestamp=at, data=body)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
