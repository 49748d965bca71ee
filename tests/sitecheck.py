"""A link checker for a built site: files, ids and text fragments, all checked offline.

LinkChecker 10.6 was tried first: it stops with an internal error on text-fragment
URLs (`#p3:~:text=…`) and cannot tell whether a fragment's words are on the page,
which is what the archive's evidence links promise. This reads every page once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Where a page names another resource. `form action` is the search box.
_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}
_DIRECTIVE = ":~:"


@dataclass
class Report:
    """What was checked, and every broken link as `page: url — why`."""

    pages: int = 0
    internal: int = 0
    anchors: int = 0
    text_fragments: int = 0
    external: int = 0
    broken: list[str] = field(default_factory=list)


@dataclass
class _Page:
    ids: set[str]
    text_of: dict[str, str]  # id → its words, whitespace collapsed; "" → the whole body


def _words(node) -> str:
    # Inline markup (a claim link inside a quote) adds no space, as in the browser.
    return " ".join(node.get_text("").split())


def _read(path: Path) -> _Page:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    text_of = {tag["id"]: _words(tag) for tag in soup.find_all(id=True)}
    text_of[""] = _words(soup.body or soup)
    return _Page(ids, text_of)


def _directive_parts(directive: str) -> list[list[str]]:
    """`text=start,end&text=…` → the words each text directive must find, in order."""
    found = []
    for item in directive.split("&"):
        if not item.startswith("text="):
            continue
        parts = [unquote(p) for p in item[len("text=") :].split(",")]
        # A prefix ends in "-" and a suffix starts with "-": context, not the target.
        found.append([p for p in parts if not (p.endswith("-") or p.startswith("-"))])
    return found


def _matches(text: str, parts: list[str]) -> bool:
    words = " ".join(text.split())
    at = 0
    for part in parts:
        at = words.find(" ".join(part.split()), at)
        if at < 0:
            return False
        at += len(part)
    return True


def check(site: Path) -> Report:
    report = Report()
    cache: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in cache:
            cache[path] = _read(path)
        return cache[path]

    site = site.resolve()
    for source in sorted(site.rglob("*.html")):
        if "pagefind" in source.relative_to(site).parts:
            continue
        report.pages += 1
        soup = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in _ATTRIBUTES.items():
            for element in soup.find_all(tag):
                url = element.get(attribute)
                if url is None or url.startswith("data:"):
                    continue
                _check_one(site, source, url, page, report)
    return report


def _check_one(site: Path, source: Path, url: str, page, report: Report) -> None:
    where = f"{source.relative_to(site)}: {url}"
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        report.external += 1
        return
    if url.startswith("/"):
        report.broken.append(f"{where} — root-absolute, breaks under a sub-path and file://")
        return
    report.internal += 1
    target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    if not target.is_file() or site not in target.parents:
        report.broken.append(f"{where} — no such file in the site")
        return
    if not parts.fragment or target.suffix != ".html":
        return
    anchor, _, directive = unquote(parts.fragment).partition(_DIRECTIVE)
    # Raw fragment, so a text directive keeps its percent-escaped commas.
    raw_directive = parts.fragment.partition(_DIRECTIVE)[2] if directive else ""
    found = page(target)
    if anchor:
        report.anchors += 1
        if anchor not in found.ids:
            report.broken.append(f"{where} — no element with id {anchor!r}")
            return
    for words in _directive_parts(raw_directive):
        report.text_fragments += 1
        if not _matches(found.text_of[anchor], words):
            scope = f"#{anchor}" if anchor else "the page"
            report.broken.append(f"{where} — the words {words!r} are not in {scope}")


_STYLESHEET = re.compile(r"<link\b[^>]*>")


def weights(site: Path) -> dict[str, int]:
    """Each page's bytes plus the stylesheets it links, before compression (by page path)."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        sheets = {
            re.search(r'href="?([^" >]+)', tag).group(1)
            for tag in _STYLESHEET.findall(html)
            if re.search(r'rel="?stylesheet', tag)
        }
        size = len(html.encode()) + sum((page.parent / s).stat().st_size for s in sheets)
        found[page.relative_to(site).as_posix()] = size
    return found
