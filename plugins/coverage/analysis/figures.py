"""The numbers and dates a sentence states, read as values so they can be compared.

"80,000" and "81,000" are two values of one quantity; "Monday" and
"February 3" are the same day once "Monday" is resolved against the story's
dates (that resolution lives in `dates.py`, shared with the metadata stage).
`read` is the fuller reading the figures ledger needs: each figure as printed
("over 80,000", "$6 billion", "40%", "since 2022"), with its kind and unit.
What each figure counts, in the article's words, is `counted.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .. import dates
from ..model import Story

# Digits with thousands separators, or a number word big enough to be a figure.
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")
_SCALE = re.compile(r"^\s*(million|billion|thousand)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_YEAR = (1900, 2100)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as written (`text`) and as a value."""

    text: str
    value: float
    start: int
    end: int


def numbers(text: str) -> tuple[Figure, ...]:
    """Every figure in the text, except years (those are dates) and names like "MS-13"."""
    found = []
    for match in _NUMBER.finditer(text):
        if _is_name(text, match.start()):
            continue
        written = match.group(0)
        value = float(written.replace(",", ""))
        if "," not in written and _YEAR[0] <= value <= _YEAR[1]:
            continue
        end = match.end()
        scale = _SCALE.match(text[end:])
        if scale:
            value *= _SCALES[scale.group(1).lower()]
            end += scale.end()
        found.append(Figure(text[match.start() : end], value, match.start(), end))
    return tuple(found)


def years(text: str) -> tuple[int, ...]:
    return tuple(
        int(m.group(0))
        for m in re.finditer(r"(?<!\d)(?<!\d,)(?:19|20)\d{2}(?!\d|,\d)", text)
        if _YEAR[0] <= int(m.group(0)) <= _YEAR[1]
    )


def days(text: str, story: Story | None) -> tuple[tuple[str, date], ...]:
    """The days the text names, as (words, resolved day); unresolvable mentions are left out."""
    return tuple((m.text, m.value) for m in dates.mentions(text, 0, story) if m.value is not None)


def same_quantity(a: float, b: float) -> bool:
    """Two figures close enough that they are probably counts of the same thing."""
    low, high = sorted((a, b))
    return low > 0 and high / low <= 1.25


# "the Central American country": how an article places the country it talks about.
_REGION = re.compile(r"\b(Central|South|North|Latin) American? (?:country|nation|state)\b")


def places(text: str) -> tuple[tuple[str, str], ...]:
    """The regions the text places its country in, as (words, region)."""
    return tuple((m.group(0), f"{m.group(1)} America") for m in _REGION.finditer(text))


# --- The ledger's reading: every figure as printed, with its kind and unit ---


def _split(words: str) -> tuple[str, ...]:
    """A word list written as prose, which reads better than a list of quoted words."""
    return tuple(words.split())


ReadKind = Literal["count", "amount", "year"]

