"""Programmes and candidates arrive; eligible candidates of a programme with selection are
invited to its assessment (``assessment.invited``), whichever of the two arrives last."""

from datetime import datetime
from uuid import UUID

from returners_platform.contracts.events import AssessmentInvited, ProgrammePublishedV3
from returners_platform.messaging.unit_of_work import UnitOfWork
from selection import metrics
from selection.store import candidates, programmes


async def record_programme(uow: UnitOfWork, programme: ProgrammePublishedV3) -> None:
    await programmes.lock(uow, programme.programme_id)  # see record_eligible
    await programmes.upsert(uow, programme)
    await invite_eligible(uow, programme.programme_id)


async def record_submission(
    uow: UnitOfWork, application_id: UUID, programme_id: str, submitted_at: datetime
) -> None:
    """When the application was submitted (the results' tie-break), whatever its programme."""
    await candidates.record_submission(uow, application_id, programme_id, submitted_at)


async def record_eligible(uow: UnitOfWork, application_id: UUID, programme_id: str) -> None:
    """Record the eligible candidate and invite them if their programme is known; if it is
    not yet, recording the programme invites them. The programme's lock comes first in both:
    the programme and a decision arrive on different topics and may be handled at once, and
    two transactions that each read before the other committed left the candidate uninvited.
    """
    await programmes.lock(uow, programme_id)
    await candidates.record_eligible(uow, application_id, programme_id, uow.now())
    await invite_eligible(uow, programme_id)


async def invite_eligible(uow: UnitOfWork, programme_id: str) -> int:
    """Invite the programme's eligible candidates not yet invited (if it has selection and
    its results are not out); how many."""
    programme = await programmes.get(uow, programme_id)
    if programme is None or programme.rules is None or programme.decided_at is not None:
        return 0
    await programmes.lock(uow, programme_id)
    now = uow.now()
    invited = await candidates.to_invite(uow, programme_id)
    for application_id in invited:
        await candidates.mark_assessment_invited(uow, application_id, now)
        await uow.publish(
            AssessmentInvited(
                application_id=application_id,
                programme_id=programme_id,
                closes_at=programme.rules.assessment.closes_at,
                invited_at=now,
            )
        )
    metrics.INVITATIONS.labels("assessment").inc(len(invited))
    return len(invited)
