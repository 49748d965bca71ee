"""The story's timeline: its events and its articles, day by day, each date with its provenance.

An article goes on the day its publication date gives. A date known only as a
lower bound ("no earlier than 3 Feb") still goes on that day, because that is
the one day the evidence names, but it stays marked as a bound so the page can
say the article may be later; an article with no date is never put on a day.

"First appearance" follows the archive's publication order (`publication_order`:
a lower bound counts as its day, undated articles last, ties by file name), the
same order that gives claims and quote groups their ids. Where dates are only
bounds, that order is the archive's best reading, not an established fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..findings import Appearance, Claim, QuoteGroup, QuoteVersion
from ..model import Article, DateValue, Story, StoryEvent
from .claims import publication_order


@dataclass(frozen=True, slots=True)
class FirstClaim:
    """A claim, and the appearance that is its first in publication order."""

    claim: Claim
    appearance: Appearance


@dataclass(frozen=True, slots=True)
class FirstQuote:
    """A quote group, and the version that first quotes it in publication order."""

    group: QuoteGroup
    version: QuoteVersion


@dataclass(frozen=True, slots=True)
class Placed:
    """One article on the timeline, with the claims and quotes that first appear in it."""

    article: Article
    claims: tuple[FirstClaim, ...] = ()
    quotes: tuple[FirstQuote, ...] = ()

    @property
    def published(self) -> DateValue:
        return self.article.published

    @property
    def not_before(self) -> bool:
        return self.article.published.bound == "not-before"


@dataclass(frozen=True, slots=True)
class Day:
    """One calendar day: the story's events on it first, then the articles placed on it."""

    date: date
    events: tuple[StoryEvent, ...]
    articles: tuple[Placed, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Days in calendar order; `undated` holds the articles no date places on any day."""

    story: Story | None
    days: tuple[Day, ...]
    undated: tuple[Placed, ...]


def build(
    articles: Sequence[Article],
    story: Story | None,
    claims: Sequence[Claim],
    quote_groups: Sequence[QuoteGroup],
) -> Timeline:
    ordered = publication_order(articles)
    rank = {a.id: n for n, a in enumerate(ordered)}
    firsts_c: dict[str, list[FirstClaim]] = {}
    for claim in claims:
        # detect.py sorts every claim's appearances (pinned ones too) into publication order.
        if claim.appearances:
            first = claim.appearances[0]
            firsts_c.setdefault(first.sentence.article, []).append(FirstClaim(claim, first))
    firsts_q: dict[str, list[FirstQuote]] = {}
    for group in quote_groups:
        version = _first_version(group, rank)
        if version is not None:
            firsts_q.setdefault(version.article, []).append(FirstQuote(group, version))
    placed = [
        Placed(a, tuple(firsts_c.get(a.id, ())), tuple(firsts_q.get(a.id, ()))) for a in ordered
    ]
    events_on: dict[date, list[StoryEvent]] = {}
    for event in story.events if story else ():
        events_on.setdefault(event.date, []).append(event)
    placed_on: dict[date, list[Placed]] = {}
    for p in placed:
        if p.published.value is not None:
            placed_on.setdefault(p.published.value, []).append(p)
    return Timeline(
        story=story,
        days=tuple(
            Day(
                day,
                tuple(events_on.get(day, ())),
                # A stable sort: within "exact" and within "not-before", publication order.
                tuple(sorted(placed_on.get(day, ()), key=lambda p: p.published.bound != "exact")),
            )
            for day in sorted(events_on.keys() | placed_on.keys())
        ),
        undated=tuple(p for p in placed if p.published.value is None),
    )


def _first_version(group: QuoteGroup, rank: dict[str, int]) -> QuoteVersion | None:
    """The earliest version that quotes the words, in publication order.

    `group.versions` lists the quotes in publication order but appends the
    paraphrases after them whatever their date (analysis/drift.py), so
    `versions[0]` is the first quote only as long as that stays true; the
    minimum is taken here instead. A paraphrase is not a first appearance of a
    quote: it carries the content, not the words in quote marks.
    """
    quoted = [v for v in group.versions if v.quote is not None] or list(group.versions)
    if not quoted:
        return None
    return min(quoted, key=lambda v: (rank.get(v.article, len(rank)), v.block, v.start))
