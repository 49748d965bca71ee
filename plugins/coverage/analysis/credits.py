"""What each article says it is based on, checked against the text it measurably shares.

An article's credits ("citing CNN", "Agencies") are claims about its own
making, and reuse detection can test them in two directions:

- a credited source with no shared text in the archive: no archived article
  from that source, or crediting it too, shares a passage with this one. The
  credit may be right (the source is not archived) but nothing here bears it out.
- uncredited reuse: the article shares text with another that it does not
  credit, and nothing else explains the shared text. It is explained when the
  article came first (by the dates), when it credits the other's outlet, or
  when both credit one source (a common origin). An article that credits a
  source is not flagged for sharing with one that credits nothing: the other
  may have taken from it or from its source. Two articles crediting different
  sources for the same text are both flagged; one of the credits is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..findings import Credit, ReusePair, Sourcing, Uncredited
from ..model import Article

# Only pairs that are reuse (not a few shared words, not one page captured twice).
REUSE_KINDS = ("copy", "reworded")


def sourcing(articles: Sequence[Article], pairs: Sequence[ReusePair]) -> tuple[Sourcing, ...]:
    """Each article's credits and uncredited reuse, in the order of `articles`."""
    partners: dict[str, list[tuple[ReusePair, str]]] = {a.id: [] for a in articles}
    for pair in pairs:
        if pair.kind in REUSE_KINDS:
            partners[pair.a].append((pair, pair.b))
            partners[pair.b].append((pair, pair.a))
    by_id = {a.id: a for a in articles}
    named = {a.id: credited(a) for a in articles}
    return tuple(_sourcing(a, partners[a.id], by_id, named) for a in articles)


def credited(article: Article) -> tuple[str, ...]:
    """The sources an article names, once each, in the order it names them."""
    return tuple(dict.fromkeys(c.source for c in article.citations))


def from_source(article: Article, source: str) -> bool:
    """Is the article published by the source ("CNN" for an outlet named "CNN International")?"""
    outlet = article.outlet.value or ""
    return re.search(rf"(?<!\w){re.escape(source)}(?!\w)", outlet, re.IGNORECASE) is not None


def _sourcing(
    article: Article,
    partners: list[tuple[ReusePair, str]],
    by_id: dict[str, Article],
    named: dict[str, tuple[str, ...]],
) -> Sourcing:
    mine = named[article.id]
    credits = []
    for source in mine:
        first = next(c for c in article.citations if c.source == source)
        through = tuple(
            other
            for _, other in partners
            if from_source(by_id[other], source) or source in named[other]
        )
        credits.append(Credit(article.id, source, first.phrase, first.block, through))
    uncredited = tuple(
        Uncredited(article.id, other, _share(pair, article.id), named[other])
        for pair, other in partners
        if _unexplained(article, by_id[other], pair, mine, named[other])
    )
    return Sourcing(article.id, tuple(credits), uncredited)


def _unexplained(
    article: Article,
    other: Article,
    pair: ReusePair,
    mine: tuple[str, ...],
    theirs: tuple[str, ...],
) -> bool:
    if pair.earlier == ("a" if pair.a == article.id else "b"):
        return False
    if any(from_source(other, source) for source in mine):
        return False
    if set(mine) & set(theirs):
        return False
    return not mine or bool(theirs)


def _share(pair: ReusePair, article: str) -> float:
    """How much of the article's text the pair shares, word for word or reworded."""
    if pair.a == article:
        return round(pair.overlap_a + pair.reworded_a, 3)
    return round(pair.overlap_b + pair.reworded_b, 3)
