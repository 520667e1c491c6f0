"""Did the platform converge after a fault? Counting what was lost and what took effect twice.

For every submission a client was told succeeded (and, per programme, for the reporting
funnel):

- lost: no ``application.submitted`` event, no ``eligibility.decided`` event, no decision on
  the status endpoint, missing from the funnel's ``submitted`` (or its decided counts), or
  either of its two emails (received, decision) not received;
- duplicated in effect: more than one distinct event id of either type for the application,
  an application on the log that no client was told about (a retry that made a second one),
  the funnel counting more than were accepted, or one email received from two deliveries;
- redelivered (informational): records beyond one per distinct event id, i.e. the same
  event delivered again (at least once), which consumers must absorb without effect.
"""

import time
from collections import Counter
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from returners_cli.testing.cluster import ProcessCluster
from returners_cli.testing.polling import eventually

from .liveness import not_ready
from .observe import PortalView, decided_log, mail_received, submitted_log
from .portal import Accepted, SubmissionStream

# Every application gets two emails here: received, and the decision (no vacancies, no offers).
EMAILS_PER_APPLICATION = 2


@dataclass
class Tally:
    checked: int = 0
    lost: int = 0
    duplicated: int = 0
    redelivered: int = 0
    problems: list[str] = field(default_factory=list)

    def note(self, problem: str) -> None:
        if len(self.problems) < 10:
            self.problems.append(problem)


async def tally(
    view: PortalView,
    bootstrap: str,
    prefix: str,
    accepted: list[Accepted],
    programmes: Iterable[str],
    maildir: Path,
) -> Tally:
    """Compare what clients were told with what the platform shows, right now."""
    result = Tally(checked=len(accepted))
    submitted = await submitted_log(bootstrap, prefix)
    decided = await decided_log(bootstrap, prefix)
    mail = mail_received(maildir)
    lost: set[str] = set()
    for a in accepted:
        n_submitted, n_decided = (
            submitted.distinct(a.application_id),
            decided.distinct(a.application_id),
        )
        if n_submitted == 0 or n_decided == 0:
            lost.add(a.application_id)
            result.note(f"{a.application_id}: {n_submitted} submitted, {n_decided} decided")
        if n_submitted > 1 or n_decided > 1:
            result.duplicated += 1
            result.note(f"{a.application_id}: {n_submitted} submitted, {n_decided} decided")
        result.redelivered += submitted.redelivered(a.application_id)
        result.redelivered += decided.redelivered(a.application_id)
        emails = mail.get(a.email, {})
        if len(emails) < EMAILS_PER_APPLICATION:
            lost.add(a.application_id)
            result.note(f"{a.application_id}: emails received: {sorted(emails) or 'none'}")
        if any(len(message_ids) > 1 for message_ids in emails.values()):
            result.duplicated += 1
            result.note(f"{a.application_id}: an email sent twice: {dict(emails)}")
    for a in await view.undecided([a for a in accepted if a.application_id not in lost]):
        lost.add(a.application_id)
        result.note(f"{a.application_id}: no decision on its status endpoint")
    result.lost = len(lost)

    wanted = set(programmes)
    told = {a.application_id for a in accepted}
    unknown = [i for i, p in submitted.programmes.items() if p in wanted and i not in told]
    result.duplicated += len(unknown)
    for application_id in unknown[:3]:
        result.note(f"{application_id}: on the log, but no client was told of it")

    per_programme = Counter(a.programme_id for a in accepted)
    for programme in sorted(wanted):
        expected = per_programme[programme]
        funnel = await view.funnel(programme)
        if funnel is None:
            result.lost += expected
            result.note(f"{programme}: no funnel")
            continue
        counted, decided_count = (
            funnel["submitted"],
            funnel["eligible"] + funnel["ineligible"],
        )
        result.lost += max(0, expected - counted) + max(0, expected - decided_count)
        result.duplicated += max(0, counted - expected) + max(0, decided_count - expected)
        if (counted, decided_count) != (expected, expected):
            result.note(f"{programme}: funnel {counted} submitted, {decided_count} decided")
    return result


async def converge(
    view: PortalView,
    bootstrap: str,
    prefix: str,
    accepted: list[Accepted],
    programmes: Iterable[str],
    maildir: Path,
    *,
    timeout: float,
) -> Tally:
    """Poll until nothing is missing (or the deadline passes); the last tally. Doubles, if
    any, do not go away by waiting."""
    programmes = list(programmes)

    def now() -> Awaitable[Tally]:
        return tally(view, bootstrap, prefix, accepted, programmes, maildir)

    try:
        return await eventually(
            now, until=lambda t: t.lost == 0, timeout=timeout, interval=0.5, what="convergence"
        )
    except AssertionError:  # still missing some: the tally says what
        return await now()


async def recovery_seconds(
    stream: SubmissionStream,
    view: PortalView,
    cluster: ProcessCluster,
    programme: str,
    fault_ended: float,
    *,
    timeout: float,
) -> float:
    """From the end of the fault to every service being ready again and the first submission
    sent after the fault's end being decided (on its status endpoint) and counted (the funnel
    counts, submitted and decided, at least every submission accepted up to it)."""

    async def recovered() -> float | None:
        if await not_ready(cluster):
            return None
        mine = stream.accepted_for({programme})
        fresh = [a for a in mine if a.sent_at >= fault_ended]
        if not fresh:
            return None
        first = min(fresh, key=lambda a: a.sent_at)
        if await view.undecided([first]):
            return None
        up_to = sum(1 for a in mine if a.accepted_at <= first.accepted_at)
        funnel = await view.funnel(programme)
        if funnel is None or min(funnel["submitted"], funnel["eligible"] + funnel["ineligible"]) < (
            up_to
        ):
            return None
        return time.monotonic() - fault_ended

    found = await eventually(
        recovered,
        until=lambda seconds: seconds is not None,
        timeout=timeout,
        interval=0.25,
        what=f"recovery of {programme}",
    )
    assert found is not None
    return found
