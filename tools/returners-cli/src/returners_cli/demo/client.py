"""The demo's view of the platform: the public HTTP APIs of the services, nothing else."""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from returners_cli.demo.selection_client import SelectionCalls
from returners_cli.demo.training_client import TrainingCalls
from returners_cli.http_auth import bearer

# The services whose clocks the demo moves, always together: each stamps facts that an
# applicant's timeline shows, so they must agree on the time. On the local platform they
# start DEMO_PAST_DAYS in the past; the demo lives through its programme from then on and,
# once done, moves them to the present (``catch_up_clocks``).
CLOCKED = ("applications", "matching", "selection", "training")
DEMO_PAST_DAYS = 150


@dataclass(frozen=True)
class Endpoints:
    applications: str
    matching: str
    notifications: str
    reporting: str
    selection: str
    training: str
    operations_token: str

    def dashboard(self, programme_id: str) -> str:
        """The programme's dashboard, signed in: the token is in the fragment, which the
        browser never sends to a server."""
        return f"{self.reporting}/dashboard?programme={programme_id}#token={self.operations_token}"


class PlatformError(RuntimeError):
    pass


class DemoClient(SelectionCalls, TrainingCalls):
    def __init__(self, endpoints: Endpoints) -> None:
        self.endpoints = endpoints
        self._http = httpx.Client(timeout=30)
        self._ops = {"Authorization": f"Bearer {endpoints.operations_token}"}

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, url: str, *, ok: tuple[int, ...], **kwargs: Any) -> Any:
        response = self._http.request(method, url, **kwargs)
        if response.status_code not in ok:
            raise PlatformError(f"{method} {url} answered {response.status_code}: {response.text}")
        return response.json() if response.content else None

    # programmes and councils (matching, operations token) ------------------------------

    def publish_programme(self, definition_file: Path) -> str:
        definition = json.loads(definition_file.read_text())
        self._call(
            "POST",
            f"{self.endpoints.matching}/admin/programmes",
            ok=(200, 201),
            json=definition,
            headers=self._ops,
        )
        return str(definition["programme_id"])

    def programme(self, programme_id: str) -> dict[str, Any]:
        return dict(
            self._call("GET", f"{self.endpoints.matching}/programmes/{programme_id}", ok=(200,))
        )

    def register_council(self, name: str) -> dict[str, str]:
        answer = self._call(
            "POST",
            f"{self.endpoints.matching}/admin/councils",
            ok=(201,),
            json={"name": name},
            headers=self._ops,
        )
        return {"council_id": answer["council_id"], "api_key": answer["api_key"]}

    def matching_candidates(self, programme_id: str) -> dict[str, int]:
        """Matching's count of the programme's applicants, as of the events it has handled."""
        return dict(
            self._call(
                "GET",
                f"{self.endpoints.matching}/admin/programmes/{programme_id}/candidates",
                ok=(200,),
                headers=self._ops,
            )
        )

    # a council's own API (its key) -------------------------------------------------------

    def post_vacancy(self, council: dict[str, str], vacancy: dict[str, Any]) -> str:
        answer = self._call(
            "POST",
            f"{self.endpoints.matching}/councils/{council['council_id']}/vacancies",
            ok=(201,),
            json=vacancy,
            headers=bearer(council["api_key"]),
        )
        return str(answer["vacancy_id"])

    def council_offers(self, council: dict[str, str]) -> list[dict[str, Any]]:
        return list(
            self._call(
                "GET",
                f"{self.endpoints.matching}/councils/{council['council_id']}/offers",
                ok=(200,),
                headers=bearer(council["api_key"]),
            )
        )

    def report_hire(self, council: dict[str, str], application_id: str) -> None:
        self._call(
            "POST",
            f"{self.endpoints.matching}/councils/{council['council_id']}/hires",
            ok=(200, 201),
            json={"application_id": application_id},
            headers=bearer(council["api_key"]),
        )

    # the applicant portal (applications) -------------------------------------------------

    def submit(self, body: dict[str, Any], idempotency_key: str) -> dict[str, str] | None:
        """The application's id and token; None while applications does not know the programme
        yet (it learns of a programme just published from Kafka, a moment later)."""
        response = self._http.post(
            f"{self.endpoints.applications}/applications",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        if response.status_code == 409 and _code(response) == "unknown_programme":
            return None
        if response.status_code not in (200, 201):
            raise PlatformError(
                f"POST /applications answered {response.status_code}: {response.text}"
            )
        answer = response.json()
        return {"application_id": answer["application_id"], "access_token": answer["access_token"]}

    def status(self, applicant: dict[str, str]) -> dict[str, Any]:
        return dict(
            self._call(
                "GET",
                f"{self.endpoints.applications}/applications/{applicant['application_id']}",
                ok=(200,),
                headers=bearer(applicant["access_token"]),
            )
        )

    def answer_offer(self, applicant: dict[str, str], offer_id: str, accept: bool) -> None:
        verb = "accept" if accept else "decline"
        self._call(
            "POST",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}"
            f"/offers/{offer_id}/{verb}",
            ok=(200, 409),
            headers=bearer(applicant["access_token"]),
        )

    def book_interview(self, applicant: dict[str, str], slot_id: str) -> None:
        """Ask for an interview slot (the booking is confirmed by selection, a moment later)."""
        self._call(
            "POST",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}/interview",
            ok=(202,),
            json={"slot_id": slot_id},
            headers=bearer(applicant["access_token"]),
        )

    def erase(self, applicant: dict[str, str]) -> None:
        """The applicant asks for their personal data to be erased (UK GDPR)."""
        self._call(
            "DELETE",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}"
            "/personal-data",
            ok=(204,),
            headers=bearer(applicant["access_token"]),
        )

    def withdraw(self, applicant: dict[str, str]) -> None:
        self._call(
            "POST",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}/withdraw",
            ok=(200,),
            headers=bearer(applicant["access_token"]),
        )

    # operations ----------------------------------------------------------------------------

    def clocks(self) -> dict[str, datetime]:
        """The time of each clocked service (``/admin/clock``)."""
        return {name: datetime.fromisoformat(self._clock(name, "GET")["now"]) for name in CLOCKED}

    def advance_clocks(self, seconds: float) -> datetime:
        """Move every clocked service's time on by as much (a local platform's: the demo lets
        weeks pass with it); the platform's time after."""
        moved = [self._clock(name, "POST", json={"seconds": seconds}) for name in CLOCKED]
        return max(datetime.fromisoformat(clock["now"]) for clock in moved)

    def catch_up_clocks(self) -> float:
        """Move every clocked service that is behind the system time up to it; how far the
        furthest behind was moved (seconds)."""
        moved = 0.0
        for name in CLOCKED:
            behind = -float(self._clock(name, "GET")["offset_seconds"])
            if behind > 0:
                self._clock(name, "POST", json={"seconds": behind})
                moved = max(moved, behind)
        return moved

    def _clock(self, service: str, method: str, **kwargs: Any) -> dict[str, Any]:
        path = "/admin/clock" if method == "GET" else "/admin/clock/advance"
        url = f"{getattr(self.endpoints, service)}{path}"
        return dict(self._call(method, url, ok=(200,), headers=self._ops, **kwargs))

    def emails_delivered(self, application_id: str) -> list[dict[str, Any]]:
        """The emails notifications has delivered to an applicant (templates, not contents)."""
        return list(
            self._call(
                "GET",
                f"{self.endpoints.notifications}/admin/deliveries",
                ok=(200,),
                params={"status": "delivered", "channel": "email", "recipient_id": application_id},
                headers=self._ops,
            )
        )

    def funnel(self, programme_id: str) -> dict[str, Any]:
        """The programme's funnel; empty while reporting has not yet read the programme
        (a 404 ``not_found``), which a reporting service still catching up answers."""
        return self._report(programme_id, "funnel")

    def outcomes(self, programme_id: str) -> dict[str, Any]:
        """The programme's outcome report (started, completed, re-registered, hired...);
        empty while reporting has not yet read the programme."""
        return self._report(programme_id, "outcomes")

    def _report(self, programme_id: str, report: str) -> dict[str, Any]:
        response = self._http.get(
            f"{self.endpoints.reporting}/reports/programmes/{programme_id}/{report}",
            headers=self._ops,
        )
        if response.status_code == 404 and _code(response) == "not_found":
            return {}
        if response.status_code != 200:
            raise PlatformError(
                f"GET {response.url} answered {response.status_code}: {response.text}"
            )
        return dict(response.json())


def _code(response: httpx.Response) -> str | None:
    """The ``code`` of an error answer (problem details), if it has one."""
    try:
        code = response.json().get("code")
    except ValueError:
        return None
    return code if isinstance(code, str) else None
