"""Why a request is refused: the exceptions every service's use cases raise.

Plain exceptions with no HTTP in them, so domain rules and use cases raise them without
knowing they are behind an API; ``service.problems`` turns each into one
``application/problem+json`` answer (RFC 9457) the same way in every service.
"""

from typing import TypeVar

T = TypeVar("T")


class Refused(Exception):
    """The rules refuse the request; ``code`` is machine-readable and stable.

    With ``field`` (a dotted path into the body, or a header or parameter name) the
    refusal is about that input: 422. Without it, the request conflicts with the state of
    things (a closed programme, an offer already answered): 409.
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class NotFound(Exception):
    """No such object for this caller: deliberately the same answer (404) whether it does
    not exist or belongs to someone else, so that callers cannot probe for others' ids."""

    def __init__(self, what: str = "not found") -> None:
        super().__init__(what)
        self.message = what


def found(value: T | None, what: str = "not found") -> T:
    """``value``, the one a store found; ``NotFound(what)`` when it found none."""
    if value is None:
        raise NotFound(what)
    return value
