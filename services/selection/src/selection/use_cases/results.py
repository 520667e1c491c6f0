"""Results: on the programme's results day (or when operations close selection early), every
eligible candidate still in the running gets one ``selection.decided``: selected, waitlisted
(in rank order) or rejected with its reasons (``domain.ranking``)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from returners_platform.contracts.events import SelectionDecided
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.domain.ranking import Result, decide
from selection.store import candidates, programmes
from selection.store.programmes import Programme
from selection.use_cases.assessment_results import open_programme


async def close_selection(uow: UnitOfWork, programme_id: str) -> list[Result]:
    """Decide now (operations closing selection before the results day)."""
    programme, _ = await open_programme(uow, programme_id)
    return await _decide(uow, programme)


async def decide_if_due(uow: UnitOfWork, programme: Programme) -> list[Result]:
    """Decide if the programme's results day has come in its time zone (else nothing)."""
    if programme.rules is None or not results_day_has_come(
        programme.rules.results_on, programme.timezone, uow.now()
    ):
        return []
    return await _decide(uow, programme)


def results_day_has_come(results_on: date, timezone: str, now: datetime) -> bool:
    return now.astimezone(ZoneInfo(timezone)).date() >= results_on


async def _decide(uow: UnitOfWork, programme: Programme) -> list[Result]:
    assert programme.rules is not None
    await programmes.lock(uow, programme.programme_id)
    now = uow.now()
    if not await programmes.mark_decided(uow, programme.programme_id, now):
        raise Refused("selection_closed", "the programme's results are out already")
    pool = await candidates.for_ranking(uow, programme.programme_id)
    results = decide(pool, programme.rules, programme.places)
    for result in results:
        await candidates.record_result(
            uow,
            result.application_id,
            outcome=result.outcome,
            rank=result.rank,
            weighted_score=result.weighted_score,
            reasons=result.reasons,
            at=now,
        )
        await uow.publish(
            SelectionDecided.of(
                result,
                programme_id=programme.programme_id,
                reasons=list(result.reasons),
                decided_at=now,
            )
        )
        metrics.DECISIONS.labels(result.outcome.value).inc()
    return results
