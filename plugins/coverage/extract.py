"""Reading a saved HTML page: the article's main text and what the page states about it.

trafilatura finds the article in the page and drops the rest (navigation, scripts,
cookie banners, share buttons, related links, reader comments); its metadata
extraction picks the headline, byline, date, address and site name. This module
only configures it so the same page always gives the same result, lifts embedded
posts out of the wrappers trafilatura would discard with them, lays the text out
one block per line, and says for every metadata value which tag of the page holds
it. A value no tag holds (a site name made up from the URL's domain, a date read
from running text) is left out: the archive shows page values as "stated", and
works out the rest itself, with its reasons.

Nothing here reads files or raises for bad content: a page without an article is
a `Problem` naming the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from itertools import chain
from typing import Any

from courlan import normalize_url
from htmldate.extractors import try_date_expr
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from .model import Problem

_ACTION = "save the article page itself, not the site's front page, or convert it to .txt"

# A page is an article when the paragraphs trafilatura keeps (not headings, list
# items or table rows) hold at least this many characters. A front page or a
# section index leaves only headlines, link lists or market tickers.
_MIN_PROSE = 200
_MAX_ERROR = 160  # characters of a library's error message quoted in a Problem

# htmldate: only the page's markup, never a date guessed from running text;
# dates in the URL only when the markup has none; the publication date, not the
# last update. Fixed bounds, so a page's result does not change with the day it
# is built on (htmldate's default latest date is today).
_DATE_PARAMS: dict[str, Any] = {
    "extensive_search": False,
    "original_date": True,
    "deferred_url_extractor": True,
    "min_date": "1995-01-01",
    "max_date": "2099-12-31",
}
_EARLIEST, _LATEST = datetime(1995, 1, 1), datetime(2099, 12, 31)

# trafilatura's options. Precision over recall: a front page or a sidebar must not
# pass as article text, and a paragraph-poor page is reported rather than padded
# with boilerplate. No comments, links, images or formatting marks; tables are kept
# because a table in an article is part of its text. Nothing is fetched: trafilatura
# only downloads when asked to, and no URL is given.
_SETTINGS: dict[str, Any] = {
    "output_format": "python",
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,
    "with_metadata": True,
    "date_extraction_params": _DATE_PARAMS,
}

# Embedded posts arrive as a <blockquote> (the markup the platform gives to pages
# that embed a post), usually inside a <figure> or an "embed" wrapper that
# trafilatura discards whole. A wrapper holding nothing but the quote is replaced by it.
_WRAPPER_CLASS = re.compile(r"embed", re.IGNORECASE)

# A list item that starts with its own bullet or an emoji keeps it as its marker;
# any other item gets trafilatura's "- ".
_BULLETS = frozenset("•◦▪▸►‣-*–—")

# Chrome's "saved from url" mark and SingleFile's header: the address the page was
# saved from, written by the browser, used only when the page names none itself.
_SAVED_FROM = (
    (
        re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->"),
        "the browser's “saved from url” comment",
    ),
    (
        re.compile(r"<!--\s*Page saved with SingleFile\s+url:\s*(\S+)"),
        "SingleFile's “url:” comment",
    ),
)

_TITLE_SEPARATOR = re.compile(r"\s+[–•·—|⁄*⋆~‹«<›»>:-]\s+")
_AUTHOR_HINT = re.compile(r"author|byline|writer", re.IGNORECASE)
_TITLE_HINT = re.compile(r"title|headline", re.IGNORECASE)
_DATE_HINT = re.compile(r"date|time|publish|posted", re.IGNORECASE)
_LATER_DATE = re.compile(r"modif|updat|expir|revis", re.IGNORECASE)
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)")

_META_TITLE = frozenset(
    {"og:title", "title", "twitter:title", "headline", "dc.title", "dcterms.title"}
    | {"citation_title", "parsely-title", "sailthru.title", "fb_title", "rbtitle"}
)
_META_AUTHOR = frozenset(
    {"author", "article:author", "og:author", "og:article:author", "authors", "byl"}
    | {"citation_author", "creator", "dc.creator", "dc:creator", "dcterms.creator"}
    | {"parsely-author", "sailthru.author", "rbauthors", "atc-metaauthor"}
)
_META_SITE = frozenset(
    {"og:site_name", "article:publisher", "publisher", "dc.publisher", "dc:publisher"}
    | {"dcterms.publisher", "copyright", "twitter:site", "application-name", "rbpubname"}
    | {"citation_journal_title", "sailthru.publisher"}
)
_META_URL = frozenset({"og:url", "twitter:url"})
_JSON_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
_JSON_SITE_TYPES = frozenset({"organization", "newsmediaorganization", "website", "webpage"})


@dataclass(frozen=True, slots=True)
class Extracted:
    """A saved HTML page's article text, and the metadata the page itself states.

    `text` holds one block per line and a blank line between blocks: a paragraph,
    a heading, a list's items (one per line), an embedded post or block quote
    (its lines, then its attribution line). `evidence` has one (field, where)
    pair for every field that is set, naming the tag that holds the value.
    """

    text: str
    headline: str | None
    published: date | None
    url: str | None
    site_name: str | None
    byline: str | None
    evidence: tuple[tuple[str, str], ...]


def extract_html(html: str, path: str) -> Extracted | Problem:
    """Extract the article from a saved page, or say why there is none."""
    tree, document = _run_trafilatura(html)
    if isinstance(document, str):
        return Problem(path, f"this HTML page could not be read ({document})", _ACTION)
    if tree is None:
        return Problem(path, "no HTML page could be read from this file", _ACTION)
    text, prose = _layout(document.body) if document is not None else ("", 0)
    if prose < _MIN_PROSE:
        found = f"only {prose} characters of paragraph text" if prose else "no paragraph text"
        return Problem(
            path,
            f"no article text found in this HTML page ({found}: a front page, "
            "an index or a page whose text is loaded by scripts)",
            _ACTION,
        )
    page = _Page.of(tree, html)
    fields = {
        "headline": _headline(document.title, page),
        "published": _published(document.date, page),
        "url": _url(document.url, page),
        "site_name": _site_name(document.sitename, page),
        "byline": _byline(document.author, page),
    }
    return Extracted(
        text=text,
        headline=fields["headline"][0],
        published=fields["published"][0],
        url=fields["url"][0],
        site_name=fields["site_name"][0],
        byline=fields["byline"][0],
        evidence=tuple((name, where) for name, (value, where) in fields.items() if value),
    )


def _run_trafilatura(html: str) -> tuple[HtmlElement | None, Document | str | None]:
    """Parse the page and run trafilatura on it: its tree and result, or why it failed."""
    # trafilatura and lxml are given arbitrary bytes from the web; whatever they
    # raise on hostile markup becomes a Problem, not a traceback in the build.
    try:
        tree = load_html(html)
        if tree is None:
            return None, None
        _lift_embedded_posts(tree)
        # bare_extraction copies the tree before changing it, so `tree` stays the page.
        return tree, bare_extraction(tree, **_SETTINGS)
    except Exception as error:
        return None, f"{type(error).__name__}: {error}"[:_MAX_ERROR]


def _lift_embedded_posts(tree: HtmlElement) -> None:
    """Replace each wrapper that holds only a block quote (an embedded post) by the quote."""
    for quote in list(tree.iter("blockquote")):
        own = _visible_text(quote)
        if not own:
            continue
        wrapper = None
        for ancestor in quote.iterancestors():
            if _visible_text(ancestor) != own:
                break
            if ancestor.tag == "figure" or _WRAPPER_CLASS.search(_classes(ancestor)):
                wrapper = ancestor
        parent = wrapper.getparent() if wrapper is not None else None
        if parent is not None:
            quote.tail = wrapper.tail
            parent.replace(wrapper, quote)


def _classes(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _visible_text(element: HtmlElement) -> str:
    texts = element.xpath(".//text()[not(ancestor::script or ancestor::style)]")
    return " ".join(" ".join(texts).split())


def _layout(body: Any) -> tuple[str, int]:
    """trafilatura's result as text, and how many characters of it are paragraphs.

    Every line of a paragraph or heading is a block of its own; a list, a quote or
    a table keeps its lines together. Text trafilatura left between blocks is a
    paragraph too.
    """
    blocks: list[list[str]] = []
    prose = 0

    def loose(text: str | None) -> None:
        nonlocal prose
        lines = _split(text or "")
        blocks.extend([line] for line in lines)
        prose += sum(map(len, lines))

    loose(body.text)
    for child in body:
        alone = deepcopy(child)
        alone.tail = None
        lines = _split(xmltotxt(alone, False))
        if child.tag == "list":
            lines = [_own_marker(line) for line in lines]
        if child.tag in ("p", "head"):
            blocks.extend([line] for line in lines)
        elif lines:
            blocks.append(lines)
        if child.tag in ("p", "quote"):
            prose += sum(map(len, lines))
        loose(child.tail)
    return "\n\n".join("\n".join(block) for block in blocks), prose


def _split(text: str) -> list[str]:
    return [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]


def _own_marker(line: str) -> str:
    """'- 🔹 Text' → '🔹 Text': an item that brings its own bullet keeps only that."""
    rest = line[2:] if line.startswith("- ") else ""
    if rest and (rest[0] in _BULLETS or unicodedata.category(rest[0]) == "So"):
        return rest
    return line


# --- Where each metadata value is written in the page -------------------------------


@dataclass(frozen=True, slots=True)
class _Page:
    """The places a page states its metadata: meta tags, JSON-LD objects, elements."""

    tree: HtmlElement
    metas: tuple[tuple[str, str, str], ...]  # (label, key in lower case, content)
    json_ld: tuple[tuple[str, dict], ...]  # (first @type, object)
    saved_from: tuple[tuple[str, str], ...]  # (label, address)

    @staticmethod
    def of(tree: HtmlElement, html: str) -> _Page:
        metas: list[tuple[str, str, str]] = []
        json_ld: list[tuple[str, dict]] = []
        for meta in tree.iter("meta"):
            attribute = next((a for a in ("property", "name", "itemprop") if meta.get(a)), None)
            content = meta.get("content")
            if attribute and content and content.strip():
                key = meta.get(attribute, "")
                metas.append((f'<meta {attribute}="{key}">', key.strip().lower(), content))
        for script in tree.iter("script"):
            if (script.get("type") or "").strip().lower() == "application/ld+json":
                json_ld.extend(_json_objects(script.text or ""))
        head = html[:4096]
        saved = tuple((label, m.group(1)) for rx, label in _SAVED_FROM if (m := rx.search(head)))
        return _Page(tree, tuple(metas), tuple(json_ld), saved)

    def meta(self, wanted: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
        """(label, content) of the meta tags whose key is wanted."""
        return ((label, content) for label, key, content in self.metas if wanted(key))

    def json(
        self, keys: tuple[str, ...], *inner: str, kinds: Callable[[str], bool] = bool
    ) -> Iterator[tuple[str, str]]:
        """(label, value) of the JSON-LD `keys` holding a string (or objects with `inner` keys).

        `kinds` picks the objects by their @type (in lower case); by default, all of them.
        """
        for kind, item in self.json_ld:
            if not kinds(kind.lower()):
                continue
            for key in keys:
                for value in _strings(item.get(key), *inner):
                    yield f'JSON-LD {kind} "{key}"', value

    def json_names(self, kinds: frozenset[str]) -> Iterator[tuple[str, str]]:
        """(label, name) of the JSON-LD objects of these types (in lower case)."""
        for kind, item in self.json_ld:
            if kind.lower() in kinds:
                for key in ("name", "legalName", "alternateName"):
                    if isinstance(item.get(key), str):
                        yield f'JSON-LD {kind} "{key}"', item[key]

    def tags(self, *names: str) -> Iterator[tuple[str, Any]]:
        """("<name>", element) for the elements with these tag names, in page order."""
        return ((f"<{element.tag}>", element) for element in self.tree.iter(*names))

    def hinted(self, hint: re.Pattern[str]) -> Iterator[tuple[str, Any]]:
        """(label, element) for the elements whose rel, itemprop, class or id matches `hint`."""
        for element in self.tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("rel", "itemprop", "class", "id"):
                value = element.get(attribute)
                if value and hint.search(value):
                    yield f'<{element.tag} {attribute}="{" ".join(value.split())}">', element
                    break

    def title_parts(self) -> Iterator[tuple[str, str]]:
        """The <title>, whole and split at its separators ("Headline | Site")."""
        for where, element in self.tags("title"):
            text = _text(element)
            yield where, text
            yield from ((where, part) for part in _TITLE_SEPARATOR.split(text))


def _json_objects(text: str) -> Iterator[tuple[str, dict]]:
    try:
        data = json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return
    pending = deque([data])
    while pending:
        item = pending.popleft()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(_as_list(item.get("@graph")))
            kinds = [k for k in _as_list(item.get("@type")) if isinstance(k, str)]
            yield (kinds[0] if kinds else "Thing"), item


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _strings(value: Any, *keys: str) -> Iterator[str]:
    """The strings in a JSON-LD value: itself, or the `keys` of its objects."""
    for item in _as_list(value):
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from (item[k] for k in keys if isinstance(item.get(k), str))


def _text(element: Any) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _plain(text: str) -> str:
    return " ".join(unescape(text).split()).casefold()


def _first(
    candidates: Iterable[tuple[str, str]], matches: Callable[[str], bool]
) -> tuple[str, str] | None:
    """The first (label, value) whose value matches."""
    return next(((where, value) for where, value in candidates if value and matches(value)), None)


def _headline(title: str | None, page: _Page) -> tuple[str | None, str]:
    """trafilatura's headline; looked for in its own order: meta, JSON-LD, <h1>, <title>."""
    if not title:
        return None, ""
    candidates = chain(
        page.meta(_META_TITLE.__contains__),
        page.json(("headline", "name")),
        ((where, _text(element)) for where, element in page.tags("h1", "h2", "h3")),
        ((where, _text(element)) for where, element in page.hinted(_TITLE_HINT)),
        page.title_parts(),
    )
    wanted = _plain(title)
    found = _first(candidates, lambda candidate: _plain(candidate) == wanted)
    return (title, found[0]) if found else (None, "")


