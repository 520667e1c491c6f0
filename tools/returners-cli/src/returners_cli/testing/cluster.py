"""The services as real OS processes against a given Kafka and Postgres (for tests that
kill, restart or fuzz them): each on a free port, with a database and topics of its own.

With notifications in the cluster, a mail catcher receives its emails into ``maildir``.

The applicant portal (no database, no topic) runs only when a test asks for it
(``cluster.portal()``); its address is fixed from the start, so that notifications' sign-in
links point at it.

A service listed in ``standalone_relays`` runs with its in-process outbox relay off and its
relay as a process of its own (``python -m returners_platform.messaging.relay_process``), so
a test can kill the relay apart from the service.
"""

import dataclasses
import importlib.util
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from returners_cli.stack import processes
from returners_cli.stack.local import (
    BACKGROUND_NICE,
    PORTAL,
    SERVICES,
    ServiceSpec,
    generate_secrets,
    mail_command,
    portal_environment,
    service_environment,
    service_ready,
)
from returners_cli.testing.fixtures import free_port

# The services whose packages are installed here (a partial checkout may lack some).
INSTALLED_SERVICES = tuple(
    s.name for s in SERVICES if importlib.util.find_spec(f"{s.name}.bootstrap")
)


@dataclass
class ManagedProcess:
    """One detached OS process: its pid file and log live in the workdir."""

    name: str
    argv: list[str]
    env: dict[str, str]
    workdir: Path
    nice: int = 0  # once started (and ready): processes.lower_priority

    @property
    def pid_file(self) -> Path:
        return self.workdir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def pid(self) -> int | None:
        return processes.running_pid(self.pid_file)

    def start(self) -> None:
        if self.pid() is None:
            processes.start_detached(
                self.argv,
                pid_file=self.pid_file,
                log_file=self.log_file,
                env={**os.environ, **self.env},
            )

    def give_way(self) -> None:
        """Lower the running process to its ``nice`` (it starts at the usual priority)."""
        if self.nice > 0 and (pid := self.pid()) is not None:
            processes.lower_priority(pid, self.nice)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the process at once (SIGKILL by default: no clean shutdown)."""
        pid = self.pid()
        if pid is not None:
            processes.stop_pid(pid, sig=sig, timeout=10)
        self.pid_file.unlink(missing_ok=True)

    def stop(self) -> None:
        processes.stop_pid_file(self.pid_file)

    def children(self) -> list[int]:
        """Pids of the process's direct children (reporting's faust worker, for one)."""
        pid = self.pid()
        if pid is None:
            return []
        try:
            return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []


class ServiceProcess(ManagedProcess):
    """A service's HTTP process (with its consumers and, unless standalone, its relay)."""

    def __init__(
        self, spec: ServiceSpec, env: dict[str, str], workdir: Path, nice: int = 0
    ) -> None:
        super().__init__(spec.name, [sys.executable, "-m", spec.module], env, workdir, nice)
        self.spec = spec

    @property
    def url(self) -> str:
        return self.spec.url

    def wait_ready(self, timeout: float = 120) -> None:
        def ready() -> bool:
            if self.pid() is None:
                raise RuntimeError(f"{self.name} exited; see {self.log_file}")
            return service_ready(self.url)

        processes.wait_until(ready, timeout=timeout, what=f"{self.name} ready")
        self.give_way()


def relay_process(service: ServiceProcess) -> ManagedProcess:
    """The service's outbox relay as a process of its own, with the service's environment."""
    return ManagedProcess(
        f"{service.name}-relay",
        [sys.executable, "-m", "returners_platform.messaging.relay_process", service.name],
        service.env,
        service.workdir,
        service.nice,
    )


def isolation_environment(spec: ServiceSpec, workdir: Path) -> dict[str, str]:
    """Settings whose defaults would collide with another platform on the same machine:
    reporting's worker metrics port (8014) and faust data directory (in the system temp)."""
    if spec.name != "reporting":
        return {}
    return {
        "REPORTING_WORKER_METRICS_PORT": str(free_port()),
        "REPORTING_FAUST_DATA_DIR": str(workdir / "faust"),
    }


