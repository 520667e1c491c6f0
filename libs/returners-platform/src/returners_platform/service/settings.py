"""The settings every service shares; each service subclasses this once (its only settings class).

Outside local development (``RETURNERS_ENV`` other than ``local``/``test``), a
service refuses to start with a missing or default secret.
"""

import json
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings

from returners_platform.messaging.failure_policy import FailurePolicy

Environment = Literal["local", "test", "production"]

LOCAL_DEFAULT_SECRET = "local-dev-only-not-a-secret"  # noqa: S105 - refused outside local mode


class InsecureSettingsError(ValueError):
    pass


class ServiceSettings(BaseSettings):
    environment: Environment = Field(default="local", validation_alias="RETURNERS_ENV")
    service_name: str
    host: str = "127.0.0.1"
    port: int
    log_level: str = "INFO"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    db_pool_min: int = 1
    db_pool_max: int = 10
    # A connection a burst opened beyond ``db_pool_min`` is closed once unused this long (0:
    # never): each is a Postgres backend of 15-30 MiB, which an idle stack need not keep. The
    # pool hands out its most recently used connection first, so a steady load keeps its
    # warm ones; after a quiet spell a burst opens connections again (about 3 ms each, and a
    # round trip for each statement's first use on it). Raise it, or ``db_pool_min``, where
    # bursts after lulls matter more than memory.
    db_pool_idle_seconds: float = Field(default=10.0, ge=0)
    run_migrations: bool = True
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = ""
    kafka_create_topics: bool = True
    kafka_replication_factor: int = 1
    operations_token: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    max_body_bytes: int = 64 * 1024
    # A clock operations staff can move forward (``POST /admin/clock/advance``): the local
    # demo lets unanswered offers expire with it. Refused outside local and test mode.
    clock_adjustable: bool = False
    # Where that clock starts, in days from the system time (negative: in the past). The local
    # platform starts every clock the demo moves this far back, so that the demo's programme
    # happens in the months before today and its clocks read today's time when it is done.
    clock_start_days: float = 0.0
    # Outbox relay
    relay_enabled: bool = True
    relay_batch_size: int = 500
    relay_poll_interval_seconds: float = 1.0
    # Consumer failure policy: bounded retries with doubling backoff, then the dead-letter topic.
    consumer_enabled: bool = True
    consumer_max_attempts: int = 5
    consumer_backoff_initial_seconds: float = 0.2
    consumer_backoff_max_seconds: float = 30.0
    # How the broker answers the consumer's fetch: at once with whatever record arrived (the
    # defaults), or, for a service off the applicant's path, once this many bytes have
    # gathered or this long has passed. Each fetch is work for the broker and for the client
    # library: batched, a background service's consumer costs both a few fetches a second,
    # not one per event.
    consumer_fetch_min_bytes: int = 1
    consumer_fetch_max_wait_ms: int = 500

    def failure_policy(self) -> FailurePolicy:
        """How this service's consumers retry a record before dead-lettering it."""
        return FailurePolicy(
            max_attempts=self.consumer_max_attempts,
            backoff_initial_seconds=self.consumer_backoff_initial_seconds,
            backoff_max_seconds=self.consumer_backoff_max_seconds,
        )

    def secrets(self) -> dict[str, SecretStr]:
        """Secrets that must be set to non-default values outside local mode."""
        return {"operations_token": self.operations_token}

    @model_validator(mode="after")
    def _start_only_an_adjustable_clock(self) -> "ServiceSettings":
        if self.clock_start_days and not self.clock_adjustable:
            raise ValueError("clock_start_days moves an adjustable clock (clock_adjustable)")
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> "ServiceSettings":
        if self.environment in ("local", "test"):
            return self
        if self.clock_adjustable:
            raise InsecureSettingsError(
                f"refusing to start in {self.environment} mode with an adjustable clock"
            )
        weak = [
            name
            for name, value in self.secrets().items()
            if value.get_secret_value() in ("", LOCAL_DEFAULT_SECRET)
            or len(value.get_secret_value()) < 16
        ]
        if weak:
            raise InsecureSettingsError(
                f"refusing to start in {self.environment} mode with a missing or default "
                f"secret: {', '.join(sorted(weak))}"
            )
        return self

    @property
    def is_local(self) -> bool:
        return self.environment in ("local", "test")


class InternalTokenSettings(ServiceSettings):
    """The settings of a service with internal endpoints (``service.deps.InternalOnly``): the
    bearer token other services present to call them."""

    internal_token: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)

    def secrets(self) -> dict[str, SecretStr]:
        return {**super().secrets(), "internal_token": self.internal_token}


class CouncilKeySettings(ServiceSettings):
    """The settings of a service that takes council API keys (``service.auth``): the secret
    that signs them, the same in every such service."""

    council_key_secret: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)

    def secrets(self) -> dict[str, SecretStr]:
        return {**super().secrets(), "council_key_secret": self.council_key_secret}


class BackgroundServiceSettings(ServiceSettings):
    """The settings of a service off the applicant's path to a decision (notifications,
    selection, training): its consumer lets the broker gather records for up to a quarter of
    a second before answering a fetch, so at a steady trickle it fetches a few times a second
    rather than once an event. A backlog still arrives as fast as the broker sends it."""

    consumer_fetch_min_bytes: int = 1024 * 1024
    consumer_fetch_max_wait_ms: int = 250
    # A burst's events, handled a partition at a time, may wait for one of five connections:
    # each further one a Postgres backend of about 20 MiB while the burst lasts, and
    # ``db_pool_idle_seconds`` after it.
    db_pool_max: int = 5


def settings_environment(settings: BaseSettings) -> dict[str, str]:
    """Every field of ``settings`` as the environment variables that set it, secrets included:
    what a child process needs to run with exactly these settings (a new setting cannot be
    forgotten). ``type(settings)()`` built from this environment equals ``settings``."""
    prefix = settings.model_config.get("env_prefix", "")
    env = {}
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        if value is None:
            continue
        alias = field.validation_alias
        env[alias if isinstance(alias, str) else f"{prefix}{name}".upper()] = _as_env(value)
    return env


def _as_env(value: object) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list | tuple):
        return json.dumps(value)
    return str(value)
