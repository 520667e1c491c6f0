"""The portal's settings (environment variables prefixed PORTAL_).

The portal owns no database and reads no topic: the only state it keeps is a signed,
encrypted, HTTP-only, SameSite cookie. It needs the applications service's address (for
everything about the applicant), the selection service's (for its public list of interview
times), the programme it serves, the secret the cookie is sealed with, and where GOV.UK
Frontend is.
"""

from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from returners_platform.service.settings import (
    LOCAL_DEFAULT_SECRET,
    Environment,
    InsecureSettingsError,
)

# services/portal/node_modules, where `npm ci` (make up, make test) puts GOV.UK Frontend.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", populate_by_name=True)

    environment: Environment = Field(default="local", validation_alias="RETURNERS_ENV")
    service_name: str = "portal"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # The applications service's public API: everything about the applicant goes through it.
    applications_url: str = "http://127.0.0.1:8001"
    applications_timeout_seconds: float = 10.0
    # The selection service, for one public read: a programme's interview times.
    selection_url: str = "http://127.0.0.1:8005"
    # The programme the start page offers (a published, open programme). Locally, rtsw-open:
    # the demo runs its own cohort (rtsw-demo) through selection beside it, and closes that.
    programme_id: str = "rtsw-open"
    # Seals the session cookie (encrypted and signed); at least 32 characters outside local.
    session_secret: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    session_minutes: int = 120
    # Secure cookies (HTTPS only): on outside local development and tests.
    cookie_secure: bool | None = None
    # Sign-in link requests per browser address per minute (the answer never says whether
    # an address is known; beyond the limit it says to wait).
    sign_in_requests_per_minute: int = 5
    # GOV.UK Frontend's dist/govuk directory (from npm's govuk-frontend).
    govuk_frontend_dir: Path = PACKAGE_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"

    def secrets(self) -> dict[str, SecretStr]:
        """Secrets that must be set to non-default values outside local mode."""
        return {"session_secret": self.session_secret}

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else not self.is_local

    @property
    def is_local(self) -> bool:
        return self.environment in ("local", "test")

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> "Settings":
        secret = self.session_secret.get_secret_value()
        if not self.is_local and (secret == LOCAL_DEFAULT_SECRET or len(secret) < 32):
            raise InsecureSettingsError(
                f"refusing to start in {self.environment} mode with a missing or default "
                "secret: session_secret"
            )
        return self
