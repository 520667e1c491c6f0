"""A rebuild collects garbage less often while it runs, and leaves the collector as it was."""

import gc

from reporting.projection.gc_pauses import YOUNG_THRESHOLD, fewer_collections


def test_a_rebuild_collects_less_often_then_leaves_the_collector_as_it_was() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with fewer_collections():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD > before[0]
        assert gc.get_freeze_count() > frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
