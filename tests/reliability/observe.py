"""What the platform shows from the outside: the event log, the status endpoint, the funnel.

Nothing here reads a service's tables: events are read from the broker, decisions from
the applicant's status endpoint (with the application's own token), counts from the
reporting API (with the operations token).
"""

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import parseaddr
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from returners_cli.kafka_ops import committed_offsets, read_records
from returners_cli.testing.kafka import read_topic
from returners_platform.contracts.events import ApplicationSubmitted, EligibilityDecided
from returners_platform.contracts.topics import APPLICATIONS, PLACEMENTS

from .portal import Accepted

SUBMITTED = ApplicationSubmitted.event_type
DECIDED = EligibilityDecided.event_type


@dataclass
class EventLog:
    """Per application id: the distinct event ids of one event type, and how many records."""

    event_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    records: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    programmes: dict[str, str] = field(default_factory=dict)

    def distinct(self, application_id: str) -> int:
        return len(self.event_ids.get(application_id, ()))

    def redelivered(self, application_id: str) -> int:
        """Records beyond one per distinct event id: at-least-once redelivery, no effect."""
        return self.records.get(application_id, 0) - self.distinct(application_id)


async def event_log(bootstrap: str, topic: str, event_type: str) -> EventLog:
    log = EventLog()
    for record in await read_topic(bootstrap, topic):
        try:
            envelope = json.loads(record.value or b"")
        except ValueError:
            continue  # injected malformed records
        if not isinstance(envelope, dict) or envelope.get("type") != event_type:
            continue
        data = envelope.get("data") or {}
        application_id = str(data.get("application_id"))
        log.event_ids[application_id].add(str(envelope.get("id")))
        log.records[application_id] += 1
        log.programmes[application_id] = str(data.get("programme_id"))
    return log


async def submitted_log(bootstrap: str, prefix: str) -> EventLog:
    return await event_log(bootstrap, APPLICATIONS.qualified(prefix), SUBMITTED)


async def decided_log(bootstrap: str, prefix: str) -> EventLog:
    return await event_log(bootstrap, PLACEMENTS.qualified(prefix), DECIDED)


def mail_received(maildir: Path) -> dict[str, dict[str, set[str]]]:
    """Per recipient address, per subject: the distinct Message-IDs received. Notifications
    makes a delivery's Message-ID from its id, so a retried send keeps it: two ids for one
    subject are two deliveries (an email sent twice in effect)."""
    received: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for address, subject, message_id in _mail_headers(maildir):
        received[address][subject].add(message_id)
    return received


# Each message's (recipient, subject, Message-ID), by file: a message file, once in ``new``,
# never changes, so each is read once (the Maildir grows by thousands over a run, and the
# convergence check reads it every half second).
_HEADERS: dict[Path, tuple[str, str, str]] = {}


def _mail_headers(maildir: Path) -> list[tuple[str, str, str]]:
    found = []
    for folder in (maildir / "new", maildir / "cur"):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path not in _HEADERS:
                with path.open("rb") as fp:
                    message = BytesHeaderParser().parse(fp)
                _HEADERS[path] = (
                    parseaddr(str(message["To"]))[1].lower(),
                    str(message["Subject"]),
                    str(message["Message-ID"]),
                )
            found.append(_HEADERS[path])
    return found


@dataclass
class PortalView:
    applications_url: str
    reporting_url: str
    operations_token: str
    decided: set[str] = field(default_factory=set)  # seen with a decision (that never regresses)

    async def undecided(self, submissions: list[Accepted]) -> list[Accepted]:
        """Those whose status endpoint does not show an eligibility decision yet."""
        todo = [s for s in submissions if s.application_id not in self.decided]
        gate = asyncio.Semaphore(16)
        async with httpx.AsyncClient(base_url=self.applications_url, timeout=10) as client:

            async def shows_decision(s: Accepted) -> bool:
                async with gate:
                    try:
                        response = await client.get(
                            f"/applications/{s.application_id}",
                            headers={"Authorization": f"Bearer {s.access_token}"},
                        )
                    except httpx.TransportError:
                        return False
                if response.status_code != 200:
                    return False
                view = response.json()
                return view.get("eligibility") is not None and view.get("status") in (
                    "eligible",
                    "ineligible",
                )

            answers = await asyncio.gather(*(shows_decision(s) for s in todo))
        for s, ok in zip(todo, answers, strict=True):
            if ok:
                self.decided.add(s.application_id)
        return [s for s, ok in zip(todo, answers, strict=True) if not ok]

    async def funnel(self, programme_id: str) -> dict[str, Any] | None:
        try:
            async with httpx.AsyncClient(base_url=self.reporting_url, timeout=10) as client:
                response = await client.get(
                    f"/reports/programmes/{programme_id}/funnel",
                    headers={"Authorization": f"Bearer {self.operations_token}"},
                )
        except httpx.TransportError:
            return None
        return dict(response.json()) if response.status_code == 200 else None


async def log_ends(bootstrap: str, topics: list[str]) -> dict[TopicPartition, int]:
    """The end offset of every partition of ``topics``, now."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        metadata = await consumer._client.fetch_all_metadata()
        tps = [
            TopicPartition(topic, p)
            for topic in topics
            for p in sorted(metadata.partitions_for_topic(topic) or ())
        ]
        return dict(await consumer.end_offsets(tps)) if tps else {}
    finally:
        await consumer.stop()


async def group_positions(
    bootstrap: str, ends: dict[TopicPartition, int], groups: dict[str, list[str]]
) -> list[tuple[str, TopicPartition, int, int]]:
    """(group, partition, committed, end) for each partition of each group's topics (group ->
    the topics it reads)."""
    positions = []
    for group, topics in groups.items():
        committed = await committed_offsets(bootstrap, group)
        positions += [
            (group, tp, committed.get(tp, 0), end) for tp, end in ends.items() if tp.topic in topics
        ]
    return positions


async def groups_behind(
    bootstrap: str, ends: dict[TopicPartition, int], groups: dict[str, list[str]]
) -> list[str]:
    """Partitions where a consumer group has not committed up to ``ends``: a consumer stuck
    on a record, or not consuming at all."""
    return [
        f"{group} at {at} of {end} on {tp.topic}:{tp.partition}"
        for group, tp, at, end in await group_positions(bootstrap, ends, groups)
        if at < end
    ]


async def consumer_lag(bootstrap: str, groups: dict[str, list[str]]) -> dict[str, int]:
    """Per consumer group: records on its topics not yet committed, now."""
    topics = sorted({topic for names in groups.values() for topic in names})
    ends = await log_ends(bootstrap, topics)
    lag = dict.fromkeys(groups, 0)
    for group, _, at, end in await group_positions(bootstrap, ends, groups):
        lag[group] += max(0, end - at)
    return lag


async def append_times(bootstrap: str, topic: str) -> list[float]:
    """When each record of ``topic`` was written (its timestamp, in epoch seconds)."""
    return sorted(r.timestamp / 1000 for r in await read_records(bootstrap, topic))


def longest_gap(times: list[float], start: float, end: float) -> float:
    """The longest stretch of [start, end] with none of ``times`` in it."""
    inside = sorted(t for t in times if start <= t <= end)
    edges = [start, *inside, end]
    return max(b - a for a, b in pairwise(edges))
