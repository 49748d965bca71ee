"""Deciding each metadata field of an article, and saying where its value came from.

The precedence is the same for every field: what the editor's sidecar gives,
then what the page itself states, then what can be inferred (with the reason),
and otherwise `unknown`. Nothing is invented to fill a gap.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

from . import dates
from .model import UNKNOWN_DATE, DateMention, DateValue, EditorMeta, Field, Normalised, Story

_TITLE_WORDS = 12


def outlet(meta: EditorMeta | None) -> Field:
    if meta and meta.outlet:
        return Field(meta.outlet, "editor", "named in the editor's sidecar")
    return Field(None, "unknown", "no sidecar names the outlet and the capture does not say")


def url(meta: EditorMeta | None) -> Field:
    if meta and meta.url:
        return Field(meta.url, "editor", "given in the editor's sidecar")
    return Field(None, "unknown", "no sidecar gives the page's address")


def headline(meta: EditorMeta | None, page: Normalised, text_words: list[str]) -> Field:
    if meta and meta.headline:
        return Field(meta.headline, "editor", "given in the editor's sidecar")
    stated = page.furniture_of("headline")
    if stated:
        return Field(stated.text.strip(), "stated", f"the page's own headline (line {stated.line})")
    if meta and meta.url:
        from_slug = headline_from_url(meta.url, text_words)
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
        return DateValue(meta.retrieved, "editor", "given in the editor's sidecar")
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
) -> DateValue:
    if meta and meta.published:
        return DateValue(meta.published, "editor", "given in the editor's sidecar")
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
