"""The whole platform on this machine: Kafka, Postgres, local mail, the five services and
the applicant portal.

State lives in ``.returners/`` (git-ignored): data, logs, pid files, the generated local
secrets, and ``local.env`` with every address a developer needs. Starting is idempotent:
what already runs is left alone.
"""

import asyncio
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from returners_cli.demo.client import CLOCKED, DEMO_PAST_DAYS, Endpoints
from returners_cli.stack import processes
from returners_cli.stack.kafka import STACK_HEAP, STACK_JVM_OPTIONS, KafkaBroker
from returners_cli.stack.paths import cache_dir, state_dir
from returners_cli.stack.postgres import SERVICE_DATABASES, PostgresServer, create_databases


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str
    port: int
    env_prefix: str
    takes_council_keys: bool = False  # its settings have COUNCIL_KEY_SECRET
    background: bool = False  # runs at BACKGROUND_NICE

    @property
    def nice(self) -> int:
        return BACKGROUND_NICE if self.background else 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _port(variable: str, default: int) -> int:
    return int(os.environ.get(variable, default))


# Work that follows an applicant's request by seconds or days - emails, selection and
# training - gives way to the request itself, its decision, Postgres and Kafka while the CPU
# is contended (on a two-core machine, under load, it is): each such process, and the mail
# catcher, runs at this nice once every service is ready (``processes.lower_priority``;
# started at it, a service on a busy CPU took minutes to start). An idle CPU is theirs all
# the same. Reporting does not: its funnel has a latency target of its own. Compose gives the
# same containers fewer CPU shares to the same end.
BACKGROUND_NICE = 10

SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("applications", "applications", _port("APPLICATIONS_PORT", 8001), "APPLICATIONS_"),
    ServiceSpec("matching", "matching", _port("MATCHING_PORT", 8002), "MATCHING_", True),
    ServiceSpec(
        "notifications",
        "notifications",
        _port("NOTIFICATIONS_PORT", 8003),
        "NOTIFICATIONS_",
        takes_council_keys=True,
        background=True,
    ),
    ServiceSpec("reporting", "reporting", _port("REPORTING_PORT", 8004), "REPORTING_"),
    ServiceSpec(
        "selection", "selection", _port("SELECTION_PORT", 8005), "SELECTION_", background=True
    ),
    ServiceSpec(
        "training",
        "training",
        _port("TRAINING_PORT", 8006),
        "TRAINING_",
        takes_council_keys=True,
        background=True,
    ),
)
SERVICE = {spec.name: spec for spec in SERVICES}

# The applicant portal: no database, no Kafka; it calls the applications service's API (and
# reads selection's public interview times).
PORTAL = ServiceSpec("portal", "portal", _port("PORTAL_PORT", 8000), "PORTAL_")

MAIL_PORT = _port("RETURNERS_SMTP_PORT", 1025)


