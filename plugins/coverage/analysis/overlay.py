"""The editor's corrections to the automatic claims (`content/claims.yaml`).

The matcher runs without this file; the overlay only corrects it:

    claims:            # name a claim: a new id (slug), a title, a note
      <id>: {id: …, title: …, note: …}
    merge:             # fold claims into one, which keeps the `into` id
      - {into: <id>, from: [<id>, …]}
    split:             # move sentences out of a claim into a new one
      - {from: <id>, id: <new id>, title: …, sentences: [{article: …, text: …}]}
    pin:               # a sentence the matcher missed belongs to a claim
      - {claim: <id>, article: <file>, text: <words of the sentence>}
    reject:            # a sentence the matcher put in a claim does not belong there
      - {claim: <id>, article: <file>, text: <words of the sentence>}

Rules name claims by the ids the build shows (automatic or given here) and
sentences by a passage of their words. A rule that no longer matches anything
is an error: it would otherwise publish a correction that corrects nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..findings import Sentence
from ..lined_yaml import Entry, mapping, scalar, unknown_key
from ..model import Problem
from .claims import Group

SECTIONS = ("claims", "merge", "split", "pin", "reject")
_FIELDS = {
    "claims": ("id", "title", "note"),
    "merge": ("into", "from"),
    "split": ("from", "id", "title", "note", "sentences"),
    "pin": ("claim", "article", "text"),
    "reject": ("claim", "article", "text"),
}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FORMAT = "see “Correcting claims” in README.md"


@dataclass(frozen=True, slots=True)
class Rule:
    """One correction, with its line so a stale rule can be pointed at."""

    section: str
    line: int
    fields: Mapping[str, object]

    def describe(self) -> str:
        target = self.fields.get("claim") or self.fields.get("into") or self.fields.get("from")
        return f"`{self.section}` rule for {target!s}" if target else f"`{self.section}` rule"


@dataclass(frozen=True, slots=True)
class Overlay:
    path: str
    rules: tuple[Rule, ...] = ()


def parse(text: str, path: str) -> tuple[Overlay, tuple[Problem, ...]]:
    """Read the overlay; every malformed rule is reported (as an error) with its line."""
    entries, problems = mapping(text, path, "claims.yaml")
    if entries is None:
        return Overlay(path), tuple(replace(p, level="error") for p in problems)
    rules: list[Rule] = []
    found: list[Problem] = []
    for section, entry in entries.items():
        if section not in SECTIONS:
            found.append(_error(unknown_key(path, section, entry.line, SECTIONS)))
            continue
        for line, raw, name in _items(section, entry):
            fields = _plain(raw)
            bad = [k for k in raw if k not in _FIELDS[section]]
            for key in bad:
                found.append(_error(unknown_key(path, key, raw[key].line, _FIELDS[section])))
            if not bad:
                rules.append(Rule(section, line, {"claim": name, **fields} if name else fields))
    valid = []
    for rule in rules:
        shape = _checked(rule, path)
        found.extend(shape)
        if not shape:
            valid.append(rule)
    return Overlay(path, tuple(valid)), tuple(found)


def _items(section: str, entry: Entry) -> list[tuple[int, dict[str, Entry], str | None]]:
    """(line, fields, claim id) of each rule: `claims` is keyed by id, the others are lists."""
    if section == "claims" and isinstance(entry.value, dict):
        return [
            (e.line, e.value, key) for key, e in entry.value.items() if isinstance(e.value, dict)
        ]
    if isinstance(entry.value, list):
        return [(e.line, e.value, None) for e in entry.value if isinstance(e.value, dict)]
    return []


def _plain(value: object) -> dict[str, object]:
    """Entries to plain strings, lists and dicts (line numbers dropped below the rule)."""

    def strip(item: object) -> object:
        item = item.value if isinstance(item, Entry) else item
        if isinstance(item, dict):
            return {k: strip(v) for k, v in item.items()}
        if isinstance(item, list):
            return [strip(v) for v in item]
        return scalar(item) if isinstance(item, str) else item

    stripped = strip(value)
    return stripped if isinstance(stripped, dict) else {}


def _checked(rule: Rule, path: str) -> list[Problem]:
    """Shape checks that need no claims: required fields, slug syntax."""
    required = {
        "merge": ("into", "from"),
        "split": ("from", "id", "sentences"),
        "pin": ("claim", "article", "text"),
        "reject": ("claim", "article", "text"),
        "claims": (),
    }[rule.section]
    problems = [
        Problem(path, f"{rule.describe()} has no `{key}`", f"add `{key}:`; {_FORMAT}", rule.line)
        for key in required
        if not rule.fields.get(key)
    ]
    new_id = rule.fields.get("id")
    if new_id is not None and not (isinstance(new_id, str) and _SLUG.match(new_id)):
        problems.append(
            Problem(
                path,
                f"{rule.describe()}: id {new_id!r} is not a slug",
                "use lower-case letters, digits and hyphens, e.g. `any-nationality-deportees`",
                rule.line,
            )
        )
    return [_error(p) for p in problems]


def apply(
    overlay: Overlay, groups: Sequence[Group], sentences: Mapping[str, Sequence[Sentence]]
) -> tuple[tuple[Group, ...], tuple[Problem, ...]]:
    """The groups as the editor corrected them, and an error for every rule that matched nothing.

    `sentences` maps each article's source file name to all of its sentences.
    """
    state = _State(overlay.path, {g.id: g for g in groups}, sentences)
    renames = {
        str(r.fields["claim"]): str(r.fields["id"])
        for r in overlay.rules
        if r.section == "claims" and r.fields.get("id")
    }
    state.aliases = {new: old for old, new in renames.items()}
    for section in ("reject", "pin", "merge", "split", "claims"):
        for rule in (r for r in overlay.rules if r.section == section):
            getattr(state, section)(rule)
    return tuple(state.groups.values()), tuple(state.problems)


@dataclass
class _State:
    path: str
    groups: dict[str, Group]
    sentences: Mapping[str, Sequence[Sentence]]

    def __post_init__(self) -> None:
        self.problems: list[Problem] = []
        self.aliases: dict[str, str] = {}

    def reject(self, rule: Rule) -> None:
        group, sentence = self._claim(rule, "claim"), self._sentence(rule, rule.fields)
        if group is None or sentence is None:
            return
        if sentence not in group.members:
            self._stale(rule, f"the sentence “{sentence.text}” is not in claim {group.id}")
            return
        self._put(_without(group, {sentence}))

    def pin(self, rule: Rule) -> None:
        group, sentence = self._claim(rule, "claim"), self._sentence(rule, rule.fields)
        if group is None or sentence is None:
            return
        if sentence in group.members:
            self._stale(rule, f"claim {group.id} already has “{sentence.text}”")
            return
        self._put(_with(group, [sentence], pinned=True))

    def merge(self, rule: Rule) -> None:
        into = self._claim(rule, "into")
        sources = rule.fields.get("from")
        names = sources if isinstance(sources, list) else [sources]
        merged = [self._claim(rule, "from", str(n)) for n in names]
        if into is None or any(m is None for m in merged):
            return
        for other in merged:
            if other.id == into.id:
                self._stale(rule, f"claim {into.id} cannot be merged into itself")
                return
            into = _with(into, other.members, pinned=False, pinned_set=other.pinned)
            del self.groups[other.id]
        self._put(into)

    def split(self, rule: Rule) -> None:
        group = self._claim(rule, "from")
        listed = rule.fields.get("sentences")
        if group is None or not isinstance(listed, list):
            return
        moved = [self._sentence(rule, item) for item in listed if isinstance(item, dict)]
        if any(s is None for s in moved):
            return
        outside = [s for s in moved if s not in group.members]
        if outside:
            self._stale(rule, f"“{outside[0].text}” is not in claim {group.id}")
            return
        new_id = str(rule.fields["id"])
        if self._clash(rule, new_id):
            return
        self._put(_without(group, set(moved)))
        self.groups[new_id] = Group(
            id=new_id,
            members=tuple(moved),
            scores=tuple(1.0 for _ in moved),
            pinned=frozenset(moved),
            title=_text(rule.fields.get("title")),
            note=_text(rule.fields.get("note")),
            by_editor=True,
        )

    def claims(self, rule: Rule) -> None:
        group = self._claim(rule, "claim")
        if group is None:
            return
        new_id = str(rule.fields.get("id") or group.id)
        if new_id != group.id and self._clash(rule, new_id):
            return
        del self.groups[group.id]
        self.groups[new_id] = replace(
            group,
            id=new_id,
            title=_text(rule.fields.get("title")) or group.title,
            note=_text(rule.fields.get("note")) or group.note,
            by_editor=True,
        )

    def _put(self, group: Group) -> None:
        self.groups[group.id] = group

    def _claim(self, rule: Rule, key: str, name: str | None = None) -> Group | None:
        name = name if name is not None else str(rule.fields.get(key))
        group = self.groups.get(name) or self.groups.get(self.aliases.get(name, ""))
        if group is None:
            self._stale(
                rule,
                f"no claim has the id {name!r}",
                "use an id from data/claims.json or the claims-to-review page",
            )
        return group

    def _sentence(self, rule: Rule, fields: Mapping[str, object]) -> Sentence | None:
        article, words = str(fields.get("article")), _text(fields.get("text")) or ""
        candidates = self.sentences.get(article)
        if candidates is None:
            self._stale(rule, f"there is no article {article!r}", "name a file in content/")
            return None
        matches = [s for s in candidates if words and words in s.text]
        if len(matches) == 1:
            return matches[0]
        if matches:
            self._stale(
                rule,
                f"“{words}” occurs in {len(matches)} sentences of {article}",
                "quote more of the sentence so it names just one",
            )
        else:
            self._stale(rule, f"no sentence of {article} contains “{words}”")
        return None

    def _clash(self, rule: Rule, new_id: str) -> bool:
        if new_id in self.groups:
            self._stale(
                rule, f"the id {new_id!r} is already a claim's id", "choose another slug", "clash"
            )
            return True
        return False

    def _stale(
        self,
        rule: Rule,
        why: str,
        action: str = "update or delete the rule",
        kind: str = "stale",
    ) -> None:
        message = (
            f"{rule.describe()}: {why}"
            if kind == "clash"
            else (f"{rule.describe()} no longer matches: {why}")
        )
        self.problems.append(Problem(self.path, message, action, rule.line, "error"))


def _with(
    group: Group,
    members: Sequence[Sentence],
    pinned: bool,
    pinned_set: frozenset[Sentence] = frozenset(),
) -> Group:
    new = [s for s in members if s not in group.members]
    return replace(
        group,
        members=group.members + tuple(new),
        scores=group.scores + tuple(1.0 for _ in new),
        pinned=group.pinned | pinned_set | (frozenset(new) if pinned else frozenset()),
        by_editor=True,
    )


def _without(group: Group, gone: set[Sentence]) -> Group:
    pairs = zip(group.members, group.scores, strict=True)
    kept = [(s, score) for s, score in pairs if s not in gone]
    return replace(
        group,
        members=tuple(s for s, _ in kept),
        scores=tuple(score for _, score in kept),
        pinned=group.pinned - gone,
        by_editor=True,
    )


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _error(problem: Problem) -> Problem:
    return replace(problem, level="error")
