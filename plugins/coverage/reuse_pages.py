"""What the reuse pages show, as plain data: pairs side by side, the matrix, the lineage graph.

The templates only lay these out. Each article of a pair is cut into pieces
at the edges of its shared spans, so a template can mark a span and link it
to the same span in the other article without knowing where spans start.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from .analysis.reuse import direction
from .cache_keys import digest
from .findings import Credit, Reuse, ReusePair, SharedSpan, Sourcing, Uncredited
from .model import Article

# A pair page shows both articles whole up to this many characters; past it,
# only the paragraphs holding shared spans (so a 1 MB article cannot make a 1 MB page).
FULL_TEXT = 20_000
# The matrix and graph stay readable up to this many articles (the most connected).
OVERVIEW_LIMIT = 24
SHOWN_KINDS = ("near-duplicate", "copy", "reworded")


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph: plain, or inside span `span` (its first stretch carries the id)."""

    text: str
    span: SharedSpan | None = None
    first: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int
    kind: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """One article of a pair as its page shows it.

    The paragraphs are cut from the article only when a page asks for them: most
    builds publish most pair pages as they were (page_cache.py), and cutting
    every pair's texts up front took time and memory for pages never rendered.
    """

    side: str  # "a" or "b": the prefix of its span anchors
    article: Article
    url: str
    pair: ReusePair
    # Kept once cut. Slotted (two columns a pair: half a million at 10,000 articles), a
    # column has no instance dict for a cached property to keep it in.
    cut: tuple[tuple[Paragraph, ...], int] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def copied(self) -> float:
        return self.pair.overlap_a if self.side == "a" else self.pair.overlap_b

    @property
    def reworded(self) -> float:
        return self.pair.reworded_a if self.side == "a" else self.pair.reworded_b

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._cut()[0]

    @property
    def left_out(self) -> int:
        """Paragraphs with no shared span, not shown (long articles only)."""
        return self._cut()[1]

    def _cut(self) -> tuple[tuple[Paragraph, ...], int]:
        if self.cut is None:
            object.__setattr__(self, "cut", _paragraphs(self.side, self.article, self.pair))
        return self.cut


@dataclass(frozen=True, slots=True)
class PairView:
    """A pair that is reuse (not incidental), with both its articles and their links.

    Its columns are made when asked (`a`, `b`), each cut for the page that holds it:
    made up front, two a pair, they were 527,110 objects of 72 bytes (38 MB) at 10,000
    articles, kept from the site views to the end of the build, though only a rendered
    pair page and the few pairs the reuse page lists read them.

    The index pages read a pair's outline; its own page needs `whole_view`.
    """

    pair: ReusePair
    a_article: Article
    b_article: Article
    a_url: str
    b_url: str

    @property
    def a(self) -> Column:
        return Column("a", self.a_article, self.a_url, self.pair)

    @property
    def b(self) -> Column:
        return Column("b", self.b_article, self.b_url, self.pair)

    @property
    def verbatim(self) -> tuple[SharedSpan, ...]:
        return tuple(s for s in self.pair.spans if s.kind == "verbatim")

    @property
    def reworded(self) -> tuple[SharedSpan, ...]:
        return tuple(s for s in self.pair.spans if s.kind == "reworded")

    @property
    def direction(self) -> str:
        """Why the dates show which came first, or why they cannot."""
        return direction(self.a_article, self.b_article)


@dataclass(frozen=True, slots=True)
class Share:
    """What one article shares with one other, seen from the first one."""

    view: PairView
    other: Article
    copied: float
    reworded: float

    @property
    def total(self) -> float:
        return self.copied + self.reworded


def pair_views(
    reuse: Reuse, articles: Sequence[Article], urls: Mapping[str, str]
) -> tuple[PairView, ...]:
    """Views of the pairs that get a page; incidental pairs are only counted, so their
    texts are never cut (at 10,000 articles they are some 45,000 pairs)."""
    by_id = {a.id: a for a in articles}
    return tuple(
        PairView(pair, by_id[pair.a], by_id[pair.b], urls.get(pair.a, ""), urls.get(pair.b, ""))
        for pair in reuse.pairs
        if pair.kind in SHOWN_KINDS
    )