def _byline(author: str | None, page: _Page) -> tuple[str | None, str]:
    """trafilatura's byline ("A; B") if the page writes each of its names."""
    if not author:
        return None, ""

    def candidates() -> Iterator[tuple[str, str]]:
        yield from page.meta(_META_AUTHOR.__contains__)
        yield from page.json(("author", "creator"), "name")
        yield from page.json_names(frozenset({"person"}))
        yield from ((where, _text(element)) for where, element in page.hinted(_AUTHOR_HINT))

    wheres: list[str] = []
    for name in filter(None, (_plain(n) for n in author.split(";"))):
        found = _first(candidates(), lambda candidate, name=name: name in _plain(candidate))
        if found is None:
            return None, ""
        if found[0] not in wheres:
            wheres.append(found[0])
    return author, " and ".join(wheres)


def _site_name(sitename: str | None, page: _Page) -> tuple[str | None, str]:
    """The site's name as the page writes it, without a handle's "@".

    trafilatura falls back on the URL's domain, and capitalises a lower-case
    name: neither is what the page states, so the page's own spelling is returned.
    A publisher given as an address (often a social-media page) is not a name.
    """
    if not sitename or sitename.startswith(("http:", "https:")):
        return None, ""
    candidates = chain(
        page.meta(_META_SITE.__contains__),
        page.json(("publisher",), "name", "legalName", "alternateName"),
        page.json_names(_JSON_SITE_TYPES),
        page.title_parts(),
    )
    wanted = _plain(sitename.lstrip("@"))
    found = _first(candidates, lambda candidate: _plain(candidate.lstrip("@")) == wanted)
    if found is None:
        return None, ""
    return " ".join(unescape(found[1]).split()).lstrip("@"), found[0]


