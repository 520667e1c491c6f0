"""The notifications service's settings (environment variables prefixed NOTIFICATIONS_)."""

from dataclasses import dataclass

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from notifications.domain.backoff import RetryPolicy
from returners_platform.service.settings import (
    LOCAL_DEFAULT_SECRET,
    BackgroundServiceSettings,
    CouncilKeySettings,
    InsecureSettingsError,
)


@dataclass(frozen=True)
class SmtpSettings:
    """The mail server and the sender: ``Settings.smtp``."""

    host: str
    port: int
    username: str | None
    password: SecretStr | None
    starttls: bool
    tls: bool
    timeout_seconds: float
    sender: str


# Connections beyond the delivery loops' own: the consumers, the API, the relay.
POOL_HEADROOM = 4


class Settings(BackgroundServiceSettings, CouncilKeySettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", populate_by_name=True)

    service_name: str = "notifications"
    port: int = 8003
    database_url: str = "postgresql://postgres@127.0.0.1:5433/notifications"
    # Each delivery loop holds a connection while it sends (claim, send, settle in one
    # transaction): room for every loop, and for the consumers and the API beside them.
    db_pool_max: int = 12

    # Contact lookup at send time: the applications service's internal endpoint, called with
    # the internal token (the same value as APPLICATIONS_INTERNAL_TOKEN). The shorter names
    # NOTIFICATIONS_APPLICATIONS_URL / NOTIFICATIONS_INTERNAL_TOKEN are accepted too.
    applications_base_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=AliasChoices(
            "NOTIFICATIONS_APPLICATIONS_BASE_URL", "NOTIFICATIONS_APPLICATIONS_URL"
        ),
    )
    applications_internal_token: SecretStr = Field(
        default=SecretStr(LOCAL_DEFAULT_SECRET),
        validation_alias=AliasChoices(
            "NOTIFICATIONS_APPLICATIONS_INTERNAL_TOKEN", "NOTIFICATIONS_INTERNAL_TOKEN"
        ),
    )
    contact_lookup_timeout_seconds: float = 10.0
    # Where sign-in links point: the applicant portal (``<portal_url>/sign-in/<token>``).
    portal_url: str = "http://127.0.0.1:8000"

    # Outgoing mail (make up: `python -m notifications.devmail`; docker-compose: Mailpit):
    # ``smtp`` hands them out together.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout_seconds: float = 30.0
    email_from: str = "Returners programme <no-reply@returners.example.org>"

    # Webhooks
    webhook_secret_encryption_key: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    webhook_timeout_seconds: float = 10.0
    max_subscriptions_per_council: int = 25
    # Local configuration only (refused in production): plain-HTTP targets, and targets on
    # private, loopback, link-local or otherwise non-public addresses (SSRF protection).
    allow_http_targets: bool = False
    allow_private_targets: bool = False

    # Delivery engine: retries with exponential backoff and full jitter, then a dead letter.
    # The defaults keep retrying for up to about a day (RetryPolicy.horizon; half that on average).
    delivery_max_attempts: int = 15
    delivery_backoff_initial_seconds: float = 10.0
    delivery_backoff_max_seconds: float = 6 * 3600.0
    # Loops sending at once: a send mostly waits (the contact lookup, the mail server). Four
    # kept up with barely 12 emails a second on two loaded CPUs when each email opened its own
    # SMTP connection, and a backlog after an outage drained slowly. Emails now share kept
    # connections (``smtp_connections``). Eight leave room to catch up; twelve woke in every
    # burst, each holding a pooled connection, and so a Postgres backend (about 20 MiB), in
    # this service and, through its contact lookups, in the applications service.
    delivery_concurrency: int = 8
    delivery_poll_interval_seconds: float = 1.0
    delivery_gauges_interval_seconds: float = 15.0

    def secrets(self) -> dict[str, SecretStr]:
        return {
            **super().secrets(),
            "applications_internal_token": self.applications_internal_token,
            "webhook_secret_encryption_key": self.webhook_secret_encryption_key,
        }

    @model_validator(mode="after")
    def _local_only_allowances(self) -> "Settings":
        if not self.is_local and (self.allow_http_targets or self.allow_private_targets):
            raise InsecureSettingsError(
                "allow_http_targets and allow_private_targets are for local configuration only"
            )
        return self

    @model_validator(mode="after")
    def _pool_has_room_beside_the_loops(self) -> "Settings":
        if self.db_pool_max < self.delivery_concurrency + POOL_HEADROOM:
            raise ValueError(
                f"db_pool_max ({self.db_pool_max}) must be at least delivery_concurrency "
                f"({self.delivery_concurrency}) + {POOL_HEADROOM}: each delivery loop holds a "
                "connection while it sends"
            )
        return self

    @property
    def smtp(self) -> SmtpSettings:
        """The ``smtp_*`` settings without their prefix, and ``email_from`` as the sender."""
        server = {
            name.removeprefix("smtp_"): value for name, value in self if name.startswith("smtp_")
        }
        return SmtpSettings(**server, sender=self.email_from)

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.delivery_max_attempts,
            initial_seconds=self.delivery_backoff_initial_seconds,
            max_seconds=self.delivery_backoff_max_seconds,
        )
