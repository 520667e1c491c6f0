"""Fewer garbage-collector passes while projecting.

A projecting process holds many objects for long (faust's buffers, a batch's events, a
rebuild's facts), and each batch allocates tens of thousands of short-lived ones (the
decoded events, the documents). With CPython's default threshold (a collection every 700
net allocations) most of the time went to the collector walking the long-lived objects
again: decoding 50,000 held events took 92 us an event with the defaults, 29 us with the
objects of the start-up frozen out of collection and a young-generation threshold of
50,000, 19 us with no collection at all. Cycles are still collected, less often.

A rebuild holds every fact it projected (tens of thousands of applications, each a tree of
dataclasses and dicts) for its whole replay: each full collection walked them all again, a
fifth of its CPU time with the thresholds above. It collects nothing automatically; after
each batch it collects the young generation (the cycles that batch made), and everything
when it lets its facts go and at its end.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000


def collect_less_often() -> None:
    """For the rest of the process: what exists now is never collected (it lives as long as
    the process), and the young generation is collected every ``YOUNG_THRESHOLD``."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@contextmanager
def collected_between_batches() -> Iterator[Callable[[bool], None]]:
    """No automatic collection for a while (a rebuild), then the collector as it was.

    Gives ``collect(everything)``: the caller collects the young generation after each batch
    (``everything`` False), or every generation when it drops what it held (True)."""

    def collect(everything: bool) -> None:
        gc.collect(2 if everything else 0)

    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield collect
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        gc.collect()
