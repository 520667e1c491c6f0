"""Networks that stall and drop: Toxiproxy between every service and Kafka, and between every
service and Postgres, under the suite's steady stream of submissions.

How Kafka is proxied: a Kafka client connects to its bootstrap address only to learn the
cluster's brokers, then connects to each broker at the address the broker *advertises* for
the listener it came in through. So the broker has one listener per service (``APPLICATIONS``,
``MATCHING``, ...) on a port of its own, each advertising that service's proxy in front of
it; a service bootstraps through its proxy and is told the proxy's address again, so all of
its Kafka traffic (its consumers, its relay, reporting's faust worker) crosses its own
proxy, and a fault on it touches that service alone. (With several brokers it is one proxy
per broker per service, each broker advertising its own.) Postgres needs nothing of the
sort: each service's database URL names its proxy.

Faults, each for one service (both of its links) and for all at once: 500 ms of latency
added to every answer, a bandwidth cap (32 KB/s each way), connections reset (a TCP RST on
every connection a second after it carries data), and a full partition of 30 s (every
connection closed, new ones refused) - per service from Kafka and Postgres both, and for all
services from Kafka alone and from Postgres alone, so that each dependency's readiness check
is seen tracking its own link. After each, phase.run_fault's checks: nothing a client was
told succeeded is lost (events, decisions, funnel, both emails), nothing takes effect twice,
nothing crash-loops, recovery timed. During a partition, every cut service must report
not-ready (naming the cut dependency) within NOT_READY_WITHIN seconds and until the link is
back, every other service must stay ready, and each cut service must be ready again after.

Not part of ``make test``: ``make test-network``.
"""

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from returners_cli.stack.postgres import SERVICE_DATABASES
from returners_cli.stack.scratch import (
    free_port,
    scratch_broker,
    scratch_home,
    scratch_postgres,
    scratch_toxiproxy,
)
from returners_cli.stack.toxiproxy import Proxy, ToxiproxyServer
from returners_cli.testing.polling import eventually

from .faults import SUBMISSIONS_PER_OUTAGE, Window
from .phase import run_fault
from .platform import Platform, running_platform
from .report import set_artifact

pytestmark = [pytest.mark.integration, pytest.mark.network_faults, pytest.mark.timeout(1200)]

SERVICES = SERVICE_DATABASES  # the four services, each with its own database
DEPENDENCIES = ("kafka", "postgres")
CHECK_NAME = {"kafka": "kafka", "postgres": "database"}  # /readyz's name for each
TOXIC_SECONDS = 10.0  # how long a slow or flaky link lasts (and at least a few submissions)
PARTITION_SECONDS = 30.0  # the "full partition of 30 s"
NOT_READY_WITHIN = 10.0  # seconds from a cut to /readyz saying so
READY_AGAIN_WITHIN = 60.0

# name -> the toxics (type, attributes, stream) put on each link
TOXICS: dict[str, list[tuple[str, dict[str, int], str]]] = {
    "latency 500 ms": [("latency", {"latency": 500, "jitter": 0}, "downstream")],
    "bandwidth 32 KB/s": [
        ("bandwidth", {"rate": 32}, "downstream"),
        ("bandwidth", {"rate": 32}, "upstream"),
    ],
    "connections reset": [("reset_peer", {"timeout": 1000}, "upstream")],
}


@dataclass
class Links:
    toxiproxy: ToxiproxyServer
    proxies: dict[tuple[str, str], Proxy] = field(default_factory=dict)  # (service, dependency)

    def of(self, services: tuple[str, ...], dependencies: tuple[str, ...]) -> list[Proxy]:
        return [self.proxies[(s, d)] for s in services for d in dependencies]


@dataclass
class Network:
    platform: Platform
    links: Links


