"""The pages every service has: privacy and accessibility."""

from typing import Any

from fastapi import APIRouter, Request, Response

from portal.api.deps import ApiDep, SessionDep, SettingsDep, render
from portal.applications_api import ApiUnavailable

router = APIRouter(include_in_schema=False)


@router.get("/privacy")
async def privacy(
    request: Request, session: SessionDep, api: ApiDep, settings: SettingsDep
) -> Response:
    """The privacy notice, with how long the programme keeps personal details (its retention
    periods, as the programme states them); without them while the programme cannot be read."""
    return render(
        request, session, "privacy.html", retention=await _retention(api, settings.programme_id)
    )


async def _retention(api: ApiDep, programme_id: str) -> dict[str, Any] | None:
    try:
        programme = await api.programme(programme_id)
    except ApiUnavailable:
        return None
    return (programme or {}).get("retention")


@router.get("/accessibility")
async def accessibility(request: Request, session: SessionDep) -> Response:
    return render(request, session, "accessibility.html")
