"""Signing secrets and Standard Webhooks signatures, checked with the reference library."""

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.fernet import InvalidToken
from pydantic import SecretStr
from standardwebhooks import Webhook, WebhookVerificationError

from notifications.webhooks.secret_box import SecretBox
from notifications.webhooks.signing import new_secret, signature_headers

BODY = '{"id":"e1","type":"returners.placement.offered.v1","data":{}}'


def test_a_secret_is_in_the_standard_webhooks_format() -> None:
    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert new_secret() != secret


def test_the_signature_verifies_with_the_standardwebhooks_library() -> None:
    secret = new_secret()
    headers = signature_headers(secret, "delivery-1", BODY, datetime.now(UTC))
    assert headers["webhook-id"] == "delivery-1"
    assert Webhook(secret).verify(BODY, headers)["id"] == "e1"


def test_a_time_in_another_zone_signs_the_same_instant() -> None:
    secret = new_secret()
    at = datetime.now(timezone(timedelta(hours=1)))
    headers = signature_headers(secret, "d", BODY, at)
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    Webhook(secret).verify(BODY, headers)


def test_another_secret_or_a_changed_body_does_not_verify() -> None:
    secret = new_secret()
    headers = signature_headers(secret, "d", BODY, datetime.now(UTC))
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace("e1", "e2"), headers)


def test_secrets_are_sealed_at_rest_and_open_only_with_the_same_key() -> None:
    box = SecretBox(SecretStr("key-one"))
    sealed = box.seal("whsec_abc")
    assert b"whsec_abc" not in sealed
    assert box.open(sealed) == "whsec_abc"
    with pytest.raises(InvalidToken):
        SecretBox(SecretStr("key-two")).open(sealed)
