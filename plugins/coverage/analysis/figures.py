"""The numbers and dates a sentence states, read as values so they can be compared.

"80,000" and "81,000" are two values of one quantity; "Monday" and
"February 3" are the same day once "Monday" is resolved against the story's
dates (that resolution lives in `dates.py`, shared with the metadata stage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .. import dates
from ..model import Story

# Digits with thousands separators, or a number word big enough to be a figure.
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w,])")
_SCALE = re.compile(r"^\s*(million|billion|thousand)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_YEAR = (1900, 2100)


@dataclass(frozen=True)
class Figure:
    """A number as written (`text`) and as a value."""

    text: str
    value: float
    start: int
    end: int


def numbers(text: str) -> tuple[Figure, ...]:
    """Every figure in the text, except years (those are dates)."""
    found = []
    for match in _NUMBER.finditer(text):
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