@dataclass
class LocalPlatform:
    root: Path = field(default_factory=state_dir)

    @property
    def kafka(self) -> KafkaBroker:
        return KafkaBroker(
            home=self.root / "kafka",
            jar_cache=cache_dir() / "kafka",
            port=_port("RETURNERS_KAFKA_PORT", 9092),
            controller_port=_port("RETURNERS_KAFKA_CONTROLLER_PORT", 9093),
            heap=os.environ.get("RETURNERS_KAFKA_HEAP", STACK_HEAP),
            jvm_options=STACK_JVM_OPTIONS,
        )

    @property
    def postgres(self) -> PostgresServer:
        home = Path(os.environ.get("RETURNERS_PG_HOME", self.root / "postgres"))
        return PostgresServer(home=home, port=_port("RETURNERS_PG_PORT", 5433))

    @property
    def maildir(self) -> Path:
        return self.root / "mail"

    def pid_file(self, name: str) -> Path:
        return self.root / "run" / f"{name}.pid"

    def log_file(self, name: str) -> Path:
        return self.root / "logs" / f"{name}.log"

    def secrets(self) -> dict[str, str]:
        """Local secrets, generated on the first run and reused after (so restarts agree)."""
        path = self.root / "secrets.env"
        known = (
            dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
            if path.exists()
            else {}
        )
        fresh = {k: v for k, v in generate_secrets().items() if k not in known}
        if fresh:
            known |= fresh
            path.write_text("".join(f"{k}={v}\n" for k, v in known.items()))
            path.chmod(0o600)
        return known

    def endpoints(self) -> Endpoints:
        urls = {spec.name: spec.url for spec in SERVICES}
        return Endpoints(
            applications=urls["applications"],
            matching=urls["matching"],
            notifications=urls["notifications"],
            reporting=urls["reporting"],
            selection=urls["selection"],
            training=urls["training"],
            operations_token=self.secrets()["OPERATIONS_TOKEN"],
        )

    def service_env(self, spec: ServiceSpec) -> dict[str, str]:
        return {
            **os.environ,
            **service_environment(
                spec,
                kafka=self.kafka.bootstrap,
                database_url=self.postgres.dsn(spec.name),
                secrets=self.secrets(),
                smtp_port=MAIL_PORT,
            ),
            **self._own_files_and_ports(spec),
        }

    def _own_files_and_ports(self, spec: ServiceSpec) -> dict[str, str]:
        """What would collide with another platform on this machine: reporting's faust data
        (in the state directory, not the system's temp) and its worker's metrics port."""
        if spec.name != "reporting":
            return {}
        return {
            "REPORTING_FAUST_DATA_DIR": str(self.root / "faust"),
            "REPORTING_WORKER_METRICS_PORT": str(_port("REPORTING_WORKER_METRICS_PORT", 8014)),
        }

    # -- lifecycle -------------------------------------------------------------------

    def start_infrastructure(self) -> None:
        self.kafka.start()
        self.postgres.start()
        asyncio.run(create_databases(self.postgres.dsn(), SERVICE_DATABASES))
        self._start_mail()

    def _start_mail(self) -> None:
        if processes.running_pid(self.pid_file("mail")) is not None:
            return
        self.maildir.mkdir(parents=True, exist_ok=True)
        processes.start_detached(
            mail_command(MAIL_PORT, self.maildir),
            pid_file=self.pid_file("mail"),
            log_file=self.log_file("mail"),
        )

    def start_services(self, timeout: float = 120.0) -> None:
        self._start_and_wait(SERVICES, timeout)
        # The portal last: it is ready once the applications service answers.
        self._start_and_wait((PORTAL,), timeout)
        self._lower_background_priority()

    def _lower_background_priority(self) -> None:
        """Background work (``BACKGROUND_NICE``) gives way, once everything has started."""
        names = [spec.name for spec in SERVICES if spec.background] + ["mail"]
        for name in names:
            if (pid := processes.running_pid(self.pid_file(name))) is not None:
                processes.lower_priority(pid, BACKGROUND_NICE)

    def portal_env(self) -> dict[str, str]:
        return {
            **os.environ,
            **portal_environment(
                PORTAL,
                applications_url=SERVICE["applications"].url,
                selection_url=SERVICE["selection"].url,
                secrets=self.secrets(),
            ),
        }

    def _start_and_wait(self, specs: tuple[ServiceSpec, ...], timeout: float) -> None:
        for spec in specs:
            if processes.running_pid(self.pid_file(spec.name)) is None:
                processes.start_detached(
                    [sys.executable, "-m", spec.module],
                    pid_file=self.pid_file(spec.name),
                    log_file=self.log_file(spec.name),
                    env=self.portal_env() if spec is PORTAL else self.service_env(spec),
                )
        for spec in specs:
            pid_file = self.pid_file(spec.name)

            def ready(spec: ServiceSpec = spec, pid_file: Path = pid_file) -> bool:
                if processes.running_pid(pid_file) is None:
                    raise RuntimeError(
                        f"{spec.name} exited during start-up; see {self.log_file(spec.name)}"
                    )
                return service_ready(spec.url)

            processes.wait_until(ready, timeout=timeout, what=f"{spec.name} at {spec.url}/readyz")

    def stop(self) -> list[str]:
        """Stop everything this platform started, services first; names of what was running."""
        stopped = [
            spec.name
            for spec in (PORTAL, *reversed(SERVICES))
            if processes.stop_pid_file(self.pid_file(spec.name))
        ]
        if processes.stop_pid_file(self.pid_file("mail")):
            stopped.append("mail")
        if self.kafka.stop():
            stopped.append("kafka")
        if self.postgres.stop():
            stopped.append("postgres")
        return stopped

    def write_local_env(self) -> Path:
        s = self.secrets()
        lines = {
            # What a newcomer opens first: apply to the open programme (rtsw-open) in the browser.
            "RETURNERS_PORTAL_URL": PORTAL.url,
            **{f"RETURNERS_{spec.name.upper()}_URL": spec.url for spec in SERVICES},
            "RETURNERS_DASHBOARD_URL": f"{_spec('reporting').url}/dashboard",
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka.bootstrap,
            **{f"{spec.env_prefix}DATABASE_URL": self.postgres.dsn(spec.name) for spec in SERVICES},
            "RETURNERS_OPERATIONS_TOKEN": s["OPERATIONS_TOKEN"],
            "RETURNERS_SMTP": f"127.0.0.1:{MAIL_PORT}",
            "RETURNERS_MAILDIR": str(self.maildir),
        }
        path = self.root / "local.env"
        path.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))
        return path


def _spec(name: str) -> ServiceSpec:
    return next(spec for spec in SERVICES if spec.name == name)


def generate_secrets() -> dict[str, str]:
    """A fresh set of every secret the services need."""
    return {
        "OPERATIONS_TOKEN": "ops_" + secrets.token_urlsafe(24),
        "COUNCIL_KEY_SECRET": secrets.token_urlsafe(32),
        "INTERNAL_TOKEN": "int_" + secrets.token_urlsafe(24),
        "IDEMPOTENCY_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "WEBHOOK_SECRET_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "PORTAL_SESSION_SECRET": secrets.token_urlsafe(32),
    }


