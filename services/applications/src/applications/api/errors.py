"""How domain refusals become HTTP answers."""

from fastapi import HTTPException, status

from applications.domain.rules import DomainError
from returners_platform.service.app import field_error

CONFLICT_CODES = {
    "unknown_programme",
    "programme_closed",
    "programme_not_open",
    "already_hired",
    "withdrawn",
    "offer_not_open",
    "offer_expired",
}

NOT_FOUND = HTTPException(status.HTTP_404_NOT_FOUND, "application not found")
UNAUTHORISED = HTTPException(
    status.HTTP_401_UNAUTHORIZED,
    "access token required",
    headers={"WWW-Authenticate": "Bearer"},
)


def http_error(error: DomainError) -> HTTPException:
    if error.field is not None:
        location = "header" if error.field == "Idempotency-Key" else "body"
        return HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [field_error([location, *error.field.split(".")], error.message, error.code)],
        )
    code = status.HTTP_409_CONFLICT if error.code in CONFLICT_CODES else status.HTTP_400_BAD_REQUEST
    return HTTPException(code, {"code": error.code, "message": error.message})
