"""The composition root: settings, the applications API client, the cookie, the pages, the
GOV.UK Frontend assets (from npm, served here: no other host is asked for anything).

The portal owns no database and consumes no event; ``CONSUMES`` is empty.
"""

import mimetypes
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException

from portal import metrics
from portal.api.deps import CsrfRefused, render, session_of
from portal.api.pages import Instead, not_found, unavailable
from portal.api.rate_limit import RateLimiter
from portal.api.routes import application, apply, interview, pages, references, sign_in, start
from portal.api.security import security_headers
from portal.api.session import SessionCookies
from portal.applications_api import ApiUnavailable, ApplicationsApi
from portal.config import Settings
from portal.selection_api import SelectionApi
from returners_platform.clock import Clock, system_clock
from returners_platform.contracts.envelope import EventData
from returners_platform.service.logging import configure_logging

STATIC = Path(__file__).parent / "static"
CONSUMES: frozenset[type[EventData]] = frozenset()
SERVICE_NAME = "Return to Social Work"
log = structlog.get_logger("portal")
mimetypes.add_type("text/javascript", ".mjs")


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.service_name, settings.log_level)
    if not (settings.govuk_frontend_dir / "govuk-frontend.min.css").exists():
        raise RuntimeError(
            f"GOV.UK Frontend is missing at {settings.govuk_frontend_dir}: "
            "run `npm ci --prefix services/portal` (make up and make test do)"
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        timeout = settings.applications_timeout_seconds
        async with (
            httpx.AsyncClient(base_url=settings.applications_url, timeout=timeout) as client,
            httpx.AsyncClient(base_url=settings.selection_url, timeout=timeout) as selection,
        ):
            app.state.api = ApplicationsApi(client)
            app.state.selection = SelectionApi(selection)
            yield

    app = FastAPI(
        title="Returners applicant portal",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.clock = clock or system_clock
    app.state.service_name = SERVICE_NAME
    app.state.cookies = SessionCookies(
        settings.session_secret.get_secret_value(),
        max_age_seconds=settings.session_minutes * 60,
        secure=settings.secure_cookies,
    )
    app.state.sign_in_limiter = RateLimiter(settings.sign_in_requests_per_minute)

    app.mount("/govuk", StaticFiles(directory=settings.govuk_frontend_dir), name="govuk")
    app.mount("/assets", StaticFiles(directory=settings.govuk_frontend_dir / "assets"))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        start.router,
        apply.router,
        sign_in.router,
        application.router,
        interview.router,
        references.router,
        pages.router,
    ):
        app.include_router(router)
    _operations(app)
    _errors(app)
    app.middleware("http")(_request_log)
    app.middleware("http")(security_headers(settings.secure_cookies))
    return app


def _operations(app: FastAPI) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> Response:
        """Ready when the applications service is (the portal has nothing else to reach)."""
        ready = await request.app.state.api.ready()
        return JSONResponse(
            {
                "status": "ready" if ready else "not ready",
                "checks": {"applications": "ok" if ready else "not ready"},
            },
            status_code=200 if ready else 503,
        )

    @app.get("/metrics", include_in_schema=False)
    async def prometheus() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(Instead)
    async def instead(request: Request, exc: Instead) -> Response:
        return exc.response

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        metrics.CSRF_REFUSED.inc()
        return render(request, session_of(request), "csrf.html", status=403)

    @app.exception_handler(ApiUnavailable)
    async def api_unavailable(request: Request, exc: ApiUnavailable) -> Response:
        log.warning("applications service unavailable", error=str(exc))
        return unavailable(request, session_of(request))

    @app.exception_handler(Exception)
    async def failed(request: Request, exc: Exception) -> Response:
        log.error("page failed", error=type(exc).__name__)
        response = unavailable(request, session_of(request))
        response.status_code = 500
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return not_found(request, session_of(request))
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


async def _request_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """One line per page by its route's template (``/sign-in/{link_token}``), never the path
    itself: a sign-in link's path holds its token. No query string, no form, no cookie."""
    started = time.perf_counter()
    response = await call_next(request)
    route = request.scope.get("route")
    template = getattr(route, "path", None) or (
        "static" if request.url.path.startswith(("/govuk/", "/assets/", "/static/")) else "other"
    )
    elapsed = time.perf_counter() - started
    metrics.PAGES.labels(request.method, template, str(response.status_code)).observe(elapsed)
    if template != "static":
        log.info(
            "request",
            method=request.method,
            route=template,
            status=response.status_code,
            ms=round(elapsed * 1000, 1),
        )
    return response
