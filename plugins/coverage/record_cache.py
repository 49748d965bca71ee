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

The record is one file: each data file's spans, pickled one after another, then
an index of them (format, code version, output folder, and each data file's
size, time and place in the record), then the index's own place in 8 bytes. A
build reads the index when it writes its first data file, and one data file's
spans when it writes that file: at 10,000 articles reuse.json and reuse.csv
have half a million records each, and an added article's build held both
files' spans while it wrote the first. Likewise, the spans of a file just written
wait pickled in an unnamed file beside the record until the swap, not in memory.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from .cache import write_atomically
from .export import Piece
from .staging import link_in_place

_FORMAT = 5

# Where each keyed record of one file sits in it: key → offset << 32 | length, in bytes.
# One int, not a pair: reuse.json and reuse.csv hold 509,765 records each at 10,000
# articles, and a pair of ints in a tuple took 100 bytes more than one int, for each of
# them, in the spans an added article's build reads.
Spans = dict[str, int]
_LENGTH = (1 << 32) - 1


class _Recorded:
    """The spans of the file being written, in three flat buffers: every key's UTF-8 bytes
    one after another, where each key ends, and each record's place.

    Not a dict: at 10,000 articles the spans of reuse.json, as a dict of its 509,765 keys
    (64-character strings, each made for the record) to ints, then pickled, put the data
    files stage's peak 174 MB above where it ended (reuse.csv's did it again). The buffers
    take 38 MB and hold no object per record.
    """

    def __init__(self) -> None:
        self.keys = bytearray()
        self.ends = array("Q")
        self.places = array("Q")

    def __len__(self) -> int:
        return len(self.places)

    def add(self, key: str, place: int) -> None:
        self.keys += key.encode("utf-8")
        self.ends.append(len(self.keys))
        self.places.append(place)

    def dump(self, file: BinaryIO) -> None:
        # pickle.dump, not dumps: the pickler writes a large buffer to the file directly.
        pickle.dump((self.keys, self.ends, self.places), file, protocol=5)


def spans_from(recorded: object) -> Spans | None:
    """The spans a record holds for one file, by key; None if they are not well formed."""
    if not (isinstance(recorded, tuple) and len(recorded) == 3):
        return None
    keys, ends, places = recorded
    if not (
        isinstance(keys, bytearray)
        and isinstance(ends, array)
        and isinstance(places, array)
        and len(ends) == len(places)
        and (not ends or ends[-1] == len(keys))
    ):
        return None
    spans: Spans = {}
    start = 0
    try:
        for end, place in zip(ends, places, strict=True):
            spans[keys[start:end].decode("utf-8")] = place
            start = end
    except UnicodeDecodeError:
        return None
    return spans


