"""Editor files: a sidecar per raw article and the story file, validated with line numbers.

Both are small YAML mappings. They are read as plain strings (YAML's own date
typing would turn "2025-02-30" into a crash) and every value is checked here, so
a mistake is reported as `FILE:LINE: what is wrong — what to do`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

import yaml

from .model import EditorMeta, Problem, Story, StoryEvent

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
# YAML's ways of saying "nothing here"; an editor writes these for "not given".
_EMPTY = {"", "~", "null", "none", "unknown", "not given"}


@dataclass(frozen=True)
class _Entry:
    value: object
    line: int


def parse_sidecar(text: str, path: str) -> tuple[EditorMeta | None, tuple[Problem, ...]]:
    """Read a sidecar. Returns None with the problems when it cannot be trusted."""
    entries, problems = _mapping(text, path)
    if entries is None:
        return None, problems
    problems = list(problems)
    values: dict[str, object] = {}
    for key, entry in entries.items():
        if key not in SIDECAR_FIELDS:
            problems.append(_unknown_key(path, key, entry.line, SIDECAR_FIELDS))
            continue
        value = _scalar(entry.value)
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
    entries, problems = _mapping(text, path)
    if entries is None:
        return None, problems
    problems = list(problems)
    for key, entry in entries.items():
        if key not in ("title", "summary", "events"):
            problems.append(_unknown_key(path, key, entry.line, ("title", "summary", "events")))
    title = _scalar(entries["title"].value) if "title" in entries else None
    if not title:
        problems.append(Problem(path, "the story has no title", "add `title: …`", line=1))
    events: list[StoryEvent] = []
    raw_events = entries["events"].value if "events" in entries else []
    if not isinstance(raw_events, list):
        raw_events = []
        problems.append(
            Problem(
                path,
                "events: expected a list of `- date: YYYY-MM-DD` items",
                "write each event as `- date: 2025-02-03` with a `label:` line under it",
                line=entries["events"].line,
            )
        )
    for item in raw_events:
        event = _event(item, path)
        if isinstance(event, Problem):
            problems.append(event)
        else:
            events.append(event)
    if problems:
        return None, tuple(problems)
    summary = _scalar(entries["summary"].value) if "summary" in entries else ""
    story = Story(title=title, summary=summary or "", events=tuple(sorted(events, key=_by_date)))
    return story, ()


def _by_date(event: StoryEvent) -> date:
    return event.date


def _event(item: _Entry, path: str) -> StoryEvent | Problem:
    fields = item.value if isinstance(item.value, dict) else None
    if fields is None or "date" not in fields:
        return Problem(
            path,
            "an event without a date",
            "give every event `date: YYYY-MM-DD` and `label: …`",
            line=item.line,
        )
    day = _iso_date(_scalar(fields["date"].value) or "", "date", path, fields["date"].line)
    if isinstance(day, Problem):
        return day
    weekday = _scalar(fields["weekday"].value) if "weekday" in fields else None
    if weekday and weekday.lower() != day.strftime("%A").lower():
        return Problem(
            path,
            f"{day} is a {day.strftime('%A')}, not a {weekday}",
            "correct the date or the weekday",
            line=fields["weekday"].line,
        )
    label = _scalar(fields["label"].value) if "label" in fields else ""
    return StoryEvent(date=day, label=label or "")


def _mapping(text: str, path: str) -> tuple[dict[str, _Entry] | None, tuple[Problem, ...]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or "not valid YAML"
        return None, (
            Problem(path, f"not valid YAML ({reason})", "fix the syntax at that line", line=line),
        )
    if node is None:
        return None, (Problem(path, "the file is empty", "fill it in or delete it"),)
    if not isinstance(node, yaml.MappingNode):
        return None, (
            Problem(
                path,
                "expected `key: value` lines at the top level",
                "see the sidecar format in README.md",
                line=node.start_mark.line + 1,
            ),
        )
    converted = _convert(node)
    return converted.value, ()


def _convert(node: yaml.Node) -> _Entry:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _Entry({str(k.value): _convert(v) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return _Entry([_convert(v) for v in node.value], line)
    return _Entry(node.value, line)


def _scalar(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return None if value.lower() in _EMPTY else value


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


def _unknown_key(path: str, key: str, line: int, known: tuple[str, ...]) -> Problem:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(known)}"
    return Problem(path, f"unknown field `{key}`", hint, line=line)
