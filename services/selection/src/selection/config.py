"""The selection service's settings (environment variables prefixed SELECTION_)."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from returners_platform.service.settings import LOCAL_DEFAULT_SECRET, ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SELECTION_", populate_by_name=True)

    service_name: str = "selection"
    port: int = 8005
    database_url: str = "postgresql://postgres@127.0.0.1:5433/selection"
    # Bearer token the applications service presents for a candidate's feedback (internal).
    internal_token: SecretStr = SecretStr(LOCAL_DEFAULT_SECRET)
    # How often the results loop looks for programmes whose results day has come.
    results_check_seconds: float = Field(default=60.0, gt=0)

    def secrets(self) -> dict[str, SecretStr]:
        return {**super().secrets(), "internal_token": self.internal_token}
