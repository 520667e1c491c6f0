"""What applicants can do: each use case is one transaction, its events in the outbox."""

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from applications import store
from applications.api.schemas import Submission, Submitted
from applications.domain import rules
from applications.domain.history import dates_in_the_future
from applications.domain.status import ApplicationStatus, OfferStatus
from applications.idempotency import IdempotencyStore, KeyReusedError, request_hash
from returners_platform.contracts.events import (
    ApplicantErased,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    PlacementAccepted,
    PlacementDeclined,
)
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash

NOT_FOUND = "no such application for this token"


async def submit_application(
    uow: UnitOfWork,
    submission: Submission,
    *,
    idempotency: IdempotencyStore,
    idempotency_key: str | None,
    now: datetime,
) -> tuple[Submitted, bool]:
    """Record the application and publish ``application.submitted``; (answer, created)."""
    if future := dates_in_the_future(submission.registration, now.date()):
        raise Refused("date_in_the_future", future[0].message, future[0].field)
    application_id = uuid.uuid4()
    body = submission.model_dump(mode="json")
    if idempotency_key is not None:
        try:
            stored = await idempotency.claim(
                uow.conn, idempotency_key, request_hash(body), application_id, now
            )
        except KeyReusedError as exc:
            raise Refused(
                "idempotency_key_reused",
                "this Idempotency-Key was used with another body",
                "Idempotency-Key",
            ) from exc
        if stored is not None:
            replay = stored.response or {
                "application_id": stored.application_id,
                "access_token": None,
            }
            return Submitted.model_validate(replay), False
    programme = await store.programme_window(uow.conn, submission.programme_id)
    if programme is None:
        raise Refused("unknown_programme", f"no programme {submission.programme_id!r}")
    rules.check_window(programme.opens_at, programme.closes_at, now)
    rules.check_preferences_offered(
        [r.value for r in submission.preferences.regions],
        [s.value for s in submission.preferences.specialisms],
        programme.regions,
        programme.specialisms,
    )
    access_token = new_random_token("rta")
    await store.insert_application(
        uow.conn,
        application_id=application_id,
        programme_id=submission.programme_id,
        submitted_at=now,
        token_hash=token_hash(access_token),
        right_to_work_uk=submission.right_to_work_uk,
        registration=body["registration"],
        preferences=body["preferences"],
        contact=body["contact"],
        consent_given=submission.consent.data_processing,
    )
    await uow.publish(
        ApplicationSubmitted(
            application_id=application_id,
            programme_id=submission.programme_id,
            submitted_at=now,
            right_to_work_uk=submission.right_to_work_uk,
            registration=submission.registration,
            preferences=submission.preferences,
        )
    )
    answer = Submitted(application_id=application_id, access_token=access_token)
    if idempotency_key is not None:
        await idempotency.store_response(uow.conn, idempotency_key, answer.model_dump(mode="json"))
    return answer, True


async def authorise(uow: UnitOfWork, application_id: UUID, access_token: str) -> Any:
    """The application row, locked for the transaction, if ``access_token`` is its token;
    otherwise NotFound."""
    row = await store.authorised_application(uow.conn, application_id, token_hash(access_token))
    if row is None:
        raise NotFound(NOT_FOUND)
    return row


async def application_status(
    pool: asyncpg.Pool, application_id: UUID, access_token: str
) -> dict[str, Any]:
    """The status view of the application if ``access_token`` is its token; else NotFound.

    A read on a pooled connection outside any transaction: no row lock and no commit. (A
    locking read made every status poll a durable write, and queued it behind the consumer
    recording a decision on the same row; and under READ COMMITTED a transaction would not
    give the view's queries one snapshot anyway.)
    """
    async with pool.acquire() as conn:
        row = await store.authorised_application(
            conn, application_id, token_hash(access_token), for_update=False
        )
        if row is None:
            raise NotFound(NOT_FOUND)
        return await store.status_view(conn, application_id, application=row)


async def withdraw(
    uow: UnitOfWork, application_id: UUID, access_token: str, now: datetime
) -> dict[str, Any]:
    """Withdraw (publishing ``application.withdrawn`` once); the status view after."""
    application = await authorise(uow, application_id, access_token)
    status = ApplicationStatus(application["status"])
    rules.check_can_withdraw(status)
    if status == ApplicationStatus.WITHDRAWN:
        return await store.status_view(uow.conn, application_id)
    await store.mark_withdrawn(uow.conn, application_id, now)
    await store.withdraw_open_offers(uow.conn, application_id)
    await store.add_timeline(uow.conn, application_id, "withdrawn", now)
    await store.refresh_status(uow.conn, application_id)
    await uow.publish(
        ApplicationWithdrawn(
            application_id=application_id,
            programme_id=application["programme_id"],
            withdrawn_at=now,
        )
    )
    return await store.status_view(uow.conn, application_id)


async def answer_offer(
    uow: UnitOfWork,
    application_id: UUID,
    access_token: str,
    offer_id: UUID,
    *,
    accept: bool,
    now: datetime,
) -> dict[str, Any]:
    """Accept or decline an open offer (``placement.accepted`` or ``.declined``); the view."""
    application = await authorise(uow, application_id, access_token)
    offer = await store.offer(uow.conn, application_id, offer_id)
    if offer is None:
        raise NotFound("no such offer of this application")
    rules.check_can_answer_offer(
        ApplicationStatus(application["status"]),
        OfferStatus(offer["status"]),
        offer["expires_at"],
        now,
    )
    new_status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    await store.set_offer_status(uow.conn, offer_id, new_status, now)
    await store.add_timeline(
        uow.conn, application_id, new_status.value, now, {"offer_id": str(offer_id)}
    )
    await store.refresh_status(uow.conn, application_id)
    fields = {
        "application_id": application_id,
        "programme_id": application["programme_id"],
        "offer_id": offer_id,
        "council_id": offer["council_id"],
        "vacancy_id": offer["vacancy_id"],
    }
    if accept:
        await uow.publish(PlacementAccepted(**fields, accepted_at=now))
    else:
        await uow.publish(PlacementDeclined(**fields, declined_at=now))
    return await store.status_view(uow.conn, application_id)


async def erase_personal_data(
    uow: UnitOfWork, application_id: UUID, access_token: str | None, now: datetime
) -> None:
    """Delete contact details; the statistics stay. Publishes ``applicant.erased`` once.

    ``access_token`` is the application's token, or None when operations staff ask (the
    route has checked their token)."""
    if access_token is not None:
        await authorise(uow, application_id, access_token)
    application = await store.application(uow.conn, application_id)
    if application is None:
        raise NotFound(NOT_FOUND)
    if await store.erase_personal_data(uow.conn, application_id, now):
        await store.add_timeline(uow.conn, application_id, "personal_data_erased", now)
        await uow.publish(
            ApplicantErased(
                application_id=application_id,
                programme_id=application["programme_id"],
                erased_at=now,
            )
        )


async def contact(uow: UnitOfWork, application_id: UUID) -> dict[str, str]:
    """Where to write to the applicant (for notifications, at send time); NotFound once erased."""
    row = await store.contact(uow.conn, application_id)
    if row is None:
        raise NotFound("no contact details")
    return dict(row)
