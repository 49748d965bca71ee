"""The search index: Pagefind reads the finished pages and writes `pagefind/` beside them.

Pagefind's binary ships in the `pagefind[bin]` wheel, so the index is built with
no server and no download. Only pages whose <main> carries `data-pagefind-body`
(articles, claims, quotes, outlets) are indexed; see base.html.

The index is built in parts, each a Pagefind bundle of its own in
`pagefind/<number>/`, which the search page merges in the browser (Pagefind's
`mergeIndex`). Pagefind cannot add a page to an index it has written: it reads
every page again. Built whole, that was 82 s and 4.2 GB at 10,000 articles on
every build, however few pages had changed. Each page belongs to one part for
good (a hash of its path), so a build indexes again only the parts holding a
page that changed, and no Pagefind process holds more than a part.

Pagefind runs beside the build, on every core but the build's: the glue starts
it as soon as the searched pages are written and collects it once the rest of
the site (pair and index pages, data files, feeds), which Pagefind does not
read, is written. If parts are left then, a second Pagefind takes them on the
build's own core, which has nothing else to do.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import cores, slim_pages
from .cache_keys import digest
from .page_cache import read_record, write_record
from .slim_pages import Copies

# The page kinds whose template marks <main> for the index (`search_kind` in base.html).
SEARCHED = (
    "ARTICLE_SAVE_AS",
    "ARTICLE_LANG_SAVE_AS",
    "CLAIM_SAVE_AS",
    "QUOTE_SAVE_AS",
    "OUTLET_SAVE_AS",
)


# Where Pagefind writes the index, inside the site.
FOLDER = "pagefind"
# The list of parts the search page merges, inside FOLDER.
PARTS = "parts.json"
# Pagefind's own search box and its style, the same in every part; the search page loads
# them from FOLDER.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")
# What Pagefind is asked, beside which pages to read: part of each part's fingerprint.
_OPTIONS = (
    "--silent",
    # Pages link to `index.html` by name so they also work from file://.
    "--keep-index-url",
)
_FORMAT = 1


class SearchIndexError(SystemExit):
    """Pagefind could not index the site; the build stops and the published site stays."""


def page_shapes(save_as: Iterable[str]) -> list[str]:
    """A glob for each `*_SAVE_AS` pattern: the searched pages, and nothing else Pagefind
    would have to open only to skip (at 1,000 articles, the 11,000 reuse pair pages
    and the index pages were 40 % of its time and memory)."""
    return sorted({re.sub(r"\{[^}]*\}", "*", p) for p in save_as if p}) or ["**/*.html"]


def part_count(pages: int, per_part: int) -> int:
    """How many parts `pages` are indexed in: the power of two that keeps a part
    near `per_part` pages or fewer.

    A power of two, so that the parts change only when the archive doubles;
    between doublings a page stays in the part it was in.
    """
    count = 1
    while pages > count * per_part:
        count *= 2
    return count


def part_of(name: str, count: int) -> int:
    """The part a page (its path in the site) belongs to.

    A hash, not a kind or a story: each part is then a fair sample of the whole,
    so the word statistics Pagefind ranks by are nearly the same in every part,
    and the pages one added article changes fall in a few parts.
    """
    return zlib.crc32(name.encode("utf-8")) % count


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the index: its number (its folder in FOLDER) and its pages."""

    number: int
    pages: tuple[str, ...]

    @property
    def folder(self) -> str:
        return f"{FOLDER}/{self.number}"


def split(names: Iterable[str], per_part: int) -> tuple[Part, ...]:
    """The searched pages, by part; a part with no pages is left out, unless no part has any."""
    names = sorted(names)
    count = part_count(len(names), per_part)
    found: dict[int, list[str]] = {}
    for name in names:
        found.setdefault(part_of(name, count), []).append(name)
    if not found:
        # Pagefind then says itself that there was nothing to index.
        return (Part(0, ()),)
    return tuple(Part(number, tuple(pages)) for number, pages in sorted(found.items()))


def fingerprint(part: Part, files: Mapping[str, tuple[int, ...]]) -> str:
    """What a part's bundle was built from: each page's identity, and how Pagefind was run.

    A page's identity is its file's (device, inode, size, modification time). A
    page the build did not change is the published file itself, linked into the
    staging folder (page_cache.py, staging.py), so its identity is the one the
    last build recorded; a page written again has a new one.
    """
    return digest(
        _pagefind_version(),
        *_OPTIONS,
        slim_pages.VERSION,
        *(f"{name} {' '.join(map(str, files[name]))}" for name in part.pages),
    )


