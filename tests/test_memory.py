"""Handing freed memory back to the system between stages."""

from __future__ import annotations

import platform

import pytest

from coverage import memory

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's")
def test_freed_pages_in_the_middle_of_the_heap_go_back_to_the_system():
    # 64 MB in 1 KB chunks (over CPython's 512-byte limit, so glibc's), one in 64 kept:
    # what is kept sits all through the heap, so none of it is at the top to be let go.
    chunks = [bytes(1024) for _ in range(64 * 1024)]
    kept = chunks[::64]
    del chunks
    before = _resident_mb()
    assert memory.give_back()
    after = _resident_mb()
    assert before - after > 32, f"resident {before:.0f} MB before, {after:.0f} MB after"
    assert len(kept) == 1024


def test_without_malloc_trim_nothing_is_done(monkeypatch):
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.give_back() is False
