"""Editor notes anchored to exact passages (`content/notes.yaml`).

    notes:
      - id: south-american-country        # a slug, unique: the note's page anchor
        article: 003_979046fa02e13a40.txt   # the raw file's name in content/
        quote: the South American country   # the passage, exactly as printed
        prefix: "agreed that "              # optional: text just before it
        suffix: " would house"              # optional: text just after it
        note: El Salvador is in Central America, not South America.
        verdict: incorrect                  # optional: see VERDICTS

A note picks its passage the way a W3C TextQuoteSelector does: by quoting it,
with a prefix or suffix only where the words occur more than once. The quote
is searched paragraph by paragraph (`#pN`), character for character, so a
note can never silently slide onto other words. A note that matches nothing,
or more than one place, is an error: published, it would annotate the wrong
text or vouch for a passage the article no longer prints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ..findings import AnchoredNote, Note, TextQuoteSelector
from ..lined_yaml import Entry, mapping, scalar, unknown_key
from ..model import Article, Problem

# The editor's ruling on a passage. Each maps onto a schema.org ClaimReview
# rating later, so the list stays short and every word has one meaning:
VERDICTS = {
    "incorrect": "the passage states something false",
    "misleading": "true in part, or a quotation in words other than the speaker's",
    "misattributed": "words or acts given to someone other than who said or did them",
    "unsupported": "nothing in the article or elsewhere bears it out",
}
FIELDS = ("id", "article", "quote", "prefix", "suffix", "note", "verdict")
_REQUIRED = ("id", "article", "quote", "note")
_EXACT = ("quote", "prefix", "suffix")  # a TextQuoteSelector's exact, prefix, suffix
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FORMAT = "see “Editor notes” in README.md"

# Characters that print alike but are not equal; an editor who types a straight
# quote for the article's curly one should be told that, not "no match".
_QUOTES, _DASHES = ("'’‘‛′", '"“”„″'), "-–—‐‑‒−"
_ALIKE = {c: group for group in _QUOTES for c in group}
# What a typographic difference is made of. A dash takes its spacing with it,
# so " - " typed for the article's "—" is one difference, not three.
_TOKEN = re.compile(rf"\s*[{_DASHES}]\s*|\s+|\.\.\.|…|.", re.S)


def parse(text: str, path: str) -> tuple[tuple[Note, ...], tuple[Problem, ...]]:
    """The well-formed notes, and an error (with its line) for every mistake in the file."""
    entries, problems = mapping(text, path, "notes.yaml")
    if entries is None:
        return (), tuple(replace(p, level="error") for p in problems)
    found = [unknown_key(path, k, e.line, ("notes",)) for k, e in entries.items() if k != "notes"]
    listed = entries.get("notes", Entry([], 1))
    if isinstance(listed.value, str) and scalar(listed.value) is None:
        listed = Entry([], listed.line)  # `notes:` with nothing under it: no notes yet
    if not isinstance(listed.value, list):
        hint = f"start each note with `- `; {_FORMAT}"
        found.append(Problem(path, "`notes` is not a list", hint, listed.line))
    notes: list[Note] = []
    seen: dict[str, int] = {}
    for item in listed.value if isinstance(listed.value, list) else ():
        note, wrong = _note(item, path)
        if note and note.id in seen:
            used = f"the id is already used at line {seen[note.id]}"
            wrong.append(_say(path, note, used, "give each note its own id"))
        elif note:
            seen[note.id] = note.line
        found.extend(wrong)
        if note and not wrong:
            notes.append(note)
    return tuple(notes), tuple(replace(p, level="error") for p in found)


def _note(item: Entry, path: str) -> tuple[Note | None, list[Problem]]:
    """One list item as a Note (None without an id), and what is wrong with it, each at its line."""
    if not isinstance(item.value, dict):
        return None, [
            Problem(path, "a note is not a set of `key: value` lines", _FORMAT, item.line)
        ]
    raw: dict[str, Entry] = item.value
    # The quote and its context are kept exactly: a space in "agreed that " is part of the match.
    fields = {k: e.value if k in _EXACT else scalar(e.value) for k, e in raw.items()}
    fields = {k: v for k, v in fields.items() if isinstance(v, str) and v.strip()}
    note = Note(
        id=fields.get("id", ""),
        article=fields.get("article", ""),
        selector=TextQuoteSelector(*(fields.get(k, "") for k in _EXACT)),
        body=fields.get("note", ""),
        line=item.line,
        verdict=fields.get("verdict"),
    )
    problems: list[Problem] = []

    def wrong(what: str, action: str, key: str | None = None) -> None:
        problems.append(_say(path, note, what, action, raw[key].line if key else item.line))

    for key, entry in raw.items():
        if key not in FIELDS:
            wrong(f"unknown field `{key}`", unknown_key(path, key, entry.line, FIELDS).action, key)
        elif not isinstance(entry.value, str):
            wrong(f"`{key}` is not text", "write it on one line after the colon", key)
    for key in _REQUIRED:
        # A value that is there but not text was reported above; absent or blank is missing.
        if key not in fields and (key not in raw or isinstance(raw[key].value, str)):
            wrong(f"has no `{key}`", f"add `{key}:`; {_FORMAT}")
    if note.id and not _SLUG.match(note.id):
        wrong("the id is not a slug", "use lower-case letters, digits and hyphens", "id")
    if note.verdict and note.verdict not in VERDICTS:
        close = difflib.get_close_matches(note.verdict, VERDICTS, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(VERDICTS)}"
        wrong(f"`verdict: {note.verdict}` is not a verdict", hint, "verdict")
    return (note if note.id else None), problems


def anchor(
    notes: Sequence[Note], articles: Sequence[Article], path: str
) -> tuple[tuple[AnchoredNote, ...], tuple[Problem, ...]]:
    """Each note at the one place its passage is; an error for each note not found exactly once."""
    by_name = {a.source.name: a for a in articles}
    anchored: list[AnchoredNote] = []
    problems: list[Problem] = []
    for note in notes:
        article = by_name.get(note.article)
        places = _places(article, note.selector) if article else []
        if article and len(places) == 1:
            anchored.append(AnchoredNote(note, article.id, *places[0]))
            continue
        if article is None:
            close = difflib.get_close_matches(note.article, by_name, n=1, cutoff=0.8)
            what, action = (
                "there is no such article",
                (f"did you mean `{close[0]}`?" if close else "name a raw file in content/"),
            )
        elif places:
            where = ", ".join(f"p{block}" for block, _, _ in places)
            what = f"the quote occurs {len(places)} times (in {where})"
            action = "add a `prefix` or `suffix` (the words just before or after it) to pick one"
        else:
            what = f"the quote matches nothing; {_nearest(article, note.selector)}"
            action = "quote the passage as the article prints it now, or delete the note"
        problems.append(_say(path, note, what, action))
    return tuple(anchored), tuple(problems)


def _places(article: Article, selector: TextQuoteSelector) -> list[tuple[int, int, int]]:
    """(block, start, end) of every occurrence of the quote with its prefix and suffix."""
    places = []
    for number, block in enumerate(article.blocks, 1):
        start = block.text.find(selector.exact)
        while start >= 0:
            end = start + len(selector.exact)
            # The prefix need only end what precedes; the suffix need only start what follows.
            before, after = block.text[:start], block.text[end:]
            if before.endswith(selector.prefix) and after.startswith(selector.suffix):
                places.append((number, start, end))
            start = block.text.find(selector.exact, start + 1)
    return places


def _nearest(article: Article, selector: TextQuoteSelector) -> str:
    """What the article prints that comes closest to the note's passage, and how it differs."""
    exact, prefix, suffix = selector.exact, selector.prefix, selector.suffix
    alike = _lenient(prefix) + "(" + _lenient(exact) + ")" + _lenient(suffix)
    for number, block in enumerate(article.blocks, 1):
        if found := re.search(alike, block.text):
            how = _differences(found.group(0), prefix + exact + suffix)
            return f"p{number} prints “{_short(found.group(1))}”, but {how}"
    for number, block in enumerate(article.blocks, 1):
        if (start := block.text.find(exact)) >= 0:
            # The words are there; it is the context that moved. Show what surrounds them now.
            end, width = start + len(exact), max(len(prefix), len(suffix), 20)
            first, last = _whole_words(block.text, start - width, end + width)
            around = _short(block.text[first:last])
            return f"“{_short(exact)}” is in p{number}, but with other words around it: “{around}”"
    if not article.blocks:
        return "the article has no text"
    match, number, text = max(
        (
            (fuzz.partial_ratio_alignment(exact, b.text), n, b.text)
            for n, b in enumerate(article.blocks, 1)
        ),
        key=lambda found: found[0].score,
    )
    start, end = _whole_words(text, match.dest_start, match.dest_end)
    alike = fuzz.ratio(exact, text[start:end])
    return f"the nearest passage is p{number} “{_short(text[start:end])}” ({alike:.0f}% alike)"


