"""A rebuild collects garbage only when it lets go, and leaves the collector as it was."""

import gc
import weakref

from reporting.projection.gc_pauses import collected_when_let_go


class Node:
    def __init__(self) -> None:
        self.other: object = self


def test_a_rebuild_collects_only_when_it_lets_go_then_leaves_the_collector_as_it_was() -> None:
    before = gc.get_threshold()
    assert gc.isenabled()
    with collected_when_let_go() as collect:
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        cycle = Node()
        gone = weakref.ref(cycle)
        del cycle
        for _ in range(100_000):  # allocations that would trigger collections
            Node()
        assert gone() is not None  # nothing collected it by itself
        collect()  # when the rebuild lets its facts go
        assert gone() is None
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
