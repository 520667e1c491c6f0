"""The selection service's internal API, as applications uses it: the panel's feedback on an
applicant, fetched when they read their status (it is personal data and stays in selection;
it never travels in an event)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

import httpx
import structlog
from pydantic import SecretStr

log = structlog.get_logger(__name__)


class FeedbackLookup:
    def __init__(self, client: httpx.AsyncClient | None, token: SecretStr) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token.get_secret_value()}"}

    async def __call__(self, application_id: UUID) -> list[str] | None:
        """The feedback, or None when selection cannot say now (the status shows none)."""
        if self._client is None:
            return None
        try:
            response = await self._client.get(
                f"/internal/applications/{application_id}/feedback", headers=self._headers
            )
        except httpx.HTTPError as exc:
            log.warning("feedback_lookup_failed", error=type(exc).__name__)
            return None
        if response.status_code != 200:
            return None
        return list(response.json()["feedback"])


@asynccontextmanager
async def feedback_lookup(
    base_url: str, token: SecretStr, timeout: float
) -> AsyncIterator[FeedbackLookup]:
    if not base_url:
        yield FeedbackLookup(None, token)
        return
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        yield FeedbackLookup(client, token)
