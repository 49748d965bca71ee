"""Pages the last build published, each with a digest of everything it was rendered from.

Most pages of a large archive do not change when one article is added: a reuse
pair page shows two articles and what they share, and a new article elsewhere
changes neither. Such a page kind is rendered from its own view and the
settings alone (the glue hands its template nothing else), so a digest of the
view's inputs, the settings, the theme and the code is a complete key for it.

When the key of a page equals the key recorded for it, and the published file is
still the one that was recorded (its size and modification time), the build
links the published file into the staging folder instead of rendering the page
again. Any doubt (no record, another output folder, an edited or missing file, an
unreadable record) means the page is rendered, so a wrong answer here costs time,
never a stale page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from stat import S_ISREG

from .cache import write_atomically
from .cache_keys import digest
from .spool import Spool

_BATCH = 1000
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Published:
    """One page as the last build left it: its key and the file's size and time."""

    key: str
    size: int
    mtime_ns: int


def settings_digest(settings: Mapping[str, object]) -> str:
    """A digest of the settings a template can read (UPPER_CASE), stable across runs.

    Plain data (text, numbers, lists, dicts) is digested by value. Code and other
    objects are digested by their type's name only: their repr carries a memory
    address that differs on every run. A change to a Jinja filter's code is
    therefore not seen here (the plugin's own code is, in the glue's context key).
    """
    plain = {key: _plain(value) for key, value in settings.items() if key.isupper()}
    return digest(json.dumps(plain, sort_keys=True, ensure_ascii=False))


def _plain(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v)) for v in value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    kind = type(value)
    return f"<{kind.__module__}.{kind.__qualname__}>"


def folder_digest(folders: Iterable[Path]) -> str:
    """A digest of every file under the folders, by relative path and bytes."""
    parts: list[str | bytes] = []
    for folder in folders:
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


class PageCache:
    """The record of published pages, read at the start of a build and written after it."""

    def __init__(self, record: Path, output: Path, context_key: str, enabled: bool = True):
        self.record = record
        self.output = output
        self.context_key = context_key
        self.enabled = enabled
        # Each page's entry in the next record as it is decided, for `save` (`_decide`).
        self._decided = Spool(record.parent)
        self.reused = 0
        self._output = str(output)

    @cached_property
    def _last(self) -> dict[str, Published]:
        # Read when the first page is decided, not when the build starts: at 10,000 articles
        # the record's 287,111 pages were held through the whole analysis for nothing.
        return self._read() if self.enabled else {}

    def key(self, name: str, inputs: str) -> str:
        """The page's key: what it was rendered from, where it is saved, and the context."""
        return digest(self.context_key, name, inputs)

    def reuse(self, name: str, inputs: str, staging: str | Path) -> bool:
        """Link the published page into the staging folder if its key is unchanged."""
        if not self.enabled:
            return False
        key = self.key(name, inputs)
        # Each page is asked about once, so its entry is let go: at 10,000 articles the last
        # record holds 287,111 pages, and an added article's build held it whole beside its own.
        last = self._last.pop(name, None)
        if last is None or last.key != key:
            self._decide(name, key)
            return False
        # Plain strings and one lstat: at 29,000 pages, pathlib and a stat per question cost
        # more than the decision itself.
        published = os.path.join(self._output, name)
        try:
            stat = os.lstat(published)
            if not S_ISREG(stat.st_mode) or (stat.st_size, stat.st_mtime_ns) != (
                last.size,
                last.mtime_ns,
            ):
                self._decide(name, key)
                return False
            staged = os.path.join(staging, name)
            try:
                os.link(published, staged)
            except FileNotFoundError:  # the page's folder is not staged yet
                os.makedirs(os.path.dirname(staged), exist_ok=True)
                os.link(published, staged)
        except OSError:
            self._decide(name, key)
            return False
        self._decide(name, key, last)
        self.reused += 1
        return True

    def _decide(self, name: str, key: str, published: Published | None = None) -> None:
        """Note the page's entry for the next record: whole, when the published file is
        reused (the swap keeps the file, its size and its time); else its name and key,
        for `save` to look the new file up.

        Written as the record's own JSON: a row of JSON made for each page, read back and
        made into the record's JSON again, then a `stat` of each, took about 1 s of 64,000
        pages at 2,000 articles, at the very end of an added article's build.
        """
        if published is None:
            self._decided.write(f"?{json.dumps([name, key])}")
        else:
            entry = [key, published.size, published.mtime_ns]
            self._decided.write(f"{json.dumps(name)}: {json.dumps(entry)}")

    def save(self) -> None:
        """Record each keyed page as published (call after the staging folder is swapped in)."""
        if not self.enabled:
            return
        try:
            write_entries(self.record, _FORMAT, self.output, "pages", self._published())
        finally:
            self._decided.close()

    def _published(self) -> Iterator[str]:
        """Each keyed page's entry, in the order the pages were decided, as the published
        file stands (a page decided twice is recorded as last decided)."""
        for line in self._decided.lines():
            if not line.startswith("?"):
                yield line
                continue
            name, key = json.loads(line[1:])
            try:
                stat = os.stat(os.path.join(self._output, name))
            except OSError:
                continue
            yield f"{json.dumps(name)}: {json.dumps([key, stat.st_size, stat.st_mtime_ns])}"

    def _read(self) -> dict[str, Published]:
        """The last record, or nothing if it is missing, unreadable or for another output."""
        try:
            pages = read_record(self.record, _FORMAT, self.output, "pages")
            return {name: Published(*entry) for name, entry in pages.items()}
        except TypeError:
            return {}


def write_record(
    path: Path,
    version: int,
    output: Path,
    name: str,
    entries: Mapping[str, object] | Iterable[tuple[str, object]],
) -> None:
    """Record what a build published into `output` (after the swap), for the next build:
    `entries` under `name`, with the record's format `version`."""
    items = entries.items() if isinstance(entries, Mapping) else entries
    made = (f"{json.dumps(key)}: {json.dumps(entry)}" for key, entry in items)
    write_entries(path, version, output, name, made)


def write_entries(path: Path, version: int, output: Path, name: str, made: Iterable[str]) -> None:
    """`write_record`, with each entry already made into its JSON (`"key": value`).

    The JSON is written an entry at a time, as `json.dumps` would write the whole: at
    10,000 articles the page record has 287,111 entries, and made as one dict, then one
    string, then its bytes, it was the largest thing the build held at its very end.
    """
    head = json.dumps({"format": version, "output": str(output.resolve())})

    def parts() -> Iterator[bytes]:
        yield f"{head[:-1]}, {json.dumps(name)}: {{".encode()
        # A thousand entries to a write: one write each made saving 287,111 entries slower
        # by half.
        batch: list[str] = []
        for n, entry in enumerate(made):
            batch.append(f"{', ' if n else ''}{entry}")
            if len(batch) == _BATCH:
                yield "".join(batch).encode()
                batch.clear()
        yield "".join(batch).encode() + b"}}"

    write_atomically(path, parts())


def read_record(path: Path, version: int, output: Path, name: str) -> dict:
    """The entries a `write_record` left under `name`; none if the record is missing,
    unreadable, of another format or for another output folder."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != version or data["output"] != str(output.resolve()):
            return {}
        entries = data[name]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}