@pytest.fixture(scope="module")
def network() -> Iterator[Network]:
    set_artifact("reliability-network.json")
    home = scratch_home("returners-network-")
    toxiproxy = scratch_toxiproxy(home)
    toxiproxy.start()
    links = Links(toxiproxy)
    postgres = scratch_postgres(home)
    # One broker listener per service, each advertising that service's proxy.
    listeners = {}
    for service in SERVICES:
        listeners[service.upper()] = (free_port(), f"127.0.0.1:{free_port()}")
    broker = scratch_broker(home, listeners=listeners)
    for service in SERVICES:
        port, advertised = listeners[service.upper()]
        proxy_port = int(advertised.rpartition(":")[2])
        links.proxies[(service, "kafka")] = toxiproxy.create(
            f"{service}-kafka", proxy_port, f"127.0.0.1:{port}"
        )
        links.proxies[(service, "postgres")] = toxiproxy.create(
            f"{service}-postgres", free_port(), f"127.0.0.1:{postgres.port}"
        )
    try:
        with running_platform(
            home,
            broker,
            postgres,
            logs="network-logs",
            phases=PHASES,
            kafka_addresses={s: links.proxies[(s, "kafka")].address for s in SERVICES},
            database_urls={
                s: f"postgresql://postgres@{links.proxies[(s, 'postgres')].address}/{s}"
                for s in SERVICES
            },
        ) as running:
            yield Network(running, links)
    finally:
        toxiproxy.stop()


def test_every_link_is_proxied(network: Network) -> None:
    """Each service reaches Kafka and Postgres only through its own proxies: what the
    faults above rely on."""
    for name, service in network.platform.cluster.services.items():
        prefix = service.spec.env_prefix
        kafka = network.links.proxies[(name, "kafka")]
        postgres = network.links.proxies[(name, "postgres")]
        assert service.env[f"{prefix}KAFKA_BOOTSTRAP_SERVERS"] == kafka.address
        assert postgres.address in service.env[f"{prefix}DATABASE_URL"]
    assert asyncio.run(_advertised(network)) == {
        name: network.links.proxies[(name, "kafka")].address for name in SERVICES
    }


async def _advertised(network: Network) -> dict[str, str]:
    """The broker address each service's Kafka client is told (through its own proxy)."""
    told = {}
    for name in SERVICES:
        proxy = network.links.proxies[(name, "kafka")]
        admin = AIOKafkaAdminClient(bootstrap_servers=proxy.address)
        await admin.start()
        try:
            brokers = (await admin.describe_cluster())["brokers"]
            told[name] = ",".join(sorted(f"{b['host']}:{b['port']}" for b in brokers))
        finally:
            await admin.close()
    return told


def targets(target: str) -> tuple[str, ...]:
    return SERVICES if target == "all" else (target,)


async def held(platform: Platform, started: float, seconds: float) -> None:
    """Wait until the fault has lasted ``seconds`` and met a few submissions."""
    before = platform.stream.started_count()
    await eventually(
        lambda: (time.monotonic() - started, platform.stream.started_count() - before),
        until=lambda held: held[0] >= seconds and held[1] >= SUBMISSIONS_PER_OUTAGE,
        timeout=seconds + 60,
        interval=0.5,
        what=f"the fault held {seconds:.0f}s",
    )


@pytest.mark.parametrize("toxic", list(TOXICS))
@pytest.mark.parametrize("target", [*SERVICES, "all"])
async def test_slow_capped_or_reset_links(network: Network, target: str, toxic: str) -> None:
    proxies = network.links.of(targets(target), DEPENDENCIES)

    async def inject() -> Window:
        started = time.monotonic()
        added = [
            (proxy, proxy.add_toxic(kind, attributes, stream=stream))
            for proxy in proxies
            for kind, attributes, stream in TOXICS[toxic]
        ]
        try:
            await held(network.platform, started, TOXIC_SECONDS)
        finally:
            for proxy, name in added:
                proxy.remove_toxic(name)
        return Window(started, time.monotonic())

    await run_fault(network.platform, f"{toxic}: {target}", inject)


# (who is cut off, from what): each service from both; all services from each dependency.
PARTITIONS = [
    *((service, DEPENDENCIES) for service in SERVICES),
    ("all", ("kafka",)),
    ("all", ("postgres",)),
]
# One programme per fault (each fault's submissions are checked apart from the others'), and
# one more for the stream to go on with once the last fault's programme closes.
PHASES = len(TOXICS) * (len(SERVICES) + 1) + len(PARTITIONS) + 1


