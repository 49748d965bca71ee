"""The three kinds of raw article, each read into the same `Reading`.

- A `.txt` capture is the article's text, whole.
- A `.md` file may open with YAML front matter between two `---` lines: the same
  fields as a sidecar, checked by the sidecar parser, with every problem's line
  counted in the .md file. The text after it is the article's, read exactly like
  a .txt capture (Markdown markup in it is not interpreted). A sidecar beside the
  .md wins field by field; a field both give differently is reported, so the
  editor knows which value is shown.
- A saved web page (`.html`, `.htm`) goes through `extract.extract_html`: its
  article text, and the metadata the page states with the tag that states it.
  A page without an article is a problem, and the file is skipped.

Pure functions: the raw file itself is never changed, it stays the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .extract import extract_html
from .lined_yaml import mapping
from .model import EditorMeta, PageMeta, Problem, Reading, Source
from .sidecars import SIDECAR_FIELDS, parse_sidecar
from .sources import format_of

_FENCE = "---"
_FENCE_ENDS = ("---", "...")
_OPENING_LINES = 1


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A .md file split in two: its front matter (and each field's line), and its text.

    `body` keeps the file's line numbers: the front matter's lines are left empty,
    and the normaliser skips empty lines.
    """

    meta: EditorMeta | None
    lines: dict[str, int]
    body: str


def read(
    source: Source, path: str, sidecar: EditorMeta | None
) -> tuple[Reading | None, EditorMeta | None, tuple[Problem, ...]]:
    """The article's text and its editor metadata, or None and why the file is skipped.

    The editor metadata is the sidecar's, completed by a .md file's front matter.
    Problems that come with a Reading are notes; the article is still published.
    """
    kind = format_of(source.name)
    if kind == "html":
        found = extract_html(source.text, path)
        if isinstance(found, Problem):
            return None, None, (found,)
        page = PageMeta(
            headline=found.headline,
            published=found.published,
            url=found.url,
            site_name=found.site_name,
            byline=found.byline,
            evidence=found.evidence,
        )
        return Reading("html", found.text, page), sidecar, ()
    if kind == "markdown":
        split = front_matter(source.text, path)
        if not isinstance(split, FrontMatter):
            skipped = Problem(
                path,
                "not published because its front matter has errors (listed above)",
                "fix the front matter and build again",
            )
            return None, None, (*split, skipped)
        meta, notes = merge(split, sidecar, path)
        if meta is None and notes:
            skipped = Problem(
                path,
                "not published because its front matter and its sidecar contradict each other",
                "correct one of the two and build again",
            )
            return None, None, (*notes, skipped)
        return Reading("markdown", split.body), meta, notes
    return Reading("text", source.text), sidecar, ()


def front_matter(text: str, path: str) -> FrontMatter | tuple[Problem, ...]:
    """Split a .md file into its front matter and its text, or say what is wrong.

    Without a `---` line at the very top, the whole file is the text. Problems
    name the line of the .md file, not of the front matter.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        return FrontMatter(None, {}, text)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() in _FENCE_ENDS), None)
    if end is None:
        return (
            Problem(
                path,
                "the front matter opened by `---` on line 1 has no closing `---` line",
                "add a line `---` after the last field, then the article's text",
                line=1,
            ),
        )
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    yaml_text = "".join(lines[1:end])
    if not yaml_text.strip():
        return FrontMatter(None, {}, body)
    # The YAML starts on the file's line 2: its line n is the file's line n + 1.
    meta, problems = parse_sidecar(yaml_text, path)
    if problems:
        return tuple(_moved(p, _OPENING_LINES) for p in problems)
    entries, _ = mapping(yaml_text, path)
    lines_of = {key: entry.line + _OPENING_LINES for key, entry in (entries or {}).items()}
    given = tuple(name for name in SIDECAR_FIELDS if getattr(meta, name) is not None)
    return FrontMatter(replace(meta, front_matter=given), lines_of, body)


def merge(
    front: FrontMatter, sidecar: EditorMeta | None, path: str
) -> tuple[EditorMeta | None, tuple[Problem, ...]]:
    """The sidecar's values, and the front matter's for the fields the sidecar leaves out.

    A field both give with different values is reported, and the sidecar's is
    used. None (with the problem) when the two together say something impossible:
    a publication date after the capture date.
    """
    if front.meta is None or sidecar is None:
        return sidecar or front.meta, ()
    beside = sidecar.path or "the sidecar"
    notes, values, from_front = [], {}, []
    for name in SIDECAR_FIELDS:
        mine, theirs = getattr(front.meta, name), getattr(sidecar, name)
        values[name] = theirs if theirs is not None else mine
        if theirs is None and mine is not None:
            from_front.append(name)
        if mine is not None and theirs is not None and mine != theirs:
            notes.append(
                Problem(
                    path,
                    f"the front matter gives {name}: {_shown(mine)}, but {beside} gives "
                    f"{_shown(theirs)}; the sidecar's value is used",
                    f"keep `{name}` in one of the two files",
                    line=front.lines.get(name),
                )
            )
    meta = EditorMeta(path=sidecar.path, front_matter=tuple(from_front), **values)
    if meta.published and meta.retrieved and meta.published > meta.retrieved:
        mine = "published" if "published" in from_front else "retrieved"
        return None, (
            Problem(
                path,
                f"published {meta.published} is after retrieved {meta.retrieved} (one is "
                f"from the front matter, the other from {beside}): a page cannot be "
                "captured before it was published",
                "check both dates against the capture",
                line=front.lines.get(mine),
            ),
        )
    return meta, tuple(notes)


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _moved(problem: Problem, by: int) -> Problem:
    return replace(problem, line=problem.line + by) if problem.line else problem
