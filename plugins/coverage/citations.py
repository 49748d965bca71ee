"""What an article says it is based on: "citing CNN", "according to CNN", "told CNN".

Only names of news organisations count (the COVERAGE_NEWS_SOURCES setting):
"according to Bukele" attributes a claim to a person, not to a source text.
Wire copy credits its agency in other ways, and those count too: a dateline's
credit ("Agencies SAN SALVADOR"), a wire dateline ("SAN SALVADOR (Reuters) -")
and a credit line on its own ("Reuters", "— AP", "(AFP)").
"""

from __future__ import annotations

import re

from .model import Block, Citation, Furniture

_VERBS = (
    r"(?:citing|according to|told|reported by|via"
    r"|(?:said|told|wrote) in an? (?:email|statement) to)"
)
_TAILS = r"(?:\s+(?:over|by|in an?)\s+(?:email|phone|telephone|interview|statement))?"


def cited(
    blocks: tuple[Block, ...], furniture: tuple[Furniture, ...], names: tuple[str, ...]
) -> tuple[Citation, ...]:
    if not names:
        return ()
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    phrase = re.compile(rf"\b{_VERBS}\s+(?P<source>{alternatives})\b{_TAILS}", re.IGNORECASE)
    # Agency names are capitalised in credits; "(ap)" or a line reading "afp" is something else.
    wire = re.compile(rf"\((?P<source>{alternatives})\)\s*[-–—]")
    alone = re.compile(rf"^[\s(—–-]*(?P<source>{alternatives})[\s).]*$")
    found: list[Citation] = []
    for number, block in enumerate(blocks, start=1):
        for match in (*phrase.finditer(block.text), *wire.finditer(block.text)):
            found.append(Citation(_named(match.group("source"), names), match.group(0), number))
        line = alone.match(block.text)
        if line:
            found.append(Citation(_named(line.group("source"), names), block.text.strip(), number))
    for item in furniture:
        if item.role == "dateline":
            credit = _credit(item.text)
            if credit:
                found.append(Citation(credit, item.text.strip(), None))
    return tuple(found)


def _named(written: str, names: tuple[str, ...]) -> str:
    """The setting's spelling of a source name found in the text."""
    return next(n for n in names if n.lower() == written.lower())


def _credit(dateline: str) -> str | None:
    """The credit of a dateline: the words before the place in capitals ("Agencies")."""
    words = dateline.split()
    while words and words[-1].isupper():
        words.pop()
    return " ".join(words) or None
