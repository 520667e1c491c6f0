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
fifth of its CPU time with the thresholds above, and even collecting only the young
generation after each batch took a twentieth (a batch's new facts are young). It collects
nothing while it replays: everything when it lets its facts go (every ``HELD_FACTS_LIMIT``
records, which bounds what cyclic garbage can pile up meanwhile) and at its end.
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
def collected_when_let_go() -> Iterator[Callable[[], None]]:
    """No automatic collection for a while (a rebuild), then the collector as it was.

    Gives ``collect()``, which the caller runs when it drops what it held."""

    def collect() -> None:
        gc.collect()

    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield collect
    finally:
        # What the block made and let go, before the objects frozen at its start are given
        # back to the collector: this pass need not walk them all again.
        gc.collect()
        gc.unfreeze()
        if enabled:
            gc.enable()
