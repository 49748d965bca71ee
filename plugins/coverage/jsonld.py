"""schema.org JSON-LD for article and claim pages: what search engines may read as fact.

Only what the archive knows goes in. A date worked out by the build, or one
that only bounds the day, is not asserted; an inferred headline is the
archive's name for the page, not the outlet's headline; a ClaimReview is
emitted only where an editor gave a verdict. Article text is data: the JSON is
escaped so that no headline or note can close its <script> element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .feeds import absolute
from .findings import AnchoredNote, Sentence
from .model import Article, DateValue, Field
from .pages import ClaimView, Located

JSON = dict[str, Any]

_CONTEXT = "https://schema.org"
_KNOWN = ("stated", "editor")
# In a <script> element only "</" can end it; escaping every <, > and & also keeps
# "<!--" and entity-like text inert, and JSON parsers read \u003c back as "<".
_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True, slots=True)
class Builder:
    """The JSON-LD of each page, from data the glue hands over once per build.

    `domain` is the absolute base (FEED_DOMAIN); `urls` maps article id to its
    page URL, relative to the site root; `claim_url` is the CLAIM_URL pattern.
    """

    domain: str
    site_name: str
    lang: str
    claim_url: str
    urls: Mapping[str, str]
    notes: tuple[AnchoredNote, ...] = ()

    def article(self, article: Article) -> Markup:
        page = self._absolute(self.urls[article.id])
        found = {
            "@type": "NewsArticle",
            "url": page,
            **_work(article),
            # The site's language: every archived article is in it (DEFAULT_LANG).
            **({"inLanguage": self.lang} if self.lang else {}),
            "identifier": {
                "@type": "PropertyValue",
                "propertyID": "sha256",
                "value": article.source.sha256,
            },
        }
        reviews = [
            self._review(n, article, page)
            for n in self.notes
            if n.note.verdict and n.article == article.id
        ]
        return script([found, *reviews])

    def claim(self, view: ClaimView) -> Markup:
        claim = view.claim
        page = self._absolute(self.claim_url.format(id=claim.id))
        passages = {p.sentence: p for cell in view.cells for p in cell.passages}
        # claim.appearances is in publication order; the cells are in outlet order.
        sentences = [a.sentence for a in claim.appearances]
        found = {
            "@type": "Claim",
            "name": claim.title,
            "text": claim.appearances[0].sentence.text,
            "url": page,
            "appearance": [self._appearance(passages[s].article, s) for s in sentences],
            "firstAppearance": self._appearance(view.first.article, view.first.sentence),
        }
        # One review per note, even if its passage runs across two of the claim's sentences.
        reviews = [
            self._review(n, passages[s].article, page)
            for n in self.notes
            if n.note.verdict and (s := next((s for s in sentences if _overlaps(n, s)), None))
        ]
        return script([found, *reviews])

    def _appearance(self, article: Article, passage: Located) -> JSON:
        return {
            "@type": "NewsArticle",
            "url": self._passage_url(article, passage),
            **_work(article),
        }

    def _review(self, note: AnchoredNote, article: Article, page: str) -> JSON:
        return {
            "@type": "ClaimReview",
            "url": page,
            "claimReviewed": note.text,
            "itemReviewed": {"@type": "Claim", "appearance": self._appearance(article, note)},
            "reviewRating": {"@type": "Rating", "alternateName": note.note.verdict},
            "author": {"@type": "Organization", "name": self.site_name},
            "reviewBody": note.note.body,
        }

    def _passage_url(self, article: Article, passage: Located) -> str:
        return f"{self._absolute(self.urls[article.id])}#{passage.anchor}"

    def _absolute(self, url: str) -> str:
        return absolute(self.domain, url)


def _overlaps(note: AnchoredNote, sentence: Sentence) -> bool:
    return (
        note.article == sentence.article
        and note.block == sentence.block
        and note.start < sentence.end
        and sentence.start < note.end
    )


def _work(article: Article) -> JSON:
    """What the archive knows about the article as its outlet published it."""
    headline = _known(article.headline)
    found: JSON = (
        {"headline": headline}
        if headline
        # The archive's own label for the page (see posts: headline, else the id).
        else {"name": article.headline.value or article.id}
    )
    if url := _known(article.url):
        found["isBasedOn"] = url
    if outlet := _known(article.outlet):
        found["publisher"] = {"@type": "Organization", "name": outlet}
    if byline := _known(article.byline):
        # A page's byline lists its authors as "A; B" (see extract._byline).
        names = [n.strip() for n in byline.split(";") if n.strip()]
        found["author"] = [{"@type": "Person", "name": n} for n in names]
    if day := published_day(article.published):
        found["datePublished"] = day
    return found


def _known(field: Field) -> str | None:
    return field.value if field.provenance in _KNOWN else None


def published_day(published: DateValue) -> str | None:
    """The publication day to assert, or None: only a stated or editor-given exact day.

    An inferred day, or one that only bounds publication, would tell a search
    engine something the archive does not know.
    """
    if published.value is None or published.provenance not in _KNOWN:
        return None
    return published.value.isoformat() if published.bound == "exact" else None


def script(items: Sequence[JSON]) -> Markup:
    """One <script type="application/ld+json"> element holding `items`."""
    if len(items) == 1:
        data = {"@context": _CONTEXT, **items[0]}
    else:
        data = {"@context": _CONTEXT, "@graph": list(items)}
    return Markup(f'<script type="application/ld+json">{dumps(data)}</script>')


def dumps(data: JSON) -> str:
    """JSON that is safe as the text of a <script> element (same data → same bytes)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.translate(_UNSAFE)
