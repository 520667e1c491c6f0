"""docker-compose.yml is valid and gives every process what its code needs.

No Docker engine runs here, so the file is checked without one:

- Debian's ``docker-compose`` (1.29) resolves and validates it (``docker-compose config``
  needs no daemon) with a ``.env`` written by deploy/compose/make-env.sh, as a user would;
- each service container's resolved environment is fed to that service's own Settings class
  (production mode refuses missing and weak secrets), and checked against what the settings
  require (tests/deploy/conftest.py);
- ports, health checks, start-up order, Prometheus targets and Grafana provisioning are
  checked against the same settings, and the topic step against contracts/topics.py;
- the topic script and the Postgres init script run for real against the test session's
  Kafka broker and Postgres server.
"""

import asyncio
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
import yaml
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from returners_cli.stack.local import SERVICES
from returners_cli.testing.fixtures import free_port
from returners_platform.contracts.topics import ALL_TOPICS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
COMPOSE_DIR = ROOT / "deploy" / "compose"
TOPICS_TXT = COMPOSE_DIR / "topics.txt"
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
GRAFANA_DIR = ROOT / "deploy" / "grafana"

INFRASTRUCTURE = {"kafka", "kafka-topics", "postgres", "mailpit", "prometheus", "grafana"}
KAFKA_BOOTSTRAP = "kafka:9092"
INSTALL_HINT = (
    "Debian's docker-compose (1.29) validates docker-compose.yml without a Docker engine: "
    "`apt-get install -y docker-compose` (deploy/local/ensure-system-packages.sh, run by "
    "`make test`, installs it)"
)


# ---- helpers ---------------------------------------------------------------------------------


def docker_compose() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        pytest.fail(f"docker-compose is not installed. {INSTALL_HINT}")
    return path


def run_compose_config(env_file: Path) -> subprocess.CompletedProcess[str]:
    """``docker-compose config`` with only ``env_file`` as the source of variables."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}  # noqa: S108
    return subprocess.run(
        [
            *(docker_compose(), "--project-directory", str(ROOT), "-f", str(COMPOSE_FILE)),
            *("--env-file", str(env_file), "config"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def read_env_file(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value
    return pairs


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # KEY=VALUE list form
        env = dict(item.split("=", 1) for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def published_ports(service: dict[str, Any]) -> set[int]:
    """Container ports the service publishes on the host."""
    ports = set()
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            ports.add(int(entry["target"]))
        else:
            ports.add(int(str(entry).split(":")[-1].split("/")[0]))
    return ports


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def healthcheck_command(service: dict[str, Any]) -> str:
    test = (service.get("healthcheck") or {}).get("test") or []
    return " ".join(test) if isinstance(test, list) else str(test)


def host_port(address: str) -> tuple[str, int | None]:
    """Host and port of ``host:port`` or of a URL."""
    parts = urlsplit(address if "://" in address else f"//{address}")
    return parts.hostname or "", parts.port


def addresses_in(value: Any) -> list[str]:
    """Every URL or host:port in a setting's value (a string, or the values of a mapping)."""
    values = value.values() if isinstance(value, dict) else [value]
    found = []
    for item in values:
        found += [part.strip() for part in str(item).split(",") if part.strip()]
    return found


