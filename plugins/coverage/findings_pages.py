"""What the quote, figure and note pages show, as plain data for the templates.

Like `pages.py` for claims: the templates only lay out what these functions
decide (which versions drifted, which figures disagree, where a link lands).
URLs come from the glue as a mapping from article id to the article page's URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .analysis.drift import severity
from .analysis.speakers import speaker_key
from .cache_keys import digest
from .findings import (
    AnchoredNote,
    FigureMention,
    Quantity,
    QuoteGroup,
    QuoteLabel,
    QuoteVersion,
)
from .model import Article, Outlet
from .pages import link

# Labels a reader should look at; the others say the outlet quoted faithfully.
DRIFT: tuple[QuoteLabel, ...] = ("attributed-differently", "reworded", "trimmed")
FAITHFUL: tuple[QuoteLabel, ...] = ("verbatim", "verbatim-fragment", "spelling")


@dataclass(frozen=True, slots=True)
class VersionView:
    """A version as a page lists it. Its link is made when printed, from the article's URL:
    made ahead, the links of versions and figure mentions took 4.6 MB at 2,000 articles."""

    version: QuoteVersion
    article: Article
    url: str  # the article's page

    @property
    def href(self) -> str:
        return link(self.version, self.url)


@dataclass(frozen=True, slots=True)
class QuoteView:
    group: QuoteGroup
    versions: tuple[VersionView, ...]
    has_page: bool

    @property
    def labels(self) -> tuple[tuple[QuoteLabel, int], ...]:
        """How many versions carry each label, most serious first."""
        counts = Counter(v.version.label for v in self.versions)
        return tuple(sorted(counts.items(), key=lambda pair: severity(pair[0])))

    @property
    def reference(self) -> VersionView | None:
        """The outlet version the others are compared with (None for a primary source)."""
        quote = self.group.reference_quote
        return next((v for v in self.versions if v.version.quote == quote), None) if quote else None

    @property
    def drifted(self) -> bool:
        return any(v.version.label in DRIFT for v in self.versions)

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.article.outlet_slug for v in self.versions))


def quote_views(
    groups: Sequence[QuoteGroup], articles: Sequence[Article], urls: Mapping[str, str]
) -> tuple[QuoteView, ...]:
    """A view per group. A group only one article quotes gets no page of its own: its
    one version is listed on the quotes index and links to the article."""
    by_id = {a.id: a for a in articles}
    views = []
    for g in groups:
        versions = tuple(VersionView(v, by_id[v.article], urls[v.article]) for v in g.versions)
        views.append(QuoteView(g, versions, has_page=len(g.articles) > 1))
    return tuple(views)


def page_inputs(view: QuoteView, article_digests: Mapping[str, str]) -> str:
    """A digest of what a quote's page is rendered from besides the settings, theme and
    code: the group, and each version's link and article, as `article_digests` gives it.

    At 10,000 articles the 2,300 quote pages were rendered on every build; an added
    article changes the groups it quotes from and leaves the others' pages as they were.
    """
    return digest(
        repr(view.group),
        *(f"{article_digests[v.article.id]} {v.href}" for v in view.versions),
    )


def by_speaker(views: Sequence[QuoteView]) -> tuple[tuple[str, tuple[QuoteView, ...]], ...]:
    """Groups under their speaker: most quoted speakers first, the unattributed last.

    "State Department" and "U.S. State Department" are one speaker, shown by the
    fullest name the articles give.
    """
    found: dict[str, list[QuoteView]] = {}
    names: dict[str, str] = {}
    for view in views:
        key = speaker_key(view.group.speaker) or ""
        found.setdefault(key, []).append(view)
        if len(view.group.speaker or "") > len(names.get(key, "")):
            names[key] = view.group.speaker or ""
    named = sorted((k for k in found if k), key=lambda k: (-len(found[k]), names[k]))
    ordered = [(names[k], tuple(found[k])) for k in named]
    if "" in found:
        ordered.append(("", tuple(found[""])))
    return tuple(ordered)


@dataclass(frozen=True, slots=True)
class Fidelity:
    """How one outlet quotes: label counts, and the versions a reader should check."""

    counts: tuple[tuple[QuoteLabel, int], ...]
    drifted: tuple[tuple[QuoteView, VersionView], ...]
    total: int


def fidelity_key(fidelity: Fidelity) -> str:
    """What an outlet's page prints of how it quotes, digested."""
    drifted = [
        (view.group.id, v.version.label, v.version.text, v.version.reason, v.href, v.version.block)
        for view, v in fidelity.drifted
    ]
    return digest(repr((fidelity.total, fidelity.counts, drifted)))


