"""What the deployment files must give each process, derived from the services' own settings.

Both tests/deploy/test_compose.py and tests/deploy/test_kubernetes.py check docker-compose.yml
and deploy/k8s against these, so that a setting added to a service's Settings class (a new
secret, a new address of another component) fails the deployment tests until it is deployed.

The rule for "required": every secret in ``Settings.secrets()``, the database URL, the Kafka
bootstrap servers, the HTTP port, and every setting whose default points at this machine
(127.0.0.1/localhost: it would be wrong in any container) must be set explicitly; topics are
never created by the services (the compose topic step and Strimzi KafkaTopics do that).
"""

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import pytest
from pydantic import SecretStr

from returners_platform.contracts.topics import SERVICES
from returners_platform.service.settings import LOCAL_DEFAULT_SECRET, ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK_MARKERS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Process:
    """One deployed process: a compose service / a Kubernetes Deployment."""

    name: str  # compose service and Deployment name
    service: str  # the Python package (and Settings class) it runs
    module: str  # python -m <module>
    http: bool  # serves the service's HTTP API (/healthz, /readyz, /metrics)
    # Settings the process does not use, so need not be set (with the reason).
    not_used: dict[str, str] = field(default_factory=dict)
    # Settings this process must set although the general rule does not ask for them.
    also_required: frozenset[str] = frozenset()
    # Scaled by a HorizontalPodAutoscaler up to the partition count; otherwise a fixed count.
    autoscaled: bool = True
    # No database and no Kafka (the applicant portal): only the applications API.
    stateless: bool = False

    @property
    def settings_class(self) -> type[ServiceSettings]:
        cls: type[ServiceSettings] = importlib.import_module(f"{self.service}.config").Settings
        return cls


# The four services' APIs, plus reporting's faust worker as its own process (the API runs with
# REPORTING_RUN_WORKER=false, so that the API scales without running more projection writers).
PROCESSES: tuple[Process, ...] = (
    *(
        Process(
            name=s,
            service=s,
            module=s,
            http=True,
            also_required=frozenset({"run_worker"}) if s == "reporting" else frozenset(),
        )
        for s in SERVICES
    ),
    Process(
        name="reporting-worker",
        service="reporting",
        module="reporting.worker",
        http=False,
        not_used={
            "port": "the worker serves no HTTP API, only metrics on worker_metrics_port",
            "service_metrics_urls": "scraped by the API process's platform health monitor",
        },
        also_required=frozenset({"worker_metrics_port"}),
        # Its batches are serialised by an advisory lock (services/reporting/README.md, "one
        # writer at a time"): a second replica is safe but adds no throughput.
        autoscaled=False,
    ),
    # The applicant portal: web pages over the applications service's API.
    Process(name="portal", service="portal", module="portal", http=True, stateless=True),
)


def process(name: str) -> Process:
    return next(p for p in PROCESSES if p.name == name)


def env_prefix(cls: type[ServiceSettings]) -> str:
    return str(cls.model_config.get("env_prefix", ""))


def env_name(cls: type[ServiceSettings], field_name: str) -> str:
    alias = cls.model_fields[field_name].validation_alias
    if isinstance(alias, str):
        return alias
    return f"{env_prefix(cls)}{field_name}".upper()


def default_of(cls: type[ServiceSettings], field_name: str) -> Any:
    info = cls.model_fields[field_name]
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return info.default


def secret_fields(cls: type[ServiceSettings]) -> set[str]:
    """The settings ``secrets()`` names (refused when weak outside local mode)."""
    return set(cls.model_construct().secrets())


def sensitive_fields(cls: type[ServiceSettings]) -> set[str]:
    """Secrets, plus settings that carry a credential: the database URL, SecretStr fields."""
    secret_types = {
        name
        for name, info in cls.model_fields.items()
        if SecretStr in (info.annotation, *getattr(info.annotation, "__args__", ()))
    }
    return secret_fields(cls) | secret_types | ({"database_url"} & set(cls.model_fields))


def loopback_defaults(cls: type[ServiceSettings]) -> set[str]:
    """Settings whose default points at this machine: wrong in a container."""
    return {
        name
        for name in cls.model_fields
        if any(marker in str(default_of(cls, name)) for marker in LOOPBACK_MARKERS)
    }


def required_settings(proc: Process) -> set[str]:
    cls = proc.settings_class
    platform = (
        set()
        if proc.stateless
        else {"database_url", "kafka_bootstrap_servers", "kafka_create_topics"}
    )
    wanted = (
        {"environment"}
        | platform
        | secret_fields(cls)
        | loopback_defaults(cls)
        | ({"port"} if proc.http else set())
        | proc.also_required
    )
    return wanted - set(proc.not_used)


def required_env(proc: Process) -> dict[str, str]:
    """Environment variable name -> setting name, for every setting the process needs."""
    cls = proc.settings_class
    return {env_name(cls, name): name for name in sorted(required_settings(proc))}


def settings_from_env(proc: Process, env: dict[str, str]) -> ServiceSettings:
    """The process's Settings exactly as the container would build them from ``env``."""
    with mock.patch.dict(os.environ, env, clear=True):
        return proc.settings_class()


def check_production_settings(proc: Process, settings: ServiceSettings) -> None:
    """What every deployed process must end up with, whatever the deployment file format."""
    assert settings.environment == "production", f"{proc.name}: RETURNERS_ENV must be production"
    if not proc.stateless:
        assert settings.kafka_create_topics is False, f"{proc.name}: topics from the deployment"
    assert settings.host == "0.0.0.0", f"{proc.name}: must listen on all interfaces in a container"  # noqa: S104
    for name, value in settings.secrets().items():
        secret = value.get_secret_value()
        assert secret != LOCAL_DEFAULT_SECRET, f"{proc.name}: {name} is the local default"
        assert len(secret) >= 16, f"{proc.name}: {name} is too short"
    if proc.service == "reporting":
        # Exactly one kind of process keeps the projections: the worker, never the API too.
        assert getattr(settings, "run_worker", False) is False or not proc.http, (
            f"{proc.name}: the API must not run its own worker (reporting-worker does)"
        )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``proc`` runs once per deployed process."""
    if "proc" in metafunc.fixturenames:
        metafunc.parametrize("proc", PROCESSES, ids=[p.name for p in PROCESSES])


@pytest.fixture(scope="session")
def contract() -> ModuleType:
    """This module: the helpers above, for the test modules (which cannot import conftest)."""
    return sys.modules[__name__]
