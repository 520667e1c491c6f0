"""How domain refusals become HTTP answers (422s name the field, like validation errors)."""

from fastapi import HTTPException, status

from notifications.domain.errors import DomainError

NOT_FOUND = HTTPException(status.HTTP_404_NOT_FOUND, "not found")


def http_error(error: DomainError) -> HTTPException:
    if error.field is not None:
        return HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [{"field": error.field, "message": error.message, "type": error.code}],
        )
    return HTTPException(status.HTTP_409_CONFLICT, {"code": error.code, "message": error.message})
