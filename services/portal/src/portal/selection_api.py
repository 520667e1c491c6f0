"""The selection service's public list of a programme's interview times (no personal data:
each time, its places and how many are left). The applicant's own booking goes through the
applications service, like everything else about them."""

from typing import Any

import httpx

from portal.applications_api import ApiUnavailable


class SelectionApi:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def interview_slots(self, programme_id: str) -> list[dict[str, Any]]:
        """The programme's interview times; none when selection does not know the programme."""
        try:
            response = await self._client.get(f"/programmes/{programme_id}/interview-slots")
        except httpx.HTTPError as exc:
            raise ApiUnavailable(type(exc).__name__) from exc
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise ApiUnavailable(f"selection answered HTTP {response.status_code}")
        slots: list[dict[str, Any]] = response.json()
        return slots
