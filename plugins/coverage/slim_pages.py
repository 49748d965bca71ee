"""The searched pages as Pagefind is handed them: with what it skips cut out.

A searched page's lists of what other pages say are marked `data-pagefind-ignore`
(base.html): an article's claims, quotes and shares, a claim's outlets. They are
most of its bytes (at 10,000 articles, article pages of 48 KB are 15 KB without them,
claim pages of 37 KB 13 KB), and Pagefind parses every byte before it skips them: a part of
1,484 pages took 6.7 s of Pagefind's CPU as published, 4.0 s with those elements
cut, for the same index (every fragment and word file byte for byte).

So Pagefind reads a copy of each page with them cut (`slim`). Copies are kept in
the cache folder, each named by the identity of the page file it was cut from
(the identity a part's fingerprint goes by, search_index.identities): a page the
build did not change is the published file, with the identity it had, so a build
cuts only the pages it wrote again.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .cache_keys import digest

# This module's code, in every copy's name and every search part's fingerprint: cut
# otherwise, a copy is made again and every part indexed again.
VERSION = digest(Path(__file__).read_bytes())[:12]

_MARK = re.compile(rb"data-pagefind-ignore(?![\w-])")
_NAME = re.compile(rb"[a-zA-Z][a-zA-Z0-9-]*")
# An element whose end tag HTML lets a page leave out (minified pages do) ends where the
# parser decides, and a void element has no end: such an element is left in the copy,
# where Pagefind still skips it. A paragraph is the exception (`_paragraph_end`).
_NOT_CUT = frozenset(
    b"li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rtc rp"
    b" html head body area base br col embed hr img input link meta source track wbr".split()
)
# What a paragraph that is cut may hold. Any other tag leaves it whole: a block's would
# end it where a minified page left its `</p>` out, and the next `</p>` is another's.
_PHRASING = frozenset(
    b"a abbr b bdi bdo br cite code data dfn em i kbd mark q s samp small span strong sub sup"
    b" time u var wbr".split()
)
_TAG = re.compile(rb"</?([a-zA-Z][a-zA-Z0-9-]*)")
_PARAGRAPH_END = re.compile(rb"</p\s*>", re.IGNORECASE)
# What Pagefind reads even inside an ignored element: an element holding one is left whole.
_READ_INSIDE = (b"data-pagefind-filter", b"data-pagefind-meta", b"data-pagefind-sort")


def slim(html: bytes) -> bytes:
    """The page without the elements marked `data-pagefind-ignore` whose end is certain.

    Pages are UTF-8 and escaped (a `<` in text is `&lt;`), so a `<` starts a tag and
    the mark found inside one is an attribute. Anything unexpected (a mark outside a
    tag, an element that does not end) leaves that element in place.
    """
    pieces, kept_to = [], 0
    for mark in _MARK.finditer(html):
        at = mark.start()
        if at < kept_to or not html[at - 1 : at].isspace():
            continue
        start = html.rfind(b"<", kept_to, at)
        name = _NAME.match(html, start + 1) if start != -1 else None
        if name is None or html.rfind(b">", start, at) != -1:
            continue
        tag = name.group().lower()
        if tag in _NOT_CUT:
            continue
        end = _paragraph_end(html, mark.end()) if tag == b"p" else _end(html, tag, mark.end())
        if end is None or any(html.find(read, start, end) != -1 for read in _READ_INSIDE):
            continue
        pieces.append(html[kept_to:start])
        kept_to = end
    if not pieces:
        return html
    pieces.append(html[kept_to:])
    return b"".join(pieces)


def _end(html: bytes, tag: bytes, at: int) -> int | None:
    """Where the element of `tag` opened just before `at` ends (after its end tag)."""
    depth = 1
    for found in _tags(tag).finditer(html, at):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            close = html.find(b">", found.end())
            return None if close == -1 else close + 1
    return None


def _paragraph_end(html: bytes, at: int) -> int | None:
    """Where the paragraph opened just before `at` ends, if its `</p>` ends it: an article
    page's line of the articles it shares text with (6.7 KB of it at 10,000 articles)."""
    close = _PARAGRAPH_END.search(html, at)
    if close is None:
        return None
    for tag in _TAG.finditer(html, at, close.start()):
        if tag.group(1).lower() not in _PHRASING:
            return None
    return close.end()


@cache
def _tags(tag: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(tag) + rb"(?=[\s/>])", re.IGNORECASE)


@dataclass(frozen=True)
class Copies:
    """The cut copies, in a folder of their own, each named by its page's file identity."""

    folder: Path

    def of(self, page: Path, identity: Sequence[int]) -> Path:
        """The cut copy of `page`, whose file has `identity`; cut now if there is none yet."""
        copy = self.folder / _named(identity)
        if not copy.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            cut = slim(page.read_bytes())
            # Made whole beside it, then renamed: a copy is never seen half written.
            handle, partial = tempfile.mkstemp(dir=self.folder, suffix=".part")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(cut)
                os.replace(partial, copy)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        return copy

    def keep_only(self, identities: Iterable[Sequence[int]]) -> int:
        """Remove every copy but those of these page files (the pages just published);
        how many were removed."""
        wanted = {_named(identity) for identity in identities}
        removed = 0
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return 0
        for name in names:
            if name not in wanted:
                (self.folder / name).unlink(missing_ok=True)
                removed += 1
        return removed


def _named(identity: Sequence[int]) -> str:
    return "-".join(map(str, identity)) + f"-{VERSION}.html"
