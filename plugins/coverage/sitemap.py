"""The site's sitemap: every page's absolute URL, and its date where the page has one.

Writes the sitemaps.org 0.9 `urlset` for a list of (relative URL, date) pairs
the glue collects. The output depends only on that set, never on its order,
so two builds of the same archive give the same file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from .feeds import absolute

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(pages: Iterable[tuple[str, date | None]], domain: str) -> str:
    """A urlset of `pages` under `domain`, sorted by URL, each URL once."""
    latest: dict[str, date | None] = {}
    for url, day in pages:
        loc = absolute(domain, url)
        # A page listed twice keeps its newest date, whichever order the two came in.
        latest[loc] = max((d for d in (latest.get(loc), day) if d), default=None)
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for loc in sorted(latest):
        entry = ET.SubElement(root, "url")
        ET.SubElement(entry, "loc").text = loc
        day = latest[loc]
        if day is not None:
            # The day alone: a timestamp without a time zone is not valid W3C Datetime.
            ET.SubElement(entry, "lastmod").text = day.isoformat()[:10]
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
