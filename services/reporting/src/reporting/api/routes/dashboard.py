"""``GET /dashboard``: the operations dashboard page (static; its script calls the API).

The page holds no figures and needs no credentials: its script asks the operator for the
operations token once (or takes it from the URL fragment, ``/dashboard#token=...``, which
browsers never send to a server), keeps it in sessionStorage and sends it as a bearer
header to the ``/reports`` API. Scripts, styles and charts are all served from here.
"""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from reporting.api.deps import SettingsDep

router = APIRouter(tags=["dashboard"])

DASHBOARD_DIR = Path(__file__).parents[2] / "dashboard"
ASSETS_DIR = DASHBOARD_DIR / "assets"
_PAGE = (DASHBOARD_DIR / "index.html").read_text()

# Only this service's own scripts, styles and API; no inline code, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@router.get("/dashboard", response_class=HTMLResponse, summary="The operations dashboard")
async def dashboard(settings: SettingsDep) -> HTMLResponse:
    page = _PAGE.replace("__REFRESH_SECONDS__", str(settings.dashboard_refresh_seconds))
    return HTMLResponse(
        page,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )
