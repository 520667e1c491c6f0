"""The reporting service's settings (environment variables prefixed REPORTING_).

One class serves the three processes of the service: the API (``python -m reporting``),
the faust worker that keeps the projections (``python -m reporting.worker``) and the
rebuild command (``python -m reporting.rebuild``).
"""

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from returners_platform.contracts.topics import SERVICES, consumer_group
from returners_platform.service.settings import ServiceSettings

# Where each event-publishing service serves its Prometheus metrics (outbox backlog).
DEFAULT_METRICS_URLS = {
    "applications": "http://127.0.0.1:8001/metrics",
    "matching": "http://127.0.0.1:8002/metrics",
    "notifications": "http://127.0.0.1:8003/metrics",
    "selection": "http://127.0.0.1:8005/metrics",
}


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", populate_by_name=True)

    service_name: str = "reporting"
    port: int = 8004
    database_url: str = "postgresql://postgres@127.0.0.1:5433/reporting"
    # Reporting publishes nothing: no outbox, so no relay.
    relay_enabled: bool = False

    # The faust worker. Its app id is also its Kafka consumer group id (by default
    # ``<prefix>returners.reporting``, like every service's group). ``python -m
    # reporting`` runs it as a supervised child process unless run_worker is false (then
    # run ``python -m reporting.worker`` yourself).
    run_worker: bool = True
    faust_app_id: str = ""
    # Where faust keeps its (empty: no tables) data directory; default: the system temp dir.
    faust_data_dir: str = ""
    batch_max_events: int = Field(default=2000, ge=1)
    # The worker's fetches (``stream.transport``): the broker gathers records for up to 50 ms
    # (answering at once when a mebibyte is waiting), so the worker wakes at most 20 times a
    # second rather than with every event, beside the services on the applicant's path; not
    # much longer, or in a replay the partitions still full wait behind the ones read to their
    # end, and the funnel trails the live events by it.
    consumer_fetch_min_bytes: int = 1024 * 1024
    consumer_fetch_max_wait_ms: int = 50
    batch_within_seconds: float = Field(default=0.5, gt=0)
    # Port of the worker's own Prometheus endpoint (0: none).
    worker_metrics_port: int = 8014
    # Processes ``python -m reporting.rebuild`` projects in, splitting the topics by partition
    # number (3: one a partition); 1: this one alone.
    rebuild_workers: int = Field(default=3, ge=1)

    # Platform health, gathered by the API process.
    health_refresh_seconds: float = Field(default=15.0, gt=0)
    # "service=group,..." (or JSON): overrides of the default group ids.
    health_consumer_groups: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    # "service=url,..." (or JSON): each service's /metrics, scraped for the outbox backlog.
    service_metrics_urls: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=lambda: dict(DEFAULT_METRICS_URLS)
    )
    health_scrape_timeout_seconds: float = Field(default=3.0, gt=0)
    # How often the programme gauges on /metrics are recomputed.
    figures_refresh_seconds: float = Field(default=10.0, gt=0)

    # Dashboard: how often the page refreshes its figures by itself.
    dashboard_refresh_seconds: int = Field(default=10, ge=1)

    @model_validator(mode="after")
    def _default_faust_app_id(self) -> "Settings":
        if not self.faust_app_id:
            self.faust_app_id = consumer_group(self.service_name, self.kafka_topic_prefix)
        return self

    @field_validator("health_consumer_groups", "service_metrics_urls", mode="before")
    @classmethod
    def _pairs(cls, value: Any) -> Any:
        """Accept ``a=x,b=y`` as well as a JSON object."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("{"):
            return json.loads(value)
        pairs = [item.split("=", 1) for item in value.split(",") if item.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("expected name=value pairs separated by commas")
        return {name.strip(): target.strip() for name, target in pairs}

    def faust_datadir(self) -> Path:
        base = Path(self.faust_data_dir) if self.faust_data_dir else Path(tempfile.gettempdir())
        return base / "returners-faust" / self.faust_app_id

    def consumer_groups(self) -> dict[str, str]:
        """Consumer group id of every service (``<prefix>returners.<service>``; reporting's is
        faust's)."""
        groups = {
            s: consumer_group(s, self.kafka_topic_prefix) for s in SERVICES if s != "reporting"
        }
        groups["reporting"] = self.faust_app_id
        groups.update(self.health_consumer_groups)
        return groups