def _url(address: str | None, page: _Page) -> tuple[str | None, str]:
    """trafilatura's address (og:url, canonical link); else JSON-LD's; else the saver's."""
    if address:
        links = (
            (_link_label(element), element.get("href") or "")
            for _, element in page.tags("link", "base")
            if element.tag == "base" or _rel(element) in ("canonical", "alternate")
        )
        candidates = chain(page.meta(_META_URL.__contains__), links)
        found = _first(candidates, lambda candidate: _same_url(candidate, address))
        return (address, found[0]) if found else (None, "")
    # trafilatura reads no address from JSON-LD, nor the mark of the browser that saved it.
    # Only the article's (or its web page's) own object: a publisher's "url" is its home page.
    own = page.json(("url", "mainEntityOfPage"), "@id", kinds=_is_the_page)
    for where, value in chain(own, page.saved_from):
        if value.strip().startswith(("http://", "https://")):
            return value.strip(), where
    return None, ""


def _is_the_page(kind: str) -> bool:
    return kind.endswith(("article", "posting")) or kind == "webpage"


def _same_url(candidate: str, address: str) -> bool:
    candidate = candidate.strip()
    if candidate.startswith("//"):
        candidate = "https:" + candidate
    elif candidate.startswith("/"):
        # trafilatura completes a relative canonical link with og:url's host.
        return address.rstrip("/").endswith(candidate.rstrip("/"))
    return _url_key(candidate) == _url_key(address)


