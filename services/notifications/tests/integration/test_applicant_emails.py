"""Applicant (and referee) emails through a real SMTP server, with the address looked up from
the real applications service over HTTP at send time; nothing for an erased applicant."""

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP

from notifications.devmail import MaildirHandler
from notifications.domain.local_time import london_time
from notifications.domain.wording import REASON_SENTENCES
from returners_cli.testing.databases import database_text
from returners_cli.testing.fixtures import free_port
from returners_cli.testing.kafka import wait_for_records
from returners_cli.testing.polling import eventually
from returners_cli.testing.submissions import submission_body
from returners_platform.contracts.events import ApplicationSubmitted
from returners_platform.contracts.vocabulary import EligibilityReason

from .conftest import OPS_HEADERS, Service, make_settings, started
from .events import (
    council,
    decided,
    declined,
    example,
    hired,
    offer,
    open_programme,
    withdrawn,
)
from .mail_stack import Applications, Mailbox, applications_service, smtp_server

pytestmark = pytest.mark.integration

PROGRAMME = "rtsw-open"
TITLE = "Return to Social Work (demo)"


@dataclass
class Stack:
    service: Service
    applications: Applications
    mail: Mailbox

    async def submit(self, given_name: str, family_name: str, email: str) -> tuple[uuid.UUID, str]:
        """Submit as an applicant would (retrying until the programme has been consumed)."""
        answer = await eventually(
            lambda: self.applications.client.post(
                "/applications",
                json=submission_body(
                    PROGRAMME,
                    contact={"given_name": given_name, "family_name": family_name, "email": email},
                ),
            ),
            until=lambda r: r.status_code == 201,
            timeout=60,
            what="submission accepted",
        )
        return uuid.UUID(answer.json()["application_id"]), answer.json()["access_token"]

    async def email_rows(self, application_id: uuid.UUID) -> dict[str, str]:
        rows = await self.service.rows(
            "SELECT template, status FROM deliveries WHERE channel = 'email' AND recipient_id = $1",
            application_id,
        )
        return {row["template"]: row["status"] for row in rows}


@asynccontextmanager
async def running_stack(
    database: str, kafka_bootstrap: str, topic_prefix: str, postgres_admin_dsn: str, mail: Mailbox
) -> AsyncIterator[Stack]:
    """Notifications sending to ``mail``, the applications service, the programme open."""
    async with applications_service(
        postgres_admin_dsn, kafka_bootstrap, topic_prefix
    ) as applications:
        settings = make_settings(
            database,
            kafka_bootstrap,
            topic_prefix,
            applications_base_url=applications.base_url,
            smtp_port=mail.port,
        )
        async with started(settings) as service:
            await service.deliver(open_programme(PROGRAMME))
            yield Stack(service, applications, mail)


@pytest.fixture
async def stack(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    postgres_admin_dsn: str,
    tmp_path: Path,
) -> AsyncIterator[Stack]:
    async with (
        smtp_server(tmp_path / "maildir") as mail,
        running_stack(database, kafka_bootstrap, topic_prefix, postgres_admin_dsn, mail) as found,
    ):
        yield found


async def test_an_applicant_hears_of_each_step_from_submission_to_hire(
    stack: Stack,
    capfd: pytest.CaptureFixture[str],
) -> None:
    council_id = uuid.uuid4()
    await stack.service.deliver(council(council_id, "Buckinghamshire Council"))
    application_id, token = await stack.submit("Ada", "Lovelace", "ada@example.org")
    [receipt] = await stack.mail.wait_for("ada@example.org", 1)
    assert _subject(receipt) == f"We have received your application to {TITLE}"
    assert receipt["To"] == "Ada Lovelace <ada@example.org>"

    await stack.service.deliver(decided(application_id, PROGRAMME, updating_days=30))
    await stack.mail.wait_for("ada@example.org", 2)

    # The reminder falls due 20 seconds after the offer (24 hours before it expires).
    offered = offer(
        council_id,
        application_id,
        programme_id=PROGRAMME,
        expires_in=timedelta(hours=24, seconds=20),
    )
    await stack.service.deliver(offered)
    await stack.mail.wait_for("ada@example.org", 4)
    accept = f"/applications/{application_id}/offers/{offered.offer_id}/accept"
    await eventually(
        lambda: stack.applications.client.post(
            accept, headers={"Authorization": f"Bearer {token}"}
        ),
        until=lambda r: r.status_code == 200,
        what="offer accepted",
    )
    await stack.service.deliver(hired(offered))
    messages = {_subject(m): m for m in await stack.mail.wait_for("ada@example.org", 5)}

    assert sorted(messages) == sorted(
        [
            f"We have received your application to {TITLE}",
            f"You are eligible for {TITLE}",
            "You have been offered a placement with Buckinghamshire Council",
            "Your placement offer from Buckinghamshire Council expires soon",
            "Welcome back: your placement with Buckinghamshire Council is confirmed",
        ]
    )
    expiry = london_time(offered.expires_at)
    offer_mail = messages["You have been offered a placement with Buckinghamshire Council"]
    reminder = messages["Your placement offer from Buckinghamshire Council expires soon"]
    for message in (offer_mail, reminder):
        assert expiry in _part(message, "plain")
        assert "children&#39;s services" in _part(message, "html")
    assert "30 days of updating" in _part(messages[f"You are eligible for {TITLE}"], "plain")
    for message in messages.values():
        assert _part(message, "plain").startswith("Dear Ada,")
        assert "Dear Ada," in _part(message, "html")

    # The mail server has the message a moment before the delivery's row says so.
    every_one_delivered = {
        "submitted": "delivered",
        "eligible": "delivered",
        "offered": "delivered",
        "offer_expiring": "delivered",
        "hired": "delivered",
    }
    await eventually(
        lambda: stack.email_rows(application_id),
        until=lambda rows: rows == every_one_delivered,
        timeout=30,
        what="every delivery recorded as delivered",
    )
    stored = await database_text(stack.service.settings.database_url)
    assert [v for v in ("ada@example.org", "Lovelace") if v in stored] == []
    assert "ada@example.org" not in capfd.readouterr().out


