"""The matching service's settings (environment variables prefixed MATCHING_)."""

from pydantic_settings import SettingsConfigDict

from returners_platform.service.settings import CouncilKeySettings


class Settings(CouncilKeySettings):
    model_config = SettingsConfigDict(env_prefix="MATCHING_", populate_by_name=True)

    service_name: str = "matching"
    port: int = 8002
    database_url: str = "postgresql://postgres@127.0.0.1:5433/matching"
    # How often the expiry loop looks for offers past their expires_at.
    offer_expiry_interval_seconds: float = 30.0
