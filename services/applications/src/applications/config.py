"""The applications service's settings (environment variables prefixed APPLICATIONS_)."""

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

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
    # Submissions per client address per minute (0 turns the limit off).
    submissions_per_minute: int = 30
    # The selection service, asked for the panel's feedback when an applicant reads their
    # status (empty: no selection service; the status shows no feedback).
    selection_base_url: str = "http://127.0.0.1:8005"
    selection_internal_token: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    selection_timeout_seconds: float = 2.0

    def secrets(self) -> dict[str, SecretStr]:
        return {
            **super().secrets(),
            "idempotency_encryption_key": self.idempotency_encryption_key,
            "selection_internal_token": self.selection_internal_token,
        }
