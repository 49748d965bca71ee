"""Reworded reuse: one article retelling another sentence by sentence, in other words.

A paraphrasing rewrite shares few runs of eight words with its source, so the
shingle passages miss it; but it keeps the source's sentences in their order,
each rewritten into a sentence that says the same thing. Independent reporting
of the same story says many of the same things too, in an order of its own and
with other sentences between them.

So the candidates are the sentence pairs that carry the same claim (the claims
stage has already found them, in linear time), weighed by how alike they are;
and the reworded passages are the chains of such pairs that run in the same
order in both articles with few sentences skipped: a local alignment at the
level of sentences (Smith-Waterman, with each pair scoring its similarity above
`FLOOR` and each skipped sentence costing `SKIP`). Sentences already inside a
shared word-for-word passage are neither candidates nor skips: that part of the
article is copied, not reworded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..findings import Sentence

FLOOR = 0.30  # a pair of sentences less alike than this adds nothing to a chain
SKIP = 0.06  # what each sentence skipped inside a chain costs it
MIN_LINKS = 3  # fewer aligned sentences than this is two articles agreeing, not a rewrite
MIN_SCORE = 0.5
_REACH = 6  # a chain never skips more sentences than this in one step
# A sentence keeps only its few most alike partners: a page repeating one
# paragraph a hundred times must not give each sentence a hundred links.
_PARTNERS = 3


@dataclass(frozen=True, slots=True)
class Link:
    """A sentence of A retold as a sentence of B, and how alike the two are (cosine)."""

    a: Sentence
    b: Sentence
    similarity: float


def chains(links: Sequence[Link], a_open: Sequence[int], b_open: Sequence[int]) -> tuple[Link, ...]:
    """The links that make up reworded passages, in A's order.

    `a_open[n]` counts A's sentences with index n or lower that are not copied
    word for word (likewise `b_open`): those are the ones a chain pays to skip.
    """
    ordered = sorted(_strongest_partners(links), key=lambda link: (link.a.index, link.b.index))
    best: list[float] = []
    previous: list[int] = []
    for x, link in enumerate(ordered):
        gain = link.similarity - FLOOR
        best.append(gain)
        previous.append(-1)
        for y in range(x - 1, -1, -1):
            before = ordered[y]
            if link.a.index - before.a.index > _REACH:
                break
            if not (before.a.index < link.a.index and before.b.index < link.b.index):
                continue
            if link.b.index - before.b.index > _REACH:
                continue
            skipped = _between(a_open, before.a.index, link.a.index) + _between(
                b_open, before.b.index, link.b.index
            )
            score = best[y] - SKIP * skipped + gain
            if score > best[x]:
                best[x], previous[x] = score, y
    return _strongest(ordered, best, previous)


def _strongest_partners(links: Sequence[Link]) -> list[Link]:
    """The links among each sentence's _PARTNERS most alike, on both sides."""
    ranked = sorted(links, key=lambda link: (-link.similarity, link.a.index, link.b.index))
    count_a: dict[int, int] = {}
    count_b: dict[int, int] = {}
    kept = []
    for link in ranked:
        if count_a.get(link.a.index, 0) < _PARTNERS and count_b.get(link.b.index, 0) < _PARTNERS:
            count_a[link.a.index] = count_a.get(link.a.index, 0) + 1
            count_b[link.b.index] = count_b.get(link.b.index, 0) + 1
            kept.append(link)
    return kept


def _between(open_before: Sequence[int], first: int, last: int) -> int:
    """Sentences strictly between indexes `first` and `last` that are not copied."""
    return open_before[last - 1] - open_before[first]


def _strongest(ordered: list[Link], best: list[float], previous: list[int]) -> tuple[Link, ...]:
    """Every chain scoring MIN_SCORE with MIN_LINKS links, strongest first, none sharing a link."""
    used: set[int] = set()
    kept: list[int] = []
    for end in sorted(range(len(ordered)), key=lambda x: (-best[x], x)):
        if best[end] < MIN_SCORE or end in used:
            continue
        chain = []
        x = end
        while x >= 0 and x not in used:
            chain.append(x)
            x = previous[x]
        if len(chain) >= MIN_LINKS:
            used.update(chain)
            kept.extend(chain)
    return tuple(ordered[x] for x in sorted(kept))