# ---- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def env_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .env made as the README tells users to make it: deploy/compose/make-env.sh."""
    path = tmp_path_factory.mktemp("compose") / ".env"
    result = subprocess.run(
        [str(COMPOSE_DIR / "make-env.sh"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="session")
def compose(env_file: Path) -> dict[str, Any]:
    """docker-compose.yml as docker-compose resolves it (interpolated, merged, validated)."""
    result = run_compose_config(env_file)
    assert result.returncode == 0, f"docker-compose config failed:\n{result.stderr}"
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


@pytest.fixture(scope="session")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]  # type: ignore[no-any-return]


# ---- the file as a whole -----------------------------------------------------------------------


def test_docker_compose_validates_the_file(compose: dict[str, Any]) -> None:
    assert compose["services"]


def test_compose_refuses_to_start_without_the_secrets(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = run_compose_config(empty)
    assert result.returncode != 0, "compose must refuse to start with secrets missing"
    assert "in .env" in result.stderr, result.stderr


def test_compose_refuses_an_empty_secret(env_file: Path, tmp_path: Path) -> None:
    values = read_env_file(env_file)
    values["RETURNERS_OPERATIONS_TOKEN"] = ""
    partial = tmp_path / "partial.env"
    partial.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    result = run_compose_config(partial)
    assert result.returncode != 0
    assert "RETURNERS_OPERATIONS_TOKEN" in result.stderr


def test_env_example_documents_every_variable_the_file_uses() -> None:
    text = COMPOSE_FILE.read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    required = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):\?", text))
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))
    assert used - documented == set(), "document these in .env.example"
    # Required ones are there to fill in (empty, so that make-env.sh generates them).
    blanks = {k for k, v in read_env_file(ENV_EXAMPLE).items() if v == ""}
    assert required <= blanks, f"give these an empty line in .env.example: {required - blanks}"


def test_every_process_and_piece_of_infrastructure_is_there(
    contract: ModuleType, services: dict[str, Any]
) -> None:
    expected = {p.name for p in contract.PROCESSES} | INFRASTRUCTURE
    assert set(services) == expected


# ---- each process ------------------------------------------------------------------------------


def test_process_environment_satisfies_its_settings(
    contract: ModuleType, proc: Any, services: dict[str, Any], env_file: Path
) -> None:
    env = environment(services[proc.name])
    missing = set(contract.required_env(proc)) - set(env)
    assert missing == set(), f"{proc.name} needs {sorted(missing)}"
    # The service's own Settings, built as in the container: production mode refuses missing,
    # default and short secrets, and parses every value.
    settings = contract.settings_from_env(proc, env)
    contract.check_production_settings(proc, settings)
    # Secrets come from .env, never from the file itself.
    secrets = set(read_env_file(env_file).values())
    for name, value in settings.secrets().items():
        assert value.get_secret_value() in secrets, f"{proc.name}: {name} is not from .env"


def test_process_reaches_its_database(
    contract: ModuleType, proc: Any, services: dict[str, Any]
) -> None:
    if proc.stateless:
        assert "database_url" not in proc.settings_class.model_fields
        return
    settings = contract.settings_from_env(proc, environment(services[proc.name]))
    url = urlsplit(settings.database_url)
    assert url.hostname == "postgres"
    assert url.port == 5432
    assert url.path == f"/{proc.service}", "one database per service"
    assert url.username == proc.service, "each service logs in as its own role"
    postgres = environment(services["postgres"])
    assert proc.service in postgres["SERVICE_DATABASES"].split()
    assert url.password == postgres[f"{proc.service.upper()}_DB_PASSWORD"]


def test_process_reaches_kafka_and_every_other_address(
    contract: ModuleType, proc: Any, services: dict[str, Any]
) -> None:
    settings = contract.settings_from_env(proc, environment(services[proc.name]))
    if not proc.stateless:
        assert settings.kafka_bootstrap_servers == KAFKA_BOOTSTRAP
        advertised = environment(services["kafka"])["KAFKA_ADVERTISED_LISTENERS"]
        assert f"PLAINTEXT://{KAFKA_BOOTSTRAP}" in advertised.split(",")
    http_ports = {
        p.name: contract.settings_from_env(p, environment(services[p.name])).port
        for p in contract.PROCESSES
        if p.http
    }
    known_ports = {
        "kafka": {9092},
        "postgres": {5432},
        "mailpit": {1025, 8025},
        **{name: {port} for name, port in http_ports.items()},
    }
    # Every setting that would point at localhost by default points at a compose service (but
    # the portal's address in emails: where applicants' browsers reach it, from the host).
    skipped = set(proc.not_used) | {"host", "portal_url"}
    for name in contract.loopback_defaults(proc.settings_class) - skipped:
        for address in addresses_in(getattr(settings, name)):
            host, port = host_port(address)
            assert host in services, f"{proc.name}.{name}: {address} is not a compose service"
            if port is not None:
                assert port in known_ports.get(host, set()), f"{proc.name}.{name}: {address}"


