"""A steady, bounded stream of submissions, sent the way a real applicant portal sends them.

Every submission carries an Idempotency-Key; on a connection error, a timeout or a 5xx the
portal retries the same key and body with backoff until it gets a 201 (or a 200 replay),
giving up only after a generous deadline. Every application id the portal was told about
is recorded, with when it was first sent and when it was accepted.

The stream runs in a thread of its own (with its own event loop), so the faults the tests
inject — which block — never pause it.
"""

import asyncio
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from returners_cli.testing.submissions import submission_body

PROGRAMME_STARTS = date(2027, 5, 4)
REGIONS = ("North East", "London", "South East", "West Midlands", "North West")


@dataclass(frozen=True)
class Accepted:
    """A submission the portal was told succeeded."""

    application_id: str
    access_token: str
    programme_id: str
    email: str  # unique per submission: the notifications it gets are counted by it
    sent_at: float  # time.monotonic() of the first attempt
    accepted_at: float  # time.monotonic() of the 201/200


def random_submission(programme_id: str, rng: random.Random) -> dict[str, Any]:
    """A valid submission; about two in three are eligible (2-10 years out of practice)."""
    years_out = rng.choice((1, 3, 4, 6, 8, 12))
    last_practised = PROGRAMME_STARTS - timedelta(days=365 * years_out + rng.randint(10, 200))
    return submission_body(
        programme_id,
        contact={
            "given_name": "Test",
            "family_name": "Applicant",
            "email": f"applicant-{uuid.uuid4().hex}@example.org",
        },
        registration={
            "first_registered": "2001-09-01",
            "last_practised": last_practised.isoformat(),
            "statutory_practice_years": rng.choice((3, 6, 9)),
        },
        preferences={"regions": [rng.choice(REGIONS)]},
    )


@dataclass
class SubmissionStream:
    applications_url: str
    programme_id: str
    per_second: float = 6.0
    give_up_after: float = 150.0
    max_in_flight: int = 400
    seed: int = 2020
    accepted: list[Accepted] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    started: int = 0
    shed: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()
        self._stop = threading.Event()
        self._drain = self.give_up_after
        self._thread = threading.Thread(target=self._run, name="submission-stream", daemon=True)
        self._rng = random.Random(self.seed)

    # -- control, from the test's thread ------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self, drain: float = 60.0) -> None:
        """Start no more; wait up to ``drain`` seconds for those under way, then drop them."""
        self._drain = drain
        self._stop.set()
        self._thread.join(drain + 10)

    def switch_to(self, programme_id: str) -> None:
        """New submissions go to ``programme_id``; those under way keep theirs."""
        with self._lock:
            self.programme_id = programme_id

    def in_flight(self, programme_id: str) -> int:
        with self._lock:
            return self._in_flight[programme_id]

    def accepted_for(self, programme_ids: set[str] | None = None) -> list[Accepted]:
        with self._lock:
            return [
                a for a in self.accepted if programme_ids is None or a.programme_id in programme_ids
            ]

    def started_count(self) -> int:
        with self._lock:
            return self.started

    def shed_count(self) -> int:
        """Submissions not even started: too many were under way (a long outage)."""
        with self._lock:
            return self.shed

    def gave_up(self) -> list[str]:
        with self._lock:
            return list(self.failures)

    # -- the stream, in its own thread ----------------------------------------------------

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=16)
        async with httpx.AsyncClient(
            base_url=self.applications_url, timeout=10.0, limits=limits
        ) as client:
            tasks: set[asyncio.Task[None]] = set()
            interval = 1.0 / self.per_second
            next_at = time.monotonic()
            while not self._stop.is_set():
                with self._lock:
                    programme = self.programme_id
                    busy = sum(self._in_flight.values())
                    if busy >= self.max_in_flight:
                        self.shed += 1
                    else:
                        self.started += 1
                        self._in_flight[programme] += 1
                if busy < self.max_in_flight:
                    task = asyncio.create_task(self._submit(client, programme))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                next_at += interval  # a steady rate, whatever each request takes
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if tasks:  # let the submissions under way finish (they may be mid-retry)
                _, pending = await asyncio.wait(tasks, timeout=self._drain)
                for task in pending:
                    task.cancel()

    async def _submit(self, client: httpx.AsyncClient, programme: str) -> None:
        key = str(uuid.uuid4())
        with self._lock:
            body = random_submission(programme, self._rng)
        sent_at = time.monotonic()
        deadline = sent_at + self.give_up_after
        backoff = 0.2
        attempts = 0
        outcome = "gave up"
        try:
            while time.monotonic() < deadline:
                attempts += 1
                try:
                    response = await client.post(
                        "/applications", json=body, headers={"Idempotency-Key": key}
                    )
                except httpx.TransportError as exc:  # refused, reset, timed out
                    outcome = f"gave up after {type(exc).__name__}"
                else:
                    if response.status_code in (200, 201):
                        self._record(response, programme, body["contact"]["email"], sent_at)
                        return
                    outcome = f"gave up after {response.status_code}: {response.text[:200]}"
                    if response.status_code < 500:
                        break  # the portal's own mistake: retrying cannot help
                await asyncio.sleep(backoff * random.uniform(0.5, 1.0))
                backoff = min(backoff * 2, 2.0)
            with self._lock:
                self.failures.append(f"{key} ({programme}, {attempts} attempts): {outcome}")
        finally:
            with self._lock:
                self._in_flight[programme] -= 1

    def _record(self, response: httpx.Response, programme: str, email: str, sent_at: float) -> None:
        answer = response.json()
        accepted = Accepted(
            application_id=str(answer["application_id"]),
            access_token=str(answer.get("access_token") or ""),
            programme_id=programme,
            email=email,
            sent_at=sent_at,
            accepted_at=time.monotonic(),
        )
        with self._lock:
            self.accepted.append(accepted)