@functools.cache
def _pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "unknown"


def searched_pages(site: Path, shapes: Iterable[str]) -> list[str]:
    """The pages under `site` (paths relative to it, with `/`) that match any shape."""
    found: set[str] = set()
    for shape in shapes:
        found.update(glob.glob(shape, root_dir=site, recursive=True))
    return sorted(name.replace(os.sep, "/") for name in found if (site / name).is_file())


def identities(site: Path, names: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Each page's (device, inode, size, modification time), for `fingerprint`."""
    return {name: identity(os.path.join(site, name)) for name in names}


def identity(path: str | Path) -> tuple[int, ...]:
    stat = os.lstat(path)
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


@dataclass
class PartRecord:
    """The fingerprint of each part the last build published, kept in the cache folder."""

    path: Path
    output: Path
    enabled: bool = True
    last: dict[str, str] = field(default_factory=dict)
    now: dict[str, str] = field(default_factory=dict)
    # How many parts this build keeps as they were published.
    kept: int = 0

    def __post_init__(self) -> None:
        if self.enabled:
            self.last = self._read()

    def unchanged(self, part: Part, print_: str) -> bool:
        """True if the published bundle of `part` was built from exactly these pages."""
        self.now[str(part.number)] = print_
        same = (
            self.last.get(str(part.number)) == print_
            and (self.output / part.folder / "pagefind-entry.json").is_file()
        )
        self.kept += same
        return same

    def save(self) -> None:
        """Record the parts as published (call after the staging folder is swapped in)."""
        if self.enabled:
            write_record(self.path, _FORMAT, self.output, "parts", self.now)

    def _read(self) -> dict[str, str]:
        parts = read_record(self.path, _FORMAT, self.output, "parts")
        return {str(number): str(print_) for number, print_ in parts.items()}


def write_parts_list(site: Path, parts: Sequence[Part]) -> None:
    """The list the search page reads to know which bundles to merge, the first one leading."""
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    listed = [f"{part.number}/" for part in parts]
    (folder / PARTS).write_text(json.dumps({"parts": listed}), encoding="utf-8")


def keep_published(site: Path, published: Path, part: Part) -> None:
    """Link the published bundle of `part` into the staging site, file by file."""
    target = site / part.folder
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(published / part.folder, target, copy_function=_link)


def _link(source: str | Path, target: str | Path) -> None:
    """A hard link where the file system makes one, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


@dataclass
class Indexing:
    """Pagefind at work on the changed parts, one after another, beside the build.

    `wait` collects it, `stop` ends it early. Each run's output goes to a temporary
    file rather than a pipe: nothing reads a pipe while the build goes on, and a
    full one would stall Pagefind.
    """

    site: Path
    parts: tuple[Part, ...]
    # Where the pages' cut copies are kept between builds (slim_pages.py); if not given,
    # they are cut for this run alone.
    copies: Copies | None = None
    _left: deque[Part] = field(init=False)
    _threads: list[threading.Thread] = field(default_factory=list)
    _processes: set[subprocess.Popen] = field(default_factory=set)
    _stopped: bool = False
    _failure: str | None = None
    # Taking a part, `stop` and the start of each Pagefind process take turns: a process
    # started just after `stop` would otherwise run to its end.
    _turn: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._left = deque(self.parts)

    @property
    def _trees(self) -> Path:
        # Beside the staging folder, on the same file system, so pages can be hard-linked.
        return self.site.with_name(self.site.name + ".search")

    def begin(self, threads: int | None = None) -> None:
        """Start indexing the parts not yet taken, in a thread of the build, each with
        Pagefind on `threads` cores (by default all but the build's: `_environment`)."""
        thread = threading.Thread(target=self._run, args=(threads,), name="pagefind", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _run(self, threads: int | None) -> None:
        """Index parts until none is left; the first failure ends every run and is kept
        for `wait`."""
        try:
            while (part := self._take()) is not None:
                self._index(part, threads)
        except OSError as error:
            # Raised in this thread, it would be printed and lost; `wait` raises it instead.
            self._failure = (
                f"search index: could not lay out the pages of {self.site} for Pagefind"
                f" ({error}) — check the disk has room, or set COVERAGE_SEARCH = False"
            )

    def _take(self) -> Part | None:
        with self._turn:
            if self._stopped or self._failure is not None or not self._left:
                return None
            return self._left.popleft()

    def _index(self, part: Part, threads: int | None) -> None:
        # Pagefind reads a folder, not a list: the part's pages (their cut copies) are linked
        # into one of their own, at the same paths, so the index's URLs are the site's.
        tree = self._trees / str(part.number)
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
        copies = self.copies or Copies(self._trees / "cut")
        for name in part.pages:
            page = self.site / name
            linked = tree / name
            linked.parent.mkdir(parents=True, exist_ok=True)
            _link(copies.of(page, identity(page)), linked)
        bundle = self.site / part.folder
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(tree),
            "--output-path",
            str(bundle),
            *_OPTIONS,
        ]
        with tempfile.TemporaryFile() as said:
            with self._turn:
                if self._stopped:
                    return
                try:
                    process = subprocess.Popen(
                        command, stdout=said, stderr=subprocess.STDOUT, env=_environment(threads)
                    )
                except OSError as error:
                    self._failure = (
                        f"search index: could not run Pagefind ({error}) — run `make install`,"
                        " or set COVERAGE_SEARCH = False in pelicanconf.py to build without search"
                    )
                    return
                self._processes.add(process)
            code = process.wait()
            with self._turn:
                self._processes.discard(process)
            said.seek(0)
            lines = said.read().decode("utf-8", "replace").strip().splitlines()
        shutil.rmtree(tree, ignore_errors=True)
        if code != 0 and not self._stopped:
            self._failure = (
                f"search index: Pagefind failed on {self.site} (part {part.number},"
                f" {len(part.pages)} pages: {lines[-1] if lines else 'no message'})"
                " — run `make install` to reinstall it; the published site was left as it was"
            )

    def wait(self) -> None:
        """Return when every part is written; raise SearchIndexError if Pagefind failed.

        The build has nothing left to do but wait, so the core it kept from Pagefind
        is Pagefind's too: the parts not yet begun are shared with a second run, on
        that one core, beside the first. Not where there is one core, nor where
        RAYON_NUM_THREADS says how many Pagefind may have.
        """
        spare = cores.usable() > 1 and "RAYON_NUM_THREADS" not in os.environ
        if spare and self._left and not self._stopped and self._failure is None:
            self.begin(threads=1)
        self._end()
        if self._failure is not None:
            raise SearchIndexError(self._failure)

    def stop(self) -> None:
        """End the run if it still goes (the build failed before waiting for it)."""
        with self._turn:
            self._stopped = True
            for process in self._processes:
                if process.poll() is None:
                    process.kill()
        self._end()

    def _end(self) -> None:
        for thread in self._threads:
            thread.join()
        shutil.rmtree(self._trees, ignore_errors=True)


def _environment(threads: int | None = None) -> dict[str, str]:
    """Pagefind's environment: `threads` cores, or if not given (nor RAYON_NUM_THREADS),
    every core but the build's.

    The build goes on beside Pagefind: given every core, it took the build's core
    too (at 1,000 articles on 2 cores, writing pages beside it took 7 s longer),
    and the overlap saved little.
    """
    environment = dict(os.environ)
    if threads is not None:
        environment["RAYON_NUM_THREADS"] = str(threads)
    else:
        environment.setdefault("RAYON_NUM_THREADS", str(max(1, cores.usable() - 1)))
    return environment


def start(site: Path, parts: Sequence[Part], copies: Copies | None = None) -> Indexing:
    """Start indexing `parts` of `site` in the background; the caller goes on meanwhile.
    `copies` keeps the pages' cut copies for the next build (slim_pages.py)."""
    indexing = Indexing(site, tuple(parts), copies)
    indexing.begin()
    return indexing


def link_ui(site: Path, parts: Sequence[Part]) -> None:
    """Put Pagefind's search box files, from the first part, where the search page loads them."""
    for name in UI_FILES:
        source, target = site / parts[0].folder / name, site / FOLDER / name
        if source.is_file() and not target.exists():
            _link(source, target)
