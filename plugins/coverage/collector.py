"""Python's cyclic garbage collector, kept out of the way of the analysis.

The analysis makes millions of small objects (sentences, spans, pairs read back
from the cache) and every one of them lives until the site is written. The
collector cannot free any of them, yet each of its passes walks the young ones
and each full pass walks them all: at 303 articles, reading the cached pairs
took twice as long with it on. So it is paused while the analysis runs. Then one
full pass frees what cyclic garbage there was, and `gc.freeze` sets the
survivors aside, so the passes made while pages are written walk only the
writing's own objects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    # What an earlier build in this process set aside (`make regenerate`) is collectable again.
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()
