"""The order in which test files go out to ``make test``'s workers: longest first.

pytest-xdist (``--dist loadfile --no-loadscope-reorder``) hands the files out in collection
order, keeping two queued at each worker and sending the next as one finishes, so the order is
set here, in the collection: the files marked ``long(minutes=N)`` (the module's
``pytestmark``) first, most minutes first (N is how long the file took under ``make test``),
then the rest by how many tests each holds, most first (pytest-xdist's own default). A file
that takes minutes and goes out last leaves the run waiting on one worker while the others
stand idle; going out first, it runs beside the many short files.
"""

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Protocol, TypeVar


class Marker(Protocol):
    @property
    def kwargs(self) -> Mapping[str, object]: ...


class Item(Protocol):
    """What the order reads of a pytest item (``pytest.Item`` fits)."""

    @property
    def path(self) -> Hashable: ...
    def get_closest_marker(self, name: str) -> Marker | None: ...


def expected_minutes(item: Item) -> float:
    """How long the item's file takes, by its ``long`` marker; 0 for a file not marked."""
    marker = item.get_closest_marker("long")
    if marker is None:
        return 0.0
    minutes = marker.kwargs.get("minutes", 1)
    if not isinstance(minutes, int | float):
        raise TypeError(f"pytest.mark.long(minutes=...) takes a number, not {minutes!r}")
    return float(minutes)


T = TypeVar("T", bound=Item)


def longest_first(items: Sequence[T]) -> list[T]:
    """``items`` with their files in the order above; each file's tests stay together and in
    their own order (the sort is stable, and every test of a file has the same key while the
    marker is the module's, as every ``long`` marker is)."""
    tests_in_file = Counter(item.path for item in items)
    return sorted(items, key=lambda item: (-expected_minutes(item), -tests_in_file[item.path]))
