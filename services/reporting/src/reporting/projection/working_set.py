"""The facts a batch of events is about: loaded once, changed by the rules, saved once.

A rebuild, the only writer for its whole transaction, keeps one working set across its
batches: what an earlier batch loaded or wrote is not read from the database again, and
while the tables hold nothing it has not saved itself (it emptied them) nothing is read.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from reporting.domain.facts import ApplicationFacts
from reporting.domain.outcomes import application_outcome, offer_outcomes, placement_outcomes
from reporting.projections import PROJECTIONS, Store
from reporting.store import Connection, applications, directory
from returners_platform.contracts.envelope import CloudEvent, EventData


class FactsTable(Protocol):
    async def load(self, conn: Connection, keys: Iterable[Any]) -> dict[Any, Any]: ...

    async def save(self, conn: Connection, facts: Sequence[Any]) -> None: ...


TABLES: dict[Store, FactsTable] = {
    Store.APPLICATIONS: applications,
    Store.PROGRAMMES: directory.PROGRAMMES,
    Store.COUNCILS: directory.COUNCILS,
    Store.VACANCIES: directory.VACANCIES,
    Store.DELIVERY_FAILURES: directory.DELIVERY_FAILURES,
    Store.SIGN_IN_REQUESTS: directory.SIGN_IN_REQUESTS,
}


class WorkingSet:
    def __init__(self, *, tables_empty: bool = False) -> None:
        """``tables_empty``: the facts tables hold nothing this working set did not save
        (the caller emptied them in its transaction), so a fact not held does not exist."""
        self._holds_everything = tables_empty
        self._facts: dict[Store, dict[Any, Any]] = {store: {} for store in Store}
        self._loaded: dict[Store, set[Any]] = {store: set() for store in Store}
        self._changed: dict[Store, set[Any]] = defaultdict(set)

    @property
    def changed(self) -> int:
        """How many facts are changed and not yet saved."""
        return sum(len(keys) for keys in self._changed.values())

    def __len__(self) -> int:
        """How many records' facts are held (loaded, or known to be absent)."""
        return sum(len(keys) for keys in self._loaded.values())

    async def load(self, conn: Connection, events: Iterable[CloudEvent[EventData]]) -> None:
        """Load the facts these events are about, unless already held."""
        wanted: dict[Store, set[Any]] = defaultdict(set)
        for event in events:
            projection = PROJECTIONS.get(type(event.data))
            if projection is not None:
                key = projection.key(event.data)
                if key not in self._loaded[projection.store]:
                    wanted[projection.store].add(key)
        for store, keys in wanted.items():
            if not self._holds_everything:
                self._facts[store].update(await TABLES[store].load(conn, keys))
            self._loaded[store].update(keys)

    def forget(self) -> None:
        """Drop every fact held (all saved): later batches load what they need again."""
        assert not any(self._changed.values()), "unsaved facts"
        self._holds_everything = False  # what it saved is in the tables, no longer held
        for store in Store:
            self._facts[store].clear()
            self._loaded[store].clear()

    def apply(self, event: CloudEvent[EventData]) -> bool:
        """Apply one event's rule; False if reporting has no projection for its type."""
        projection = PROJECTIONS.get(type(event.data))
        if projection is None:
            return False
        key = projection.key(event.data)
        known = self._facts[projection.store]
        before = known.get(key)
        after = projection.rule(before, event.data)
        if after != before:
            known[key] = after
            self._changed[projection.store].add(key)
        return True

    async def save(self, conn: Connection) -> None:
        """Write the changed facts, and the read models derived from changed applications."""
        changed = {
            store: [self._facts[store][k] for k in sorted(keys, key=str)]
            for store, keys in self._changed.items()
        }
        for store, facts in changed.items():
            await TABLES[store].save(conn, facts)
        changed_applications: list[ApplicationFacts] = changed.get(Store.APPLICATIONS, [])
        await applications.save_outcomes(
            conn, [application_outcome(f) for f in changed_applications]
        )
        await applications.save_offer_outcomes(
            conn, [o for f in changed_applications for o in offer_outcomes(f)]
        )
        await applications.save_placement_outcomes(
            conn, [p for f in changed_applications for p in placement_outcomes(f)]
        )
        self._changed.clear()