@dataclass
class Readiness:
    """/readyz of every service, sampled while a partition lasts."""

    samples: list[tuple[float, str, bool, dict[str, str]]] = field(default_factory=list)

    async def sample(self, platform: Platform) -> None:
        async with httpx.AsyncClient(timeout=5) as client:
            for name, service in platform.cluster.services.items():
                at = time.monotonic()
                try:
                    response = await client.get(f"{service.url}/readyz")
                    ok = response.status_code == 200
                    checks = dict(response.json().get("checks") or {})
                except (httpx.TransportError, ValueError):
                    ok, checks = False, {}
                self.samples.append((at, name, ok, checks))

    def of(self, name: str) -> list[tuple[float, bool, dict[str, str]]]:
        return [(at, ok, checks) for at, n, ok, checks in self.samples if n == name]


def readiness_problems(
    readiness: Readiness,
    cut: tuple[str, ...],
    dependencies: tuple[str, ...],
    cut_at: float,
    restored_at: float,
) -> tuple[list[str], list[str]]:
    """(problems, notes) from the samples taken while the partition lasted."""
    problems, notes = [], []
    failing = {CHECK_NAME[d] for d in dependencies}
    for name in SERVICES:
        samples = [s for s in readiness.of(name) if cut_at <= s[0] <= restored_at]
        if name not in cut:
            if any(not ok for _, ok, _ in samples):
                problems.append(f"{name} reported not ready, but was not cut off")
            continue
        down = [at for at, ok, _ in samples if not ok]
        if not down or down[0] - cut_at > NOT_READY_WITHIN:
            problems.append(f"{name} did not report not-ready within {NOT_READY_WITHIN:.0f}s")
            continue
        after = [(at, ok, checks) for at, ok, checks in samples if at >= down[0]]
        if any(ok for _, ok, _ in after):
            problems.append(f"{name} reported ready again while still cut off")
        named = {k for _, _, checks in after for k, v in checks.items() if v != "ok"}
        if after and after[-1][2] and not failing <= named:
            problems.append(f"{name}'s /readyz named {sorted(named)}, not {sorted(failing)}")
        notes.append(
            f"{name}: not ready {down[0] - cut_at:.1f}s after the cut "
            f"({len(after)} samples, failing: {', '.join(sorted(named)) or '-'})"
        )
    return problems, notes


@pytest.mark.parametrize(("target", "dependencies"), PARTITIONS)
async def test_a_full_partition_of_30_seconds(
    network: Network, target: str, dependencies: tuple[str, ...]
) -> None:
    platform = network.platform
    cut = targets(target)
    proxies = network.links.of(cut, dependencies)
    readiness = Readiness()
    moments: dict[str, float] = {}
    ready_again: list[str] = []

    async def inject() -> Window:
        started = time.monotonic()
        for proxy in proxies:
            proxy.cut()
        moments["cut"] = time.monotonic()
        try:

            async def sampled() -> float:
                await readiness.sample(platform)
                return time.monotonic() - started

            await eventually(
                sampled,
                until=lambda seconds: seconds >= PARTITION_SECONDS,
                timeout=PARTITION_SECONDS + 30,
                interval=0.5,
                what=f"a {PARTITION_SECONDS:.0f}s partition",
            )
        finally:
            for proxy in proxies:
                proxy.restore()
        moments["restored"] = time.monotonic()
        for name in cut:
            service = platform.cluster[name]
            await eventually(
                lambda service=service: _ready(service.url),
                timeout=READY_AGAIN_WITHIN,
                interval=0.25,
                what=f"{name} ready again",
            )
            ready_again.append(f"{name} ready {time.monotonic() - moments['restored']:.1f}s after")
        return Window(started, moments["restored"])

    async def readiness_tracked() -> list[str]:
        problems, notes = readiness_problems(
            readiness, cut, dependencies, moments["cut"], moments["restored"]
        )
        assert not problems, problems
        return notes + ready_again

    fault = f"partition 30s: {target} from {'+'.join(dependencies)}"
    await run_fault(platform, fault, inject, readiness_tracked)


async def _ready(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            return (await client.get(f"{url}/readyz")).status_code == 200
    except httpx.TransportError:
        return False