def mail_command(port: int, maildir: Path) -> list[str]:
    """The development SMTP server (``notifications.devmail``), keeping mail in ``maildir``."""
    return [
        sys.executable,
        "-m",
        "notifications.devmail",
        "--port",
        str(port),
        "--maildir",
        str(maildir),
    ]


def service_environment(
    spec: ServiceSpec,
    *,
    kafka: str,
    database_url: str,
    secrets: dict[str, str],
    smtp_port: int,
    topic_prefix: str = "",
    environment: str = "local",
    services: tuple[ServiceSpec, ...] = SERVICES,
    portal_url: str = PORTAL.url,
) -> dict[str, str]:
    """The environment variables one service process needs, by the settings' names."""
    p = spec.env_prefix
    urls = {s.name: s.url for s in services}
    env = {
        "RETURNERS_ENV": environment,
        f"{p}PORT": str(spec.port),
        f"{p}DATABASE_URL": database_url,
        f"{p}KAFKA_BOOTSTRAP_SERVERS": kafka,
        f"{p}KAFKA_TOPIC_PREFIX": topic_prefix,
        f"{p}OPERATIONS_TOKEN": secrets["OPERATIONS_TOKEN"],
    }
    if spec.takes_council_keys:
        env[f"{p}COUNCIL_KEY_SECRET"] = secrets["COUNCIL_KEY_SECRET"]
    local = environment == "local"
    if local and spec.name in CLOCKED:
        # One time for the platform: the demo moves these clocks together (each service
        # stamps facts an applicant's timeline shows), from DEMO_PAST_DAYS ago up to now.
        env[f"{p}CLOCK_ADJUSTABLE"] = "true"
        env[f"{p}CLOCK_START_DAYS"] = str(-DEMO_PAST_DAYS)
    if spec.name == "applications":
        env |= {
            "APPLICATIONS_INTERNAL_TOKEN": secrets["INTERNAL_TOKEN"],
            "APPLICATIONS_IDEMPOTENCY_ENCRYPTION_KEY": secrets["IDEMPOTENCY_ENCRYPTION_KEY"],
            "APPLICATIONS_SELECTION_BASE_URL": urls.get("selection", ""),
            "APPLICATIONS_SELECTION_INTERNAL_TOKEN": secrets["INTERNAL_TOKEN"],
        }
        if local:  # the demo submits a few hundred applications from one address
            env["APPLICATIONS_SUBMISSIONS_PER_MINUTE"] = "1000"
        # Every applicant's sign-in requests reach applications from the portal's one
        # address; the portal limits each browser address itself (PORTAL_SIGN_IN_...).
        env["APPLICATIONS_SIGN_IN_REQUESTS_PER_MINUTE"] = "1000"
    elif spec.name == "matching":
        if local:  # unanswered offers expire as soon as the demo has moved the clock past them
            env["MATCHING_OFFER_EXPIRY_INTERVAL_SECONDS"] = "1"
    elif spec.name == "notifications":
        env |= {
            "NOTIFICATIONS_APPLICATIONS_BASE_URL": urls["applications"],
            "NOTIFICATIONS_APPLICATIONS_INTERNAL_TOKEN": secrets["INTERNAL_TOKEN"],
            "NOTIFICATIONS_WEBHOOK_SECRET_ENCRYPTION_KEY": secrets["WEBHOOK_SECRET_ENCRYPTION_KEY"],
            "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
            "NOTIFICATIONS_SMTP_PORT": str(smtp_port),
            "NOTIFICATIONS_PORTAL_URL": portal_url,
            # Local receivers (a developer's own webhook endpoint) live on localhost over HTTP.
            "NOTIFICATIONS_ALLOW_HTTP_TARGETS": str(local).lower(),
            "NOTIFICATIONS_ALLOW_PRIVATE_TARGETS": str(local).lower(),
        }
    elif spec.name == "selection":
        env["SELECTION_INTERNAL_TOKEN"] = secrets["INTERNAL_TOKEN"]
    elif spec.name == "training":
        env["TRAINING_INTERNAL_TOKEN"] = secrets["INTERNAL_TOKEN"]
    elif spec.name == "reporting":
        env |= {
            "REPORTING_SERVICE_METRICS_URLS": ",".join(
                f"{name}={url}/metrics" for name, url in urls.items()
            ),
        }
    return env


def portal_environment(
    spec: ServiceSpec,
    *,
    applications_url: str,
    selection_url: str | None,
    secrets: dict[str, str],
    environment: str = "local",
) -> dict[str, str]:
    """The portal's environment: its port, the applications API, selection's (for the
    interview times; None where no selection service runs), its cookie's secret."""
    return {
        "RETURNERS_ENV": environment,
        "PORTAL_PORT": str(spec.port),
        "PORTAL_APPLICATIONS_URL": applications_url,
        **({"PORTAL_SELECTION_URL": selection_url} if selection_url else {}),
        "PORTAL_SESSION_SECRET": secrets["PORTAL_SESSION_SECRET"],
    }


def service_ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
