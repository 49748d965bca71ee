"""A Python-Markdown extension for archived articles: literal text and permalinks.

- Raw HTML is off: `<tag>` in a post can never become markup (posts escape it
  too; this is the second lock on the same door).
- Every body block gets a stable id, `p1`, `p2`, … in source order, counting
  each list item and each embedded post as one block, so `#p3` is a permalink
  that later stages (claims, quotes, notes) can point at.
- A list whose items all start with the same symbol (an emoji bullet) is
  marked so the theme can show that symbol instead of a second bullet.
- A block quote is an embedded post; its "— Name (@handle) Date" line is
  marked as the attribution.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

_NUMBERED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "table"}


class ArchiveTreeprocessor(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        number = 0
        for element in root:
            if element.tag in ("ul", "ol"):
                if _marked(element):
                    element.set("class", "marked")
                for item in element.iter("li"):
                    number += 1
                    item.set("id", f"p{number}")
            elif element.tag in _NUMBERED:
                number += 1
                element.set("id", f"p{number}")
                if element.tag == "blockquote":
                    _mark_embed(element)


def _marked(listing: ET.Element) -> bool:
    firsts = {"".join(item.itertext()).lstrip()[:1] for item in listing.iter("li")}
    return len(firsts) == 1 and unicodedata.category(next(iter(firsts)) or "a") == "So"


def _mark_embed(quote: ET.Element) -> None:
    quote.set("class", "embed")
    for paragraph in quote.iter("p"):
        text = "".join(paragraph.itertext()).strip()
        if text.startswith(("—", "–")) and "(@" in text:
            paragraph.set("class", "attribution")


class ArchiveExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(ArchiveTreeprocessor(md), "coverage_archive", 5)


def makeExtension(**kwargs) -> ArchiveExtension:  # noqa: N802 - Python-Markdown's API name
    return ArchiveExtension(**kwargs)