def whole_view(view: PairView, reuse: Reuse) -> PairView:
    """The view a pair's page is rendered from: its pair with the passages (`Reuse.whole`).

    Only the page being rendered holds it, so at most one pair's passages are
    in memory however many pages a build renders.
    """
    pair = reuse.whole(view.pair)
    return view if pair is view.pair else replace(view, pair=pair)


def page_inputs(
    view: PairView, article_digests: Mapping[str, str], pair_key: str | None = None
) -> str:
    """A digest of everything a pair page is made from: the pair (its kind, overlaps,
    spans and which came first), both articles as `article_digests` gives them, and
    their URLs. The columns are cut from nothing else (see `_paragraphs`).

    `pair_key`, the key the pair was cached by, stands for the pair when given: it
    digests everything the pair was computed from, and is far cheaper than its repr.
    """
    pair = view.pair
    return digest(
        pair_key or repr(pair),
        article_digests[pair.a],
        article_digests[pair.b],
        view.a_url,
        view.b_url,
    )


@dataclass(frozen=True, slots=True)
class Listed:
    """The pairs of one kind that the reuse page lists, and how many of that kind there are."""

    views: tuple[PairView, ...]
    total: int

    @property
    def left_out(self) -> int:
        return self.total - len(self.views)


def listed(views: Sequence[PairView], limit: int) -> dict[str, Listed]:
    """Kind → the `limit` pairs of that kind that share most, most first.

    One page cannot list every pair: at 10,000 articles there are some 260,000
    and the list alone made reuse.html 64 MB. Each pair keeps its own page,
    linked from both articles' pages, and every pair is in the data files.
    """
    by_kind: dict[str, list[PairView]] = {kind: [] for kind in SHOWN_KINDS}
    for view in views:
        by_kind[view.pair.kind].append(view)
    return {
        kind: Listed(tuple(heapq.nsmallest(limit, these, key=_most_shared_first)), len(these))
        for kind, these in by_kind.items()
    }


def _most_shared_first(view: PairView) -> tuple[float, str]:
    pair = view.pair
    shared = max(pair.overlap_a + pair.reworded_a, pair.overlap_b + pair.reworded_b)
    return -shared, pair.id


def shares_of(views: Sequence[PairView]) -> Shares:
    """Article id → what it shares with each other article, most first."""
    found: dict[str, list[PairView]] = {}
    for view in views:
        found.setdefault(view.pair.a, []).append(view)
        found.setdefault(view.pair.b, []).append(view)
    return Shares(
        {
            article: tuple(sorted(these, key=partial(_most_first, article)))
            for article, these in found.items()
        }
    )


class Shares(Mapping[str, tuple[Share, ...]]):
    """Article id → its shares, most first, each made when asked from the pair's view.

    Only each article's views are kept: two shares a pair, made up front, were 527,110
    objects of 64 bytes (34 MB) at 10,000 articles, held from the site views to the end
    of the build, though a page asks for one article's at a time.
    """

    def __init__(self, views: dict[str, tuple[PairView, ...]]) -> None:
        self._views = views

    def __getitem__(self, article: str) -> tuple[Share, ...]:
        return tuple(_share(view, article) for view in self._views[article])

    def __contains__(self, article: object) -> bool:
        return article in self._views  # without making the article's shares

    def __iter__(self) -> Iterator[str]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)


def _share(view: PairView, article: str) -> Share:
    """What `article`, one of the pair's, shares with the other."""
    pair = view.pair
    if pair.a == article:
        return Share(view, view.b_article, pair.overlap_a, pair.reworded_a)
    return Share(view, view.a_article, pair.overlap_b, pair.reworded_b)


def _most_first(article: str, view: PairView) -> tuple[float, str]:
    share = _share(view, article)
    return -share.total, share.other.source.name


@dataclass(frozen=True, slots=True)
class SourcingView:
    """An article's credits, each with the articles bearing it out, and its uncredited reuse.

    The articles are looked up when a page asks: paired ahead with every article's
    uncredited reuse, they were 59,639 tuples (3.6 MB) at 2,000 articles, held from the
    site views to the end of the build.
    """

    sourcing: Sourcing
    by_id: Mapping[str, Article]

    @property
    def credits(self) -> tuple[tuple[Credit, tuple[Article, ...]], ...]:
        by_id = self.by_id
        return tuple((c, tuple(by_id[o] for o in c.through)) for c in self.sourcing.credits)

    @property
    def uncredited(self) -> tuple[tuple[Uncredited, Article], ...]:
        return tuple((u, self.by_id[u.other]) for u in self.sourcing.uncredited)

    @property
    def unsupported(self) -> tuple[Credit, ...]:
        return tuple(credit for credit in self.sourcing.credits if not credit.through)


