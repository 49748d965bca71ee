"""What a claim's page prints, cut from its claim view to the values it shows.

A claim view (pages.py) holds a cell for every outlet, each cell its outlet, and
an outlet holds its articles, so the view changes whenever any outlet gains an
article. The page prints much less: each outlet's name and stances, the
passages that make the claim with their article's outlet and headline, and how
many of an outlet's articles on the story omit it. Cut to those values, the
page's key (`page_inputs`) changes only when a value it prints does
(page_cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .cache_keys import digest
from .findings import Sentence, Stance
from .model import DateValue
from .pages import ClaimView, Passage


@dataclass(frozen=True)
class Cited:
    """A passage that makes the claim, with the article it is in named as the page names it."""

    outlet: str | None
    headline: str  # the article's headline, or its file name when it has none
    sentence: Sentence
    segments: tuple[tuple[str, bool], ...]
    stance: Stance
    reason: str
    pinned: bool
    href: str


@dataclass(frozen=True)
class OutletPart:
    """One outlet's part in the claim: its passages, or how many of its articles omit it."""

    slug: str
    name: str
    stances: tuple[Stance, ...]
    passages: tuple[Cited, ...]
    covers: bool
    on_story: int


@dataclass(frozen=True)
class ClaimPage:
    """Everything a claim page shows besides the settings."""

    id: str
    title: str
    title_by: Literal["editor", "inferred"]
    note: str | None
    jsonld: str
    carried_by: tuple[str, ...]  # the names of the outlets that carry it
    covering: int
    off_story: int
    first: Cited
    first_published: DateValue
    outlets: tuple[OutletPart, ...]

    @property
    def omitted(self) -> bool:
        return any(o.covers and not o.passages for o in self.outlets)


def claim_page(view: ClaimView, jsonld: str) -> ClaimPage:
    """The claim's page, cut from its view to what it prints."""
    claim = view.claim
    return ClaimPage(
        id=claim.id,
        title=claim.title,
        title_by=claim.title_by,
        note=claim.note,
        jsonld=jsonld,
        carried_by=tuple(o.name for o in view.carried_by),
        covering=len(view.covering),
        off_story=len(view.off_story),
        first=_cited(view.first),
        first_published=view.first.article.published,
        outlets=tuple(
            OutletPart(
                cell.outlet.slug,
                cell.outlet.name,
                cell.stances,
                tuple(_cited(p) for p in cell.passages),
                cell.covers,
                cell.on_story,
            )
            for cell in view.cells
        ),
    )


def _cited(p: Passage) -> Cited:
    article = p.article
    return Cited(
        outlet=article.outlet.value,
        headline=article.headline.value or article.source.name,
        sentence=p.sentence,
        segments=p.segments,
        stance=p.stance,
        reason=p.reason,
        pinned=p.pinned,
        href=p.href,
    )


def page_inputs(page: ClaimPage) -> str:
    """A digest of what the page is rendered from besides the settings, theme and code."""
    return digest(repr(page))
