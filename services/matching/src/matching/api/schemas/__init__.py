"""Request and response bodies (field names are the public contract)."""

from typing import Annotated, Any

from pydantic import Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError


def field_error(model: str, loc: tuple[str, ...], message: str, value: Any) -> ValidationError:
    """A validation error naming the field it is about (FastAPI answers it with 422)."""
    return ValidationError.from_exception_data(
        model,
        [InitErrorDetails(type=PydanticCustomError("invalid", message), loc=loc, input=value)],
    )


# Free text stored and published as is: no control characters (Postgres refuses NUL).
PlainText = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]*$")]