def sourcing_of(reuse: Reuse, articles: Sequence[Article]) -> dict[str, SourcingView]:
    by_id = {a.id: a for a in articles}
    return {s.article: SourcingView(s, by_id) for s in reuse.sourcing}


@dataclass(frozen=True, slots=True)
class Cell:
    """Row article's share of text in common with the column article (None on the diagonal)."""

    share: Share | None
    diagonal: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    article: Article
    url: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    articles: tuple[Article, ...]
    rows: tuple[Row, ...]
    left_out: int


def matrix(
    shares: Mapping[str, Sequence[Share]], articles: Sequence[Article], urls: Mapping[str, str]
) -> Matrix:
    shown = _most_connected(shares, articles)
    rows = []
    for article in shown:
        mine = {s.other.id: s for s in shares.get(article.id, ())}
        cells = tuple(
            Cell(None, diagonal=True) if other.id == article.id else Cell(mine.get(other.id))
            for other in shown
        )
        rows.append(Row(article, urls.get(article.id, ""), cells))
    return Matrix(tuple(shown), tuple(rows), len(articles) - len(shown))


def _most_connected(
    shares: Mapping[str, Sequence[Share]], articles: Sequence[Article]
) -> list[Article]:
    """At most OVERVIEW_LIMIT articles, those sharing most, kept in publication order."""
    if len(articles) <= OVERVIEW_LIMIT:
        return list(articles)
    weight = {a.id: sum(s.total for s in shares.get(a.id, ())) for a in articles}
    kept = sorted(articles, key=lambda a: (-weight[a.id], a.source.name))[:OVERVIEW_LIMIT]
    chosen = {a.id for a in kept}
    return [a for a in articles if a.id in chosen]


def _paragraphs(side: str, article: Article, pair: ReusePair) -> tuple[tuple[Paragraph, ...], int]:
    """The article's paragraphs cut at the pair's spans, and how many were left out."""
    in_block: dict[int, list[tuple[int, int, SharedSpan]]] = {}
    # A span that runs over several paragraphs carries its id (the target of its
    # twin's label) in the first of them only: an id is unique on the page.
    opens_in: dict[int, set[str]] = {}
    for span in pair.spans:
        parts = getattr(span, side).parts
        for number, start, end in parts:
            in_block.setdefault(number, []).append((start, end, span))
        if parts:
            opens_in.setdefault(min(p[0] for p in parts), set()).add(span.id)
    long = sum(len(b.text) for b in article.blocks) > FULL_TEXT
    paragraphs, left_out = [], 0
    for number, block in enumerate(article.blocks, start=1):
        here = in_block.get(number, [])
        if long and not here:
            left_out += 1
            continue
        paragraphs.append(
            Paragraph(number, block.kind, _pieces(block.text, here, opens_in.get(number, set())))
        )
    return tuple(paragraphs), left_out


def _pieces(
    text: str, spans: list[tuple[int, int, SharedSpan]], opening: set[str]
) -> tuple[Piece, ...]:
    """The text cut at every span edge; where spans overlap, a verbatim one wins.

    Only spans in `opening` (those that start in this paragraph) get a first piece.
    """
    edges = sorted({0, len(text), *(e for start, end, _ in spans for e in (start, end))})
    seen = set(s.id for _, _, s in spans) - opening
    pieces = []
    for start, end in itertools.pairwise(edges):
        covering = [s for s_start, s_end, s in spans if s_start <= start and end <= s_end]
        span = min(covering, key=lambda s: (s.kind != "verbatim", s.id)) if covering else None
        first = span is not None and span.id not in seen
        if span is not None:
            seen.add(span.id)
        pieces.append(Piece(text[start:end], span, first))
    return tuple(_merged(pieces))


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of the same span (or both plain) joined back into one."""
    out: list[Piece] = []
    for piece in pieces:
        if out and out[-1].span is piece.span and not piece.first:
            out[-1] = Piece(out[-1].text + piece.text, piece.span, out[-1].first)
        else:
            out.append(piece)
    return [p for p in out if p.text]
