"""The demo's calls for selection: the assessment provider's results file, operations staff's
interview slots and assessors' keys, the panel's scores and no-shows, and the results."""

from typing import TYPE_CHECKING, Any

from returners_cli.http_auth import bearer

if TYPE_CHECKING:
    from returners_cli.demo.client import Endpoints


class SelectionCalls:
    endpoints: "Endpoints"
    _ops: dict[str, str]

    def _call(self, method: str, url: str, *, ok: tuple[int, ...], **kwargs: Any) -> Any:
        raise NotImplementedError

    # selection: the assessment provider, operations staff and the panel ---------------

    def upload_assessment_results(self, programme_id: str, csv: str) -> dict[str, Any]:
        """The assessment provider's results file (operations token)."""
        return dict(
            self._call(
                "POST",
                f"{self.endpoints.selection}/programmes/{programme_id}/assessment-results",
                ok=(200,),
                content=csv.encode(),
                headers={**self._ops, "Content-Type": "text/csv"},
            )
        )

    def publish_interview_slot(self, programme_id: str, starts_at: str, capacity: int) -> str:
        answer = self._call(
            "POST",
            f"{self.endpoints.selection}/admin/programmes/{programme_id}/interview-slots",
            ok=(201,),
            json={"starts_at": starts_at, "capacity": capacity},
            headers=self._ops,
        )
        return str(answer["slot_id"])

    def issue_assessor(self, programme_id: str, name: str) -> str:
        """A panel member's key for one programme."""
        answer = self._call(
            "POST",
            f"{self.endpoints.selection}/admin/assessors",
            ok=(201,),
            json={"name": name, "programme_id": programme_id},
            headers=self._ops,
        )
        return str(answer["api_key"])

    def score_interview(
        self, assessor_key: str, programme_id: str, application_id: str, scores: dict[str, int]
    ) -> None:
        self._call(
            "POST",
            f"{self.endpoints.selection}/programmes/{programme_id}/interviews/{application_id}"
            "/scores",
            ok=(201, 409),  # 409: scored before (a demo run again after a failure)
            json={"scores": scores, "feedback": "Thank you for talking to the panel."},
            headers=bearer(assessor_key),
        )

    def record_no_show(self, assessor_key: str, programme_id: str, application_id: str) -> None:
        self._call(
            "POST",
            f"{self.endpoints.selection}/programmes/{programme_id}/interviews/{application_id}"
            "/no-show",
            ok=(204, 409),
            headers=bearer(assessor_key),
        )

    def close_selection(self, programme_id: str) -> None:
        """Decide the results now (operations), rather than on the programme's results day."""
        self._call(
            "POST",
            f"{self.endpoints.selection}/admin/programmes/{programme_id}/selection/close",
            ok=(200, 409),  # 409: closed before
            headers=self._ops,
        )
