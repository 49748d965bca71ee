"""The build cache on disk: per-article results, kept between builds.

Each result is one pickle file, `<folder>/<stage>/<ab>/<key>.pickle`, where the
key is a digest of the result's inputs and of the stage's code version
(cache_keys). A key that changed simply misses; nothing is ever invalidated by
hand. A result kept under a name (`memo_revised`: an article's reuse pairs,
named by the article) is the one exception: its file is named by the stage and
the name, and holds the digest of the inputs it was made for, so that new
inputs revise it in place. After a successful build, `prune` removes the files
this build did not use, so the cache holds one archive's results and does not
grow with every edit.

The cache only saves time. A file that cannot be read (truncated by a killed
build, written by another Python) is recomputed and replaced, never trusted.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

from .cache_keys import digest
from .pipeline import Kept, Revise

T = TypeVar("T")


def plugin_sources(package: Path) -> dict[str, str]:
    """Dotted module name inside the package ("analysis.quotes") → its source text,
    which cache_keys.code_versions turns into each stage's code version."""
    return {
        ".".join(path.relative_to(package).with_suffix("").parts): path.read_text("utf-8")
        for path in sorted(package.rglob("*.py"))
    }


def write_atomically(path: str | Path, data: bytes | Iterable[bytes]) -> None:
    """Write a file whole or not at all, making its folder if needed; `data` may come
    in parts, each written as it comes.

    The bytes go to a file of this process's own, which a rename then puts in
    place: a rename is atomic, so a reader (or a build killed midway) sees the
    old file, the new one, or none, never half of one.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"
    try:
        with open(partial, "wb") as file:
            if isinstance(data, bytes):
                file.write(data)
            else:
                file.writelines(data)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    os.replace(partial, path)


def dumps(value: object) -> bytes:
    """`value` pickled for the cache, its frozen dataclasses as calls of their class."""
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()


def dump(value: object, file: BinaryIO) -> None:
    """`dumps`, written to an open file as it is made."""
    _Pickler(file, protocol=5).dump(value)


class _Pickler(pickle.Pickler):
    """Pickles a frozen dataclass as a call of its class with its fields.

    `dataclasses` pickles a slotted frozen class through a `__setstate__` of its own,
    written in Python, that asks for the class's fields again for every object: loading
    the entries of a 1,000-article build took 2.6 s that way and 1.3 s as calls, and an
    add-one build at 10,000 articles loads millions of such objects. A class with a
    `__post_init__` or a field made after `__init__` is left to pickle's usual way, since
    a call would make it again.
    """

    def __init__(self, file: BinaryIO, protocol: int) -> None:
        super().__init__(file, protocol)
        self._strings: dict[str, int] = {}  # each string stored so far → its number

    def reducer_override(self, obj: object):
        kind = type(obj)
        names = _CALLED.get(kind)
        if names is None:
            names = _CALLED[kind] = _called_with(kind)
        if not names:
            return NotImplemented
        return kind, tuple([getattr(obj, name) for name in names])

    def persistent_id(self, obj: object) -> bytes | int | None:
        """A string as its UTF-8 bytes the first time, by its number after that.

        Pickle encodes a string through the UTF-8 copy CPython caches inside the string
        itself, and a text with one curly quote is not ASCII: every such string a build
        stored kept a second copy of itself while it lived, 77 MB at the end of the
        analysis at 10,000 articles. Encoded here, the copy goes with the pickle. And
        since every string comes back through `_Unpickler.persistent_load`, each can be
        shared there with the copies the build already holds.
        """
        if type(obj) is not str:
            return None
        number = self._strings.get(obj)
        if number is not None:
            return number
        self._strings[obj] = len(self._strings)
        return obj.encode("utf-8", "surrogatepass")


class _Unpickler(pickle.Unpickler):
    """Reads what `_Pickler` wrote, sharing each string with the build's equal ones.

    Each entry is its own pickle, so each came back with its own copy of every article id,
    sentence, quote and label it has in common with others: an article added to 2,000 held
    40.7 MB of such copies at the end of the analysis, a full build 17.7 MB. Interned, an
    equal string read back is the one already held; CPython lets an interned string go
    when nothing else holds it, so a passage read back to write one page does not stay.
    """

    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file)
        self._strings: list[str] = []

    def persistent_load(self, pid: bytes | int) -> str:
        if type(pid) is int:
            return self._strings[pid]
        text = sys.intern(pid.decode("utf-8", "surrogatepass"))
        self._strings.append(text)
        return text


def load(file: BinaryIO) -> object:
    """One value `dumps` pickled, read from an open file."""
    return _Unpickler(file).load()


# Each class met while pickling → the fields its call takes, or () if it is not called.
_CALLED: dict[type, tuple[str, ...]] = {}


def _called_with(kind: type) -> tuple[str, ...]:
    params = getattr(kind, "__dataclass_params__", None)
    if not is_dataclass(kind) or not params.frozen or hasattr(kind, "__post_init__"):
        return ()
    made = fields(kind)
    return () if any(not f.init for f in made) else tuple(f.name for f in made)


class CacheLost(SystemExit):
    """A result the build stored was gone when it was read again (the cache was removed
    or changed during the build); the build stops and the published site stays."""


def _lost(path: str, error: Exception) -> CacheLost:
    return CacheLost(
        f"build cache: {path} went missing or unreadable during the build ({error})"
        " — run the build again; the published site was left as it was"
    )


class DiskCache:
    def __init__(self, folder: Path, versions: Mapping[str, str], enabled: bool = True) -> None:
        self.folder = folder
        self.versions = dict(versions)
        self.enabled = enabled
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        # Results kept under a name and revised for new inputs (`memo_revised`).
        self.revised: Counter[str] = Counter()
        # Paths as strings: hashing and joining `Path`s cost more than reading a small entry.
        self._used: set[str] = set()
        self._recalled: tuple[str, object] = ("", None)

    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        if not self.enabled:
            self.misses[stage] += 1
            return compute()
        path = self._path(stage, key)
        self._used.add(path)
        try:
            with open(path, "rb") as file:
                value = load(file)
        except Exception:
            pass
        else:
            self.hits[stage] += 1
            return value
        self.misses[stage] += 1
        value = compute()
        write_atomically(path, dumps(value))
        return value

    def keep(self, stage: str, key: str) -> None:
        """Keep an entry through `prune` without reading it.

        A page published as it was reads none of the rows it was rendered from; they
        are still what its next rendering needs (see pelican_glue._matrix_row).
        """
        if self.enabled:
            self._used.add(self._path(stage, key))

    def stored(self, stage: str, key: str) -> object:
        """A result `memo` stored or read in this build, read again (not counted again).

        The glue asks for each article's HTML once to make the article and once more
        to render its page, and holds none of them in between.
        """
        path = self._path(stage, key)
        try:
            with open(path, "rb") as file:
                return load(file)
        except Exception as error:
            raise _lost(path, error) from None

    def memo_revised(self, stage: str, name: str, made_for: str, compute: Revise[T]) -> T:
        """`memo` for a result kept under a name, in two parts: an outline, handed back,
        and the rest, which `recall` reads.

        The entry holds `made_for` with the outline, then the rest, as two pickles
        one after the other. When `made_for` matches, the build reads the outline
        and stops: the reuse passages are nine tenths of what the reuse stage
        stores, and a build reads them only for the pages it renders again. When
        it does not, `compute` gets the entry to revise (`Kept`) and its result
        replaces it.
        """
        if not self.enabled:
            self.misses[stage] += 1
            return compute(None)[0]
        path = self._path(stage, name)
        self._used.add(path)
        try:
            with open(path, "rb") as file:
                kept_for, outline = cast(tuple, load(file))
        except Exception:
            previous = None
        else:
            if kept_for == made_for:
                self.hits[stage] += 1
                return outline
            previous = Kept(outline, partial(self._rest, path))
        (self.revised if previous else self.misses)[stage] += 1
        outline, rest = compute(previous)
        write_atomically(path, dumps((made_for, outline)) + dumps(rest))
        if self._recalled[0] == path:
            self._recalled = ("", None)
        return outline

    def recall(self, stage: str, name: str) -> object:
        """The rest of a result `memo_revised` stored or read in this build.

        The last one read is held: pages and data files ask for the parts of one
        entry one after another, and each would otherwise read it again.
        """
        path = self._path(stage, name)
        if self._recalled[0] != path:
            self._recalled = (path, self._rest(path))
        return self._recalled[1]

    @staticmethod
    def _rest(path: str) -> object:
        try:
            with open(path, "rb") as file:
                load(file)
                return load(file)
        except Exception as error:
            raise _lost(path, error) from None

    def state(self) -> tuple:
        """What this build has counted and used so far, for `resume`."""
        return self.hits, self.misses, self.revised, self._used

    def resume(self, state: tuple) -> None:
        """Take up a `state` the same build's forked child (`forked.call`) reached from
        this one's: what the child read and wrote counts in the summary and survives `prune`.
        """
        self.hits, self.misses, self.revised, self._used = state

    def count_anew(self) -> None:
        """In a forked child that works beside this build (`forked.start`): count from
        nothing, so that what it hands back (`state`) is what the child did alone."""
        self.hits, self.misses, self.revised, self._used = Counter(), Counter(), Counter(), set()

    def absorb(self, state: tuple) -> None:
        """Add what such a child counted and used (its `state`) to this build's."""
        hits, misses, revised, used = state
        self.hits.update(hits)
        self.misses.update(misses)
        self.revised.update(revised)
        self._used.update(used)

    def _path(self, stage: str, key: str) -> str:
        name = digest(stage, self.versions[stage], key)
        return os.path.join(self.folder, stage, name[:2], f"{name}.pickle")

    def prune(self) -> int:
        """Delete the entries this build did not use; return how many."""
        if not self.enabled or not self.folder.exists():
            return 0
        removed = 0
        for stage in self.versions:
            for path in (self.folder / stage).glob("*/*"):
                if str(path) not in self._used:
                    path.unlink()
                    removed += 1
        return removed

    def summary(self) -> str:
        stages = sorted(set(self.hits) | set(self.misses) | set(self.revised))
        return ", ".join(
            f"{s} {self.hits[s]} cached / {self.misses[s]} new"
            + (f" / {self.revised[s]} revised" if self.revised[s] else "")
            for s in stages
        )
