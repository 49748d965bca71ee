"""Deciding each metadata field of an article, and saying where its value came from.

The precedence is the same for every field: what the editor's sidecar (or a .md
file's front matter) gives, then what the page itself states (a saved page's
tags, then the capture's own lines), then what can be inferred (with the
reason), and otherwise `unknown`. Nothing is invented to fill a gap.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

from . import dates
from .model import (
    UNKNOWN_BYLINE,
    UNKNOWN_DATE,
    DateMention,
    DateValue,
    EditorMeta,
    Field,
    Normalised,
    PageMeta,
    Story,
)

_TITLE_WORDS = 12


def outlet(meta: EditorMeta | None, stated: PageMeta | None = None) -> Field:
    if meta and meta.outlet:
        return Field(meta.outlet, "editor", f"named in {_editor(meta, 'outlet')}")
    if stated and stated.site_name:
        return Field(stated.site_name, "stated", stated.where("site_name"))
    return Field(None, "unknown", "no sidecar names the outlet and the capture does not say")


def url(meta: EditorMeta | None, stated: PageMeta | None = None) -> Field:
    if meta and meta.url:
        return Field(meta.url, "editor", f"given in {_editor(meta, 'url')}")
    if stated and stated.url:
        return Field(stated.url, "stated", stated.where("url"))
    return Field(None, "unknown", "no sidecar gives the page's address")


def byline(stated: PageMeta | None = None) -> Field:
    """Who the page says wrote it: only a saved page's tags say, nothing is read from text."""
    if stated and stated.byline:
        return Field(stated.byline, "stated", stated.where("byline"))
    return UNKNOWN_BYLINE


def headline(
    meta: EditorMeta | None,
    page: Normalised,
    text_words: list[str],
    stated: PageMeta | None = None,
) -> Field:
    if meta and meta.headline:
        return Field(meta.headline, "editor", f"given in {_editor(meta, 'headline')}")
    if stated and stated.headline:
        return Field(stated.headline, "stated", stated.where("headline"))
    own = page.furniture_of("headline")
    if own:
        return Field(own.text.strip(), "stated", f"the page's own headline (line {own.line})")
    address = (meta.url if meta else None) or (stated.url if stated else None)
    if address:
        from_slug = headline_from_url(address, text_words)
        if from_slug:
            return Field(
                from_slug,
                "inferred",
                "from the words of the page's URL; spelling and capitals as the article's "
                "text writes those words",
            )
    first = next((b.text.strip() for b in page.blocks if b.kind == "paragraph"), "")
    words = first.split()
    short = " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")
    return Field(
        short or None,
        "inferred",
        "no headline in the capture or the sidecar: the first words of the text",
    )


def headline_from_url(address: str, text_words: list[str]) -> str | None:
    """Rebuild a headline from a URL slug, writing each word as the article writes it.

    "el-salvadors-controversial-move-…-us-deportees" becomes "El Salvador’s
    controversial move … U.S. deportees": a slug keeps the headline's words but
    drops capitals and punctuation, and the article's own text restores both.
    """
    path = urlparse(address).path.rstrip("/")
    slug = path.rsplit("/", 1)[-1]
    parts = [p for p in re.split(r"[-_]+", slug) if p]
    # Publishers append numeric ids ("…-prisoners-5803758"): not headline words.
    while parts and parts[-1].isdigit():
        parts.pop()
    if len(parts) < 3:
        return None
    spellings: dict[str, Counter] = {}
    for word in text_words:
        key = _bare(word)
        if key:
            spellings.setdefault(key, Counter())[_as_written(word)] += 1
    apostrophe = "’" if "’" in " ".join(text_words) else "'"
    out: list[str] = []
    i = 0
    while i < len(parts):
        # Single letters in a row were an abbreviation with dots: "u-s-" is "U.S.".
        j = i
        while j < len(parts) and len(parts[j]) == 1:
            j += 1
        if j - i >= 2:
            key, i = "".join(parts[i:j]), j
        else:
            key, i = parts[i], i + 1
        out.append(_spelled(key, spellings, apostrophe))
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _spelled(key: str, spellings: dict[str, Counter], apostrophe: str) -> str:
    known = spellings.get(key)
    if known:
        return known.most_common(1)[0][0]
    # A slug drops apostrophes: "salvadors" is the possessive of a name the text capitalises.
    stem = spellings.get(key[:-1]) if key.endswith("s") else None
    if stem:
        name = stem.most_common(1)[0][0]
        if name[:1].isupper():
            return f"{name}{apostrophe}s"
    return key


def _as_written(word: str) -> str:
    """A word without surrounding punctuation; an abbreviation keeps its final dot ("U.S.")."""
    word = word.strip(",;:!?“”\"()[]‘’'")
    if word.endswith(".") and "." not in word[:-1]:
        word = word[:-1]
    return word


def _bare(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def retrieved(meta: EditorMeta | None, page: Normalised) -> DateValue:
    if meta and meta.retrieved:
        return DateValue(meta.retrieved, "editor", f"given in {_editor(meta, 'retrieved')}")
    stamp = page.furniture_of("capture-stamp")
    if stamp:
        value = dates.read_capture_stamp(stamp.text)
        if value:
            return value
    return DateValue(None, "unknown", "no sidecar or capture stamp says when it was captured")


def published(
    meta: EditorMeta | None,
    page: Normalised,
    story: Story | None,
    mentions: tuple[DateMention, ...],
    default_order: str | None,
    stated: PageMeta | None = None,
) -> DateValue:
    if meta and meta.published:
        return DateValue(meta.published, "editor", f"given in {_editor(meta, 'published')}")
    if stated and stated.published:
        return DateValue(stated.published, "stated", stated.where("published"))
    line = page.furniture_of("date-line")
    if line:
        order = (meta.date_order if meta else None) or default_order
        editor_order = bool(meta and meta.date_order)
        value = dates.read_date_line(line.text, order, story, editor_order)
        if value:
            return value
    evidence = [
        (b.embed.date.value, f"the embedded post on X is dated {b.embed.date.value.isoformat()}")
        for b in page.blocks
        if b.embed and b.embed.date.value
    ]
    evidence += [(m.value, f"it reports {m.reason}") for m in mentions if m.value]
    return dates.infer_published(evidence) or UNKNOWN_DATE


def _editor(meta: EditorMeta, name: str) -> str:
    """Which editor file gave a field's value: the sidecar, or the .md file's front matter."""
    return "the file's front matter" if name in meta.front_matter else "the editor's sidecar"