def outlet_fidelity(outlet: Outlet, views: Sequence[QuoteView]) -> Fidelity:
    counts: Counter[QuoteLabel] = Counter()
    drifted = []
    for view in views:
        for v in view.versions:
            if v.article.outlet_slug != outlet.slug:
                continue
            counts[v.version.label] += 1
            if v.version.label in DRIFT:
                drifted.append((view, v))
    ordered = tuple(sorted(counts.items(), key=lambda pair: severity(pair[0])))
    return Fidelity(ordered, tuple(drifted), sum(counts.values()))


def quotes_of(views: Sequence[QuoteView]) -> dict[str, list[tuple[QuoteView, VersionView]]]:
    """Each article's quote versions, in reading order."""
    found: dict[str, list[tuple[QuoteView, VersionView]]] = {}
    for view in views:
        for v in view.versions:
            found.setdefault(v.article.id, []).append((view, v))
    for pairs in found.values():
        pairs.sort(key=lambda pair: (pair[1].version.block, pair[1].version.start))
    return found


@dataclass(frozen=True, slots=True)
class MentionView:
    """A figure as one article prints it; its link is made when printed (see VersionView)."""

    mention: FigureMention
    article: Article
    url: str  # the article's page

    @property
    def href(self) -> str:
        return link(self.mention, self.url)


@dataclass(frozen=True, slots=True)
class QuantityView:
    quantity: Quantity
    mentions: tuple[MentionView, ...]

    @property
    def written(self) -> tuple[str, ...]:
        """The distinct ways the articles write it ("Monday", "February 3", "Feb. 3")."""
        return tuple(dict.fromkeys(m.mention.text for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Ledger:
    """The discrepancy page's sections."""

    differ: tuple[QuantityView, ...]
    written_differently: tuple[QuantityView, ...]
    alone: tuple[QuantityView, ...]
    agree: tuple[QuantityView, ...]


def ledger(
    quantities: Sequence[Quantity], articles: Sequence[Article], urls: Mapping[str, str]
) -> Ledger:
    by_id = {a.id: a for a in articles}
    views = [
        QuantityView(
            q, tuple(MentionView(m, by_id[m.article], urls[m.article]) for m in q.mentions)
        )
        for q in quantities
    ]
    shared = [v for v in views if len(v.quantity.articles) > 1]
    agreeing = [v for v in shared if v.quantity.agree]
    return Ledger(
        differ=tuple(v for v in shared if not v.quantity.agree),
        written_differently=tuple(v for v in agreeing if _day_written_differently(v)),
        alone=tuple(v for v in views if len(v.quantity.articles) == 1),
        agree=tuple(v for v in agreeing if not _day_written_differently(v)),
    )


def _day_written_differently(view: QuantityView) -> bool:
    """One day, but "Monday" here and "February 3" there: a reader should see both."""
    return view.quantity.kind == "day" and len(view.written) > 1


@dataclass(frozen=True, slots=True)
class NoteView:
    note: AnchoredNote
    article: Article
    passage_href: str
    note_href: str


def note_views(
    notes: Sequence[AnchoredNote], articles: Sequence[Article], urls: Mapping[str, str]
) -> tuple[NoteView, ...]:
    by_id = {a.id: a for a in articles}
    return tuple(
        NoteView(
            n,
            by_id[n.article],
            link(n, urls[n.article]),
            f"{urls[n.article]}#note-{n.note.id}",
        )
        for n in notes
    )
