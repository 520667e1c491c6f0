"""The pages every service has: privacy and accessibility."""

from fastapi import APIRouter, Request, Response

from portal.api.deps import SessionDep, render

router = APIRouter(include_in_schema=False)


@router.get("/privacy")
async def privacy(request: Request, session: SessionDep) -> Response:
    return render(request, session, "privacy.html")


@router.get("/accessibility")
async def accessibility(request: Request, session: SessionDep) -> Response:
    return render(request, session, "accessibility.html")
