"""YAML editor files read with line numbers, so every mistake can say where it is.

Values are kept as plain strings (YAML's own typing would turn "2025-02-30"
into a crash, and "no" into False); the module that owns a file checks them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml

from .model import Problem

# YAML's ways of saying "nothing here"; an editor writes these for "not given".
_EMPTY = {"", "~", "null", "none", "unknown", "not given"}


@dataclass(frozen=True, slots=True)
class Entry:
    value: object
    line: int


def mapping(
    text: str, path: str, what: str = "editor files"
) -> tuple[dict[str, Entry] | None, tuple[Problem, ...]]:
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
                f"see the format of {what} in README.md",
                line=node.start_mark.line + 1,
            ),
        )
    converted = convert(node)
    return converted.value, ()


def convert(node: yaml.Node) -> Entry:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        # A value's line is its key's line: that is where an editor looks for it.
        return Entry({str(k.value): _at(convert(v), k) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Entry([convert(v) for v in node.value], line)
    return Entry(node.value, line)


def scalar(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return None if value.lower() in _EMPTY else value


def unknown_key(path: str, key: str, line: int, known: tuple[str, ...]) -> Problem:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(known)}"
    return Problem(path, f"unknown field `{key}`", hint, line=line)


def _at(entry: Entry, key: yaml.Node) -> Entry:
    return Entry(entry.value, key.start_mark.line + 1)
