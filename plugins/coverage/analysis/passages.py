"""The passages two articles share word for word, allowing a copy editor's small edits.

Seed and extend, as sequence aligners do: every shingle the two articles
share is a seed; seeds on one diagonal that touch make an exact run; runs a few
words apart on both sides are chained into one passage, so "and receive
deportees" against "and accept deportees" or "U.S." against "United States"
does not cut a passage in two. A passage counts once it is `MIN_WORDS` long on
both sides.

The cost is linear in the two articles' lengths plus the seeds they share: a
shingle printed more than `MAX_REPEATS` times in one article (a refrain, a
repeated caption) seeds nothing, so a megabyte of repeated lines cannot make
the seeds grow with the square of its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from .shingles import SHINGLE, Words

MIN_WORDS = 8
MAX_GAP = 3  # words changed, added or dropped between two exact runs of one passage
MAX_REPEATS = 8
_LOOKBACK = 8  # open passages tried for each run; runs arrive in reading order


@dataclass(frozen=True, slots=True)
class Match:
    """A passage shared by articles A and B: words [a_start, a_end) of A, [b_start, b_end) of B.

    `same` counts the words inside the passage that are equal on both sides;
    the rest are the small edits.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    same: int

    @property
    def a_words(self) -> int:
        return self.a_end - self.a_start

    @property
    def b_words(self) -> int:
        return self.b_end - self.b_start


def positions(words: Words) -> dict[int, list[int]]:
    """Where each shingle of an article starts (built once per article, used for every pair)."""
    found: dict[int, list[int]] = {}
    for n, value in enumerate(words.hashes):
        found.setdefault(value, []).append(n)
    return found


def shared(
    a: Words, a_positions: dict[int, list[int]], b: Words, stock: frozenset[int] = frozenset()
) -> tuple[Match, ...]:
    """The passages A and B share, in A's reading order; `stock` shingles seed nothing."""
    runs = _runs(a, a_positions, b, stock)
    chained: list[list[int]] = []  # [a_start, a_end, b_start, b_end, same]
    for a_start, b_start, length in runs:
        for passage in reversed(chained[-_LOOKBACK:]):
            if _continues(passage, a_start, b_start):
                _extend(passage, a_start, b_start, length)
                break
        else:
            chained.append([a_start, a_start + length, b_start, b_start + length, length])
    for passage in chained:
        _stretch(passage, a.normal, b.normal)
    return tuple(
        Match(*passage)
        for passage in chained
        if passage[1] - passage[0] >= MIN_WORDS and passage[3] - passage[2] >= MIN_WORDS
    )


def _stretch(passage: list[int], a: tuple[str, ...], b: tuple[str, ...]) -> None:
    """Take in the words a passage's edges leave out: equal ones, and a one-word swap
    followed by two equal words ("after lengthy talks on Monday" / "after long talks
    on Monday"), which are fewer than a shingle and so seed nothing."""
    while True:
        i, j = passage[1], passage[3]
        if i < len(a) and j < len(b) and a[i] == b[j]:
            passage[1], passage[3], passage[4] = i + 1, j + 1, passage[4] + 1
        elif a[i + 1 : i + 3] == b[j + 1 : j + 3] and len(a[i + 1 : i + 3]) == 2:
            passage[1], passage[3], passage[4] = i + 3, j + 3, passage[4] + 2
        else:
            break
    while True:
        i, j = passage[0] - 1, passage[2] - 1
        if i >= 0 and j >= 0 and a[i] == b[j]:
            passage[0], passage[2], passage[4] = i, j, passage[4] + 1
        elif i >= 2 and j >= 2 and a[i - 2 : i] == b[j - 2 : j]:
            passage[0], passage[2], passage[4] = i - 2, j - 2, passage[4] + 2
        else:
            break


def _runs(
    a: Words, a_positions: dict[int, list[int]], b: Words, stock: frozenset[int]
) -> list[tuple[int, int, int]]:
    """Maximal exact runs (a_start, b_start, length) of at least SHINGLE words, by a_start."""
    seeds = []
    for j, value in enumerate(b.hashes):
        found = a_positions.get(value)
        if found and len(found) <= MAX_REPEATS and value not in stock:
            seeds.extend((i, j) for i in found)
    # Along one diagonal (i - j constant), consecutive seeds are one run.
    seeds.sort(key=lambda seed: (seed[0] - seed[1], seed[0]))
    runs: list[list[int]] = []
    for i, j in seeds:
        last = runs[-1] if runs else None
        if last and last[0] - last[1] == i - j and last[0] + last[2] - SHINGLE + 1 == i:
            last[2] += 1
        else:
            runs.append([i, j, SHINGLE])
    # Hash collisions are rare but possible: a run is kept only where the words agree.
    exact = [(i, j, n) for i, j, n in runs if a.normal[i : i + n] == b.normal[j : j + n]]
    return sorted(exact)


def _continues(passage: list[int], a_start: int, b_start: int) -> bool:
    """Does a run starting here follow on from the passage, a small edit later on both sides?"""
    a_gap, b_gap = a_start - passage[1], b_start - passage[3]
    a_near = -MAX_GAP <= a_gap <= MAX_GAP and a_start >= passage[0]
    b_near = -MAX_GAP <= b_gap <= MAX_GAP and b_start >= passage[2]
    return a_near and b_near and abs(a_gap - b_gap) <= MAX_GAP


def _extend(passage: list[int], a_start: int, b_start: int, length: int) -> None:
    overlap = max(passage[1] - a_start, passage[3] - b_start, 0)
    passage[4] += max(length - overlap, 0)
    passage[1] = max(passage[1], a_start + length)
    passage[3] = max(passage[3], b_start + length)
