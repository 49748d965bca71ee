"""From a captured page's text to clean structure, losing nothing.

A capture is a list of lines. The normaliser decides for each line whether it is
page furniture (capture stamp, date line, headline, photo caption, dateline),
which becomes metadata kept verbatim, or part of the body: a paragraph, a
heading, a list item, or a line of an embedded social-media post. Each rule is
named where it is applied, and a line no rule claims stays a paragraph, visibly.
"""

from __future__ import annotations

import re
import unicodedata

from . import dates
from .model import Block, DateValue, Embed, Furniture, Normalised

# The page header (headline, date line, caption) ends at the dateline when one
# appears this early; a dateline further down is body text.
_HEADER_SEARCH = 8
_HEADING_MAX_WORDS = 10
_DATELINE_MIN_PLACE = 5
_HEADLINE_MAX_WORDS = 14
_SENTENCE_END = (".", "!", "?", ":", ";", ",", "…")
_QUOTES = "\"'“”‘’"
_BULLETS = {"•", "◦", "▪", "▸", "►", "‣", "-", "*", "–"}

# "— Nayib Bukele (@nayibbukele) February 4, 2025": the attribution line of an
# embedded post on X, as its embed markup renders to text.
_ATTRIBUTION = re.compile(r"^[—–-]\s*(?P<author>[^(@]+?)\s*\((?P<handle>@\w+)\)\s*(?P<date>.+)$")
_POST_LINK = re.compile(r"\b(?:pic\.twitter\.com|t\.co|x\.com|twitter\.com)/\S+")
# An embed's text follows its attribution for at most this many lines.
_EMBED_TAIL = 3


def normalise(text: str) -> Normalised:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    furniture, body_start = _header(lines)
    blocks = _body(lines[body_start:])
    return Normalised(blocks=tuple(blocks), furniture=tuple(furniture))


def _header(lines: list[tuple[int, str]]) -> tuple[list[Furniture], int]:
    """Classify the page furniture above the story; return it and where the body starts.

    With a dateline near the top, everything above it is furniture (what is not a
    stamp, date line or headline is the photo caption). Without one, only leading
    stamps, date lines and one headline are; the first other line starts the body.
    """
    top = [line for _, line in lines[:_HEADER_SEARCH]]
    dateline_at = next((i for i, line in enumerate(top) if _is_dateline(line)), None)
    furniture: list[Furniture] = []
    for i, (number, line) in enumerate(lines):
        if i == dateline_at:
            furniture.append(Furniture("dateline", line, number, _DATELINE_RULE))
            return furniture, i + 1
        had_headline = any(f.role == "headline" for f in furniture)
        role, rule = _furniture_role(line.strip(), had_headline, dateline_at is not None)
        if role is None:
            return furniture, i
        furniture.append(Furniture(role, line, number, rule))
    return furniture, len(lines)


_DATELINE_RULE = (
    "a short line ending in a place name in capitals, above the story: "
    "the credit and the place it was filed from"
)


def _furniture_role(line: str, had_headline: bool, above_dateline: bool):
    if _has_file_name(line) and dates.read_capture_stamp(line):
        return "capture-stamp", (
            "an image file name and a date at the top of the page: the site's header clock"
        )
    if dates.is_date_line(line):
        return "date-line", "a line holding only a date and time, above the story"
    if not had_headline and _is_short_title(line, _HEADLINE_MAX_WORDS):
        return "headline", "a short line without closing punctuation above the story"
    if above_dateline:
        return "caption", (
            "text between the headline and the dateline sits under the page's photo: its caption"
        )
    return None, None


def _body(lines: list[tuple[int, str]]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        embed = _embed_at(lines, i)
        if embed is not None:
            block, used = embed
            blocks.append(block)
            i += used
            continue
        number, line = lines[i]
        blocks.append(_block(line, number, lines, i))
        i += 1
    return blocks


def _block(line: str, number: int, lines: list[tuple[int, str]], i: int) -> Block:
    marker = _bullet(line)
    if marker:
        return Block("list-item", line, (number,), marker=marker)
    has_neighbours = 0 < i < len(lines) - 1
    if has_neighbours and _is_short_title(line.strip(), _HEADING_MAX_WORDS):
        return Block("heading", line, (number,))
    return Block("paragraph", line, (number,))


def _embed_at(lines: list[tuple[int, str]], i: int) -> tuple[Block, int] | None:
    """An embedded post found from its attribution line at i+1 (the post's text precedes it)."""
    if i + 1 >= len(lines):
        return None
    match = _ATTRIBUTION.match(lines[i + 1][1].strip())
    if not match:
        return None
    posted = dates.parse(match.group("date"))
    if posted is None:
        return None
    end = i + 2
    link = None
    for j in range(i + 2, min(i + 2 + _EMBED_TAIL, len(lines))):
        found = _POST_LINK.search(lines[j][1])
        if found:
            end, link = j + 1, found.group(0)
            break
    taken = lines[i:end]
    text_lines = [line for _, line in taken]
    embed = Embed(
        platform="X",
        author=match.group("author").strip(),
        handle=match.group("handle"),
        date=DateValue(
            posted.date(),
            "stated",
            "the embedded post's own date, in its attribution line",
            evidence=match.group("date").strip(),
        ),
        attribution=lines[i + 1][1].strip(),
        link=link,
        truncated=any("…" in line or line.rstrip().endswith("...") for line in text_lines),
    )
    block = Block("embed", "\n".join(text_lines), tuple(n for n, _ in taken), embed=embed)
    return block, end - i


def _is_short_title(line: str, max_words: int) -> bool:
    """Headline-like: few words, capitalised, no sentence punctuation at the end."""
    core = line.strip(_QUOTES + " \u00a0")
    words = core.split()
    if not words or len(words) > max_words or core.endswith(_SENTENCE_END):
        return False
    if not core[0].isupper():
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised * 2 >= len(words) or len(words) <= 5


def _is_dateline(line: str) -> bool:
    """A few words ending in a place name in capitals, like "Agencies SAN SALVADOR"."""
    words = line.split()
    if not 1 <= len(words) <= 6 or line.strip().endswith(_SENTENCE_END):
        return False
    place: list[str] = []
    for word in reversed(words):
        if not (word.isalpha() and word.isupper()):
            break
        place.append(word)
    # "US" ends many headlines; a place name in a dateline is longer than that.
    return sum(len(w) for w in place) >= _DATELINE_MIN_PLACE


def _has_file_name(line: str) -> bool:
    return any(dates.looks_like_file_name(word) for word in line.split())


def _bullet(line: str) -> str | None:
    """The bullet a list item starts with: an emoji or a bullet character, then a space."""
    stripped = line.lstrip()
    if not stripped:
        return None
    first = stripped[0]
    rest = stripped[1:]
    # An emoji may carry a variation selector after it.
    if rest[:1] == "\ufe0f":
        first, rest = first + rest[0], rest[1:]
    if not rest.startswith((" ", "\u00a0")):
        return None
    if first in _BULLETS or unicodedata.category(first[0]) == "So":
        return first
    return None
