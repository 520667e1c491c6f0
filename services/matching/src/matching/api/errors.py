"""How use-case refusals become HTTP answers."""

from fastapi import HTTPException, status

from matching.use_cases.errors import Refused


def not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "not found")


def http_error(error: Refused) -> HTTPException:
    """422 naming the field when the refusal is about one field; 409 otherwise."""
    if error.field is not None:
        return HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [{"field": error.field, "message": error.message, "type": error.code}],
        )
    return HTTPException(status.HTTP_409_CONFLICT, {"code": error.code, "message": error.message})


AUTH_RESPONSES: dict[int | str, dict[str, str]] = {
    401: {"description": "No key, or not a current key of a council"},
    404: {"description": "Not found for this council (also: another council's key)"},
}
