"""The selection service's settings (environment variables prefixed SELECTION_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from returners_platform.service.settings import BackgroundServiceSettings, InternalTokenSettings


class Settings(BackgroundServiceSettings, InternalTokenSettings):
    """``internal_token``: the applications service presents it for a candidate's feedback."""

    model_config = SettingsConfigDict(env_prefix="SELECTION_", populate_by_name=True)

    service_name: str = "selection"
    port: int = 8005
    database_url: str = "postgresql://postgres@127.0.0.1:5433/selection"
    # How often the results loop looks for programmes whose results day has come.
    results_check_seconds: float = Field(default=60.0, gt=0)
    # How often the retention job looks for feedback past its programme's period.
    retention_interval_seconds: float = Field(default=300.0, gt=0)
