"""make test's workers take the files longest first: the minutes of a file's ``long`` marker,
then how many tests it holds; each file's tests stay together and in their own order."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from returners_cli.testing.order import longest_first


@dataclass
class FakeMarker:
    kwargs: dict[str, object]


@dataclass
class FakeItem:
    path: Path
    name: str
    long: dict[str, object] | None = field(default=None)

    def get_closest_marker(self, name: str) -> FakeMarker | None:
        return FakeMarker(self.long) if name == "long" and self.long is not None else None


def _items(*files: tuple[str, int, dict[str, object] | None]) -> list[FakeItem]:
    return [
        FakeItem(Path(path), f"{path}::{n}", long)
        for path, tests, long in files
        for n in range(tests)
    ]


def test_marked_files_go_first_most_minutes_first_then_the_rest_by_how_many_tests() -> None:
    items = _items(
        ("unit_small.py", 2, None),
        ("e2e.py", 1, {"minutes": 1}),
        ("integration_big.py", 5, None),
        ("up.py", 1, {"minutes": 6}),
        ("portal.py", 2, {"minutes": 4}),
    )

    ordered = longest_first(items)

    files = [item.path.name for item in ordered]
    assert list(dict.fromkeys(files)) == [
        "up.py",
        "portal.py",
        "e2e.py",
        "integration_big.py",
        "unit_small.py",
    ]


def test_each_files_tests_stay_together_in_their_own_order() -> None:
    items = _items(("a.py", 3, None), ("b.py", 3, None), ("c.py", 1, {"minutes": 2}))

    ordered = longest_first(items)

    assert [item.name for item in ordered] == [
        "c.py::0",
        "a.py::0",
        "a.py::1",
        "a.py::2",
        "b.py::0",
        "b.py::1",
        "b.py::2",
    ]


def test_a_long_marker_without_minutes_counts_as_one_minute() -> None:
    items = _items(("short.py", 4, {"minutes": 0.5}), ("plain_long.py", 1, {}))

    assert longest_first(items)[0].path.name == "plain_long.py"


def test_minutes_that_are_not_a_number_are_refused_naming_the_marker() -> None:
    with pytest.raises(TypeError, match=r"long\(minutes=\.\.\.\)"):
        longest_first(_items(("a.py", 1, {"minutes": "six"})))
