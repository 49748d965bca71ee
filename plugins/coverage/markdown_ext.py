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
- Sentences the claims stage placed in a claim become links to that claim's
  page (the glue hands each article's links to its own extension instance).
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


@dataclass(frozen=True)
class SentenceLink:
    """A sentence of block `#pN` to turn into a link."""

    text: str
    href: str
    label: str


_NUMBERED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "table"}


class ArchiveTreeprocessor(Treeprocessor):
    def __init__(self, md, links: Mapping[int, Sequence[SentenceLink]]) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: ET.Element) -> None:
        number = 0
        for element in root:
            if element.tag in ("ul", "ol"):
                if _marked(element):
                    element.set("class", "marked")
                for item in element.iter("li"):
                    number += 1
                    item.set("id", f"p{number}")
                    _link(item, self.links.get(number, ()))
            elif element.tag in _NUMBERED:
                number += 1
                element.set("id", f"p{number}")
                if element.tag == "blockquote":
                    _mark_embed(element)
                    for line in element.iter("p"):
                        _link(line, self.links.get(number, ()))
                else:
                    _link(element, self.links.get(number, ()))


def _link(element: ET.Element, links: Sequence[SentenceLink]) -> None:
    """Wrap each linked sentence found in the element's plain text in an <a>.

    Only plain-text elements are touched: the text is literal (raw HTML is off
    and posts escape Markdown), so the sentence is found as written. A sentence
    not found (it lies in another line of an embed) is left for that line.
    """
    if len(element) or not element.text or not links:
        return
    text, position, last = element.text, 0, None
    element.text = None
    for link in links:
        start = text.find(link.text, position)
        if start < 0:
            continue
        before = text[position:start]
        if last is None:
            element.text = before
        else:
            last.tail = before
        last = ET.SubElement(element, "a", {"href": link.href, "class": "claim-link"})
        last.set("title", link.label)
        last.text = link.text
        position = start + len(link.text)
    if last is None:
        element.text = text
    else:
        last.tail = text[position:]


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
    def __init__(self, links: Mapping[int, Sequence[SentenceLink]] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.links = links or {}

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(ArchiveTreeprocessor(md, self.links), "coverage_archive", 5)


def makeExtension(**kwargs) -> ArchiveExtension:  # noqa: N802 - Python-Markdown's API name
    return ArchiveExtension(**kwargs)
