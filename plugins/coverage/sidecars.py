"""Editor files: a sidecar per raw article and the story file, validated with line numbers.

Both are small YAML mappings. They are read as plain strings (YAML's own date
typing would turn "2025-02-30" into a crash) and every value is checked here, so
a mistake is reported as `FILE:LINE: what is wrong — what to do`.
"""

from __future__ import annotations

from datetime import date

from .lined_yaml import Entry, mapping, scalar, unknown_key
from .model import EditorMeta, PrimarySource, Problem, Story, StoryEvent

SIDECAR_FIELDS = (
    "outlet",
    "url",
    "published",
    "headline",
    "retrieved",
    "status",
    "notes",
    "date_order",
)
STATUSES = ("confirmed", "unverified")
DATE_ORDERS = {"DMY": "DMY", "MDY": "MDY", "day-month-year": "DMY", "month-day-year": "MDY"}


def parse_sidecar(text: str, path: str) -> tuple[EditorMeta | None, tuple[Problem, ...]]:
    """Read a sidecar. Returns None with the problems when it cannot be trusted."""
    entries, problems = mapping(text, path)
    if entries is None:
        return None, problems
    problems = list(problems)
    values: dict[str, object] = {}
    for key, entry in entries.items():
        if key not in SIDECAR_FIELDS:
            problems.append(unknown_key(path, key, entry.line, SIDECAR_FIELDS))
            continue
        value = scalar(entry.value)
        if value is None:
            continue
        if key in ("published", "retrieved"):
            parsed = _iso_date(value, key, path, entry.line)
            if isinstance(parsed, Problem):
                problems.append(parsed)
                continue
            value = parsed
        elif key == "status" and value not in STATUSES:
            problems.append(
                Problem(
                    path,
                    f"status: expected one of {', '.join(STATUSES)}, got {value!r}",
                    "write `status: confirmed` or `status: unverified`",
                    line=entry.line,
                )
            )
            continue
        elif key == "date_order":
            if value not in DATE_ORDERS:
                problems.append(
                    Problem(
                        path,
                        f"date_order: expected day-month-year or month-day-year, got {value!r}",
                        "write `date_order: day-month-year` (or month-day-year)",
                        line=entry.line,
                    )
                )
                continue
            value = DATE_ORDERS[value]
        values[key] = value
    published, retrieved = values.get("published"), values.get("retrieved")
    if isinstance(published, date) and isinstance(retrieved, date) and published > retrieved:
        problems.append(
            Problem(
                path,
                f"published {published} is after retrieved {retrieved}: a page cannot be "
                "captured before it was published",
                "check both dates against the capture",
                line=entries["published"].line,
            )
        )
    if problems:
        return None, tuple(problems)
    return EditorMeta(path=path, **values), ()


def parse_story(text: str, path: str) -> tuple[Story | None, tuple[Problem, ...]]:
    """Read the story file: title, summary and the key dates relative mentions resolve to."""
    entries, problems = mapping(text, path)
    if entries is None:
        return None, problems
    problems = list(problems)
    for key, entry in entries.items():
        if key not in _STORY_KEYS:
            problems.append(unknown_key(path, key, entry.line, _STORY_KEYS))
    title = scalar(entries["title"].value) if "title" in entries else None
    if not title:
        problems.append(Problem(path, "the story has no title", "add `title: …`", line=1))
    raw_events = _listed(
        entries,
        "events",
        "write each event as `- date: 2025-02-03` with a `label:` line under it",
        (path, problems),
    )
    events = _read_each(raw_events, _event, path, problems)
    listed = _listed(
        entries, "sources", "write each as `- id: …` with its fields", (path, problems)
    )
    sources = _read_each(listed, _primary_source, path, problems)
    if problems:
        return None, tuple(problems)
    summary = scalar(entries["summary"].value) if "summary" in entries else ""
    story = Story(
        title=title,
        summary=summary or "",
        events=tuple(sorted(events, key=_by_date)),
        sources=tuple(sources),
    )
    return story, ()


_STORY_KEYS = ("title", "summary", "events", "sources")
_SOURCE_KEYS = ("id", "speaker", "text", "where", "url")


def _listed(
    entries: dict[str, Entry], key: str, action: str, report: tuple[str, list[Problem]]
) -> list:
    """The items of a list field; anything else is reported and read as an empty list."""
    found = entries[key].value if key in entries else []
    if isinstance(found, list):
        return found
    path, problems = report
    problems.append(
        Problem(path, f"{key}: expected a list of `- …` items", action, entries[key].line)
    )
    return []


def _read_each(items: list, read, path: str, problems: list[Problem]) -> list:
    """Each item read by `read`; what it reports as a Problem is collected, not kept."""
    found = []
    for item in items:
        value = read(item, path)
        if isinstance(value, Problem):
            problems.append(value)
        else:
            found.append(value)
    return found


def _primary_source(item: Entry, path: str) -> PrimarySource | Problem:
    """Words as their speaker published them, which quotes of them are compared with."""
    fields = item.value if isinstance(item.value, dict) else {}
    for key, entry in fields.items():
        if key not in _SOURCE_KEYS:
            return unknown_key(path, key, entry.line, _SOURCE_KEYS)
    values = {key: scalar(entry.value) for key, entry in fields.items()}
    missing = [k for k in ("id", "speaker", "text", "where") if not values.get(k)]
    if missing:
        return Problem(
            path,
            f"a primary source without {', '.join(missing)}",
            "give each source `id:`, `speaker:`, `text:` (the words as published) and `where:`",
            line=item.line,
        )
    return PrimarySource(
        id=values["id"],
        speaker=values["speaker"],
        text=" ".join(values["text"].split()),
        where=values["where"],
        url=values.get("url"),
    )


def _by_date(event: StoryEvent) -> date:
    return event.date


def _event(item: Entry, path: str) -> StoryEvent | Problem:
    fields = item.value if isinstance(item.value, dict) else None
    if fields is None or "date" not in fields:
        return Problem(
            path,
            "an event without a date",
            "give every event `date: YYYY-MM-DD` and `label: …`",
            line=item.line,
        )
    day = _iso_date(scalar(fields["date"].value) or "", "date", path, fields["date"].line)
    if isinstance(day, Problem):
        return day
    weekday = scalar(fields["weekday"].value) if "weekday" in fields else None
    if weekday and weekday.lower() != day.strftime("%A").lower():
        return Problem(
            path,
            f"{day} is a {day.strftime('%A')}, not a {weekday}",
            "correct the date or the weekday",
            line=fields["weekday"].line,
        )
    label = scalar(fields["label"].value) if "label" in fields else ""
    return StoryEvent(date=day, label=label or "")


def _iso_date(value: str, key: str, path: str, line: int) -> date | Problem:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return Problem(
            path,
            f"{key}: {value!r} is not a real calendar date in YYYY-MM-DD form",
            f"write it as `{key}: 2025-02-05`, or leave the field out if the date is not known",
            line=line,
        )
