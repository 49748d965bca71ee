"""What an article's page prints about the rest of the archive, cut to the values it shows.

The site's views hold whole objects: a claim's view holds a cell for every
outlet, and an outlet holds its articles. An article page prints a handful of
values from them: a claim's title and how many outlets carry it, a quote's label
and how many outlets quote it, the share of its words it has in common with
another article. Cut to those values, the page's inputs change only when a
value it prints does, so adding an article elsewhere in the archive re-renders
only the pages whose lines it changes (page_cache.py keys each page by
`page_inputs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cache_keys import digest
from .findings import QuoteVersion, ReuseKind, Sentence, Sourcing, Stance, Uncredited
from .findings_pages import QuoteView, VersionView
from .model import Article
from .pages import ArticleClaims
from .reuse_pages import Share, SourcingView


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """A claim the article carries: where and how it says it, and how far the claim reaches."""

    id: str
    title: str
    sentence: Sentence
    stance: Stance
    reason: str
    carried_by: int
    covering: int
    off_story: bool


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One of the article's quote versions; `page` is its group's id when the group has a page."""

    version: QuoteVersion
    page: str | None
    outlets: int


@dataclass(frozen=True, slots=True)
class ShareLine:
    """What the article shares with one other, and, where the dates show it, which came first."""

    pair: str
    kind: ReuseKind
    other: str  # the other article's outlet, or its file name when the outlet is unknown
    copied: float
    reworded: float
    order: str | None  # "came first" or "came later", said of the other article

    @property
    def total(self) -> float:
        return self.copied + self.reworded


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """Everything an article page shows besides the article itself and the settings."""

    jsonld: str
    claims: tuple[ClaimLine, ...]
    new: tuple[Sentence, ...]
    quotes: tuple[QuoteLine, ...]
    shares: tuple[ShareLine, ...]
    credits: tuple[str, ...]
    uncredited: tuple[tuple[Uncredited, str], ...]
    unsupported: tuple[str, ...]


def article_page(
    article_id: str,
    jsonld: str,
    claims: ArticleClaims,
    quotes: Sequence[tuple[QuoteView, VersionView]],
    shares: Sequence[Share],
    sourcing: SourcingView | None,
) -> ArticlePage:
    """The article's page, cut from the site's views to what it prints."""
    sourcing = sourcing or SourcingView(Sourcing(article_id, (), ()), {})
    return ArticlePage(
        jsonld=jsonld,
        claims=tuple(
            ClaimLine(
                view.claim.id,
                view.claim.title,
                p.sentence,
                p.stance,
                p.reason,
                len(view.carried_by),
                len(view.covering),
                bool(view.off_story),
            )
            for view, p in claims.carried
        ),
        new=tuple(p.sentence for p in claims.new),
        quotes=tuple(
            QuoteLine(v.version, view.group.id if view.has_page else None, len(view.outlets))
            for view, v in quotes
        ),
        shares=tuple(_share_line(article_id, share) for share in shares),
        credits=tuple(credit.source for credit, _ in sourcing.credits),
        uncredited=tuple((u, _name(other)) for u, other in sourcing.uncredited),
        unsupported=tuple(credit.source for credit in sourcing.unsupported),
    )


def _share_line(article_id: str, share: Share) -> ShareLine:
    pair = share.view.pair
    other_is_a = share.view.a.article.id != article_id
    order = None
    if pair.earlier:
        order = "came first" if other_is_a else "came later"
    return ShareLine(pair.id, pair.kind, _name(share.other), share.copied, share.reworded, order)


def _name(article: Article) -> str:
    return article.outlet.value or article.source.name


def page_inputs(page: ArticlePage, article_key: str, *printed: str) -> str:
    """A digest of what the page is rendered from besides the settings, theme and code.

    `article_key` digests the archived article (cache_keys.of_value); `printed`
    are the other values the page prints: the title, the key of the article's HTML
    (which digests everything the HTML is made from) and its URLs.
    """
    return digest(article_key, repr(page), *printed)
