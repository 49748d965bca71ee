"""What a claim's page prints, cut from its claim view to the values it shows.

A claim view (pages.py) holds a cell for every outlet, each cell its outlet, and
an outlet holds its articles, so the view changes whenever any outlet gains an
article. The page prints much less: each outlet's name and stances, the
passages that make the claim with their article's outlet and headline, and how
many of an outlet's articles on the story omit it. The page's key (`page_inputs`)
digests what those values are cut from: the claim, the outlets' names, and the
articles on the claim's story, so an article on another story leaves it as it
was (page_cache.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .cache_keys import digest, of_value
from .findings import AnchoredNote, Sentence, Stance
from .model import DateValue
from .pages import ClaimView, Passage


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class OutletPart:
    """One outlet's part in the claim: its passages, or how many of its articles omit it."""

    slug: str
    name: str
    stances: tuple[Stance, ...]
    passages: tuple[Cited, ...]
    covers: bool
    on_story: int


@dataclass(frozen=True, slots=True)
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


def page_inputs(view: ClaimView, outlets: str, story: str) -> str:
    """A digest of what the claim's page is cut from (`claim_page`, and its JSON-LD) besides
    the settings, theme and code: the claim; `outlets`, a digest of the outlets' slugs and
    names in the order its cells list them; and `story`, the articles on its story as
    `story_key` digests them.

    Cutting the page (with its JSON-LD) only to key it took 10.5 s of a profiled build at
    10,000 articles, where 10,763 claim pages are keyed and a handful rendered.
    """
    return digest(repr(view.claim), outlets, story)


def page_keys(
    views: Sequence[ClaimView],
    outlets: str,
    article_digests: Mapping[str, str],
    urls: Mapping[str, str],
    notes: Sequence[AnchoredNote],
) -> dict[str, str]:
    """Each claim page's key (`page_inputs`), by claim id. `outlets` digests the outlets'
    slugs and names in the order the views' cells list them; a story's articles are
    digested once, not once for each of its claims."""
    by_article: dict[str, list[AnchoredNote]] = {}
    for note in notes:
        by_article.setdefault(note.article, []).append(note)
    noted = {article: of_value(tuple(these)) for article, these in by_article.items()}
    stories: dict[tuple[str, ...], str] = {}
    keys = {}
    for view in views:
        story = story_of(view)
        if story not in stories:
            stories[story] = story_key(story, article_digests, urls, noted)
        keys[view.claim.id] = page_inputs(view, outlets, stories[story])
    return keys


def story_of(view: ClaimView) -> tuple[str, ...]:
    """The articles on the claim's story, by id: those that carry it and those that omit it.
    The page reads nothing of any other article."""
    carrying = {a.sentence.article for a in view.claim.appearances}
    return tuple(sorted(carrying.union(view.claim.omitted_by)))


def story_key(
    articles: Sequence[str],
    article_digests: Mapping[str, str],
    urls: Mapping[str, str],
    notes: Mapping[str, str],
) -> str:
    """The articles on a story as a claim page reads them: each archived article
    (`article_digests`), its page's URL, and the editor's notes on it (`notes`, digested by
    article: the JSON-LD reviews a claim with the notes on its sentences)."""
    return digest(*(f"{article_digests[a]} {urls[a]} {notes.get(a, '')}" for a in articles))
