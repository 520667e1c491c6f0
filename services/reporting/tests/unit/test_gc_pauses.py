"""A rebuild collects garbage only between its batches, and leaves the collector as it was."""

import gc
import weakref

from reporting.projection.gc_pauses import collected_between_batches


class Node:
    def __init__(self) -> None:
        self.other: object = self


def test_a_rebuild_collects_only_between_batches_then_leaves_the_collector_as_it_was() -> None:
    before = gc.get_threshold()
    assert gc.isenabled()
    with collected_between_batches() as collect:
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0
        cycle = Node()
        gone = weakref.ref(cycle)
        del cycle
        assert gone() is not None  # nothing collected it by itself
        collect(False)  # between batches: the young generation, where the cycle is
        assert gone() is None
        collect(True)
    assert gc.isenabled()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