def _lenient(text: str) -> str:
    """A pattern that matches `text` whatever its quote marks, dashes, ellipses and spacing."""
    parts = []
    for token in _TOKEN.findall(text):
        if token.isspace():
            parts.append(r"\s+")
        elif token.strip() in _DASHES:
            parts.append(rf"\s*[{_DASHES}]\s*")
        elif token in ("...", "…"):
            parts.append(r"(?:…|\.\.\.)")
        else:
            parts.append(f"[{re.escape(_ALIKE[token])}]" if token in _ALIKE else re.escape(token))
    return "".join(parts)


def _differences(printed: str, quoted: str) -> str:
    """The typographic differences, said the way an editor can fix them.

    `printed` matched the lenient pattern of `quoted`, so their tokens pair up one to one.
    """
    pairs = zip(_TOKEN.findall(printed), _TOKEN.findall(quoted), strict=False)
    said = dict.fromkeys(
        f"the article writes {_show(mine)} where the note writes {_show(theirs)}"
        for mine, theirs in pairs
        if mine != theirs
    )
    return "; ".join(said) + " (only quote marks, dashes, ellipses or spacing differ)"


def _show(chars: str) -> str:
    """Characters as an editor can see them: spacing is named, since it prints as nothing."""
    if not chars:
        return "nothing"
    if not chars.isspace():
        return chars if chars == chars.strip() else f"{chars.strip()} with spaces around it"
    if len(set(chars)) > 1:
        return "mixed spacing"
    names = {" ": "space", "\n": "line break", "\t": "tab", "\u00a0": "no-break space"}
    name = names.get(chars[0], "space")
    return f"a {name}" if len(chars) == 1 else f"{len(chars)} {name}s"


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span snapped to the nearest word edges (on a tie, outwards).

    A fuzzy alignment has the quote's length, so it can cut a word ("the South
    American countr"); the nearest edges give the words the reader will find.
    """
    words = [m.span() for m in re.finditer(r"\S+", text)]
    first = min((a for a, _ in words), key=lambda a: (abs(a - start), a), default=start)
    ends = [b for _, b in words if b > first]
    last = min(ends, key=lambda b: (abs(b - end), -b), default=end)
    return first, last


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _say(path: str, note: Note, what: str, action: str, line: int | None = None) -> Problem:
    """A problem naming the note and its article, so the editor finds it without counting."""
    name = f"note `{note.id}`" if note.id else "a note"
    on = f" on {note.article}" if note.article else ""
    return Problem(path, f"{name}{on}: {what}", action, line or note.line, "error")
