"""A route that takes an uploaded CSV file as its body (an assessment provider's results, a
council's hours): how its body is documented, recognised and read, in one place.

The file itself is read by the domain (``returners_platform.csv_file.read_rows`` and the
service's own row parser); a file that cannot be read at all is a 422 naming the body.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request

from returners_platform.csv_file import UnreadableFile
from returners_platform.errors import Refused

T = TypeVar("T")

CSV = "text/csv"
JSON = "application/json"


def documented_body(
    csv_example: str, *, json_schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The route's ``openapi_extra``: a required body of text/csv (with ``csv_example``) and,
    where the route also takes one item as JSON, ``json_schema``."""
    content: dict[str, Any] = {}
    if json_schema is not None:
        content[JSON] = {"schema": json_schema}
    content[CSV] = {"schema": {"type": "string"}, "example": csv_example}
    return {"requestBody": {"required": True, "content": content}}


def media_type(request: Request) -> str:
    """The request's media type, lower case, without parameters ("" when none is given)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def read_file(body: bytes, read: Callable[[str], T]) -> T:
    """The body, decoded as UTF-8 (a byte-order mark dropped, a bad byte replaced), read by
    ``read``; a file it cannot read (``UnreadableFile``) is refused naming the body."""
    try:
        return read(body.decode("utf-8-sig", errors="replace"))
    except UnreadableFile as exc:
        raise Refused("unreadable_file", str(exc), "body") from exc
