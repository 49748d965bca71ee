"""Atom feeds that let a reader follow the whole archive, one outlet, or one claim.

`archive_feed`, `outlet_feed` and `claim_feed` turn the archive into `Feed`
records; `atom` writes one as Atom 1.0 XML (RFC 4287). The glue decides the
URLs and the date each article sorts by and passes them in, so the same
archive always gives byte-identical XML: nothing here reads the clock.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlsplit

from .corpus import UNKNOWN_OUTLET
from .findings import Claim, Sentence
from .model import Article, Outlet

ATOM_NS = "http://www.w3.org/2005/Atom"

# An empty feed has no newest entry to take its date from, and the build time
# would make two builds differ; this fixed day says "nothing yet" instead.
EMPTY_FEED_UPDATED = date(1970, 1, 1)

SUMMARY_LENGTH = 300

# XML 1.0 cannot carry these at all (not even as character references), so a
# stray control character in a capture would make the whole feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What urllib's quote must leave alone in a site path: the reserved characters
# keep their meaning and "%" keeps a path that is already percent-encoded as it is.
_URL_SAFE = "/%:@!$&'()*+,;=-._~?#"


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a feed; `id` never changes once published, `url` is absolute."""

    id: str
    title: str
    url: str
    updated: date
    author: str
    summary: str


@dataclass(frozen=True, slots=True)
class Feed:
    """A whole feed: `url` is where the feed itself lives, `page` the HTML page it follows."""

    id: str
    title: str
    url: str
    page: str
    subtitle: str
    entries: tuple[Entry, ...]

    @property
    def updated(self) -> date:
        return max((e.updated for e in self.entries), default=EMPTY_FEED_UPDATED)


def absolute(domain: str, relative: str) -> str:
    """A site URL (relative to the site root) made absolute under `domain`."""
    return f"{domain.rstrip('/')}/{quote(relative.lstrip('/'), safe=_URL_SAFE)}"


def tag_uri(domain: str, day: date, path: str) -> str:
    """An RFC 4151 tag URI, shaped like Pelican's `get_tag_uri`: `tag:host,day:/path`.

    `path` is relative to the site root; the domain's own path is kept in front
    of it so two archives on one host never mint the same id.
    """
    parts = urlsplit(absolute(domain, path))
    if not parts.hostname:
        raise ValueError(f"expected an absolute domain like https://example.org, got {domain!r}")
    return f"tag:{parts.hostname},{day.isoformat()}:{parts.path}"


def atom(feed: Feed) -> str:
    """The feed as Atom 1.0 XML, with every text escaped as text (never read as HTML)."""
    root = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.subtitle:
        _text(root, "subtitle", feed.subtitle)
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": feed.url})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": feed.page})
    _text(root, "updated", _timestamp(feed.updated))
    for entry in feed.entries:
        element = ET.SubElement(root, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html", "href": entry.url})
        _text(element, "updated", _timestamp(entry.updated))
        _text(ET.SubElement(element, "author"), "name", entry.author)
        if entry.summary:
            _text(element, "summary", entry.summary).set("type", "text")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def archive_feed(
    articles: Iterable[Article],
    dated: Mapping[str, date],
    urls: Mapping[str, str],
    domain: str,
    site_name: str,
    feed_url: str,
) -> Feed:
    """Every article of the archive, newest first."""
    return Feed(
        id=absolute(domain, feed_url),
        title=site_name,
        url=absolute(domain, feed_url),
        page=absolute(domain, ""),
        subtitle="Every article in the archive, newest first.",
        entries=_article_entries(articles, dated, urls, domain),
    )


def outlet_feed(
    outlet: Outlet,
    dated: Mapping[str, date],
    urls: Mapping[str, str],
    domain: str,
    feed_url: str,
    page_url: str,
) -> Feed:
    """One outlet's articles, newest first: the same entries as in the archive feed."""
    return Feed(
        id=absolute(domain, feed_url),
        title=outlet.name,
        url=absolute(domain, feed_url),
        page=absolute(domain, page_url),
        subtitle=f"Articles by {outlet.name} in the archive, newest first.",
        entries=_article_entries(outlet.articles, dated, urls, domain),
    )


def claim_feed(
    claim: Claim,
    by_id: Mapping[str, Article],
    dated: Mapping[str, date],
    urls: Mapping[str, str],
    domain: str,
    feed_url: str,
    page_url: str,
) -> Feed:
    """One entry per article that carries the claim, newest first, linking to where it does.

    An article that carries the claim in several sentences is one entry, at its
    first such sentence: the reader wants to learn that an outlet reports it,
    not how often. `by_id` is every article by id, built once for all the claims.
    """
    first: dict[str, Sentence] = {}
    for appearance in claim.appearances:
        sentence = appearance.sentence
        known = first.get(sentence.article)
        if known is None or _position(sentence) < _position(known):
            first[sentence.article] = sentence
    entries = []
    for article in _newest_first([by_id[i] for i in first], dated):
        sentence = first[article.id]
        day = dated[article.id]
        entries.append(
            Entry(
                # Keyed by the claim page and the article (not the sentence), so the item
                # stays one item if the matcher later picks another of its sentences, and
                # differs from the article's own item in the archive feed.
                id=tag_uri(domain, day, f"{page_url}/{article.id}"),
                title=_plain(f"{_outlet_name(article)} reports: {claim.title}"),
                url=f"{absolute(domain, urls[article.id])}#{sentence.anchor}",
                updated=day,
                author=_outlet_name(article),
                summary=_plain(sentence.text),
            )
        )
    return Feed(
        id=absolute(domain, feed_url),
        title=_plain(claim.title),
        url=absolute(domain, feed_url),
        page=absolute(domain, page_url),
        subtitle="Each outlet that reports this claim, newest first.",
        entries=tuple(entries),
    )


def summary(article: Article) -> str:
    """What the article is about, for a feed reader: its first paragraph, cut near 300 chars."""
    text = next((b.text for b in article.blocks if b.kind == "paragraph"), "")
    return _shorten(_plain(text), SUMMARY_LENGTH)


def _article_entries(
    articles: Iterable[Article], dated: Mapping[str, date], urls: Mapping[str, str], domain: str
) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            id=tag_uri(domain, dated[a.id], urls[a.id]),
            title=_plain(a.headline.value or "") or a.source.name,
            url=absolute(domain, urls[a.id]),
            updated=dated[a.id],
            author=_outlet_name(a),
            summary=summary(a),
        )
        for a in _newest_first(articles, dated)
    )


def _newest_first(articles: Iterable[Article], dated: Mapping[str, date]) -> list[Article]:
    # Same-day articles are ordered by id so the order never depends on the input's.
    return sorted(articles, key=lambda a: (-dated[a.id].toordinal(), a.id))


def _position(sentence: Sentence) -> tuple[int, int]:
    return sentence.block, sentence.start


def _outlet_name(article: Article) -> str:
    return _plain(article.outlet.value or "") or UNKNOWN_OUTLET


def _plain(text: str) -> str:
    # A title or summary is one line of text; line breaks from the capture's
    # layout mean nothing in a feed reader.
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    # Cut at the last word boundary unless that would throw away most of the
    # text (one very long word, such as a URL).
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:—–-") + "…"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", text)
    return element


def _timestamp(day: date) -> str:
    # Atom wants a full timestamp; the archive only knows days, so midnight UTC.
    return f"{day.isoformat()}T00:00:00Z"
