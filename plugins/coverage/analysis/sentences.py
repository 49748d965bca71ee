"""Articles cut into sentences, each pinned to its paragraph and character span.

Segmentation is pysbd's (the "Golden Rules" segmenter): it keeps "U.S.",
"Feb. 3", "News.Az", quotes and ellipses inside their sentence, which a
hand-written regex does not. A sentence never crosses a block: a paragraph, a
list item, or one line of an embedded post. Headings and an embed's
attribution line are structure, not statements, so they yield no sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from ..findings import Sentence
from ..model import Article, Block

_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
_SPOKEN = ("paragraph", "list-item", "embed")

# What a sentence must have to state something a reader could check: enough
# words, most of them words, and not the debris that social embeds and share
# widgets leave behind.
_MIN_WORDS = 6
_BOILERPLATE = re.compile(
    r"^(share (and|&) follow|follow us|read more|click here|subscribe|sign up|advertisement"
    r"|related:|watch:|listen:|copyright|all rights reserved)\b",
    re.IGNORECASE,
)
_LINK = re.compile(r"\b(?:pic\.twitter\.com|https?://|www\.)\S*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")


def split(article: Article) -> tuple[Sentence, ...]:
    """Every sentence of the article's body, in reading order."""
    found: list[Sentence] = []
    for number, block in enumerate(article.blocks, start=1):
        if block.kind not in _SPOKEN:
            continue
        for start, end in _spans(block):
            found.append(
                Sentence(
                    article=article.id,
                    block=number,
                    start=start,
                    end=end,
                    text=block.text[start:end],
                    index=len(found) + 1,
                )
            )
    return tuple(found)


def is_claim_like(text: str) -> bool:
    """Could this sentence state a claim, or is it too short or page debris?"""
    if _BOILERPLATE.match(text.strip()):
        return False
    words = _WORD.findall(_LINK.sub(" ", text))
    return len(words) >= _MIN_WORDS


def _spans(block: Block) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in block.text.split("\n"):
        attribution = block.embed is not None and line.strip() == block.embed.attribution
        skip = _marker_width(line, block.marker)
        if line.strip() and not attribution:
            spans.extend((offset + skip + s, offset + skip + e) for s, e in segment(line[skip:]))
        offset += len(line) + 1
    return spans


def _marker_width(line: str, marker: str | None) -> int:
    """A list item's bullet (e.g. "🔹 ") is structure, not part of its first sentence."""
    if marker and line.startswith(marker):
        return len(line) - len(line[len(marker) :].lstrip())
    return 0


# Where a sentence could end inside a text: a stop, maybe a closing quote, then a space.
# A text with no such place is one sentence, and pysbd (slow) is not needed.
_POSSIBLE_END = re.compile(r"[.!?…][\"”’')\]]*\s+\S")


@lru_cache(maxsize=8192)
def segment(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence in `text`, trimmed of surrounding spaces."""
    if not _POSSIBLE_END.search(text):
        stripped = text.strip()
        return ((text.index(stripped), text.index(stripped) + len(stripped)),) if stripped else ()
    return trimmed(text, _located(text, _SEGMENTER.processor(text).process()))


def trimmed(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans without their surrounding spaces; those left empty are dropped."""
    kept = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            kept.append((start, end))
    return tuple(kept)


def _located(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where pysbd's sentences lie in `text`: the spans its `char_span=True` gives.

    pysbd finds each sentence with a regex compiled for it (the sentence, escaped,
    then `\\s*`), which overflows `re`'s cache: on 1,000 articles, 40 % of the time
    spent segmenting. `str.find` makes the same search: the first match, in
    order and without overlaps, that ends after the previous sentence.
    """
    if not all(pieces):
        return [(p.start, p.end) for p in pysbd.Segmenter(char_span=True).segment(text)]
    spans: list[tuple[int, int]] = []
    prior_end = 0
    for piece in pieces:
        at = text.find(piece)
        while at != -1:
            end = at + len(piece)
            while end < len(text) and text[end].isspace():
                end += 1
            if end > prior_end:
                spans.append((at, end))
                prior_end = end
                break
            at = text.find(piece, end)
    return spans
