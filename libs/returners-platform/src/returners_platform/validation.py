"""Refusing a request body from inside its model: a validation error that names its fields.

A ``model_validator`` that finds answers which contradict each other raises ``invalid(...)``;
FastAPI answers it like any other validation error (422 problem details, one entry per
field), so a client reads a cross-field refusal exactly as it reads a missing field.
"""

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

# One problem: the field's path (``("registration", "last_practised")``), what is wrong with
# it, and the value given.
FieldProblem = tuple[tuple[str, ...], str, Any]


def invalid(model: str, problems: Iterable[FieldProblem]) -> ValidationError:
    return ValidationError.from_exception_data(
        model,
        [
            InitErrorDetails(type=PydanticCustomError("invalid", message), loc=loc, input=value)
            for loc, message, value in problems
        ],
    )


def field_error(model: str, loc: tuple[str, ...], message: str, value: Any) -> ValidationError:
    """A validation error about one field."""
    return invalid(model, [(loc, message, value)])


# Free text stored and published as is: no control characters (Postgres refuses NUL).
PlainText = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]*$")]