@dataclass(frozen=True, slots=True)
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
        # Each written file's spans, pickled: where they wait in `_pending` until `save`.
        self._spans: dict[str, tuple[int, int]] = {}
        self._pending: BinaryIO | None = None
        self.copied = self.made = 0  # keyed records, over every file this build wrote

    @cached_property
    def _last(self) -> dict[str, tuple[tuple[int, int], int, int]]:
        # Read when the first data file is written, not when the build starts: at 10,000
        # articles the spans of reuse.json and reuse.csv were held through the analysis.
        return self._read() if self.enabled else {}

    def write(self, name: str, staged: Path, pieces: Iterable[Piece]) -> Written:
        """Write the pieces to `staged`, copying the records the published `name` holds.

        While the file matches the published one from its start (each kept record where it
        was, each other piece equal to the bytes there), nothing is written: a file that
        matches to its end is the published file, linked in place, and one that stops
        matching gets the matching part copied in one go. At 10,000 articles the reuse
        files are 2.5 GB, and an article on another story leaves them as they were.
        """
        spans = _Recorded()
        copied = made = 0
        with ExitStack() as files:
            last, published = self._published(name, files)
            out = files.enter_context(staged.open("wb"))
            matching = published is not None
            size = 0  # of the file so far, written or not
            # Once the file stops matching, kept records that sit one after another in the
            # published file are copied as one run: after an added article's first pair, the
            # rest of reuse.json is half a million such records.
            run = _KeptRun(published, out)
            for piece in pieces:
                data, at, length = None, 0, 0
                if isinstance(piece, str):
                    data = piece.encode("utf-8")
                else:
                    kept = last.get(piece.key)
                    if kept is None:
                        data = piece.make().encode("utf-8")
                        made += 1
                    else:
                        at, length = kept >> 32, kept & _LENGTH
                        copied += 1
                    spans.add(piece.key, size << 32 | (length if data is None else len(data)))
                if matching:
                    if data is None:
                        matching = at == size
                    else:
                        published.seek(size)
                        matching = published.read(len(data)) == data
                    if not matching:
                        _copy_range(published, out, 0, size)
                if not matching:
                    if data is None:
                        run.extend(at, length)
                    else:
                        run.copy()
                        out.write(data)
                size += len(data) if data is not None else length
            run.copy()
            if matching and os.fstat(published.fileno()).st_size != size:
                matching = False
                _copy_range(published, out, 0, size)
        # A file that matched to its end is the published one: linked where links can be made.
        if matching and not link_in_place(self.output / name, staged):
            shutil.copyfile(self.output / name, staged)
        if spans and self.enabled:
            self._set_aside(name, spans)
        self.copied += copied
        self.made += made
        return Written(copied, made)

    def _set_aside(self, name: str, spans: _Recorded) -> None:
        """Pickle a written file's spans to the unnamed file they wait in until `save`.

        Held, reuse.json's spans (509,765 records at 10,000 articles) sat beside reuse.csv's
        as it was written, and both through the feeds. The file is gone when the build
        ends, saved or not.
        """
        if self._pending is None:
            self.record.parent.mkdir(parents=True, exist_ok=True)
            self._pending = tempfile.TemporaryFile(dir=self.record.parent)  # noqa: SIM115
        at = self._pending.seek(0, os.SEEK_END)
        spans.dump(self._pending)
        self._spans[name] = (at, self._pending.tell() - at)

    def save(self) -> None:
        """Record where this build's files hold their records (call after the swap)."""
        if not self.enabled:
            return
        try:
            write_atomically(self.record, self._parts())
        finally:
            if self._pending is not None:
                self._pending.close()
                self._pending = None
            self._spans = {}

    def _parts(self) -> Iterator[bytes]:
        """The record's bytes in order: each file's spans, then the index, then its place.

        Pickled, not JSON: for the 91,000 records of reuse.json and reuse.csv at 1,000
        articles, JSON took a second. Each file's spans are copied from where they wait.
        """
        files, offset = {}, 0
        for name, (at, length) in sorted(self._spans.items()):
            try:
                stat = (self.output / name).stat()
            except OSError:
                continue
            files[name] = ((stat.st_size, stat.st_mtime_ns), offset, length)
            offset += length
            # reuse.json's spans are 38 MB at 10,000 articles.
            yield from _chunks(self._pending, at, length)
        index = {
            "format": _FORMAT,
            "version": self.version,
            "output": str(self.output.resolve()),
            "files": files,
        }
        yield pickle.dumps(index, protocol=5)
        yield offset.to_bytes(8, "big")

    def _published(self, name: str, files: ExitStack) -> tuple[Spans, BinaryIO | None]:
        """The published file's records by key, and the file open to read them; none if
        the file is not the one recorded."""
        # Each file is written once, so its entry is let go: at 10,000 articles reuse.json and
        # reuse.csv hold 509,765 records each, and the next file is written without them.
        last = self._last.pop(name, None)
        if last is None:
            return {}, None
        recorded, offset, length = last
        try:
            published = files.enter_context((self.output / name).open("rb"))
            stat = os.fstat(published.fileno())
        except OSError:
            return {}, None
        if (stat.st_size, stat.st_mtime_ns) != recorded:
            return {}, None
        try:
            with self.record.open("rb") as record:
                record.seek(offset)
                spans = spans_from(pickle.loads(record.read(length)))
        except Exception:  # the record went or changed since its index was read
            return {}, None
        return (spans, published) if spans is not None else ({}, None)

    def _read(self) -> dict[str, tuple[tuple[int, int], int, int]]:
        """The last record's index: each file's size and time and where its spans are;
        nothing if the record is missing, unreadable or made otherwise."""
        try:
            with self.record.open("rb") as record:
                record.seek(-8, os.SEEK_END)
                start = int.from_bytes(record.read(8), "big")
                record.seek(start)
                index = pickle.load(record)
            if (index["format"], index["version"], index["output"]) != (
                _FORMAT,
                self.version,
                str(self.output.resolve()),
            ):
                return {}
            files = index["files"]
            return files if isinstance(files, dict) else {}
        except Exception:  # unreadable in any way: written by another Python, cut short
            return {}


@dataclass
class _KeptRun:
    """Bytes of the published file still to be copied to the end of the one being written."""

    source: BinaryIO | None
    target: BinaryIO
    at: int = 0
    size: int = 0

    def extend(self, at: int, size: int) -> None:
        """Add the `size` bytes at `at` of the source: to this run if they follow it, else
        to a new one, once this one is copied."""
        if self.size and self.at + self.size == at:
            self.size += size
            return
        self.copy()
        self.at, self.size = at, size

    def copy(self) -> None:
        if self.size and self.source is not None:
            _copy_range(self.source, self.target, self.at, self.size)
        self.size = 0


def _copy_range(source: BinaryIO, target: BinaryIO, at: int, size: int) -> None:
    """Copy `size` bytes of `source`, from `at`, to the end of `target`.

    The kernel copies them where it can (`os.copy_file_range`): the part of reuse.json
    before an added article's first pair is most of 1.3 GB at 10,000 articles. Here,
    256 MB took 0.075 s so, and 0.10 to 0.26 s read into Python and written out again.
    """
    target.flush()
    end = target.tell()
    copied = _copy_in_kernel(source.fileno(), target.fileno(), at, end, size)
    target.seek(end + copied)
    for chunk in _chunks(source, at + copied, size - copied):
        target.write(chunk)


def _copy_in_kernel(source: int, target: int, at: int, to: int, size: int) -> int:
    """How many of the `size` bytes of `source` from `at` the kernel copied to `target` at
    `to` (neither file's position moves); 0 where it cannot, and the caller copies the rest."""
    copy = getattr(os, "copy_file_range", None)  # Linux only
    copied = 0
    try:
        while copy is not None and copied < size:
            done = copy(source, target, size - copied, at + copied, to + copied)
            if done == 0:  # the source ended early: the caller's read says so
                break
            copied += done
    except OSError:  # another file system, an old kernel: copied in Python from here
        pass
    return copied


def _chunks(source: BinaryIO, at: int, size: int) -> Iterator[bytes]:
    """`size` bytes of `source` from `at`, a megabyte at a time."""
    source.seek(at)
    while size > 0:
        chunk = source.read(min(size, 1 << 20))
        if not chunk:
            raise OSError(f"{source.name} ended {size} bytes before it was recorded to")
        size -= len(chunk)
        yield chunk
