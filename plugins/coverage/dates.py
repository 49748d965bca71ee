"""Dates in and around an article, each with the rule that produced it.

Formats are parsed by dateparser, never by hand. What this module adds is the
reasoning a reader needs to see: which reading of an ambiguous "05-02-2025" was
taken and why, what "Monday" refers to in this story, and what the text allows
us to say about an undated article's publication day.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser

from .model import DateMention, DateValue, Story

_LANGUAGES = ["en"]
_ORDER_NAMES = {"DMY": "day-month-year", "MDY": "month-day-year"}

# Where to look for date expressions in running text. These only locate
# candidates; dateparser decides what each one means.
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?"
)
_CANDIDATES = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?(?!\d)|\d{{1,2}}\s+(?:{_MONTHS})(?:,?\s*\d{{4}})?"
    rf"|(?:{_WEEKDAYS})\b)"
)
_NUMERIC = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")


@lru_cache(maxsize=4096)
def parse(text: str, order: str | None = None, base: date | None = None) -> datetime | None:
    """Parse one date expression with dateparser; None if it is not a date."""
    settings: dict = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if order:
        settings["DATE_ORDER"] = order
    if base:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 23, 59)
    try:
        return dateparser.parse(text, languages=_LANGUAGES, settings=settings)
    except (ValueError, OverflowError):
        return None


def is_date_line(text: str) -> bool:
    """A line that is nothing but a date (and perhaps a time), like a page's date line."""
    words = text.split()
    return 0 < len(words) <= 6 and any(c.isdigit() for c in text) and parse(text) is not None


def read_date_line(
    text: str, order: str | None, story: Story | None, editor_order: bool
) -> DateValue | None:
    """Read a page's own date line, resolving day-month order by a rule that is shown."""
    numeric = _NUMERIC.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12:
        readings = {o: parse(text, o) for o in ("DMY", "MDY")}
        if readings["DMY"] and readings["MDY"] and readings["DMY"] != readings["MDY"]:
            chosen, rule = _choose_order(readings, order, story, editor_order)
            value = readings[chosen].date()
            return DateValue(
                value,
                "stated",
                f"in the page's date line, read {_ORDER_NAMES[chosen]}: {rule}",
                evidence=text.strip(),
            )
    parsed = parse(text, order)
    if parsed is None:
        return None
    return DateValue(parsed.date(), "stated", "in the page's date line", evidence=text.strip())


def _choose_order(
    readings: dict[str, datetime], order: str | None, story: Story | None, editor_order: bool
) -> tuple[str, str]:
    other = {"DMY": "MDY", "MDY": "DMY"}
    if order:
        alternative = readings[other[order]].date()
        who = (
            "the editor's sidecar says" if editor_order else "the COVERAGE_DATE_ORDER setting says"
        )
        return order, (
            f"{who} this site writes {_ORDER_NAMES[order]} (the other reading would be "
            f"{alternative:%-d %b %Y})"
        )
    if story and story.events:
        anchor = story.events[0].date

        def distance(o: str) -> int:
            return abs((readings[o].date() - anchor).days)

        chosen = min(("DMY", "MDY"), key=distance)
        return chosen, (
            f"of the two readings, {readings[chosen]:%-d %b %Y} is nearer the story's first date "
            f"({anchor:%-d %b %Y}) than {readings[other[chosen]]:%-d %b %Y}"
        )
    return "DMY", (
        "both readings are possible and nothing decides; day-first is the default "
        f"(the other reading would be {readings['MDY']:%-d %b %Y})"
    )


def read_capture_stamp(text: str) -> DateValue | None:
    """When the page was captured, read from its header clock ("calender_icon.png 5 December…")."""
    words = [w for w in text.replace("|", " ").split() if not looks_like_file_name(w)]
    parsed = parse(" ".join(words))
    if parsed is None:
        return None
    return DateValue(
        parsed.date(),
        "stated",
        "the date shown in the page's header beside a calendar icon is the site's clock "
        "at capture time, not the article's date",
        evidence=text.strip(),
    )


def looks_like_file_name(word: str) -> bool:
    return bool(re.fullmatch(r"[\w-]+\.(?:png|jpe?g|gif|svg|webp|ico)", word, re.IGNORECASE))


def mentions(text: str, block: int, story: Story | None) -> tuple[DateMention, ...]:
    """Every date expression in a block of running text, resolved against the story."""
    found = []
    for match in _CANDIDATES.finditer(text):
        found.append(resolve_mention(match.group(0), block, story))
    return tuple(found)


def resolve_mention(text: str, block: int, story: Story | None) -> DateMention:
    events = story.events if story else ()
    if text in _WEEKDAYS.split("|"):
        on_that_day = [e for e in events if e.date.strftime("%A") == text]
        if len(on_that_day) == 1:
            event = on_that_day[0]
            return DateMention(
                text,
                event.date,
                f"‘{text}’ resolved against the story's event date {event.date.isoformat()}"
                f" ({event.label})",
                block,
            )
        why = "no" if not on_that_day else "more than one"
        return DateMention(text, None, f"‘{text}’: {why} story date falls on a {text}", block)
    base = events[-1].date if events else None
    parsed = parse(text, None, base)
    if parsed is None:
        return DateMention(text, None, f"‘{text}’ could not be read as a date", block)
    if re.search(r"\d{4}", text):
        return DateMention(text, parsed.date(), f"‘{text}’ as written", block)
    if base is None:
        return DateMention(text, None, f"‘{text}’ has no year and there is no story date", block)
    return DateMention(
        text, parsed.date(), f"‘{text}’ with the year of the story's dates ({base.year})", block
    )


def infer_published(evidence: list[tuple[date, str]]) -> DateValue | None:
    """An undated article was published no earlier than the latest day it reports as past.

    `evidence` pairs a day the text refers to with the words that say so.
    """
    if not evidence:
        return None
    latest = max(day for day, _ in evidence)
    reasons = sorted({why for day, why in evidence if day == latest})
    return DateValue(
        latest,
        "inferred",
        "; ".join(reasons),
        bound="not-before",
    )
