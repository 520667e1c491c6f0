"""One error shape for every service: ``application/problem+json`` (RFC 9457).

Every 4xx (and 5xx) of every service answers::

    {"type": "https://returners.example.org/problems/<code>", "title": "...", "status": 422,
     "detail": "...", "code": "<code>", "errors": [{"field", "message", "code"}]}

``field`` is a dotted path into the request body (``registration.last_practised``) or the
name of a header or parameter. ``install`` registers the exception handlers that produce it
(for refusals and not-found from the use cases, FastAPI's validation errors, HTTP errors,
unreachable dependencies and the unexpected) and documents it in the service's OpenAPI.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from returners_platform.errors import NotFound, Refused
from returners_platform.service import metrics
from returners_platform.service.outages import INFRASTRUCTURE_ERRORS

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPES = "https://returners.example.org/problems/"
_RETRY = {"Retry-After": "1"}
# Where a validation error's location says which part of the request it is about.
_LOCATIONS = ("body", "query", "path", "header", "cookie")


class FieldError(BaseModel):
    field: str = Field(description="Dotted path into the body, or a header or parameter name")
    message: str
    code: str = Field(description="Machine-readable: a refusal's code or the validation rule")


class Problem(BaseModel):
    """RFC 9457 problem details, with ``code`` and ``errors`` as extension members."""

    type: str = Field(description=f"{PROBLEM_TYPES}<code>")
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] = Field(default_factory=list)


# A route's (or router's) documented answers, as FastAPI's ``responses=`` takes them.
Responses = dict[int | str, dict[str, Any]]


def responses(descriptions: Mapping[int, str], *shared: Responses) -> Responses:
    """``responses=`` from ``{status: description}``, added to any shared ones (the problem
    details schema is filled in for every 4xx and 5xx when the OpenAPI is built)."""
    merged: Responses = {}
    for answers in shared:
        merged.update(answers)
    merged.update({status: {"description": text} for status, text in descriptions.items()})
    return merged


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    errors: Iterable[FieldError] = (),
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    metrics.PROBLEMS.labels(str(status), code).inc()
    body = Problem(
        type=f"{PROBLEM_TYPES}{code}",
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        code=code,
        errors=list(errors),
    )
    return JSONResponse(
        body.model_dump(), status_code=status, headers=headers, media_type=PROBLEM_JSON
    )


def field_of(loc: Sequence[str | int]) -> str:
    """The dotted field a validation error's location names, without its location prefix."""
    parts = [str(p) for p in loc]
    return ".".join(parts[1:] if parts and parts[0] in _LOCATIONS else parts)


# -- exception handlers ------------------------------------------------------------------


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    if exc.field is None:
        return problem(409, exc.code, exc.message, title=_title(exc.code))
    return problem(
        422,
        exc.code,
        f"{exc.field}: {exc.message}",
        title=_title(exc.code),
        errors=[FieldError(field=exc.field, message=exc.message, code=exc.code)],
    )


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NotFound)
    return problem(404, "not_found", exc.message)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(
            field=field_of(e.get("loc", ())), message=str(e.get("msg")), code=str(e.get("type"))
        )
        for e in exc.errors()
    ]
    named = ", ".join(dict.fromkeys(e.field or "(the body)" for e in errors))
    return problem(422, "invalid_request", f"invalid: {named}", errors=errors)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem(
        exc.status_code, HTTPStatus(exc.status_code).name.lower(), detail, headers=exc.headers
    )


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    """503 while the database or Kafka cannot be reached: the request may be tried again."""
    return problem(
        503,
        "dependency_unavailable",
        f"temporarily unavailable ({type(exc).__name__}); try again",
        headers=_RETRY,
    )


async def _contention(_: Request, exc: Exception) -> JSONResponse:
    """503: the transaction lost a race with another (a deadlock, a serialisation failure)
    and rolled back; the same request will most likely succeed if sent again."""
    return problem(
        503, "try_again", "a concurrent change got in the way; try again", headers=_RETRY
    )


async def _database_refused(_: Request, exc: Exception) -> JSONResponse:
    """500: the database refused the transaction (a statement, or its COMMIT), so nothing was
    saved. Answered here rather than as an unhandled error, so the connection stays open."""
    log.error("transaction_failed", error=repr(exc))
    return problem(500, "internal_error", "the request failed and nothing was saved")


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    """500: nothing was saved (the transaction rolled back)."""
    return problem(500, "internal_error", "the request failed and nothing was saved")


def _title(code: str) -> str:
    return code.replace("_", " ").capitalize()


HANDLERS: tuple[tuple[type[Exception] | int, Callable[..., Any]], ...] = (
    (Refused, _refused),
    (NotFound, _not_found),
    (RequestValidationError, _validation_error),
    (HTTPException, _http_error),
    *((error, _unavailable) for error in INFRASTRUCTURE_ERRORS),
    (asyncpg.SerializationError, _contention),
    (asyncpg.DeadlockDetectedError, _contention),
    (asyncpg.PostgresError, _database_refused),
    (Exception, _unexpected),
)


def install(app: FastAPI) -> None:
    """Answer every error as problem details, and document that in the OpenAPI."""
    for error, handler in HANDLERS:
        app.add_exception_handler(error, handler)
    app.openapi = lambda: _openapi_with_problems(app)  # type: ignore[method-assign]


# -- OpenAPI -----------------------------------------------------------------------------


def _openapi_with_problems(app: FastAPI) -> dict[str, Any]:
    """The generated schema, with every 4xx and 5xx answer documented as a Problem."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in _problem_schemas().items():
        components[name] = definition
    content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if (path, str(status)) == ("/readyz", "503"):  # a health document of its own
                    continue
                if str(status)[:1] in ("4", "5"):
                    response["content"] = content
                    if str(status) == "422":
                        response["description"] = "Invalid request: each field error named"
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    app.openapi_schema = schema
    return schema


def _problem_schemas() -> dict[str, Any]:
    generated = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions: dict[str, Any] = generated.pop("$defs", {})
    return {**definitions, "Problem": generated}
