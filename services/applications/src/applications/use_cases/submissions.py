"""Submitting an application (with ``Idempotency-Key``), publishing ``application.submitted``."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from applications import metrics
from applications.domain import rules
from applications.domain.history import dates_in_the_future
from applications.domain.submission import Submission
from applications.store import applications
from applications.store.applications import NewApplication, Written
from applications.store.idempotency import (
    IdempotencyStore,
    KeyClaim,
    KeyReusedError,
    request_hash,
)
from applications.store.programmes import ProgrammeWindow, ProgrammeWindows
from returners_platform.contracts.events import ApplicationSubmitted, ApplicationSubmittedV2
from returners_platform.errors import Refused
from returners_platform.messaging.unit_of_work import UnitOfWork
from returners_platform.service.auth import new_random_token, token_hash

# How many times a submission tries its statement before giving up on its programme (or the
# application holding its key) changing meanwhile.
MAX_READS = 3


@dataclass(frozen=True)
class Receipt:
    """What the applicant is told: the application's id and, once, its access token."""

    application_id: UUID
    access_token: str | None  # None when a replay comes after the key's window


async def submit_application(
    uow: UnitOfWork,
    submission: Submission,
    *,
    idempotency: IdempotencyStore,
    idempotency_key: str | None,
    windows: ProgrammeWindows | None = None,
) -> tuple[Receipt, bool]:
    """Record the application and publish ``application.submitted``; (receipt, created).

    Everything is written in one statement (``applications.insert``), the Idempotency-Key
    too, so ``uow`` may be a ``single_statement`` unit of work. ``windows``: programmes'
    windows as last read (read afresh without it); the statement checks the programme is
    still as read. A key another request took answers with what that request was answered
    (a retry), even once the window has closed; with another body it is refused. (A retry
    the programme refuses while the request that took its key is still uncommitted is
    refused: that request's key is not there to read until it commits.)"""
    windows = windows or ProgrammeWindows()
    now = uow.now()
    if future := dates_in_the_future(
        submission.answered_history, now.date(), submission.history_block
    ):
        raise Refused("date_in_the_future", future[0].message, future[0].field)
    application_id = uuid.uuid4()
    # What was left out is left out of the body kept and hashed (a social worker's
    # application reads as it did before histories and equality questions existed).
    body = submission.model_dump(
        mode="json",
        exclude={
            n for n in ("equality", "registration", "history") if getattr(submission, n) is None
        },
    )
    body["preferences"] = submission.preferences.model_dump(mode="json", exclude_none=True)
    access_token = new_random_token("rta")
    new = NewApplication(
        application_id=application_id,
        programme_id=submission.programme_id,
        submitted_at=now,
        token_hash=token_hash(access_token),
        right_to_work_uk=submission.right_to_work_uk,
        # the professional history as given (a social worker's registration, or any
        # profession's history)
        registration=body[submission.history_block],
        preferences=body["preferences"],
        contact=body["contact"],
        consent_given=submission.consent.data_processing,
    )
    claim = None
    if idempotency_key is not None:
        answer = {"application_id": str(application_id), "access_token": access_token}
        claim = idempotency.claim(idempotency_key, request_hash(body), answer)
    submitted = uow.outbox_row(_submitted(submission, application_id, now))
    # equality answers are never in the event: held here alone
    answered = submission.equality.answered() if submission.equality is not None else {}
    programme = await windows.get(uow, submission.programme_id)
    for _ in range(MAX_READS):
        try:
            programme = await _fitting(uow, windows, submission, programme, now)
        except Refused:
            if claim is not None and (replay := await _replay(uow, idempotency, claim, now)):
                return replay  # a retry of a submission accepted before the window closed
            raise
        # One statement writes it all, if the programme is still as checked against.
        written = await applications.insert(uow, new, submitted, programme.version, answered, claim)
        if written is Written.WRITTEN:
            break
        if written is Written.KEY_TAKEN:
            assert claim is not None  # (only a key can be taken)
            if replay := await _replay(uow, idempotency, claim, now):
                return replay
            continue  # its application was erased meanwhile, and the key with it: try again
        programme = await windows.fresh(uow, submission.programme_id)
    else:
        raise RuntimeError(
            f"no submission to {submission.programme_id!r} recorded in {MAX_READS} tries: its"
            " programme, or the application holding its key, kept changing"
        )
    metrics.SUBMISSIONS.labels("created").inc()
    return Receipt(application_id, access_token), True


async def _fitting(
    uow: UnitOfWork,
    windows: ProgrammeWindows,
    submission: Submission,
    programme: ProgrammeWindow | None,
    now: datetime,
) -> ProgrammeWindow:
    """The programme, as last read or else as it stands, if the submission fits it
    (``_check``): refused only by the programme as it stands, not as last read."""
    try:
        _check(submission, programme, now)
    except Refused:
        programme = await windows.fresh(uow, submission.programme_id)
        _check(submission, programme, now)
    assert programme is not None  # (checked)
    return programme


async def _replay(
    uow: UnitOfWork, idempotency: IdempotencyStore, claim: KeyClaim, now: datetime
) -> tuple[Receipt, bool] | None:
    """The answer to the request that took ``claim``'s key, if one did."""
    try:
        stored = await idempotency.stored(uow, claim.key, claim.request_hash, now)
    except KeyReusedError as exc:
        raise Refused(
            "idempotency_key_reused",
            "this Idempotency-Key was used with another body",
            "Idempotency-Key",
        ) from exc
    if stored is None:
        return None
    token = stored.response["access_token"] if stored.response else None
    metrics.SUBMISSIONS.labels("replayed").inc()
    return Receipt(stored.application_id, token), False


def _check(submission: Submission, programme: ProgrammeWindow | None, now: datetime) -> None:
    """The submission fits the programme: one that exists, inside its window, choosing what
    it offers, and answering what its rules ask."""
    if programme is None:
        raise Refused("unknown_programme", f"no programme {submission.programme_id!r}")
    rules.check_window(programme.opens_at, programme.closes_at, now)
    rules.check_preferences_offered(
        [r.value for r in submission.preferences.regions],
        submission.job_families,
        programme.regions,
        programme.specialisms,
        chosen_as="specialisms" if submission.registration is not None else "job_families",
    )
    rules.check_answers_asked(submission.answers, programme.eligibility)


def _submitted(
    submission: Submission, application_id: UUID, now: datetime
) -> ApplicationSubmitted | ApplicationSubmittedV2:
    """``application.submitted``: v1 for a social worker's registration (as always), v2 for
    any profession's history."""
    if submission.registration is not None:
        return ApplicationSubmitted(
            application_id=application_id,
            programme_id=submission.programme_id,
            submitted_at=now,
            right_to_work_uk=submission.right_to_work_uk,
            registration=submission.registration,
            preferences=submission.preferences.as_v1(),
        )
    assert submission.history is not None  # one of the two (the submission checks)
    return ApplicationSubmittedV2(
        application_id=application_id,
        programme_id=submission.programme_id,
        submitted_at=now,
        right_to_work_uk=submission.right_to_work_uk,
        history=submission.history,
        preferences=submission.preferences.as_v2(),
    )
