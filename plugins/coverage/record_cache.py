"""Writing a data file whose keyed records are copied from the file the last build wrote.

reuse.json and reuse.csv hold a record per pair of articles: 250 MB at 1,000
articles, and encoding them took longer than any page. Adding an article
changes only the pairs it is in, and the exporter hands each pair's record over
as a `Keyed` piece whose key determines its text (export.py). So the cache
keeps, per file, the file the last build wrote (a hard link, so it costs no
space while the site is published) and an index of where each keyed record sits
in it. Writing the file again copies an unchanged record's bytes from there and
makes only the records whose keys are new.

Any doubt (no index, an index from other export code, a kept file whose size or
time is not what the index says) means every record is made afresh: a wrong
answer here costs time, never a stale record.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .cache import write_atomically
from .export import Piece

_FORMAT = 1


@dataclass(frozen=True)
class Written:
    """How a file was written: how many keyed records were copied, and how many made."""

    copied: int
    made: int


class RecordCache:
    """One folder of kept data files, each with the index of its keyed records."""

    def __init__(self, folder: Path, version: str, enabled: bool = True) -> None:
        self.folder = folder
        self.version = version  # the export code's version: its records' texts depend on it
        self.enabled = enabled
        self.copied = self.made = 0  # keyed records, over every file this build wrote

    def write(self, name: str, path: Path, pieces: Iterable[Piece]) -> Written:
        """Write the pieces to `path`, copying kept records, then keep the new file."""
        new: dict[str, tuple[int, int]] = {}
        copied = made = 0
        with ExitStack() as open_files:
            index, last = self._last(name, open_files)
            out = open_files.enter_context(path.open("wb"))
            for piece in pieces:
                if isinstance(piece, str):
                    out.write(piece.encode("utf-8"))
                    continue
                at = index.get(piece.key)
                if at is None:
                    data = piece.make().encode("utf-8")
                    made += 1
                else:
                    last.seek(at[0])
                    data = last.read(at[1])
                    copied += 1
                new[piece.key] = (out.tell(), len(data))
                out.write(data)
        if self.enabled and new:
            self._keep(name, path, new)
        self.copied += copied
        self.made += made
        return Written(copied, made)

    def _last(
        self, name: str, open_files: ExitStack
    ) -> tuple[dict[str, tuple[int, int]], BinaryIO | None]:
        """The kept file's records by key, and the file open to read them; no records if
        the cache is off or the file or its index is in doubt."""
        if not self.enabled:
            return {}, None
        try:
            data = pickle.loads((self.folder / f"{name}.index").read_bytes())
            if data["format"] != _FORMAT or data["version"] != self.version:
                return {}, None
            last = open_files.enter_context((self.folder / name).open("rb"))
            stat = os.fstat(last.fileno())
            if [stat.st_size, stat.st_mtime_ns] != data["file"]:
                return {}, None
            records = data["records"]
            return (records, last) if isinstance(records, dict) else ({}, None)
        except Exception:  # unreadable in any way: written by another Python, cut short
            return {}, None

    def _keep(self, name: str, path: Path, records: dict[str, tuple[int, int]]) -> None:
        """Keep the file just written, by a link where the file system allows one."""
        kept = self.folder / name
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{name}.{os.getpid()}.tmp")
        partial.unlink(missing_ok=True)
        try:
            os.link(path, partial)
        except OSError:  # another file system, or one without links
            shutil.copyfile(path, partial)
        os.replace(partial, kept)
        stat = kept.stat()
        index = {
            "format": _FORMAT,
            "version": self.version,
            "file": [stat.st_size, stat.st_mtime_ns],
            "records": records,
        }
        # Pickled: for the 86,000 records of reuse.json, JSON took half a second a build.
        write_atomically(self.folder / f"{name}.index", pickle.dumps(index, protocol=5))
