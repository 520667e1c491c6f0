"""References as the people involved give them: the applicant names two referees through the
applications service; each referee opens the email notifications sent them (the local
platform's Maildir, ``.returners/mail``) and answers through its one-time link.

``referees_body`` is the one place that knows the body of ``POST .../referees``.
"""

import email
import re
from collections.abc import Iterable
from email.message import Message
from pathlib import Path

from returners_cli.demo.population import Referee, References

REQUEST_SUBJECT = "Reference request for "
# <portal>/references/<reference id>/<token>, as notifications writes the link.
LINK = re.compile(r"/references/([0-9a-f-]{36})/([A-Za-z0-9_.~-]+)")
RELATIONSHIPS = {
    "employer": "Their line manager",
    "professional": "A social worker who worked with them",
    "character": "Has known them for many years",
}


def referees_body(references: References) -> dict[str, object]:
    """The applicant's two referees, in the body ``POST /applications/{id}/referees`` takes
    (SPEC's): ``employed_in_last_three_years`` and each referee's name, email, organisation
    and ``relationship`` (employer, professional or character)."""
    return {
        "employed_in_last_three_years": references.employed_in_last_three_years,
        "referees": [
            {
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "relationship": r.relationship,
            }
            for r in references.referees
        ],
    }


def statement(referee: Referee, applicant_name: str) -> str:
    return (
        f"I have known {applicant_name} as {RELATIONSHIPS[referee.relationship].lower()}. "
        "I recommend them for a return to social work without reservation."
    )


class Inbox:
    """The referees' emails in a Maildir, each file read once."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self._read: dict[str, tuple[str, tuple[str, str]] | None] = {}  # file -> (to, link)

    def links(self, addresses: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The latest reference link emailed to each of ``addresses`` so far: address ->
        (reference id, token). A later email replaces an earlier one's token."""
        wanted = {a.lower() for a in addresses}
        files = [f for sub in ("new", "cur") for f in (self.maildir / sub).glob("*") if f.is_file()]
        found: dict[str, tuple[str, str]] = {}
        for path in sorted(files, key=lambda f: (f.stat().st_mtime_ns, f.name)):
            if path.name not in self._read:
                self._read[path.name] = _reference_link(path)
            read = self._read[path.name]
            if read is not None and read[0] in wanted:
                found[read[0]] = read[1]
        return found


def _reference_link(path: Path) -> tuple[str, tuple[str, str]] | None:
    """Whom a reference request was sent to and its link; None for any other email."""
    message = email.message_from_bytes(path.read_bytes())
    subject = " ".join(str(message.get("Subject", "")).split())
    if not subject.startswith(REQUEST_SUBJECT):
        return None
    to = str(message.get("To", "")).rpartition("<")[2].rstrip(">").strip().lower()
    match = LINK.search(_text(message))
    return (to, (match.group(1), match.group(2))) if match else None


def _text(message: Message) -> str:
    """The plain-text part, decoded (quoted-printable may break a long link across lines)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""
