"""``programmes``, ``councils``, ``vacancies``, ``delivery_failures`` and ``sign_in_requests``:
one row per thing.

Each table holds the facts of its kind exactly as ``domain.rules`` merged them; loading
and saving are plain column mappings of the dataclasses in ``domain.facts``.
"""

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, Generic, TypeVar

from reporting.domain.facts import (
    CouncilFacts,
    DeliveryFailure,
    ProgrammeFacts,
    SignInRequest,
    VacancyFacts,
)
from reporting.store import Connection
from reporting.store.rows import Row, RowTable
from returners_platform.store import many

F = TypeVar("F", ProgrammeFacts, CouncilFacts, VacancyFacts, DeliveryFailure, SignInRequest)


class Table(Generic[F]):
    """Load one facts dataclass from the table of the same columns, and make its rows."""

    def __init__(self, name: str, model: type[F], key_type: str, types: Sequence[str]) -> None:
        self.name = name
        self.model: type[F] = model
        self.columns = [f.name for f in dataclasses.fields(model)]
        self.key = self.columns[0]
        self.key_type = key_type
        assert len(types) == len(self.columns)
        self.rows = RowTable(name, dict(zip(self.columns, types, strict=True)))

    async def load(self, conn: Connection, keys: Iterable[Any]) -> dict[Any, F]:
        loaded = await many(
            conn,
            self.model,
            f"SELECT {', '.join(self.columns)} FROM {self.name}"
            f" WHERE {self.key} = ANY($1::{self.key_type}[])",
            list(keys),
        )
        return {getattr(facts, self.key): facts for facts in loaded}

    def row(self, facts: F) -> Row:
        return tuple(getattr(facts, c) for c in self.columns)


PROGRAMMES = Table(
    "programmes", ProgrammeFacts, "text", ["text", "text", "integer", "timestamptz", "text"]
)
COUNCILS = Table("councils", CouncilFacts, "uuid", ["uuid", "text", "timestamptz"])
VACANCIES = Table(
    "vacancies",
    VacancyFacts,
    "uuid",
    ["uuid", "uuid", "text", "text", "text", "integer", "integer", "timestamptz", "timestamptz"],
)
DELIVERY_FAILURES = Table(
    "delivery_failures",
    DeliveryFailure,
    "uuid",
    ["uuid", "text", "uuid", "text", "timestamptz"],
)
SIGN_IN_REQUESTS = Table("sign_in_requests", SignInRequest, "uuid", ["uuid", "timestamptz"])
