"""The demo's calls after an accepted offer, each as the one who makes it would: the applicant
gives referees and reports their restoration to the register (applications), a referee
answers through their link, a council records checks, the start, hours, the mentor and the
end (training, its key), the training provider logs workshops (its own key)."""

from datetime import date
from typing import TYPE_CHECKING, Any

from returners_cli.http_auth import bearer

if TYPE_CHECKING:
    from returners_cli.demo.client import Endpoints


class TrainingCalls:
    endpoints: "Endpoints"
    _ops: dict[str, str]

    def _call(self, method: str, url: str, *, ok: tuple[int, ...], **kwargs: Any) -> Any:
        raise NotImplementedError

    # the applicant and their referees (applications) --------------------------------------

    def give_referees(self, applicant: dict[str, str], body: dict[str, Any]) -> None:
        self._call(
            "POST",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}/referees",
            ok=(200, 409),  # 409: given before (a demo run again after a failure)
            json=body,
            headers=bearer(applicant["access_token"]),
        )

    def answer_reference(self, reference_id: str, token: str, statement: str) -> bool:
        """A referee's answer through their link; False if the link no longer opens (a newer
        email replaced it, or it was answered)."""
        answered = self._call(
            "POST",
            f"{self.endpoints.applications}/references/{reference_id}/answer",
            ok=(200, 201, 404),
            json={"token": token, "outcome": "satisfactory", "statement": statement},
        )
        return bool(answered and answered.get("status") == "received")

    def report_reregistration(self, applicant: dict[str, str], report: dict[str, Any]) -> None:
        """The returner tells us of their application for restoration to the register."""
        self._call(
            "POST",
            f"{self.endpoints.applications}/applications/{applicant['application_id']}"
            "/reregistration",
            ok=(200, 201),
            json=report,
            headers=bearer(applicant["access_token"]),
        )

    # a council's placements (training, its key) -------------------------------------------

    def placements(self, council: dict[str, str]) -> list[dict[str, Any]]:
        return list(self._call("GET", self._placements(council), ok=(200,), **_key(council)))

    def record_condition(
        self, council: dict[str, str], application_id: str, condition: str, reason: str | None
    ) -> None:
        """Met (no reason), or not met for ``reason``."""
        body = {"status": "not_met", "reason": reason} if reason else {"status": "met"}
        self._call(
            "PUT",
            f"{self._placements(council)}/{application_id}/conditions/{condition}",
            ok=(200,),
            json=body,
            **_key(council),
        )

    def start_placement(self, council: dict[str, str], application_id: str, on: date) -> None:
        self._placement_call(council, application_id, "start", {"starts_on": on.isoformat()})

    def assign_mentor(self, council: dict[str, str], application_id: str, name: str) -> None:
        self._call(
            "PUT",
            f"{self._placements(council)}/{application_id}/mentor",
            ok=(200,),
            json={"name": name},
            **_key(council),
        )

    def log_hours(self, council: dict[str, str], application_id: str, entry: dict[str, Any]) -> str:
        """One entry (or, with ``supersedes``, a correction); its id."""
        answer = self._call(
            "POST",
            f"{self._placements(council)}/{application_id}/hours",
            ok=(201,),
            json=entry,
            **_key(council),
        )
        return str(answer["entry_id"])

    def upload_hours(self, council: dict[str, str], csv: str) -> dict[str, Any]:
        """A council's hours file: ``{"accepted", "entries", "errors"}``."""
        return dict(
            self._call(
                "POST",
                f"{self.endpoints.training}/councils/{council['council_id']}/hours",
                ok=(200,),
                content=csv.encode(),
                headers={
                    "Authorization": f"Bearer {council['api_key']}",
                    "Content-Type": "text/csv",
                },
            )
        )

    def end_placement(
        self, council: dict[str, str], application_id: str, on: date, signed_off_by: str
    ) -> None:
        body = {"ended_on": on.isoformat(), "signed_off_by": signed_off_by}
        self._placement_call(council, application_id, "end", body)

    def withdraw_placement(self, council: dict[str, str], application_id: str, reason: str) -> None:
        self._placement_call(council, application_id, "withdraw", {"reason": reason})

    def _placement_call(
        self, council: dict[str, str], application_id: str, action: str, body: dict[str, Any]
    ) -> None:
        self._call(
            "POST",
            f"{self._placements(council)}/{application_id}/{action}",
            ok=(200,),
            json=body,
            **_key(council),
        )

    def _placements(self, council: dict[str, str]) -> str:
        return f"{self.endpoints.training}/councils/{council['council_id']}/placements"

    # the training provider (its key; operations issue it) --------------------------------

    def issue_provider(self, programme_id: str, name: str) -> str:
        answer = self._call(
            "POST",
            f"{self.endpoints.training}/admin/providers",
            ok=(201,),
            json={"name": name, "programme_id": programme_id},
            headers=self._ops,
        )
        return str(answer["api_key"])

    def provider_logs_hours(
        self, provider_key: str, application_id: str, entry: dict[str, Any]
    ) -> None:
        self._call(
            "POST",
            f"{self.endpoints.training}/provider/placements/{application_id}/hours",
            ok=(201,),
            json=entry,
            headers=bearer(provider_key),
        )


def _key(council: dict[str, str]) -> dict[str, Any]:
    return {"headers": bearer(council["api_key"])}
