"""The training service's settings (environment variables prefixed TRAINING_)."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from returners_platform.service.settings import (
    BackgroundServiceSettings,
    CouncilKeySettings,
    InternalTokenSettings,
)


class Settings(BackgroundServiceSettings, CouncilKeySettings, InternalTokenSettings):
    """Council keys (signed by ``council_key_secret``, as matching issues them) for the
    councils' API; ``internal_token`` for the applications service's one call (the returner's
    updating record, a PDF); placement facts and re-registration travel by Kafka."""

    model_config = SettingsConfigDict(env_prefix="TRAINING_", populate_by_name=True)

    service_name: str = "training"
    port: int = 8006
    database_url: str = "postgresql://postgres@127.0.0.1:5433/training"
    # How often the retention job looks for personal data past its programme's period.
    retention_interval_seconds: float = Field(default=300.0, gt=0)
