"""The delivery worker: claims due deliveries, sends them, records every attempt.

Each delivery is claimed (``FOR UPDATE SKIP LOCKED``), sent and settled in one
transaction, so several workers (in one process or many) never send the same
delivery at once, and a success is recorded in the transaction that claimed it.
A crash between the receiver's 2xx and our commit rolls the claim back: the
delivery is sent again later with the same ``webhook-id`` (receivers dedupe by
it), so nothing is lost and nothing is delivered twice in effect.

A failed attempt is retried after exponential backoff with full jitter; after
the last attempt the delivery becomes a dead letter and
``notification.delivery_failed`` is published in the same transaction.
"""

import asyncio
import time
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

import asyncpg
import structlog

from notifications import metrics
from notifications.delivery.model import Delivered, Delivery, Failed, Outcome, Sender, Skipped
from notifications.domain.backoff import GiveUp, RetryPolicy, after_failure
from notifications.domain.statuses import DeliveryStatus
from notifications.store import deliveries
from returners_platform.backoff import Backoff
from returners_platform.clock import Clock
from returners_platform.contracts.events import NotificationDeliveryFailed
from returners_platform.contracts.vocabulary import DeliveryChannel
from returners_platform.messaging.unit_of_work import Connection, UnitOfWork
from returners_platform.service import correlation

log = structlog.get_logger(__name__)


class DeliveryWorker:
    def __init__(
        self,
        pool: asyncpg.Pool,
        senders: Mapping[DeliveryChannel, Sender],
        *,
        policy: RetryPolicy,
        source: str,
        poll_interval: float,
        concurrency: int,
        clock: Clock,
    ) -> None:
        self._pool = pool
        self._senders = senders
        self._policy = policy
        self._source = source
        self._poll_interval = poll_interval
        self._concurrency = concurrency
        self._clock = clock
        self._resting: deque[asyncio.Future[None]] = deque()  # loops waiting to be woken

    async def run(self) -> None:
        """Work forever with up to ``concurrency`` loops sending at once.

        One loop, the scout, looks for a due delivery every ``poll_interval`` while none is
        due. A loop that claims one wakes a resting loop before it sends (there may be more,
        and a slow receiver must not hold them up), so a burst is sent by more and more loops
        at once; a loop that finds nothing due rests until woken. Idle, the worker asks
        the database once a poll interval, not once a loop (twelve queries a second, and a
        pooled connection held by each loop for good).
        """
        await asyncio.gather(*(self._loop(scout=n == 0) for n in range(self._concurrency)))

    async def _loop(self, *, scout: bool) -> None:
        outage = Backoff(initial=self._poll_interval, maximum=30.0)
        while True:
            try:
                worked = await self.process_one(claimed=self._wake_one)
                outage.reset()
                wait = self._poll_interval
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database outage and the like: wait and carry on
                worked, wait = False, outage.next()
                log.warning("delivery_worker_error", error=repr(exc), retry_in=wait)
            if worked:
                continue
            if scout:
                await asyncio.sleep(wait)
            else:
                await self._rest()

    def _wake_one(self) -> None:
        while self._resting:
            waiter = self._resting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    async def _rest(self) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._resting.append(waiter)
        await waiter

    async def process_one(self, *, claimed: Callable[[], None] = lambda: None) -> bool:
        """Send one due delivery and settle it; False when nothing is due. ``claimed`` is
        called once a delivery is claimed, before it is sent (the loops wake another then)."""
        async with self._pool.acquire() as conn, conn.transaction():
            delivery = await deliveries.claim_due(conn, self._clock())
            if delivery is None:
                return False
            claimed()
            correlation.bind(
                correlation=delivery.correlation_id, causation=delivery.source_event_id
            )
            started_at = self._clock()
            clock = time.monotonic()
            outcome = await self._attempt(conn, delivery)
            elapsed = time.monotonic() - clock
            metrics.ATTEMPT_SECONDS.labels(delivery.channel.value).observe(elapsed)
            await deliveries.record_attempt(
                conn,
                delivery_id=delivery.delivery_id,
                attempt=delivery.attempts + 1,
                started_at=started_at,
                duration_ms=int(elapsed * 1000),
                outcome=_outcome_name(outcome),
                status_code=None if isinstance(outcome, Skipped) else outcome.status_code,
                error=outcome.error if isinstance(outcome, Failed) else None,
            )
            await self._settle(conn, delivery, outcome)
        correlation.bind(correlation=None, causation=None)
        return True

    async def _attempt(self, conn: Connection, delivery: Delivery) -> Outcome:
        try:
            return await self._senders[delivery.channel].send(conn, delivery)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or an outage in a sender must not stop the queue
            log.exception("delivery_attempt_crashed", delivery_id=str(delivery.delivery_id))
            return Failed(f"internal error ({type(exc).__name__})")

    async def _settle(self, conn: Connection, delivery: Delivery, outcome: Outcome) -> None:
        now = self._clock()
        attempts = delivery.attempts + 1
        channel = delivery.channel.value
        metrics.DELIVERY_ATTEMPTS.labels(channel, _outcome_name(outcome)).inc()
        if not isinstance(outcome, Failed):
            status, reason = (
                (DeliveryStatus.SKIPPED, outcome.reason)
                if isinstance(outcome, Skipped)
                else (DeliveryStatus.DELIVERED, None)
            )
            await deliveries.settle(
                conn, delivery.delivery_id, status, attempts=attempts, error=reason, now=now
            )
            metrics.DELIVERIES.labels(channel, status.value).inc()
            log.info(
                "delivery_settled",
                delivery_id=str(delivery.delivery_id),
                channel=channel,
                outcome=status.value,
                attempts=attempts,
            )
            return
        failures = delivery.failures + 1
        decision = GiveUp() if outcome.final else after_failure(self._policy, failures)
        if isinstance(decision, GiveUp):
            await deliveries.settle(
                conn,
                delivery.delivery_id,
                DeliveryStatus.DEAD_LETTER,
                attempts=attempts,
                error=outcome.error,
                now=now,
            )
            await self._announce_dead_letter(conn, delivery, attempts, outcome.error, now)
            metrics.DELIVERIES.labels(channel, DeliveryStatus.DEAD_LETTER.value).inc()
            log.warning(
                "delivery_dead_lettered",
                delivery_id=str(delivery.delivery_id),
                channel=channel,
                attempts=attempts,
                error=outcome.error,
            )
            return
        await deliveries.schedule_retry(
            conn,
            delivery.delivery_id,
            attempts=attempts,
            failures=failures,
            error=outcome.error,
            next_attempt_at=now + timedelta(seconds=decision.seconds),
        )
        log.info(
            "delivery_retry_scheduled",
            delivery_id=str(delivery.delivery_id),
            channel=channel,
            attempts=attempts,
            retry_in=round(decision.seconds, 3),
            error=outcome.error,
        )

    async def _announce_dead_letter(
        self,
        conn: Connection,
        delivery: Delivery,
        attempts: int,
        error: str,
        now: datetime,
    ) -> None:
        uow = UnitOfWork(
            conn,
            source=self._source,
            correlation_id=delivery.correlation_id,
            causation_id=delivery.source_event_id,
            clock=self._clock,
        )
        await uow.publish(
            NotificationDeliveryFailed.of(
                delivery, attempts=attempts, last_error=error[:500], failed_at=now
            )
        )


def _outcome_name(outcome: Outcome) -> str:
    if isinstance(outcome, Delivered):
        return "delivered"
    return "skipped" if isinstance(outcome, Skipped) else "failed"