def test_process_is_built_from_the_one_dockerfile(proc: Any, services: dict[str, Any]) -> None:
    service = services[proc.name]
    build = service["build"]
    assert Path(build["context"]).resolve() == ROOT
    assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
    assert build["args"]["SERVICE"] == proc.service
    assert service["image"].split(":")[0] == f"returners/{proc.service}"
    # The image runs `python -m <service>`; other processes say what they run.
    command = service.get("command")
    if proc.module == proc.service:
        assert command is None
    else:
        assert command == ["python", "-m", proc.module]


def test_process_port_health_check_and_start_order(
    contract: ModuleType, proc: Any, services: dict[str, Any]
) -> None:
    service = services[proc.name]
    settings = contract.settings_from_env(proc, environment(service))
    check = healthcheck_command(service)
    if proc.http:
        assert settings.port in published_ports(service)
        assert f"127.0.0.1:{settings.port}/readyz" in check
    else:
        assert f"127.0.0.1:{settings.worker_metrics_port}/metrics" in check
    deps = depends_on(service)
    if proc.stateless:  # the portal needs only the applications service
        assert deps == {"applications": "service_healthy"}
        return
    assert deps.get("postgres") == "service_healthy"
    assert deps.get("kafka") == "service_healthy"
    assert deps.get("kafka-topics") == "service_completed_successfully"
    if "smtp_host" in contract.required_settings(proc):
        assert deps.get(settings.smtp_host) == "service_healthy"


