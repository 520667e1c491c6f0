"""Settings: local allowances are refused outside local configuration; what the environment
configures (the contact lookup, the mail server)."""

import pytest
from pydantic import SecretStr, ValidationError

from notifications.config import Settings, SmtpSettings

STRONG = SecretStr("a-long-production-secret-value")
PRODUCTION = {
    "environment": "production",
    "operations_token": STRONG,
    "council_key_secret": STRONG,
    "applications_internal_token": STRONG,
    "webhook_secret_encryption_key": STRONG,
}


def test_production_settings_with_real_secrets_are_accepted() -> None:
    settings = Settings(**PRODUCTION)  # type: ignore[arg-type]
    assert not settings.allow_private_targets
    assert not settings.allow_http_targets


@pytest.mark.parametrize("allowance", ["allow_private_targets", "allow_http_targets"])
def test_production_refuses_local_allowances(allowance: str) -> None:
    with pytest.raises(ValidationError, match="local configuration only"):
        Settings(**PRODUCTION, **{allowance: True})  # type: ignore[arg-type]


@pytest.mark.parametrize("secret", ["applications_internal_token", "webhook_secret_encryption_key"])
def test_production_refuses_a_default_service_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match=secret):
        Settings(**{**PRODUCTION, secret: SecretStr("local-dev-only-not-a-secret")})  # type: ignore[arg-type]


def test_local_settings_may_allow_private_and_plain_http_targets() -> None:
    settings = Settings(allow_private_targets=True, allow_http_targets=True)
    assert settings.allow_private_targets
    assert settings.allow_http_targets
    assert settings.port == 8003


@pytest.mark.parametrize(
    ("url_variable", "token_variable"),
    [
        ("NOTIFICATIONS_APPLICATIONS_BASE_URL", "NOTIFICATIONS_APPLICATIONS_INTERNAL_TOKEN"),
        ("NOTIFICATIONS_APPLICATIONS_URL", "NOTIFICATIONS_INTERNAL_TOKEN"),
    ],
)
def test_the_contact_lookup_is_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, url_variable: str, token_variable: str
) -> None:
    monkeypatch.setenv(url_variable, "http://applications:8001")
    monkeypatch.setenv(token_variable, "int_token")
    monkeypatch.setenv("NOTIFICATIONS_SMTP_PORT", "2525")
    settings = Settings()
    assert settings.applications_base_url == "http://applications:8001"
    assert settings.applications_internal_token.get_secret_value() == "int_token"
    assert settings.smtp_port == 2525


def test_the_mail_server_is_configured_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable, value in {
        "HOST": "mail.example.org",
        "PORT": "587",
        "USERNAME": "returners",
        "PASSWORD": "mail-secret",
        "STARTTLS": "true",
        "TLS": "false",
        "TIMEOUT_SECONDS": "12.5",
    }.items():
        monkeypatch.setenv(f"NOTIFICATIONS_SMTP_{variable}", value)
    monkeypatch.setenv("NOTIFICATIONS_EMAIL_FROM", "Returners <hello@example.org>")
    assert Settings().smtp == SmtpSettings(
        host="mail.example.org",
        port=587,
        username="returners",
        password=SecretStr("mail-secret"),
        starttls=True,
        tls=False,
        timeout_seconds=12.5,
        sender="Returners <hello@example.org>",
    )


def test_the_pool_has_a_connection_for_every_delivery_loop_and_room_beside_them() -> None:
    settings = Settings()
    assert settings.db_pool_max >= settings.delivery_concurrency + 4
    with pytest.raises(ValidationError, match="db_pool_max"):
        Settings(delivery_concurrency=12, db_pool_max=12)
    assert Settings(delivery_concurrency=2, db_pool_max=6).db_pool_max == 6
