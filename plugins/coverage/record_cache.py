"""Writing a data file whose keyed records are copied from the file the site published.

reuse.json and reuse.csv hold a record per pair of articles: 250 MB at 1,000
articles, and encoding them took longer than any page. Adding an article
changes only the pairs it is in, and the exporter hands each pair's record over
as a `Keyed` piece whose key determines its text (export.py). So the cache
records where each keyed record sits in the published file, and the next build
copies an unchanged record's bytes from there, making only the records whose
keys are new. The published file is the one the last build wrote (or, when its
bytes did not change, the one before it: the same bytes), so the archive holds
no second copy of it.

Any doubt (no record, a record from other plugin code or for another output
folder, a published file whose size or time is not what the record says) means
every record is made afresh: a wrong answer here costs time, never a stale record.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .cache import write_atomically
from .export import Piece

_FORMAT = 2

# Where each keyed record of one file sits in it: key → (offset, length) in bytes.
Spans = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Written:
    """How a file was written: how many keyed records were copied, and how many made."""

    copied: int
    made: int


class RecordCache:
    """The record of where the published data files hold their keyed records.

    Read at the start of a build; `save` records the files this build wrote, once
    the staging folder has been swapped in.
    """

    def __init__(self, record: Path, output: Path, version: str, enabled: bool = True) -> None:
        self.record = record
        self.output = output
        self.version = version  # the plugin code's: a record's text depends on it
        self.enabled = enabled
        self._last = self._read() if enabled else {}
        self._spans: dict[str, Spans] = {}
        self.copied = self.made = 0  # keyed records, over every file this build wrote

    def write(self, name: str, staged: Path, pieces: Iterable[Piece]) -> Written:
        """Write the pieces to `staged`, copying the records the published `name` holds."""
        spans: Spans = {}
        copied = made = 0
        with ExitStack() as files:
            last, published = self._published(name, files)
            out = files.enter_context(staged.open("wb"))
            for piece in pieces:
                if isinstance(piece, str):
                    out.write(piece.encode("utf-8"))
                    continue
                at = last.get(piece.key)
                if at is None:
                    data = piece.make().encode("utf-8")
                    made += 1
                else:
                    published.seek(at[0])
                    data = published.read(at[1])
                    copied += 1
                spans[piece.key] = (out.tell(), len(data))
                out.write(data)
        if spans:
            self._spans[name] = spans
        self.copied += copied
        self.made += made
        return Written(copied, made)

    def save(self) -> None:
        """Record where this build's files hold their records (call after the swap)."""
        if not self.enabled:
            return
        files = {}
        for name, spans in sorted(self._spans.items()):
            try:
                stat = (self.output / name).stat()
            except OSError:
                continue
            files[name] = ((stat.st_size, stat.st_mtime_ns), spans)
        record = {
            "format": _FORMAT,
            "version": self.version,
            "output": str(self.output.resolve()),
            "files": files,
        }
        # Pickled: for the 91,000 records of reuse.json and reuse.csv, JSON took a second.
        write_atomically(self.record, pickle.dumps(record, protocol=5))

    def _published(self, name: str, files: ExitStack) -> tuple[Spans, BinaryIO | None]:
        """The published file's records by key, and the file open to read them; none if
        the file is not the one recorded."""
        last = self._last.get(name)
        if last is None:
            return {}, None
        try:
            published = files.enter_context((self.output / name).open("rb"))
            stat = os.fstat(published.fileno())
        except OSError:
            return {}, None
        if (stat.st_size, stat.st_mtime_ns) != last[0]:
            return {}, None
        return last[1], published

    def _read(self) -> dict[str, tuple[tuple[int, int], Spans]]:
        """The last record, or nothing if it is missing, unreadable or made otherwise."""
        try:
            record = pickle.loads(self.record.read_bytes())
            if (record["format"], record["version"], record["output"]) != (
                _FORMAT,
                self.version,
                str(self.output.resolve()),
            ):
                return {}
            files = record["files"]
            return files if isinstance(files, dict) else {}
        except Exception:  # unreadable in any way: written by another Python, cut short
            return {}
