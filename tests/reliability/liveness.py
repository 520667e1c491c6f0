"""No crash loops: every process alive with the same pid, every service ready, and no
supervised task or child restarted, between two moments."""

from dataclasses import dataclass

import httpx

from returners_cli.testing.cluster import ProcessCluster

# Log events that mean "something died and was started again" inside a process.
RESTART_EVENTS = ('"background_task_crashed"', '"worker_exited"')


@dataclass(frozen=True)
class Liveness:
    pids: dict[str, int | None]
    restarts: dict[str, int]

    def changes_since(self, earlier: "Liveness") -> list[str]:
        changed = [
            f"{name}: pid {earlier.pids.get(name)} -> {pid}"
            for name, pid in self.pids.items()
            if pid is None or pid != earlier.pids.get(name)
        ]
        changed += [
            f"{name}: {n - earlier.restarts.get(name, 0)} restart(s) logged"
            for name, n in self.restarts.items()
            if n != earlier.restarts.get(name, 0)
        ]
        return changed

    def restarts_since(self, earlier: "Liveness") -> int:
        return sum(n - earlier.restarts.get(name, 0) for name, n in self.restarts.items())


def liveness(cluster: ProcessCluster) -> Liveness:
    pids: dict[str, int | None] = {}
    restarts: dict[str, int] = {}
    for name, service in cluster.services.items():
        pids[name] = service.pid()
        restarts[name] = _count_restarts(service.log_file.read_text(errors="replace"))
    if "reporting" in cluster.services:  # the faust worker, a child of the API process
        children = cluster["reporting"].children()
        pids["reporting-worker"] = children[0] if children else None
    for relay in cluster.relays.values():
        pids[relay.name] = relay.pid()
    return Liveness(pids, restarts)


def _count_restarts(log: str) -> int:
    return sum(log.count(event) for event in RESTART_EVENTS)


async def not_ready(cluster: ProcessCluster) -> list[str]:
    """Services whose /readyz does not answer 200."""
    failing = []
    async with httpx.AsyncClient(timeout=5) as client:
        for name, service in cluster.services.items():
            try:
                ok = (await client.get(f"{service.url}/readyz")).status_code == 200
            except httpx.TransportError:
                ok = False
            if not ok:
                failing.append(name)
    return failing