def test_every_health_dependency_has_a_health_check(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for dependency, condition in depends_on(service).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            if condition == "service_healthy":
                assert healthcheck_command(services[dependency]), f"{dependency} has none"
    for name in INFRASTRUCTURE - {"kafka-topics"}:
        assert healthcheck_command(services[name]), f"{name} needs a health check"
    assert services["kafka-topics"].get("restart", "no") == "no", "a one-shot step"


def test_every_health_check_is_in_a_form_docker_and_podman_both_run(
    services: dict[str, Any],
) -> None:
    """``CMD-SHELL`` with one command string: podman 4.3's Docker-compatible API splits an
    exec-form check (``["CMD", "python", "-c", "..."]``) on spaces, so only this form runs
    the same under both (tests/compose runs the file with podman)."""
    for name, service in services.items():
        test = (service.get("healthcheck") or {}).get("test")
        if test is None:
            continue
        assert isinstance(test, list), f"{name}: a list, not a bare string"
        assert test[0] == "CMD-SHELL", f"{name}: {test[0]} (use CMD-SHELL)"
        assert len(test) == 2, f"{name}: CMD-SHELL takes one command string"


def test_notifications_sends_mail_to_mailpit(
    contract: ModuleType, services: dict[str, Any]
) -> None:
    proc = contract.process("notifications")
    settings = contract.settings_from_env(proc, environment(services["notifications"]))
    assert services[settings.smtp_host]["image"].startswith("axllent/mailpit:")
    assert settings.smtp_port == 1025


def test_background_work_has_fewer_cpu_shares(services: dict[str, Any]) -> None:
    """What ``returners up`` runs at ``BACKGROUND_NICE`` (emails, selection, training, the mail
    catcher) gives way to the applicant's path on a busy CPU here too: fewer CPU shares than
    Docker's 1,024; everything else the default."""
    background = {spec.name for spec in SERVICES if spec.background} | {"mailpit"}
    shares = {name: s["cpu_shares"] for name, s in services.items() if "cpu_shares" in s}
    assert set(shares) == background
    assert all(0 < int(n) < 1024 for n in shares.values())


# ---- infrastructure ----------------------------------------------------------------------------


def test_kafka_is_a_single_kraft_node_of_the_pinned_version(services: dict[str, Any]) -> None:
    kafka = services["kafka"]
    assert kafka["image"] == "apache/kafka:3.9.1"
    env = environment(kafka)
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert len(env["CLUSTER_ID"]) == 22
    assert any(
        v.endswith(":/var/lib/kafka/data:rw") or v.endswith(":/var/lib/kafka/data")
        for v in map(str, kafka["volumes"])
    ), "the broker's data must outlive the container"


def test_postgres_creates_one_database_per_service(
    contract: ModuleType, services: dict[str, Any]
) -> None:
    postgres = services["postgres"]
    assert postgres["image"].split(":")[1].startswith("15")
    env = environment(postgres)
    assert sorted(env["SERVICE_DATABASES"].split()) == sorted(
        {p.service for p in contract.PROCESSES if not p.stateless}
    )
    mounts = [str(v) for v in postgres["volumes"]]
    assert any(
        "deploy/compose/postgres/init-databases.sh:/docker-entrypoint-initdb.d/" in m
        for m in mounts
    )


def test_topic_step_creates_every_topic_of_the_contracts(services: dict[str, Any]) -> None:
    lines = [
        line.split()
        for line in TOPICS_TXT.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    listed = {fields[0]: int(fields[1]) for fields in lines}
    assert listed == {t.name: t.partitions for t in ALL_TOPICS}
    step = services["kafka-topics"]
    assert step["image"] == services["kafka"]["image"]
    mounts = " ".join(str(v) for v in step["volumes"])
    assert "deploy/compose/create-topics.sh:" in mounts
    assert "deploy/compose/topics.txt:" in mounts
    assert step["entrypoint"][-2:] == [
        "/opt/returners/create-topics.sh",
        "/opt/returners/topics.txt",
    ]
    assert environment(step)["BOOTSTRAP_SERVERS"] == KAFKA_BOOTSTRAP
    assert depends_on(step) == {"kafka": "service_healthy"}


def test_generated_topic_files_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(COMPOSE_DIR / "generate_topics.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_prometheus_scrapes_every_process(contract: ModuleType, services: dict[str, Any]) -> None:
    prometheus = services["prometheus"]
    assert any("deploy/prometheus:/etc/prometheus" in str(v) for v in prometheus["volumes"])
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    targets = {
        job["job_name"]: {t for sc in job["static_configs"] for t in sc["targets"]}
        for job in config["scrape_configs"]
    }
    for proc in contract.PROCESSES:
        settings = contract.settings_from_env(proc, environment(services[proc.name]))
        port = settings.port if proc.http else settings.worker_metrics_port
        assert targets.get(proc.name) == {f"{proc.name}:{port}"}, proc.name
    for rule_file in config.get("rule_files", []):
        rules = yaml.safe_load((PROMETHEUS_DIR / Path(rule_file).name).read_text())
        assert all(rule["expr"] for group in rules["groups"] for rule in group["rules"])


def test_grafana_is_provisioned_with_prometheus_and_the_dashboard(
    services: dict[str, Any],
) -> None:
    grafana = services["grafana"]
    mounts = {str(v).split(":")[1]: str(v).split(":")[0] for v in grafana["volumes"]}
    provisioning = Path(mounts["/etc/grafana/provisioning"])
    assert provisioning == GRAFANA_DIR / "provisioning"
    datasources = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())
    (datasource,) = datasources["datasources"]
    assert host_port(datasource["url"]) == ("prometheus", 9090)
    assert "prometheus" in services
    providers = yaml.safe_load((provisioning / "dashboards" / "returners.yml").read_text())
    dashboards_dir = providers["providers"][0]["options"]["path"]
    assert Path(mounts[dashboards_dir]) == GRAFANA_DIR / "dashboards"
    dashboard = json.loads((GRAFANA_DIR / "dashboards" / "returners.json").read_text())
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert panels
    for panel in panels:
        assert panel["datasource"]["uid"] == datasource["uid"], panel["title"]
        assert panel["targets"], panel["title"]
    home = environment(grafana)["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{dashboards_dir}/returners.json"


def test_dashboard_queries_only_metrics_the_services_export() -> None:
    exported = exported_metric_names()
    dashboard = json.loads((GRAFANA_DIR / "dashboards" / "returners.json").read_text())
    rules = yaml.safe_load((PROMETHEUS_DIR / "rules.yml").read_text())
    expressions = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    expressions += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    used = set(re.findall(r"\b((?:returners|notifications)_[a-z0-9_]+)", " ".join(expressions)))
    assert used, "the dashboard shows the services' own metrics"
    assert used - exported == set(), "no service exports these"


def exported_metric_names() -> set[str]:
    """Sample names of every metric the services' code registers (imports their metrics)."""
    import importlib

    from prometheus_client import REGISTRY

    import returners_platform.service.metrics  # noqa: F401 - registers the shared metrics

    for service in {"applications", "matching", "notifications", "reporting", "training"}:
        try:
            importlib.import_module(f"{service}.metrics")
        except ModuleNotFoundError as exc:
            if exc.name != f"{service}.metrics":
                raise
    names = set()
    for family in REGISTRY.collect():
        names.add(family.name)
        names |= {f"{family.name}{suffix}" for suffix in ("_total", "_bucket", "_sum", "_count")}
    return names


# ---- the image -------------------------------------------------------------------------------


def test_dockerfile_is_multi_stage_locked_and_non_root(contract: ModuleType) -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) >= 2, "a build stage and a runtime stage"
    assert re.search(r"uv sync --frozen --no-dev .*--package \"returners-\$\{SERVICE\}\"", text)
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users, "the runtime stage must not run as root"
    assert users[-1].split(":")[0] not in {"0", "root"}
    assert re.search(r"^HEALTHCHECK ", text, re.M)
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ignored[ignored.index("**") :][:1] == ["**"], ".dockerignore starts from nothing"
    # Every service is a workspace package uv can install from the lock file alone.
    uv = ROOT / ".returners" / "tools" / "bin" / "uv"
    if not uv.is_file():
        pytest.fail(f"{uv.relative_to(ROOT)} is missing: `make install` installs uv there")
    for service in {p.service for p in contract.PROCESSES}:
        result = subprocess.run(
            [str(uv), "export", "--frozen", "--no-dev", "--package", f"returners-{service}"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_dockerfile_health_check_probes_the_service_port(tmp_path: Path) -> None:
    """Run the HEALTHCHECK command against a stand-in server on the configured port."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    (command,) = re.findall(r"^HEALTHCHECK .*? CMD (.*)$", text, re.M)
    assert not command.startswith("["), "the shell form, which podman runs as Docker does"
    argv = shlex.split(command)
    assert argv[0] == "python"
    server = tmp_path / "server.py"
    server.write_text(
        "import http.server, sys\n"
        "class H(http.server.BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(200 if self.path == '/healthz' else 404)\n"
        "        self.end_headers()\n"
        "    def log_message(self, *a): pass\n"
        "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
        "print(s.server_address[1], flush=True)\n"
        "s.serve_forever()\n"
    )
    with subprocess.Popen([sys.executable, str(server)], stdout=subprocess.PIPE, text=True) as srv:
        try:
            assert srv.stdout is not None
            port = srv.stdout.readline().strip()
            base = {"PATH": os.environ.get("PATH", ""), "RETURNERS_SERVICE": "matching"}
            ok = subprocess.run(
                [sys.executable, *argv[1:]],
                env={**base, "MATCHING_PORT": port},
                timeout=60,
                check=False,
            )
            assert ok.returncode == 0
            closed = subprocess.run(
                [sys.executable, *argv[1:]],
                env={**base, "MATCHING_PORT": str(free_port())},
                capture_output=True,
                timeout=60,
                check=False,
            )
            assert closed.returncode != 0
        finally:
            srv.terminate()


# ---- the scripts, for real ---------------------------------------------------------------------


@pytest.mark.integration
async def test_topic_script_creates_the_topics_on_a_real_broker(
    kafka_bootstrap: str, topic_prefix: str, tmp_path: Path
) -> None:
    """deploy/compose/create-topics.sh, run twice (idempotent) against the session's broker."""
    topics = tmp_path / "topics.txt"
    topics.write_text(
        "".join(
            f"{topic_prefix}{line}\n" if line and not line.startswith("#") else f"{line}\n"
            for line in TOPICS_TXT.read_text().splitlines()
        )
    )
    tool = tmp_path / "kafka-topics.sh"
    stand_in = Path(__file__).parent / "fake_kafka_topics.py"
    tool.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{stand_in}" "$@"\n')
    tool.chmod(0o755)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "BOOTSTRAP_SERVERS": kafka_bootstrap,
        "REPLICATION_FACTOR": "1",
        "KAFKA_TOPICS_SH": str(tool),
    }
    for _ in range(2):
        result = await asyncio.to_thread(
            subprocess.run,
            ["bash", str(COMPOSE_DIR / "create-topics.sh"), str(topics)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        names = [topic.qualified(topic_prefix) for topic in ALL_TOPICS]
        described = {t["topic"]: t for t in await admin.describe_topics(names)}
        for topic in ALL_TOPICS:
            assert len(described[topic.qualified(topic_prefix)]["partitions"]) == topic.partitions
        (configs,) = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, names[0], None)]
        )
        values = {entry[0]: entry[1] for entry in configs.resources[0][4]}
        assert values["retention.ms"] == "-1", "the log is kept: reporting rebuilds from it"
    finally:
        await admin.close()


@pytest.mark.integration
async def test_postgres_init_script_gives_each_service_its_own_database(
    postgres_admin_dsn: str,
) -> None:
    """deploy/compose/postgres/init-databases.sh against the session's Postgres server."""
    admin = urlsplit(postgres_admin_dsn)
    tag = f"t{uuid.uuid4().hex[:8]}"
    names = [f"{tag}_{service}" for service in ("applications", "matching")]
    passwords = {name: uuid.uuid4().hex for name in names}
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PGHOST": admin.hostname or "127.0.0.1",
        "PGPORT": str(admin.port or 5432),
        "PGPASSWORD": admin.password or "",
        "POSTGRES_USER": admin.username or "postgres",
        "SERVICE_DATABASES": " ".join(names),
        **{f"{name.upper()}_DB_PASSWORD": password for name, password in passwords.items()},
    }
    if shutil.which("psql") is None:
        pytest.fail("psql is missing (Debian: postgresql-client; ensure-system-packages.sh)")
    result = await asyncio.to_thread(
        subprocess.run,
        ["bash", str(COMPOSE_DIR / "postgres" / "init-databases.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    try:
        assert result.returncode == 0, result.stdout + result.stderr
        host, port = env["PGHOST"], int(env["PGPORT"])
        own = await asyncpg.connect(
            host=host, port=port, user=names[0], password=passwords[names[0]], database=names[0]
        )
        try:
            await own.execute("CREATE TABLE t (id int)")  # it owns its database
        finally:
            await own.close()
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await asyncpg.connect(
                host=host, port=port, user=names[0], password=passwords[names[0]], database=names[1]
            )
    finally:
        conn = await asyncpg.connect(postgres_admin_dsn)
        try:
            for name in names:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                await conn.execute(f'DROP ROLE IF EXISTS "{name}"')
        finally:
            await conn.close()
