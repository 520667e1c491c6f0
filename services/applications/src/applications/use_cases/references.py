"""References: the applicant gives two referees once they have accepted an offer; each
referee is emailed a one-time link (notifications asks ``issue_link`` for the address and a
fresh token when it sends, as for a sign-in link); the referee opens it and answers once.

No referee's name, address or words ever travel in an event: ``reference.requested`` carries
ids, ``reference.received`` the outcome.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from applications import metrics
from applications.domain.references import (
    REFERENCES,
    LinkState,
    RefereeKind,
    Referees,
    ReferenceAnswer,
    ReferenceNumber,
    check_can_give_referees,
    check_not_the_applicant,
    link_opens,
)
from applications.store import applications, contacts, programmes, references, timeline
from applications.store.references import NewReferee, Reference
from applications.use_cases.access import NOT_FOUND, authorise
from applications.use_cases.status import StatusView, status_view
from returners_platform.contracts.events import ReferenceReceived, ReferenceRequested
from returners_platform.errors import NotFound, found
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash

LINK_NOT_VALID = "this link has expired, has already been used, or is not for this reference"
NOTHING_TO_SEND = "no link to send for this reference"


@dataclass(frozen=True)
class IssuedReferenceLink:
    """What notifications writes to a referee: to whom, for whom, and the link's token (shown
    only here)."""

    reference_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    programme_id: str
    referee_name: str
    email: str
    applicant_given_name: str
    applicant_family_name: str
    link_token: str
    expires_at: datetime


@dataclass(frozen=True)
class ReferenceRequest:
    """What a referee's link opens: whose reference is asked for (no answer yet)."""

    reference_id: UUID
    reference: ReferenceNumber
    kind: RefereeKind
    programme_id: str
    programme_title: str
    referee_name: str
    applicant_given_name: str
    applicant_family_name: str
    expires_at: datetime


async def give_referees(
    uow: UnitOfWork, application_id: UUID, access_token: str, given: Referees, lifetime: timedelta
) -> StatusView:
    """Record the two referees and ask each for their reference (``reference.requested``,
    once each); the status view after."""
    now = uow.now()
    application = await authorise(uow, application_id, access_token, now)
    check_can_give_referees(application.status, await references.any_given(uow, application_id))
    contact = found(await contacts.of_application(uow, application_id), NOT_FOUND)
    check_not_the_applicant([str(r.email) for r in given.referees], contact.email)
    await references.set_employment(uow, application_id, given.employed_in_last_three_years)
    for number, referee in zip(REFERENCES, given.referees, strict=True):
        reference_id = uuid.uuid4()
        await references.insert(
            uow,
            NewReferee(
                reference_id=reference_id,
                application_id=application_id,
                reference=number,
                kind=referee.relationship,
                name=referee.name,
                email=str(referee.email),
                organisation=referee.organisation,
                requested_at=now,
                expires_at=now + lifetime,
            ),
        )
        await timeline.add(uow, application_id, "reference_requested", now, _which(number))
        await uow.publish(
            ReferenceRequested(
                application_id=application_id,
                programme_id=application.programme_id,
                reference_id=reference_id,
                reference=number,
                requested_at=now,
            )
        )
        metrics.REFERENCES.labels("requested").inc()
    return await status_view(uow, application)


async def issue_link(uow: UnitOfWork, reference_id: UUID) -> IssuedReferenceLink:
    """A fresh token for the reference's link and where to send it (a later call replaces the
    token: only the latest email works). NotFound when there is nothing to send: an unknown,
    answered or expired reference, or an erased applicant."""
    now = uow.now()
    reference = await references.of_id(uow, reference_id)
    if reference is None or not link_opens(_state(reference), reference_id, now):
        raise NotFound(NOTHING_TO_SEND)
    application = await applications.locked(uow, reference.application_id)
    referee = await references.referee(uow, reference_id)
    applicant = await contacts.of_application(uow, reference.application_id)
    if referee is None or applicant is None or application is None:
        raise NotFound(NOTHING_TO_SEND)
    link_token = new_random_token("rtr")
    await references.set_token(uow, reference_id, token_hash(link_token), now)
    metrics.REFERENCES.labels("issued").inc()
    return IssuedReferenceLink(
        reference_id=reference_id,
        reference=reference.reference,
        kind=reference.kind,
        programme_id=application.programme_id,
        referee_name=referee.name,
        email=referee.email,
        applicant_given_name=applicant.given_name,
        applicant_family_name=applicant.family_name,
        link_token=link_token,
        expires_at=reference.expires_at,
    )


async def open_reference(uow: UnitOfWork, reference_id: UUID, link_token: str) -> ReferenceRequest:
    """What the referee's link opens (it is not spent by opening); NotFound unless the token
    is this reference's, unanswered and unexpired."""
    reference = await _by_link(uow, reference_id, link_token)
    application = await applications.locked(uow, reference.application_id)
    referee = await references.referee(uow, reference_id)
    applicant = await contacts.of_application(uow, reference.application_id)
    if referee is None or applicant is None or application is None:
        raise NotFound(LINK_NOT_VALID)
    programme = await programmes.published(uow, application.programme_id)
    title = programme.definition.get("title") if programme else None
    return ReferenceRequest(
        reference_id=reference_id,
        reference=reference.reference,
        kind=reference.kind,
        programme_id=application.programme_id,
        programme_title=str(title or application.programme_id),
        referee_name=referee.name,
        applicant_given_name=applicant.given_name,
        applicant_family_name=applicant.family_name,
        expires_at=reference.expires_at,
    )


async def answer(uow: UnitOfWork, reference_id: UUID, given: ReferenceAnswer) -> Reference:
    """The referee's answer, through their link (spent by it): kept here, and
    ``reference.received`` published with the outcome only. NotFound (and nothing changed)
    unless the token is this reference's, unanswered and unexpired."""
    now = uow.now()
    reference = await _by_link(uow, reference_id, given.token)
    application = found(await applications.locked(uow, reference.application_id), LINK_NOT_VALID)
    answered = await references.record_answer(
        uow, reference_id, token_hash(given.token), given.outcome, given.statement, now
    )
    if not answered:  # answered or re-issued since it was read
        raise NotFound(LINK_NOT_VALID)
    await timeline.add(
        uow, reference.application_id, "reference_received", now, _which(reference.reference)
    )
    await uow.publish(
        ReferenceReceived(
            application_id=reference.application_id,
            programme_id=application.programme_id,
            reference_id=reference_id,
            reference=reference.reference,
            referee_kind=reference.kind,
            outcome=given.outcome,
            received_at=now,
        )
    )
    metrics.REFERENCES.labels("received").inc()
    return found(await references.of_id(uow, reference_id), LINK_NOT_VALID)


async def _by_link(uow: UnitOfWork, reference_id: UUID, link_token: str) -> Reference:
    reference = await references.by_token(uow, token_hash(link_token))
    if reference is None or not link_opens(_state(reference), reference_id, uow.now()):
        metrics.REFERENCES.labels("refused").inc()
        raise NotFound(LINK_NOT_VALID)
    return reference


def _state(reference: Reference) -> LinkState:
    return LinkState(reference.reference_id, reference.expires_at, reference.received_at)


def _which(number: ReferenceNumber) -> dict[str, str]:
    return {"reference": number.value}
