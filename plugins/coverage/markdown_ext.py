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
- A passage an editor's note is about is marked, and the note is set right
  after its paragraph, so a reader meets it beside the words, without script.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .findings import Claims


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """A sentence of block `#pN` to turn into a link."""

    text: str
    href: str
    label: str


@dataclass(frozen=True, slots=True)
class NoteMark:
    """An editor's note on `exact` in block `#pN`, found near offset `start` of the block."""

    id: str
    exact: str
    start: int
    body: str
    verdict: str | None = None


_NUMBERED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "table"}


class ArchiveTreeprocessor(Treeprocessor):
    def __init__(
        self,
        md,
        links: Mapping[int, Sequence[SentenceLink]],
        notes: Mapping[int, Sequence[NoteMark]],
    ) -> None:
        super().__init__(md)
        self.links = links
        self.notes = notes

    def run(self, root: ET.Element) -> None:
        number = 0
        asides: list[tuple[ET.Element, list[ET.Element]]] = []
        for element in root:
            if element.tag in ("ul", "ol"):
                if _marked(element):
                    element.set("class", "marked")
                for item in element.iter("li"):
                    number += 1
                    item.set("id", f"p{number}")
                    _link(item, self.links.get(number, ()))
                    item.extend(self._noted([item], number))
            elif element.tag in _NUMBERED:
                number += 1
                element.set("id", f"p{number}")
                lines = [element]
                if element.tag == "blockquote":
                    _mark_embed(element)
                    lines = list(element.iter("p"))
                for line in lines:
                    _link(line, self.links.get(number, ()))
                notes = self._noted(lines, number)
                if notes:
                    asides.append((element, notes))
        for element, notes in asides:
            at = list(root).index(element) + 1
            for offset, aside in enumerate(notes):
                root.insert(at + offset, aside)

    def _noted(self, lines: list[ET.Element], number: int) -> list[ET.Element]:
        """Mark each noted passage in the block's lines; return the notes to set beside them."""
        asides = []
        for n, note in enumerate(self.notes.get(number, ()), start=1):
            for line in lines:
                if _mark(line, note, n):
                    break
            asides.append(_aside(note, number, n))
        return asides


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


def _mark(element: ET.Element, note: NoteMark, n: int) -> bool:
    """Wrap the occurrence of the note's passage nearest its offset in a <mark>.

    The passage is looked for in each run of plain text (the element's own and
    its claim links'); one that crosses a link's edge is not marked, and its
    note, which quotes it, still stands beside the paragraph.
    """
    pieces, offset = [], 0
    for owner, attribute, parent in _runs(element):
        text = getattr(owner, attribute) or ""
        found = text.find(note.exact)
        while found >= 0:
            pieces.append((abs(offset + found - note.start), owner, attribute, parent, found))
            found = text.find(note.exact, found + 1)
        offset += len(text)
    if not pieces:
        return False
    _, owner, attribute, parent, found = min(pieces, key=lambda piece: piece[0])
    text = getattr(owner, attribute)
    # No marker text goes into the passage: the article's words stay exactly as
    # printed (a text fragment link must still find them); the mark points to
    # its note, which follows the paragraph.
    mark = ET.Element("mark", {"class": "noted", "id": f"noted-{note.id}"})
    mark.set("aria-describedby", f"note-{note.id}")
    mark.set("title", f"Editor’s note {n} below this paragraph")
    mark.text = note.exact
    mark.tail = text[found + len(note.exact) :]
    setattr(owner, attribute, text[:found])
    if attribute == "text":
        owner.insert(0, mark)
    else:
        parent.insert(list(parent).index(owner) + 1, mark)
    return True


def _runs(node: ET.Element, parent: ET.Element | None = None):
    """(node, "text" or "tail", parent) of each plain-text run, in reading order.

    A note's own mark is skipped, so two notes never nest.
    """
    if node.tag != "mark":
        yield node, "text", parent
    for child in list(node):
        yield from _runs(child, node)
        yield child, "tail", node


def _aside(note: NoteMark, number: int, n: int) -> ET.Element:
    """The note as the reader sees it: "Editor’s note [verdict] on “passage”: body"."""
    aside = ET.Element("aside", {"class": "editor-note", "id": f"note-{note.id}"})
    aside.set("aria-label", f"Editor’s note {n} on paragraph {number}")
    head = ET.SubElement(aside, "p")
    last = ET.SubElement(head, "strong")
    last.text = f"Editor’s note {n}"
    if note.verdict:
        last.tail = " "
        last = ET.SubElement(head, "span", {"class": f"verdict verdict-{note.verdict}"})
        last.text = note.verdict
    last.tail = " on "
    # A passage that carries its own quotation marks is not wrapped in a second pair.
    quoted = ET.SubElement(head, "span" if note.exact[:1] in '“"' else "q")
    quoted.text = note.exact
    quoted.tail = f": {note.body}"
    return aside


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
    def __init__(
        self,
        links: Mapping[int, Sequence[SentenceLink]] | None = None,
        notes: Mapping[int, Sequence[NoteMark]] | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.links = links or {}
        self.notes = notes or {}

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(
            ArchiveTreeprocessor(md, self.links, self.notes), "coverage_archive", 5
        )


def makeExtension(**kwargs) -> ArchiveExtension:  # noqa: N802 - Python-Markdown's API name
    return ArchiveExtension(**kwargs)


def claim_links(claims: Claims, claim_href: str) -> dict[str, dict[int, list[SentenceLink]]]:
    """Per article and block, the sentences to link to their claim, in reading order.

    `claim_href` is CLAIM_URL behind the site root (`{id}` still to fill). Built
    once per run; a sentence in two claims links to the first.
    """
    found: dict[str, dict[int, dict[int, SentenceLink]]] = {}
    for claim in claims.claims:
        href = claim_href.format(id=claim.id)
        for appearance in claim.appearances:
            sentence = appearance.sentence
            block = found.setdefault(sentence.article, {}).setdefault(sentence.block, {})
            block.setdefault(
                sentence.start, SentenceLink(sentence.text, href, f"Claim: {claim.title}")
            )
    return {
        article: {block: [starts[s] for s in sorted(starts)] for block, starts in blocks.items()}
        for article, blocks in found.items()
    }
