"""Every quotation in an article, in reading order, with who the article says spoke it.

A quote is either words inside double quote marks (curly “…” or straight "…")
or a line of an embedded post (its author's words). Only double marks delimit:
’ inside a word (Salvador’s, It’s) is an apostrophe. A mark left open stops at
the end of its block rather than swallowing the article. A quote interrupted by
its attribution and taken up again in the same sentence (`“A,” he said – “B.”`)
is one quote with two spans; an ellipsis or a bracketed insertion inside the
marks is simply part of it. Who spoke it is `speakers.py`'s business; this
module finds the words, the sentences they sit in, and hands both over.
"""

from __future__ import annotations

import dataclasses
import re

from ..findings import Quote
from ..model import Article, Block
from .speakers import Attribution, Attributor, Site
from .speech import AFTER, CONTINUES

_MARK = re.compile(r"[“”\"]")
# A sentence ends at a stop (and any closing marks) followed by a space and a capital,
# a digit or an opening mark; a boundary inside a quote's marks is not the article's.
_BOUNDARY = re.compile(r"[.!?][)\]”\"’']*(?=\s+[“\"‘'(\[A-Z0-9])")
# A stop that ends an abbreviation ("U.S.", "Feb.") rather than a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Prof|Jr|Sr|No|vs|Jan|Feb|Mar|Apr|Jun"
    r"|Jul|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd))\.$"
)
# What a truncated post leaves at the end of its last line: "…" and the link to the rest.
_LINK_DEBRIS = re.compile(r"\s*…?\s*(?:pic\.twitter\.com/\S*|https?://\S*)\s*$")
_WORDS = re.compile(r"\w+")
# Marks that may end a quote's first part when the sentence carries on after its cue.
_CONTINUED = (",", "—", "–", "-", "…")
_PULL_QUOTE = 0.4  # a quoted heading: the section's first speaker, said by layout alone


def extract(article: Article) -> tuple[Quote, ...]:
    """Every quotation in the article, in reading order, each with its speaker."""
    who = Attributor(article)
    found: list[Quote] = []
    for number, block in enumerate(article.blocks, start=1):
        if block.kind == "embed" and block.embed is not None:
            found += _embedded(article.id, number, block, len(found))
            who.embed(block.embed.author)
            continue
        pairs = _pairs(block.text)
        groups = _groups(block.text, pairs)
        masked = _mask(block.text, pairs)
        sites = [_site(block.text, g) for g in groups]
        said = who.read(masked, _sentences(block.text, pairs), sites)
        for parts, credit in zip(groups, said, strict=True):
            found.append(_quote(article.id, number, block.text, parts, credit, len(found)))
    return _pull_quotes(article, found)


def _pairs(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) of each double-quoted passage; an unclosed one closes
    at the end of the text, and an opening mark met inside a quote starts a new one."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _MARK.finditer(text):
        at, mark = m.start(), m.group()
        if opened is None:
            # A stray closing mark, or a straight one followed by a space, opens nothing.
            if mark == "”" or (mark == '"' and (at + 1 == len(text) or text[at + 1].isspace())):
                continue
            opened = at
        else:
            pairs.append((opened, at))
            opened = at if mark == "“" else None
    if opened is not None:
        pairs.append((opened, len(text)))
    return [(o, c) for o, c in pairs if text[o + 1 : c].strip()]


def _groups(text: str, pairs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Pairs joined where only an attribution stands between them (`“A,” Rubio said, “B”`)."""
    groups: list[list[tuple[int, int]]] = []
    for pair in pairs:
        if groups:
            o, c = groups[-1][-1]
            if (
                c < len(text)
                and text[o + 1 : c].rstrip().endswith(_CONTINUED)
                and CONTINUES.fullmatch(text, c + 1, pair[0])
            ):
                groups[-1].append(pair)
                continue
        groups.append([pair])
    return groups


def _mask(text: str, pairs: list[tuple[int, int]]) -> str:
    """The text with the words inside each quote blanked out (offsets kept): names and
    verbs inside a quote are the speaker's words, not the article's attribution."""
    pieces, last = [], 0
    for o, c in pairs:
        pieces += [text[last : o + 1], " " * (c - o - 1)]
        last = c
    pieces.append(text[last:])
    return "".join(pieces)


def _sentences(text: str, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence, never cutting inside a quote's marks."""
    spans, start, k = [], 0, 0
    for m in _BOUNDARY.finditer(text):
        cut = m.end()
        while k < len(pairs) and pairs[k][1] < cut:  # pairs are in order: skip those behind
            k += 1
        if k < len(pairs) and pairs[k][0] < cut:
            continue  # inside a quote
        if _ABBREVIATION.search(text, max(0, m.start() - 6), m.start() + 1):
            continue
        if text[cut - 1] in '”"' and AFTER.match(text, cut):
            continue  # “We will win!” Rubio said. – the cue belongs to the quote's sentence
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _site(text: str, parts: list[tuple[int, int]]) -> Site:
    first, last = parts[0], parts[-1]
    words = sum(len(_WORDS.findall(text, o + 1, c)) for o, c in parts)
    return Site(first[0], min(first[1] + 1, len(text)), min(last[1] + 1, len(text)), words)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote(article, number, text, parts, credit: Attribution, index: int) -> Quote:
    spans = tuple(_trimmed(text, o + 1, c) for o, c in parts)
    return Quote(
        article=article,
        block=number,
        spans=spans,
        text=" ".join(text[s:e] for s, e in spans),
        kind="quoted",
        speaker=credit.speaker,
        confidence=credit.confidence,
        cue=credit.cue,
        index=index,
    )


def _embedded(article: str, number: int, block: Block, index: int) -> list[Quote]:
    """Each line of an embedded post but its "— Name (@handle) Date" attribution line."""
    embed = block.embed
    assert embed is not None
    found, offset = [], 0
    for line in block.text.split("\n"):
        debris = _LINK_DEBRIS.search(line)
        start, end = _trimmed(line, 0, debris.start() if debris else len(line))
        if start < end and line.strip() != embed.attribution:
            found.append(
                Quote(
                    article=article,
                    block=number,
                    spans=((offset + start, offset + end),),
                    text=line[start:end],
                    kind="embed",
                    speaker=embed.author or embed.handle or None,
                    confidence=1.0,
                    cue=embed.attribution,
                    index=index + len(found),
                )
            )
        offset += len(line) + 1
    return found


def _pull_quotes(article: Article, found: list[Quote]) -> tuple[Quote, ...]:
    """A heading that is one quote with no cue (a pull quote) is given to the first
    speaker quoted in its section: the layout says whose words they sum up."""
    out = list(found)
    for i, q in enumerate(found):
        block = article.blocks[q.block - 1]
        if block.kind != "heading" or q.speaker or (q.end - q.start) < len(block.text.strip()) - 2:
            continue
        for later in found[i + 1 :]:
            if article.blocks[later.block - 1].kind == "heading":
                break
            if later.speaker:
                out[i] = dataclasses.replace(q, speaker=later.speaker, confidence=_PULL_QUOTE)
                break
    return tuple(out)
