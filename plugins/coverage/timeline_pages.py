"""What the timeline page shows, as plain data for the template.

Like `pages.py`: the template lays out what this decides (where each link
lands, whether a quote has a page of its own). URLs come from the glue as a
mapping from article id to the article page's URL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .analysis.timeline import Day, FirstClaim, FirstQuote, Placed, Timeline
from .findings_pages import QuoteView
from .pages import link


@dataclass(frozen=True, slots=True)
class ClaimFirst:
    """A claim first made in this article; `href` opens the article at the sentence."""

    first: FirstClaim
    href: str


@dataclass(frozen=True, slots=True)
class QuoteFirst:
    """A quote first printed in this article.

    `has_page` is the quotes index's rule (a group one article alone quotes has
    no page); without a page, `href` to the passage is the only link.
    """

    first: FirstQuote
    has_page: bool
    href: str


@dataclass(frozen=True, slots=True)
class Entry:
    placed: Placed
    href: str
    claims: tuple[ClaimFirst, ...]
    quotes: tuple[QuoteFirst, ...]

    @property
    def firsts(self) -> int:
        return len(self.claims) + len(self.quotes)


@dataclass(frozen=True, slots=True)
class DayView:
    day: Day
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class TimelineView:
    timeline: Timeline
    days: tuple[DayView, ...]
    undated: tuple[Entry, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for d in self.days for e in d.entries) + self.undated

    @property
    def bounded(self) -> tuple[Entry, ...]:
        """The articles placed at a lower bound: on their day or later."""
        return tuple(e for d in self.days for e in d.entries if e.placed.not_before)


def timeline_view(
    timeline: Timeline, urls: Mapping[str, str], quote_views: Sequence[QuoteView]
) -> TimelineView:
    has_page = {v.group.id: v.has_page for v in quote_views}

    def entry(placed: Placed) -> Entry:
        url = urls[placed.article.id]
        return Entry(
            placed=placed,
            href=url,
            claims=tuple(ClaimFirst(c, link(c.appearance.sentence, url)) for c in placed.claims),
            quotes=tuple(
                QuoteFirst(q, has_page.get(q.group.id, False), link(q.version, url))
                for q in placed.quotes
            ),
        )

    return TimelineView(
        timeline=timeline,
        days=tuple(DayView(d, tuple(entry(p) for p in d.articles)) for d in timeline.days),
        undated=tuple(entry(p) for p in timeline.undated),
    )