async def test_an_ineligible_applicant_reads_every_reason_in_plain_words(stack: Stack) -> None:
    application_id, _ = await stack.submit("Mary", "Seacole", "mary@example.org")
    reasons = [EligibilityReason.TIME_OUT_OF_PRACTICE, EligibilityReason.RIGHT_TO_WORK]
    await stack.service.deliver(
        decided(application_id, PROGRAMME, eligible=False, reasons=reasons, updating_days=None)
    )
    messages = {_subject(m): m for m in await stack.mail.wait_for("mary@example.org", 2)}
    text = _part(messages[f"Your application to {TITLE}"], "plain")
    for reason in reasons:
        assert f"- {REASON_SENTENCES[reason]}" in " ".join(text.split("\n"))


async def test_an_erased_applicant_gets_nothing_more_and_the_messages_are_skipped(
    stack: Stack,
) -> None:
    council_id = uuid.uuid4()
    application_id, token = await stack.submit("Grace", "Hopper", "grace@example.org")
    await stack.mail.wait_for("grace@example.org", 1)
    erased = await stack.applications.client.delete(
        f"/applications/{application_id}/personal-data",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert erased.status_code == 204
    await eventually(
        lambda: stack.service.rows(
            "SELECT 1 FROM processed_events WHERE event_type = 'returners.applicant.erased.v1'"
        ),
        what="applicant.erased consumed",
    )
    offered = offer(council_id, application_id, programme_id=PROGRAMME)
    await stack.service.deliver(decided(application_id, PROGRAMME))
    await stack.service.deliver(offered)
    await stack.service.deliver(hired(offered))

    expected = {
        "submitted": "delivered",
        "eligible": "skipped",
        "offered": "skipped",
        "hired": "skipped",
    }
    rows = await eventually(
        lambda: stack.email_rows(application_id),
        until=lambda found: {k: v for k, v in found.items() if k in expected} == expected,
        what="emails after erasure skipped",
    )
    assert rows["offer_expiring"] == "cancelled"  # the hire made the reminder pointless
    [log] = await stack.service.rows(
        "SELECT last_error, attempts FROM deliveries WHERE template = 'offered'"
        " AND recipient_id = $1",
        application_id,
    )
    assert log["last_error"] == "the applicant's personal data was erased"
    assert len(stack.mail.messages("grace@example.org")) == 1


async def test_an_email_that_cannot_be_sent_becomes_a_dead_letter_for_operators(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    """Here the applications service cannot be reached, so the address cannot be looked up."""
    settings = make_settings(
        database,
        kafka_bootstrap,
        topic_prefix,
        delivery_max_attempts=2,
        applications_base_url=f"http://127.0.0.1:{free_port()}",
    )
    async with started(settings) as service:
        application_id = uuid.uuid4()
        await service.deliver(example(ApplicationSubmitted, application_id=application_id))
        [record] = await wait_for_records(
            service.kafka,
            service.topic("returners.notifications"),
            lambda r: r.key == str(application_id),
        )
        data = record.json()["data"]
        assert (data["channel"], data["recipient_id"], data["attempts"]) == (
            "email",
            str(application_id),
            2,
        )
        assert data["last_error"] == (
            "contact lookup failed: cannot connect to the applications service"
        )
        assert data["subscription_id"] is None
        listed = await service.client.get(
            "/admin/deliveries", params={"channel": "email"}, headers=OPS_HEADERS
        )
        [dead] = listed.json()
        assert (dead["delivery_id"], dead["template"]) == (data["delivery_id"], "submitted")


async def test_an_address_the_mail_server_cannot_take_is_a_dead_letter_at_its_first_attempt(
    database: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    postgres_admin_dsn: str,
    tmp_path: Path,
) -> None:
    """A server without SMTPUTF8 cannot take an address that is not ASCII: no retry will."""
    handler = MaildirHandler(tmp_path / "maildir")
    server = await asyncio.get_running_loop().create_server(
        lambda: SMTP(handler, hostname="no-smtputf8"), "127.0.0.1", 0
    )
    mail = Mailbox(tmp_path / "maildir", server.sockets[0].getsockname()[1])
    async with (
        server,
        running_stack(database, kafka_bootstrap, topic_prefix, postgres_admin_dsn, mail) as stack,
    ):
        application_id, _ = await stack.submit("José", "Núñez", "josé@example.org")
        [record] = await wait_for_records(
            stack.service.kafka,
            stack.service.topic("returners.notifications"),
            lambda r: r.key == str(application_id),
        )
    data = record.json()["data"]
    assert data["attempts"] == 1  # of the five it would have had
    assert data["last_error"] == (
        "the mail server does not take addresses that are not ASCII (no SMTPUTF8)"
    )


@pytest.mark.parametrize("answer", ["declined", "withdrawn"])
async def test_an_answered_or_withdrawn_offer_cancels_its_reminder(
    service: Service, answer: str
) -> None:
    application_id = uuid.uuid4()
    offered = offer(uuid.uuid4(), application_id, expires_in=timedelta(hours=24, minutes=10))
    await service.deliver(offered)
    await _reminder_status(service, application_id, "pending")
    await service.deliver(declined(offered) if answer == "declined" else withdrawn(application_id))
    await _reminder_status(service, application_id, "cancelled")


async def _reminder_status(service: Service, application_id: uuid.UUID, status: str) -> None:
    await eventually(
        lambda: service.rows(
            "SELECT status FROM deliveries WHERE template = 'offer_expiring'"
            " AND recipient_id = $1 AND status = $2",
            application_id,
            status,
        ),
        what=f"reminder {status}",
    )


REFEREE = {
    "name": "Rosalind Quenby",
    "email": "r.quenby@example.org",
    "relationship": "employer",
    "organisation": "Bucks Council, 1 Walton Street, Aylesbury",
}


async def test_each_referee_is_emailed_a_one_time_link_and_the_applicant_hears_it_arrived(
    stack: Stack,
    capfd: pytest.CaptureFixture[str],
) -> None:
    application_id, token = await stack.submit("Ada", "Lovelace", "ada@example.org")
    offered = offer(uuid.uuid4(), application_id, programme_id=PROGRAMME)
    await stack.service.deliver(offered)
    auth = {"Authorization": f"Bearer {token}"}
    await eventually(
        lambda: stack.applications.client.post(
            f"/applications/{application_id}/offers/{offered.offer_id}/accept", headers=auth
        ),
        until=lambda r: r.status_code == 200,
        what="offer accepted",
    )
    second = {**REFEREE, "name": "Thaddeus Wolvercote", "email": "t.wolvercote@example.net"}
    given = await stack.applications.client.post(
        f"/applications/{application_id}/referees",
        json={"referees": [REFEREE, second]},
        headers=auth,
    )
    assert given.status_code == 200, given.text

    [request] = await stack.mail.wait_for("r.quenby@example.org", 1)
    await stack.mail.wait_for("t.wolvercote@example.net", 1)
    assert _subject(request) == f"Reference request for Ada Lovelace: {TITLE}"
    assert request["To"] == "Rosalind Quenby <r.quenby@example.org>"
    text = _part(request, "plain")
    assert text.startswith("Dear Rosalind Quenby,")
    assert "an employer's reference" in text
    portal = stack.service.settings.portal_url.rstrip("/")
    [(reference_id, link_token)] = re.findall(
        re.escape(portal) + r"/references/([0-9a-f-]{36})/(\S+)", text
    )
    assert link_token in _part(request, "html")

    answer = {"token": link_token, "outcome": "satisfactory", "statement": "Warmly recommended."}
    answered = await stack.applications.client.post(
        f"/references/{reference_id}/answer", json=answer
    )
    assert answered.status_code == 200, answered.text
    again = await stack.applications.client.post(f"/references/{reference_id}/answer", json=answer)
    assert again.status_code == 404

    # The receipt, the offer, and the reference's arrival.
    messages = {_subject(m): m for m in await stack.mail.wait_for("ada@example.org", 3)}
    arrived = messages["One of your references has arrived"]
    assert "Your first referee has sent us their reference" in _part(arrived, "plain")
    assert "Warmly recommended" not in _part(arrived, "plain")
    await eventually(
        lambda: stack.service.rows(
            "SELECT status FROM deliveries WHERE template = 'reference_request'"
            " AND status = 'delivered'"
        ),
        until=lambda rows: len(rows) == 2,
        what="both referee emails recorded as delivered",
    )
    stored = await database_text(stack.service.settings.database_url)
    personal = ["r.quenby@example.org", "Quenby", "Wolvercote", link_token]
    assert [v for v in personal if v in stored] == []
    assert [v for v in personal if v in capfd.readouterr().out] == []


def _subject(message: Any) -> str:
    """The subject as a mail client shows it (a header folded before its first word is
    unfolded with the folding space, which clients trim)."""
    return str(message["Subject"]).strip()


def _part(message: Any, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None
    return str(body.get_content())
