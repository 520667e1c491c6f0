"""The applications service's public API: the one service the portal talks to.

Each call answers what the page needs: a body, ``None`` where the service says 404 (an
expired session, a spent link), or ``Refused`` with the service's field errors (422) or
reason (409). Anything else is ``ApiUnavailable``, shown as "Sorry, there is a problem".
"""

from dataclasses import dataclass, field
from typing import Any

import httpx


class ApiUnavailable(Exception):
    """The applications service could not answer now."""


@dataclass
class Refused(Exception):
    status: int
    detail: str
    errors: list[dict[str, str]] = field(default_factory=list)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class ApplicationsApi:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def _call(
        self, method: str, path: str, *, token: str | None = None, json: Any = None
    ) -> Any:
        try:
            response = await self._client.request(
                method, path, json=json, headers=_bearer(token) if token else None
            )
        except httpx.HTTPError as exc:
            raise ApiUnavailable(type(exc).__name__) from exc
        if response.status_code == 404:
            return None
        if response.status_code in (409, 422):
            problem = response.json()
            raise Refused(
                response.status_code, problem.get("detail", ""), problem.get("errors", [])
            )
        if response.status_code >= 400:
            raise ApiUnavailable(f"applications answered HTTP {response.status_code}")
        return response.json() if response.content else {}

    async def ready(self) -> bool:
        try:
            return (await self._client.get("/readyz")).status_code == 200
        except httpx.HTTPError:
            return False

    async def programme(self, programme_id: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._call("GET", f"/programmes/{programme_id}")
        return found

    # -- drafts ------------------------------------------------------------------------

    async def start_draft(self, programme_id: str, answers: dict[str, Any]) -> dict[str, Any]:
        body = {"programme_id": programme_id, "answers": answers}
        opened: dict[str, Any] = await self._call("POST", "/drafts", json=body)
        return opened

    async def draft(self, draft_id: str, token: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._call("GET", f"/drafts/{draft_id}", token=token)
        return found

    async def save_draft(
        self, draft_id: str, token: str, answers: dict[str, Any]
    ) -> dict[str, Any] | None:
        saved: dict[str, Any] | None = await self._call(
            "PATCH", f"/drafts/{draft_id}", token=token, json=answers
        )
        return saved

    async def resume_link(self, draft_id: str, token: str, email: str) -> bool:
        sent = await self._call(
            "POST", f"/drafts/{draft_id}/resume-link", token=token, json={"email": email}
        )
        return sent is not None

    async def send_draft(
        self, draft_id: str, token: str, answers: dict[str, Any]
    ) -> dict[str, Any] | None:
        opened: dict[str, Any] | None = await self._call(
            "POST", f"/drafts/{draft_id}/submit", token=token, json=answers
        )
        return opened

    # -- signing in --------------------------------------------------------------------

    async def ask_for_sign_in_link(self, email: str) -> None:
        try:
            response = await self._client.post("/sign-in-links", json={"email": email})
        except httpx.HTTPError as exc:
            raise ApiUnavailable(type(exc).__name__) from exc
        if response.status_code == 422:
            raise Refused(422, "not an email address")
        if response.status_code != 202:
            raise ApiUnavailable(f"applications answered HTTP {response.status_code}")

    async def exchange(self, link_token: str) -> dict[str, Any] | None:
        try:
            opened: dict[str, Any] | None = await self._call(
                "POST", "/sign-in-links/exchange", json={"token": link_token}
            )
        except Refused:  # a token of the wrong shape: as unknown
            return None
        return opened

    async def sign_out(self, token: str) -> None:
        """Close the applications session (one already ended is signed out already)."""
        try:
            response = await self._client.delete("/sessions/current", headers=_bearer(token))
        except httpx.HTTPError as exc:
            raise ApiUnavailable(type(exc).__name__) from exc
        if response.status_code not in (204, 401):
            raise ApiUnavailable(f"applications answered HTTP {response.status_code}")

    # -- the application ---------------------------------------------------------------

    async def application(self, application_id: str, token: str) -> dict[str, Any] | None:
        found: dict[str, Any] | None = await self._call(
            "GET", f"/applications/{application_id}", token=token
        )
        return found

    async def withdraw(self, application_id: str, token: str) -> dict[str, Any] | None:
        done: dict[str, Any] | None = await self._call(
            "POST", f"/applications/{application_id}/withdraw", token=token
        )
        return done

    async def answer_offer(
        self, application_id: str, token: str, offer_id: str, *, accept: bool
    ) -> dict[str, Any] | None:
        answer = "accept" if accept else "decline"
        done: dict[str, Any] | None = await self._call(
            "POST", f"/applications/{application_id}/offers/{offer_id}/{answer}", token=token
        )
        return done

    async def book_interview(
        self, application_id: str, token: str, slot_id: str | None
    ) -> dict[str, Any] | None:
        """Ask for (or, with None, cancel) an interview time; the answer shows on the status."""
        path = f"/applications/{application_id}/interview"
        asked: dict[str, Any] | None = await (
            self._call("POST", path, token=token, json={"slot_id": slot_id})
            if slot_id
            else self._call("DELETE", path, token=token)
        )
        return asked

    async def report_reregistration(
        self, application_id: str, token: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The returner's restoration to the register so far (Refused: 422 with the field
        errors, 409 where no report is taken)."""
        reported: dict[str, Any] | None = await self._call(
            "POST", f"/applications/{application_id}/reregistration", token=token, json=body
        )
        return reported

    async def erase(self, application_id: str, token: str) -> bool:
        done = await self._call(
            "DELETE", f"/applications/{application_id}/personal-data", token=token
        )
        return done is not None

    # -- references --------------------------------------------------------------------

    async def give_referees(
        self, application_id: str, token: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        given: dict[str, Any] | None = await self._call(
            "POST", f"/applications/{application_id}/referees", token=token, json=body
        )
        return given

    async def open_reference(self, reference_id: str, link_token: str) -> dict[str, Any] | None:
        """What a referee's link asks for; None if it opens nothing (unknown, used, expired,
        another reference's, or of the wrong shape)."""
        try:
            opened: dict[str, Any] | None = await self._call(
                "POST", f"/references/{reference_id}/open", json={"token": link_token}
            )
        except Refused:
            return None
        return opened

    async def answer_reference(
        self, reference_id: str, link_token: str, outcome: str, statement: str
    ) -> dict[str, Any] | None:
        """The referee's answer (Refused with the field errors it has); None if the link
        opens nothing any more."""
        body = {"token": link_token, "outcome": outcome, "statement": statement}
        answered: dict[str, Any] | None = await self._call(
            "POST", f"/references/{reference_id}/answer", json=body
        )
        return answered
