"""What the claim pages show, as plain data for the templates.

Templates should not work out which outlet omits what or where a highlight
starts; these functions do, so the templates only lay things out. URLs come in
from the glue (Pelican decides them) as a mapping from article id to URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol
from urllib.parse import quote

from .cache_keys import digest
from .findings import Appearance, Claim, Claims, Sentence, Stance, unpacked
from .model import Article, Outlet

_STANCE_ORDER: tuple[Stance, ...] = ("states", "qualifies", "differs")
_FRAGMENT_WORDS = 4


@dataclass(frozen=True, slots=True)
class Passage:
    """One appearance as a reader sees it: its words (matches marked) and a link to it.

    The marked words and the link are made when a page prints them, from the spans and
    the article's URL: kept for every appearance through the build, they were the
    largest part of the claim views (a copy of each sentence's text, cut in runs).
    """

    article: Article
    sentence: Sentence
    marks: bytes  # the spans of words other outlets' passages use (`findings.packed`)
    stance: Stance
    reason: str
    pinned: bool
    url: str  # the article's page

    @property
    def segments(self) -> tuple[tuple[str, bool], ...]:
        return segments(self.sentence.text, unpacked(self.marks))

    @property
    def href(self) -> str:
        return link(self.sentence, self.url)


@dataclass(frozen=True, slots=True)
class Cell:
    """One outlet's part in one claim: its passages, or none if it omits the claim.

    An outlet with no article on the claim's story (`covers` false) does not
    omit it: it has no stance at all. `on_story` counts the outlet's articles on
    the story, which is what "omits" is measured against.
    """

    outlet: Outlet
    passages: tuple[Passage, ...]
    covers: bool = True
    on_story: int = 0
    # Made with the cell: the claim matrix asks each cell twice, and has a million cells
    # at 10,000 articles, so the cell is slotted and has nowhere to cache a property.
    stances: tuple[Stance, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = {p.stance for p in self.passages}
        stated = tuple(s for s in _STANCE_ORDER if s in found)
        object.__setattr__(self, "stances", stated or (("omits",) if self.covers else ()))


# Not slotted: its properties are cached on the instance (one view per claim).
@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    cells: tuple[Cell, ...]  # one per outlet, in the archive's order of outlets
    first: Passage

    # Cached: outlet pages ask every view these, once per outlet.
    @cached_property
    def carried_by(self) -> tuple[Outlet, ...]:
        return tuple(c.outlet for c in self.cells if c.passages)

    @cached_property
    def omitted_by(self) -> tuple[Outlet, ...]:
        return tuple(c.outlet for c in self.cells if c.covers and not c.passages)

    @cached_property
    def covering(self) -> tuple[Outlet, ...]:
        """The outlets with an article on the claim's story: those that carry or omit it."""
        return tuple(c.outlet for c in self.cells if c.covers)

    @cached_property
    def off_story(self) -> tuple[Outlet, ...]:
        """The outlets with no article on the claim's story: they neither carry nor omit it."""
        return tuple(c.outlet for c in self.cells if not c.covers)

    @cached_property
    def row_key(self) -> str:
        """What the claim matrix prints of the claim, digested: a page of the matrix is
        published as it was while its rows are unchanged (each row is on two pages, one per
        order, hence cached). The outlets' names are the whole matrix's, which the page's
        key covers once, so each cell gives only what it says of its outlet."""
        cells = tuple(
            (c.covers, c.stances, c.passages[0].href if c.passages else "") for c in self.cells
        )
        return digest(self.claim.id, self.claim.title, repr(cells))


@dataclass(frozen=True, slots=True)
class OutletClaims:
    """An outlet page's three lists."""

    # Each claim it carries, with its cell: how the outlet carries it.
    carries: tuple[tuple[ClaimView, Cell], ...]
    alone: tuple[ClaimView, ...]
    only_here: tuple[Passage, ...]
    misses: tuple[ClaimView, ...]


def claim_views(
    claims: Claims, articles: Sequence[Article], outlets: Sequence[Outlet], urls: Mapping[str, str]
) -> tuple[ClaimView, ...]:
    by_id = {a.id: a for a in articles}
    views = []
    # An outlet's cell without passages says the same of every claim on whose story it has
    # as many articles: one cell serves them all. At 10,000 articles the claims' 538,150
    # cells (10,763 claims, 50 outlets) took 37 MB, kept to the end of the build, and most
    # were of outlets printing no passage of the claim.
    silent: dict[tuple[str, int], Cell] = {}
    for claim in claims.claims:
        passages = [_passage(a, by_id[a.sentence.article], urls) for a in claim.appearances]
        story = set(claim.omitted_by) | {a.sentence.article for a in claim.appearances}
        on_story = Counter(by_id[name].outlet_slug for name in story)
        # Passages by outlet in one pass: filtered once per outlet, they took 11.7 s of a
        # profiled build at 10,000 articles (10,763 claims, 50 outlets each).
        by_outlet: dict[str, list[Passage]] = {}
        for passage in passages:
            by_outlet.setdefault(passage.article.outlet_slug, []).append(passage)
        cells = tuple(
            Cell(outlet, tuple(by_outlet[outlet.slug]), True, on_story[outlet.slug])
            if outlet.slug in by_outlet
            else _silent(silent, outlet, on_story[outlet.slug])
            for outlet in outlets
        )
        views.append(ClaimView(claim, cells, passages[0]))
    return tuple(views)


def _silent(made: dict[tuple[str, int], Cell], outlet: Outlet, on_story: int) -> Cell:
    """The cell of an outlet that prints no passage of a claim, shared by every claim on
    whose story the outlet has `on_story` articles (none: it does not cover the story)."""
    key = (outlet.slug, on_story)
    cell = made.get(key)
    if cell is None:
        cell = made[key] = Cell(outlet, (), on_story > 0, on_story)
    return cell


def by_coverage(views: Sequence[ClaimView]) -> tuple[ClaimView, ...]:
    """Most widely carried first; ties keep publication order."""
    return tuple(sorted(views, key=lambda v: -len(v.carried_by)))


@dataclass(frozen=True, slots=True)
class ArticleClaims:
    """An article page's two lists: the claims it carries, and its new claims."""

    carried: tuple[tuple[ClaimView, Passage], ...]
    new: tuple[Passage, ...]


def by_article(
    views: Sequence[ClaimView],
    claims: Claims,
    articles: Sequence[Article],
    urls: Mapping[str, str],
) -> dict[str, ArticleClaims]:
    """Every article's claims and new claims, in the order its sentences make them.

    One pass over all passages, so the cost grows with the archive, not with
    articles × claims.
    """
    carried: dict[str, list[tuple[ClaimView, Passage]]] = {a.id: [] for a in articles}
    for view in views:
        for cell in view.cells:
            for passage in cell.passages:
                carried[passage.article.id].append((view, passage))
    by_id = {a.id: a for a in articles}
    new: dict[str, list[Passage]] = {a.id: [] for a in articles}
    for sentence in claims.unmatched:
        new[sentence.article].append(_unmatched(sentence, by_id[sentence.article], urls))
    return {
        article_id: ArticleClaims(
            tuple(sorted(pairs, key=lambda pair: pair[1].sentence.index)), tuple(new[article_id])
        )
        for article_id, pairs in carried.items()
    }


def outlet_claims(
    outlet: Outlet, views: Sequence[ClaimView], articles: Mapping[str, ArticleClaims]
) -> OutletClaims:
    """`articles` is `by_article`'s result, whose new claims the outlet reports alone.

    The outlet's cell is found by its place among the outlets, which is the same
    in every view. Looked up by outlet (in the template, or `outlet in
    v.omitted_by`, which compares whole outlets with all their articles), the
    cells of every claim were searched on every outlet page: at 1,000 articles the
    50 outlet pages took 1.5 s to render, and take 0.8 s now.
    """
    at = [c.outlet.slug for c in views[0].cells].index(outlet.slug) if views else 0
    carries = [(v, v.cells[at]) for v in views if v.cells[at].passages]
    return OutletClaims(
        carries=tuple(carries),
        alone=tuple(v for v, _ in carries if len(v.carried_by) == 1),
        only_here=tuple(p for a in outlet.articles for p in articles[a.id].new),
        misses=tuple(
            v for v in views if v.cells[at].covers and not v.cells[at].passages and _most_carry(v)
        ),
    )


def outlet_claims_key(found: OutletClaims) -> str:
    """What an outlet's page prints of its claims, digested: a claim's id, title and reach,
    the outlet's stances on those it carries, and the sentences only it has."""

    def reach(v: ClaimView) -> tuple:
        return v.claim.id, v.claim.title, len(v.carried_by), len(v.covering), bool(v.off_story)

    return digest(
        repr(
            (
                [(reach(v), cell.stances) for v, cell in found.carries],
                [(v.claim.id, v.claim.title) for v in found.alone],
                [(p.href, p.sentence.text) for p in found.only_here],
                [reach(v) for v in found.misses],
            )
        )
    )


def _most_carry(view: ClaimView) -> bool:
    """Carried by more than half of the other outlets on its story."""
    return len(view.carried_by) * 2 > max(len(view.covering) - 1, 1)


class Located(Protocol):
    """Any passage of an article page: a sentence, a quote, a figure, a noted passage."""

    @property
    def anchor(self) -> str: ...

    @property
    def text(self) -> str: ...


def text_fragment(sentence: Located) -> str:
    """A W3C text fragment (`:~:text=start,end`) that selects the passage in the page."""
    words = sentence.text.split()
    if len(words) <= 2 * _FRAGMENT_WORDS:
        return f":~:text={_encode(sentence.text)}"
    start = " ".join(words[:_FRAGMENT_WORDS])
    end = " ".join(words[-_FRAGMENT_WORDS:])
    return f":~:text={_encode(start)},{_encode(end)}"


def link(sentence: Located, url: str) -> str:
    return f"{url}#{sentence.anchor}{text_fragment(sentence)}"


def _encode(text: str) -> str:
    # "-", "," and "&" are the directive's own syntax, so they must be escaped too.
    return quote(text, safe="").replace("-", "%2D")


def _passage(appearance: Appearance, article: Article, urls: Mapping[str, str]) -> Passage:
    return Passage(
        article=article,
        sentence=appearance.sentence,
        marks=appearance.marks,
        stance=appearance.stance,
        reason=appearance.reason,
        pinned=appearance.pinned,
        url=urls[article.id],
    )


def _unmatched(sentence: Sentence, article: Article, urls: Mapping[str, str]) -> Passage:
    return Passage(
        article=article,
        sentence=sentence,
        marks=b"",
        stance="states",
        reason="",
        pinned=False,
        url=urls[article.id],
    )


def segments(text: str, spans: Sequence[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """The text cut into (words, highlighted) runs; adjacent highlights (and the spaces
    between them) join into one run so a phrase reads as one mark."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        gap = text[position:start]
        if runs and runs[-1][1] and not gap.strip():
            runs[-1] = (runs[-1][0] + gap + text[start:end], True)
        else:
            if gap:
                runs.append((gap, False))
            runs.append((text[start:end], True))
        position = end
    if position < len(text):
        runs.append((text[position:], False))
    return tuple(runs)