def _url_key(address: str) -> str:
    try:
        return normalize_url(address).rstrip("/")
    except ValueError:
        return address.strip().rstrip("/")


def _published(found: str | None, page: _Page) -> tuple[date | None, str]:
    """htmldate's publication date if the markup writes it (and not as a later update)."""
    if not found:
        return None, ""
    try:
        day = date.fromisoformat(found)
    except ValueError:
        return None, ""

    def candidates() -> Iterator[tuple[str, str]]:
        yield from page.meta(lambda key: bool(_DATE_HINT.search(key) or key.startswith("dc")))
        yield from page.json(_JSON_DATE_KEYS)
        for where, element in chain(page.tags("time"), page.hinted(_DATE_HINT)):
            for attribute in ("datetime", "content"):
                if element.get(attribute):
                    yield f"{where[:-1]} {attribute}>", element.get(attribute)
            yield where, _text(element)
        for _, link in page.tags("link"):
            if _rel(link) == "canonical":
                for match in _URL_DATE.finditer(link.get("href") or ""):
                    yield (
                        f"the date in the page's URL ({_link_label(link)})",
                        "-".join(match.groups()),
                    )

    def same_day(candidate: str) -> bool:
        return try_date_expr(candidate, "%Y-%m-%d", False, _EARLIEST, _LATEST) == found

    stated = ((where, value) for where, value in candidates() if not _LATER_DATE.search(where))
    located = _first(stated, same_day)
    return (day, located[0]) if located else (None, "")


def _rel(element: Any) -> str:
    return " ".join((element.get("rel") or "").lower().split())


def _link_label(element: Any) -> str:
    return f'<link rel="{_rel(element)}">' if element.tag == "link" else "<base href>"
