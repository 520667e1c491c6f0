"""Correlation and causation ids of the request or event being handled (context-local)."""

import uuid
from contextvars import ContextVar

import structlog

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
_causation_id: ContextVar[str | None] = ContextVar("causation_id", default=None)

CORRELATION_HEADER = "X-Correlation-ID"
REQUEST_ID_HEADER = "X-Request-ID"


def correlation_id() -> str | None:
    return _correlation_id.get()


def causation_id() -> str | None:
    return _causation_id.get()


def bind(*, correlation: str | None, causation: str | None) -> None:
    """Set the ids for the current context and for every log line written in it."""
    _correlation_id.set(correlation)
    _causation_id.set(causation)
    structlog.contextvars.bind_contextvars(correlation_id=correlation, causation_id=causation)


def new_id() -> str:
    return str(uuid.uuid4())