# A number glued to letters by a hyphen is a name, not a figure: "MS-13", "F-16", "COVID-19".
_NAME = re.compile(r"[A-Za-z]-$")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Digits glued to these are part of a word, a name ("MS-13"), a link
# ("pic.twitter.com/…35Aq"), a handle, a time or a numeric date, not a figure.
_GLUED_BEFORE = re.compile(r"[\w.,/:@#\\-]")
_GLUED_AFTER = re.compile(r"[:/.-]\d|[^\W\d_]")
_CURRENCY = re.compile(r"(US\$|\$|€|£)$")
_CURRENCY_UNIT = {"US$": "US$", "$": "US$", "€": "€", "£": "£"}
_SCALE_AFTER = re.compile(
    r"(?: ?(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>bn|m|k)\b)", re.IGNORECASE
)
_SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_VALUES |= {"k": 1e3, "m": 1e6, "bn": 1e9}
_PERCENT = re.compile(r" ?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_MONEY_WORD = re.compile(r" (?P<word>dollars|euros|pounds)\b", re.IGNORECASE)
_MONEY_UNIT = {"dollars": "US$", "euros": "€", "pounds": "£"}
# Words that bound a figure rather than state it; they belong to its text ("over 80,000").
_QUALIFIER = re.compile(
    r"\b(?:more than|over|nearly|almost|about|around|some|roughly|approximately|at least"
    r"|at most|up to|fewer than|less than|close to|an estimated|as many as) $",
    re.IGNORECASE,
)
# A bare four-digit number is a year after these words ("since 2022", "the 2024 election").
_YEAR_CUE = re.compile(
    r"\b(?:in|since|from|by|until|till|to|of|during|before|after|early|late|mid|the|a|its|his"
    r"|her|their|year) $",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r" ([a-z][\w’'-]*)")
# Cardinal words from two up; "one" is too often a pronoun ("one of the aspects").
_WORD_VALUES = dict(
    zip(
        _split(
            "two three four five six seven eight nine ten eleven twelve twenty thirty forty"
            " fifty sixty seventy eighty ninety hundred"
        ),
        (*range(2, 13), 20, 30, 40, 50, 60, 70, 80, 90, 100),
        strict=True,
    )
)
_NUMBER_WORD = re.compile(
    rf"\b(?:{'|'.join(_WORD_VALUES)})(?: (?:thousand|million|billion))?(?=[- ][a-z])",
    re.IGNORECASE,
)
# "the two nations" refers back to things already named; it states no figure.
_REFERRING = re.compile(r"\b(?:the|these|those|both|all) $", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Written:
    """A figure as printed and as a value.

    `text` runs from its qualifier or currency sign to its scale or percent
    sign ("over 80,000", "$6 billion", "40%"); `unit` is "US$", "€", "£", "%",
    "year", or "" for a count (the noun after it says what it counts).
    """

    text: str
    start: int
    end: int
    value: float
    kind: ReadKind
    unit: str
    qualifier: str


def read(text: str) -> tuple[Written, ...]:
    """Every count, amount and year in the text, in reading order (days are `dates`' job)."""
    found = [w for m in _DIGITS.finditer(text) if (w := _read_digits(text, m))]
    found += [
        _read_word(text, m)
        for m in _NUMBER_WORD.finditer(text)
        if not _REFERRING.search(text, max(0, m.start() - 8), m.start())
    ]
    return tuple(sorted(found, key=lambda w: w.start))


def _is_name(text: str, start: int) -> bool:
    return bool(_NAME.search(text, max(0, start - 2), start))


def _read_digits(text: str, match: re.Match[str]) -> Written | None:
    start, end = match.span()
    if start and _GLUED_BEFORE.match(text, start - 1):  # "MS-13", "p35Aq", "3:27"
        return None
    currency = _CURRENCY.search(text, max(0, start - 3), start)
    if currency:
        start = currency.start()
    value = float(match.group(0).replace(",", ""))
    scale = _SCALE_AFTER.match(text, end)
    if scale and (scale.group("word") or scale.group("abbr").lower() == "bn" or currency):
        value *= _SCALE_VALUES[scale.group(scale.lastgroup).lower()]
        end = scale.end()
    elif _GLUED_AFTER.match(text, end):
        return None
    unit = _CURRENCY_UNIT[currency.group(1)] if currency else ""
    if percent := _PERCENT.match(text, end):
        unit, end = "%", percent.end()
    elif not currency and (money := _MONEY_WORD.match(text, end)):
        unit, end = _MONEY_UNIT[money.group("word").lower()], money.end()
    first, qualifier = _qualified(text, start)
    if unit:
        kind: ReadKind = "amount"
    elif not qualifier and scale is None and _is_year(text, match):
        kind, unit = "year", "year"
    else:
        kind = "count"
    return Written(text[first:end], first, end, value, kind, unit, qualifier)


def _qualified(text: str, start: int) -> tuple[int, str]:
    """Where a figure starts once its bounding words are in ("over 80,000"), and those words."""
    qualifier = _QUALIFIER.search(text, max(0, start - 20), start)
    return (qualifier.start(), qualifier.group(0).strip().lower()) if qualifier else (start, "")


def _is_year(text: str, match: re.Match[str]) -> bool:
    """ "since 2022" is a year; "2000 troops" is a count; "1,999" always a count."""
    written = match.group(0)
    if len(written) != 4 or not written.isdigit() or not _YEAR[0] <= int(written) <= _YEAR[1]:
        return False
    if _YEAR_CUE.search(text, max(0, match.start() - 8), match.start()):
        return True
    return not _NEXT_WORD.match(text, match.end())


def _read_word(text: str, match: re.Match[str]) -> Written:
    words = match.group(0).lower().split()
    value = float(_WORD_VALUES[words[0]]) * (_SCALE_VALUES[words[1]] if len(words) > 1 else 1)
    start, qualifier = _qualified(text, match.start())
    return Written(text[start : match.end()], start, match.end(), value, "count", "", qualifier)
