"""An Apache Kafka 3.9.1 node in KRaft mode (broker and controller), from Maven Central jars.

One node alone is the local broker; three of them with one cluster id and one quorum are
the production-shaped test cluster (``returners_cli.stack.kafka_cluster``). The jars are
fetched once with Maven (``deploy/local/kafka/pom.xml``) into ``<cache>/libs`` and reused
(until the POM changes); ``~/.m2`` caches the downloads as well.
"""

import asyncio
import base64
import fcntl
import hashlib
import logging
import shutil
import signal
import socket
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from returners_cli.stack import processes
from returners_cli.stack.paths import repo_root

KAFKA_VERSION = "3.9.1"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies"


class MissingToolError(RuntimeError):
    pass


def require_tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingToolError(f"`{name}` is not installed or not on PATH. {hint}")
    return path


def ensure_jars(cache_dir: Path) -> Path:
    """The broker's classpath directory, downloading the jars the first time.

    Concurrent callers (parallel test workers on a fresh clone) take turns on a
    lock file, so exactly one of them downloads and the rest reuse its jars.
    """
    libs = cache_dir.resolve() / "libs"
    pom = repo_root() / "deploy" / "local" / "kafka" / "pom.xml"
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:12]
    marker = libs / f".kafka-{KAFKA_VERSION}-{digest}-complete"
    if marker.exists():
        return libs
    libs.mkdir(parents=True, exist_ok=True)
    with (libs.parent / ".download.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            _download_jars(libs)
            marker.touch()
    return libs


def _download_jars(libs: Path) -> None:
    mvn = require_tool(
        "mvn",
        "The local Kafka broker is fetched from Maven Central with Maven: install it "
        "(Debian: apt-get install maven) or point KAFKA_BOOTSTRAP_SERVERS at a running broker.",
    )
    require_tool(
        "java", "Kafka needs a Java runtime (17 or newer): apt-get install openjdk-17-jre."
    )
    pom = repo_root() / "deploy" / "local" / "kafka" / "pom.xml"
    result = subprocess.run(
        [
            mvn,
            "-q",
            "-B",
            "-f",
            str(pom),
            DEPENDENCY_PLUGIN,
            f"-DoutputDirectory={libs}",
            "-DincludeScope=runtime",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"downloading Kafka jars failed:\n{result.stdout}\n{result.stderr}")
    if not any(libs.glob(f"kafka_2.13-{KAFKA_VERSION}.jar")):
        raise RuntimeError(f"Maven finished but kafka_2.13-{KAFKA_VERSION}.jar is not in {libs}")


# The heap of the platform's own broker (``make up``, and the broker every benchmark of
# ``make bench`` shares, the platform's stand-in): its live heap is about 70 MiB under the
# end-to-end load, and G1 grows the heap towards ``-Xmx`` in a burst and keeps it, so a
# larger cap only shows as idle memory. Test brokers, which hold thousands of partitions,
# keep the default.
STACK_HEAP = "256m"
# The platform's own broker compiles with the JVM's quick compiler (C1) alone. Left to
# itself, the optimising compiler (C2) was still compiling the broker's code a minute after
# start: 113 ms of CPU a second of the broker's 230 under the end-to-end load, on a
# two-core machine the services need. Without it a fresh broker spent 11.0-11.1 ms of CPU
# an application there, against 14.4-16.5, and idled at 90-106 ms a second against 119-153;
# a plain producer's 20,000-event burst showed no clear price (README, Performance). Test
# brokers keep the JVM's default.
STACK_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1",)


@dataclass
class KafkaBroker:
    """One broker+controller node; ``home`` holds its config, data and logs.

    Alone (the defaults) it is a cluster of one. In a cluster, every node names the same
    ``voters`` (``id@host:port,...``) and ``cluster_id``, and ``replication`` (the internal
    topics' replication factor) and ``min_insync_replicas`` are the cluster's.

    ``listeners`` adds client listeners: name -> (port, the address advertised for it). A
    client is told the addresses of the listener it connected through, so a listener that
    advertises a proxy's address keeps a client's every connection going through that proxy.
    """

    home: Path
    jar_cache: Path
    port: int = 9092
    controller_port: int = 9093
    heap: str = "512m"
    node_id: int = 1
    voters: str = ""
    cluster_id: str = ""
    replication: int = 1
    min_insync_replicas: int = 1
    listeners: dict[str, tuple[int, str]] = field(default_factory=dict)
    jvm_options: tuple[str, ...] = ()  # the broker's own, after the heap's (STACK_JVM_OPTIONS)
    config: dict[str, str] = field(default_factory=dict)  # more server.properties

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "kafka.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "stdout.log"

    def running_pid(self) -> int | None:
        return processes.running_pid(self.pid_file)

    def _write_config(self) -> Path:
        data = self.home / "data"
        config = self.home / "server.properties"
        voters = self.voters or f"{self.node_id}@127.0.0.1:{self.controller_port}"
        names = ["PLAINTEXT", *self.listeners]
        listeners = [f"PLAINTEXT://127.0.0.1:{self.port}"] + [
            f"{name}://127.0.0.1:{port}" for name, (port, _) in self.listeners.items()
        ]
        advertised = [f"PLAINTEXT://127.0.0.1:{self.port}"] + [
            f"{name}://{address}" for name, (_, address) in self.listeners.items()
        ]
        protocols = ",".join(f"{name}:PLAINTEXT" for name in ["CONTROLLER", *names])
        config.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    f"node.id={self.node_id}",
                    f"controller.quorum.voters={voters}",
                    f"listeners={','.join(listeners)},"
                    f"CONTROLLER://127.0.0.1:{self.controller_port}",
                    f"advertised.listeners={','.join(advertised)}",
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    f"listener.security.protocol.map={protocols}",
                    f"log.dirs={data}",
                    "num.partitions=3",
                    "auto.create.topics.enable=false",
                    f"default.replication.factor={self.replication}",
                    f"min.insync.replicas={self.min_insync_replicas}",
                    f"offsets.topic.replication.factor={self.replication}",
                    "offsets.topic.num.partitions=1",
                    f"transaction.state.log.replication.factor={self.replication}",
                    f"transaction.state.log.min.isr={self.min_insync_replicas}",
                    "group.initial.rebalance.delay.ms=0",
                    "log.cleaner.dedupe.buffer.size=33554432",
                    "num.network.threads=2",
                    "num.io.threads=2",
                    "log.retention.hours=-1",
                    *(f"{key}={value}" for key, value in self.config.items()),
                    "",
                ]
            )
        )
        return config

    def java_command(
        self, main: str, *args: str, heap: str = "256m", options: tuple[str, ...] = ()
    ) -> list[str]:
        """``java`` running ``main`` from the broker's jars (a tool, or the broker)."""
        libs = ensure_jars(self.jar_cache)
        log4j = repo_root() / "deploy" / "local" / "kafka" / "log4j.properties"
        return [
            require_tool("java", "Kafka needs a Java runtime (17 or newer)."),
            "-Xms128m",
            f"-Xmx{heap}",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            *options,
            "-Djava.awt.headless=true",
            f"-Dkafka.logs.dir={self.home / 'logs'}",
            f"-Dlog4j.configuration=file:{log4j.resolve()}",
            "-cp",
            f"{libs}/*",
            main,
            *args,
        ]

    def start(self, *, timeout: float = 90.0, wait: bool = True) -> None:
        """Format storage if new, start the broker, wait until it answers metadata requests
        (with ``wait=False``, return once the process is started: a node of a cluster answers
        only once a majority of the quorum runs)."""
        if self.running_pid() is not None:
            if wait:
                wait_ready(self.bootstrap, timeout=timeout)
            return
        for port in (self.port, self.controller_port, *(p for p, _ in self.listeners.values())):
            if not _port_free(port):
                raise RuntimeError(f"port {port} is taken; set another port for the local broker")
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(exist_ok=True)
        config = self._write_config()
        cluster_id_file = self.home / "cluster.id"
        if not cluster_id_file.exists():
            cluster_id_file.write_text(self.cluster_id or kafka_cluster_id())
        formatted = subprocess.run(
            self.java_command(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                cluster_id_file.read_text().strip(),
                "-c",
                str(config),
                "--ignore-formatted",
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if formatted.returncode != 0:
            raise RuntimeError(
                f"formatting Kafka storage failed: {formatted.stdout}{formatted.stderr}"
            )
        processes.start_detached(
            self.java_command("kafka.Kafka", str(config), heap=self.heap, options=self.jvm_options),
            pid_file=self.pid_file,
            log_file=self.log_file,
        )
        if wait:
            self.wait_ready(timeout=timeout)

    def wait_ready(self, *, timeout: float = 90.0) -> None:
        try:
            wait_ready(self.bootstrap, timeout=timeout, pid_file=self.pid_file)
        except Exception:
            self.stop()
            raise

    def stop(self) -> bool:
        return processes.stop_pid_file(self.pid_file, timeout=30)

    def kill(self) -> None:
        """``kill -9``: no clean shutdown, no leadership handed over."""
        pid = self.running_pid()
        if pid is not None:
            processes.stop_pid(pid, sig=signal.SIGKILL, timeout=10)
        self.pid_file.unlink(missing_ok=True)


def kafka_cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, base64url without padding (22 characters).

    Like Kafka's own ``Uuid.randomUuid``, never one starting with "-", which the storage
    tool's command line would take for an option.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def broker_answers(bootstrap: str) -> bool:
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
        try:
            await admin.start()
            await admin.list_topics()
            return True
        except Exception:
            return False
        finally:
            await admin.close()

    return asyncio.run(probe())


def wait_ready(bootstrap: str, *, timeout: float, pid_file: Path | None = None) -> None:
    def ready() -> bool:
        if pid_file is not None and processes.running_pid(pid_file) is None:
            raise RuntimeError(f"the Kafka broker exited; see {pid_file.parent / 'logs'}")
        return broker_answers(bootstrap)

    processes.wait_until(ready, timeout=timeout, what=f"Kafka at {bootstrap}", interval=0.5)
