"""Handing the memory a finished stage freed back to the system.

CPython gives objects over 512 bytes (the key tables of large dicts, long strings
such as an article's Markdown or a page's HTML) to the C library's `malloc`. When
they are freed, glibc keeps their pages for later allocations and returns to the
system only the free memory at the top of its heap; the rest still counts in the
build's resident memory. The stages that follow allocate mostly small objects,
which CPython takes from its own arenas, not from those pages, so the freed pages
added to the build's peak without being used again. `malloc_trim(0)` returns every
free page of the heap. The build calls it between stages and, while one advances,
once a second (`progress.Progress`); at 10,000 articles it returned 138 MB after the
Markdown stage alone (see README, "Memory held through a build").

Where the C library is not glibc (macOS, musl), there is no `malloc_trim` and
nothing is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        # The process's own symbols, the C library's among them.
        return ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return None


def give_back() -> bool:
    """Return the C heap's free pages to the system; whether there was a way to."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
