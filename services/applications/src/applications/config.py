"""The applications service's settings (environment variables prefixed APPLICATIONS_)."""

from datetime import timedelta

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from applications.domain.references import LINK_LIFETIME
from applications.use_cases.drafts import Lifetimes
from returners_platform.service.settings import LOCAL_DEFAULT_SECRET, InternalTokenSettings


class Settings(InternalTokenSettings):
    """``internal_token``: other services present it for the contact lookup at send time."""

    model_config = SettingsConfigDict(env_prefix="APPLICATIONS_", populate_by_name=True)

    service_name: str = "applications"
    port: int = 8001
    database_url: str = "postgresql://postgres@127.0.0.1:5433/applications"
    # Encrypts the response kept for Idempotency-Key replays (it holds the access token).
    idempotency_encryption_key: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    idempotency_window_hours: int = 24
    # Submissions (and new drafts) per client address per minute (0 turns the limit off).
    submissions_per_minute: int = 30
    # Sign-in link requests per client address per minute (0 turns the limit off); each
    # application or draft also gets at most 3 links in 15 minutes (domain/sign_in.py).
    sign_in_requests_per_minute: int = 30
    # The applicant portal: drafts are kept this long after they were last saved; a session
    # (what a sign-in link is exchanged for) and a sign-in link last this long.
    draft_days: int = 28
    session_minutes: int = 120
    sign_in_link_minutes: int = 60
    # A referee's one-time link works this long after their reference was asked for.
    reference_link_days: int = LINK_LIFETIME.days
    # The selection service, asked for the panel's feedback when an applicant reads their
    # status (empty: no selection service; the status shows no feedback).
    selection_base_url: str = "http://127.0.0.1:8005"
    selection_internal_token: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    selection_timeout_seconds: float = 2.0
    # How often the retention job looks for personal data past its programme's period.
    retention_interval_seconds: float = 300.0
    # Applicants erased per transaction by the retention job.
    retention_batch_size: int = 100

    @property
    def reference_link(self) -> timedelta:
        return timedelta(days=self.reference_link_days)

    @property
    def lifetimes(self) -> Lifetimes:
        return Lifetimes(
            draft_days=self.draft_days,
            session=timedelta(minutes=self.session_minutes),
            link=timedelta(minutes=self.sign_in_link_minutes),
        )

    def secrets(self) -> dict[str, SecretStr]:
        return {
            **super().secrets(),
            "idempotency_encryption_key": self.idempotency_encryption_key,
            "selection_internal_token": self.selection_internal_token,
        }
