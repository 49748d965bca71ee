"""The site's sitemap: every page's absolute URL, and its date where the page has one.

Writes the sitemaps.org 0.9 `urlset` for a list of (relative URL, date) pairs
the glue collects. The output depends only on that set, never on its order,
so two builds of the same archive give the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from xml.sax.saxutils import escape

from .feeds import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(pages: Iterable[tuple[str, date | None]], domain: str) -> Iterator[str]:
    """A urlset of `pages` under `domain`, sorted by URL, each URL once, in pieces.

    Written out a URL at a time, as `xml.etree` would indent it: at 10,000
    articles a sitemap lists 287,000 pages, and a tree of them, then its text
    whole, took more memory than any other file the build writes.
    """
    latest: dict[str, date | None] = {}
    for url, day in pages:
        loc = absolute(domain, url)
        # A page listed twice keeps its newest date, whichever order the two came in.
        latest[loc] = max((d for d in (latest.get(loc), day) if d), default=None)
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    if not latest:
        yield f'<urlset xmlns="{SITEMAP_NS}" />\n'
        return
    yield f'<urlset xmlns="{SITEMAP_NS}">\n'
    for loc in sorted(latest):
        day = latest[loc]
        # The day alone: a timestamp without a time zone is not valid W3C Datetime.
        dated = f"    <lastmod>{day.isoformat()[:10]}</lastmod>\n" if day is not None else ""
        yield f"  <url>\n    <loc>{escape(loc)}</loc>\n{dated}  </url>\n"
    yield "</urlset>\n"
