"""The facts a batch of events is about: loaded once, changed by the rules, saved once.

A rebuild, the only writer for its whole transaction, keeps one working set across its
batches: what an earlier batch loaded or wrote is not read from the database again, and
while the tables hold nothing it has not saved itself (it emptied them) nothing is read,
and its first save copies its rows in (``store.rows.copy``) rather than upserting them.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, NamedTuple

from reporting.domain.facts import ApplicationFacts
from reporting.domain.outcomes import application_outcome, offer_outcomes, placement_outcomes
from reporting.projections import PROJECTIONS, Store
from reporting.store import Connection, applications, directory
from reporting.store.rows import Row, RowTable, copy, upsert
from returners_platform.contracts.envelope import CloudEvent, EventData


class FactsTable(NamedTuple):
    """Where one kind of facts is stored: how to load some by key, and each one's row."""

    load: Callable[[Connection, Iterable[Any]], Awaitable[dict[Any, Any]]]
    table: RowTable
    row: Callable[[Any], Row]


def _directory(table: directory.Table[Any]) -> FactsTable:
    return FactsTable(table.load, table.rows, table.row)


TABLES: dict[Store, FactsTable] = {
    Store.APPLICATIONS: FactsTable(applications.load, applications.FACTS, applications.fact_row),
    Store.PROGRAMMES: _directory(directory.PROGRAMMES),
    Store.COUNCILS: _directory(directory.COUNCILS),
    Store.VACANCIES: _directory(directory.VACANCIES),
    Store.DELIVERY_FAILURES: _directory(directory.DELIVERY_FAILURES),
    Store.SIGN_IN_REQUESTS: _directory(directory.SIGN_IN_REQUESTS),
}
# Every table a working set writes rows to, by name.
ROW_TABLES: dict[str, RowTable] = {
    t.name: t
    for t in (
        *(stored.table for stored in TABLES.values()),
        applications.OUTCOMES,
        applications.OFFER_OUTCOMES,
        applications.PLACEMENT_OUTCOMES,
    )
}


class WorkingSet:
    def __init__(self, *, tables_empty: bool = False) -> None:
        """``tables_empty``: the facts tables hold nothing this working set did not save
        (the caller emptied them in its transaction), so a fact not held does not exist."""
        self._holds_everything = tables_empty
        self._stored_nothing = tables_empty  # until its first save
        self._facts: dict[Store, dict[Any, Any]] = {store: {} for store in Store}
        self._loaded: dict[Store, set[Any]] = {store: set() for store in Store}
        self._changed: dict[Store, set[Any]] = defaultdict(set)

    @property
    def changed(self) -> int:
        """How many facts are changed and not yet saved."""
        return sum(len(keys) for keys in self._changed.values())

    def __len__(self) -> int:
        """How many records' facts are held (loaded, or known to be absent)."""
        if self._holds_everything:  # nothing loaded: every fact held is one it made
            return sum(len(facts) for facts in self._facts.values())
        return sum(len(keys) for keys in self._loaded.values())

    async def load(self, conn: Connection, events: Iterable[CloudEvent[EventData]]) -> None:
        """Load the facts these events are about, unless already held."""
        if self._holds_everything:
            return  # a fact it does not hold does not exist
        wanted: dict[Store, set[Any]] = defaultdict(set)
        for event in events:
            projection = PROJECTIONS.get(type(event.data))
            if projection is not None:
                key = projection.key(event.data)
                if key not in self._loaded[projection.store]:
                    wanted[projection.store].add(key)
        for store, keys in wanted.items():
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
        data = event.data
        projection = PROJECTIONS.get(type(data))
        if projection is None:
            return False
        key = getattr(data, projection.key_field)
        known = self._facts[projection.store]
        before = known.get(key)
        after = projection.rule(before, data)
        changed = self._changed[projection.store]
        if key in changed:  # to be saved anyway: no need to compare (most events of a rebuild)
            known[key] = after
        elif after != before:
            known[key] = after
            changed.add(key)
        return True

    def rows(self, *, by_key: bool = True) -> dict[RowTable, list[Row]]:
        """The changed facts, and the read models derived from changed applications, as each
        table's rows (then no longer changed); ``by_key``: in key order, the order concurrent
        upserts lock them in."""
        return {table: list(rows) for table, rows in self.row_streams(by_key=by_key).items()}

    def row_streams(self, *, by_key: bool = True) -> dict[RowTable, Iterator[Row]]:
        """``rows``, each table's made as it is read: a ``COPY`` of them is under way while
        the rest are made."""
        tables: dict[RowTable, Iterator[Row]] = {}
        changed_applications: list[ApplicationFacts] = []
        for store, keys in self._changed.items():
            held = self._facts[store]
            facts = [held[k] for k in (sorted(keys, key=str) if by_key else keys)]
            stored = TABLES[store]
            tables[stored.table] = map(stored.row, facts)
            if store is Store.APPLICATIONS:
                changed_applications = facts
        self._changed.clear()
        tables[applications.OUTCOMES] = (
            applications.outcome_row(application_outcome(f)) for f in changed_applications
        )
        tables[applications.OFFER_OUTCOMES] = (
            applications.offer_row(o) for f in changed_applications for o in offer_outcomes(f)
        )
        tables[applications.PLACEMENT_OUTCOMES] = (
            applications.placement_row(p)
            for f in changed_applications
            for p in placement_outcomes(f)
        )
        return tables

    async def save(self, conn: Connection) -> None:
        """Write the changed facts, and the read models derived from changed applications:
        copied in while the tables hold nothing (the first save of a rebuild), else upserted."""
        first = self._stored_nothing
        self._stored_nothing = False
        for table, rows in self.rows(by_key=not first).items():
            await (copy if first else upsert)(conn, table, rows)