@dataclass
class ProcessCluster:
    kafka: str
    database_urls: dict[str, str]
    workdir: Path
    topic_prefix: str
    secrets: dict[str, str] = field(default_factory=generate_secrets)
    names: tuple[str, ...] = tuple(s.name for s in SERVICES)
    extra_env: dict[str, dict[str, str]] = field(default_factory=dict)
    standalone_relays: tuple[str, ...] = ()
    # A service's own Kafka address, where it differs from ``kafka`` (a proxy of its own).
    kafka_addresses: dict[str, str] = field(default_factory=dict)
    # Background services and the mail catcher at BACKGROUND_NICE, as ``returners up`` runs
    # them (the benchmarks); tests keep every process at the usual priority.
    background_priority: bool = False

    def __post_init__(self) -> None:
        specs = tuple(
            dataclasses.replace(s, port=free_port()) for s in SERVICES if s.name in self.names
        )
        smtp_port = free_port()
        self._portal_spec = dataclasses.replace(PORTAL, port=free_port())
        self._portal: ServiceProcess | None = None
        self.services = {
            spec.name: ServiceProcess(
                spec,
                {
                    **service_environment(
                        spec,
                        kafka=self.kafka_addresses.get(spec.name, self.kafka),
                        database_url=self.database_urls[spec.name],
                        secrets=self.secrets,
                        smtp_port=smtp_port,
                        topic_prefix=self.topic_prefix,
                        environment="test",
                        services=specs,
                        portal_url=self._portal_spec.url,
                    ),
                    f"{spec.env_prefix}LOG_LEVEL": "WARNING",
                    **isolation_environment(spec, self.workdir),
                    **(
                        {f"{spec.env_prefix}RELAY_ENABLED": "false"}
                        if spec.name in self.standalone_relays
                        else {}
                    ),
                    **self.extra_env.get(spec.name, {}),
                },
                self.workdir,
                spec.nice if self.background_priority else 0,
            )
            for spec in specs
        }

        self.relays = {name: relay_process(self.services[name]) for name in self.standalone_relays}
        # Notifications' SMTP server: every email it sends lands in ``maildir``.
        self.maildir = self.workdir / "mail"
        self.mail = (
            ManagedProcess(
                "mail",
                mail_command(smtp_port, self.maildir),
                {},
                self.workdir,
                BACKGROUND_NICE if self.background_priority else 0,
            )
            if "notifications" in self.services
            else None
        )

    def __getitem__(self, name: str) -> ServiceProcess:
        return self.services[name]

    def portal(self, extra_env: dict[str, str] | None = None) -> ServiceProcess:
        """The applicant portal against this cluster's applications service, started (once)
        and ready; stopped with the cluster."""
        if self._portal is None:
            env = {
                **portal_environment(
                    self._portal_spec,
                    applications_url=self.services["applications"].url,
                    selection_url=(
                        self.services["selection"].url if "selection" in self.services else None
                    ),
                    secrets=self.secrets,
                    environment="test",
                ),
                "PORTAL_LOG_LEVEL": "WARNING",
                **(extra_env or {}),
            }
            self._portal = ServiceProcess(self._portal_spec, env, self.workdir)
            self._portal.start()
            self._portal.wait_ready()
        return self._portal

    def start(self) -> None:
        if self.mail is not None:
            self.mail.start()
        for service in self.services.values():
            service.start()
        for service in self.services.values():
            service.wait_ready()
        for relay in self.relays.values():  # after the services migrated their databases
            relay.start()
            relay.give_way()
        if self.mail is not None:
            self.mail.give_way()

    def stop(self) -> None:
        if self._portal is not None:
            self._portal.stop()
        for relay in self.relays.values():
            relay.stop()
        for service in self.services.values():
            service.stop()
        if self.mail is not None:
            self.mail.stop()
