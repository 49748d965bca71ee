"""The build cache on disk: per-article results, kept between builds.

Each result is one pickle file, `<folder>/<stage>/<ab>/<key>.pickle`, where the
key is a digest of the result's inputs and of the stage's code version
(cache_keys). A key that changed simply misses; nothing is ever invalidated by
hand. After a successful build, `prune` removes the files this build did not
use, so the cache holds one archive's results and does not grow with every edit.

The cache only saves time. A file that cannot be read (truncated by a killed
build, written by another Python) is recomputed and replaced, never trusted.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from .cache_keys import digest

T = TypeVar("T")


def plugin_sources(package: Path) -> dict[str, str]:
    """Dotted module name inside the package ("analysis.quotes") → its source text,
    which cache_keys.code_versions turns into each stage's code version."""
    return {
        ".".join(path.relative_to(package).with_suffix("").parts): path.read_text("utf-8")
        for path in sorted(package.rglob("*.py"))
    }


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write a file whole or not at all, making its folder if needed.

    The bytes go to a file of this process's own, which a rename then puts in
    place: a rename is atomic, so a reader (or a build killed midway) sees the
    old file, the new one, or none, never half of one.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"
    Path(partial).write_bytes(data)
    os.replace(partial, path)


class CacheLost(SystemExit):
    """A result the build stored was gone when it was read again (the cache was removed
    or changed during the build); the build stops and the published site stays."""


class DiskCache:
    def __init__(self, folder: Path, versions: Mapping[str, str], enabled: bool = True) -> None:
        self.folder = folder
        self.versions = dict(versions)
        self.enabled = enabled
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        # Paths as strings: hashing and joining `Path`s cost more than reading a small entry.
        self._used: set[str] = set()
        self._recalled: tuple[str, object] = ("", None)

    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        return self._memo(stage, key, compute, parted=False)

    def memo_outline(self, stage: str, key: str, compute: Callable[[], tuple[T, object]]) -> T:
        """`memo` for a result in two parts, an outline and the rest, of which only the
        outline is read back here; `recall` reads the rest.

        The entry holds the two parts as two pickles one after the other, so a hit
        reads the outline's bytes and stops: the reuse passages are nine tenths of
        what the reuse stage stores, and a build reads them only for the pages it
        renders again.
        """
        return self._memo(stage, key, compute, parted=True)

    def _memo(self, stage: str, key: str, compute: Callable, parted: bool):
        if not self.enabled:
            self.misses[stage] += 1
            return compute()[0] if parted else compute()
        path = self._path(stage, key)
        self._used.add(path)
        try:
            with open(path, "rb") as file:
                value = pickle.load(file)
        except Exception:
            pass
        else:
            self.hits[stage] += 1
            return value
        self.misses[stage] += 1
        value = compute()
        if parted:
            outline, rest = value
            data = pickle.dumps(outline, protocol=5) + pickle.dumps(rest, protocol=5)
            value = outline
        else:
            data = pickle.dumps(value, protocol=5)
        write_atomically(path, data)
        return value

    def recall(self, stage: str, key: str) -> object:
        """The rest of a result `memo_outline` stored or read in this build.

        The last one read is held: pages and data files ask for the parts of one
        entry one after another, and each would otherwise read it again.
        """
        path = self._path(stage, key)
        if self._recalled[0] == path:
            return self._recalled[1]
        try:
            with open(path, "rb") as file:
                pickle.load(file)
                rest = pickle.load(file)
        except Exception as error:
            raise CacheLost(
                f"build cache: {path} went missing or unreadable during the build ({error})"
                " — run the build again; the published site was left as it was"
            ) from None
        self._recalled = (path, rest)
        return rest

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
        stages = sorted(set(self.hits) | set(self.misses))
        return ", ".join(f"{s} {self.hits[s]} cached / {self.misses[s]} new" for s in stages)
