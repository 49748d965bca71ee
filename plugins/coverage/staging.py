"""The staging folder a build writes into, and how it replaces the published site.

A build writes the whole site into `<output>.building`. Only when it has
finished does that folder replace `<output>`, so a failed build leaves the last
site as it was. Before the swap, every staged file whose bytes equal the
published file's is replaced by the published file itself: the page is not
rewritten, keeps its date, and a sync to a host (`rsync`, an object store)
sends only what changed. One build at a time writes into an output: each holds
`<output>.lock` until its site is published (`hold`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import filecmp
import os
import shutil
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG
from typing import TextIO

from . import minify


@dataclass(frozen=True, slots=True)
class Kept:
    unchanged: int
    changed: int
    bytes_changed: int

    def __add__(self, other: Kept) -> Kept:
        return Kept(
            self.unchanged + other.unchanged,
            self.changed + other.changed,
            self.bytes_changed + other.bytes_changed,
        )


class BuildBusy(SystemExit):
    """Another build is writing into the same output; stops this one before it touches it."""


class NoRoom(SystemExit):
    """A write found no room (a full disk, a quota, a file-size limit); stops the build."""


# What a reader can do about each way of running out of room.
_ROOM = (
    "(a build needs room for a second copy of the site beside the published one, and for its cache)"
)
_MAKE_ROOM = {
    errno.ENOSPC: f"free some space on that disk {_ROOM}",
    errno.EDQUOT: f"free some of your disk quota {_ROOM}",
    errno.EFBIG: "raise the limit on a file's size (`ulimit -f`)",
}


def no_room(error: OSError, site: Path) -> NoRoom | None:
    """The message that stops a build whose write into `site` (the staging folder) or its
    cache found no room, with the staging folder removed; None if `error` is another.

    The staging folder is a whole second copy of the site (9 GB at 10,000 articles), so
    removing it gives back the room the next build needs. Once it has been swapped in,
    only the record of what was published is left to write: the site is the new one.
    """
    fix = _MAKE_ROOM.get(error.errno)
    if fix is None:
        return None
    where = f"{error.filename}: " if error.filename else f"building {site}: "
    if site.exists():
        shutil.rmtree(site, ignore_errors=True)
        outcome = "the published site was left as it was"
    else:
        outcome = "the site was published, but not its record (the next build renders every page)"
    return NoRoom(f"{where}{error.strerror} — {fix}, then build again; {outcome}")


def hold(published: str | Path) -> TextIO:
    """Lock `<output>.lock` for this build, or stop it with a message.

    Two builds into one output would each start by removing the other's staging
    folder, and one of them would then fail halfway with a traceback. The lock is
    the operating system's (`flock`), so a build that is killed lets go of it. The
    file stays, holding the last holder's process id: were it removed, a build that
    had opened the old file and one that made a new file could both hold "the" lock.
    """
    path = Path(f"{os.fspath(published).rstrip(os.sep)}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the whole build)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise BuildBusy(
            f"{published}: another build (process {holder}) is writing this output, as"
            f" {path} says — wait for it to finish (or stop it), then build again;"
            " the published site was left as it was"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def keep_unchanged(
    site: Path,
    published: Path,
    tick: Callable[[], None] = lambda: None,
    leave: str | None = None,
    names: Iterable[str] | None = None,
) -> Kept:
    """Put each published file whose bytes did not change back in place of its staged copy.

    `leave` names a folder of the site not to look at yet: Pagefind may still be writing it.
    `names` (paths relative to the site) narrows the look to those files.
    Paths are plain strings and each file is asked for once: at 32,000 files, pathlib and
    three stats per file took longer than the comparisons.
    """
    unchanged = changed = bytes_changed = 0
    start = len(str(site)) + 1
    staged_files = (
        _walk(site, leave) if names is None else [os.path.join(site, name) for name in names]
    )
    for staged in staged_files:
        tick()
        old = os.path.join(published, staged[start:])
        new = os.lstat(staged)
        try:
            last = os.lstat(old)
        except OSError:
            last = None
        if last is not None and S_ISREG(last.st_mode):
            if (last.st_ino, last.st_dev) == (new.st_ino, new.st_dev):
                unchanged += 1  # a page reused unrendered: it already is the published file
                continue
            if last.st_size == new.st_size and _same(staged, old) and link_in_place(old, staged):
                unchanged += 1
                continue
        changed += 1
        bytes_changed += new.st_size
    return Kept(unchanged, changed, bytes_changed)


def _walk(site: Path, leave: str | None) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(site):
        if leave in subfolders and folder == str(site):
            subfolders.remove(leave)
        found += [os.path.join(folder, name) for name in files]
    return sorted(found)


def _files(site: Path, leave: str | None) -> list[Path]:
    return [Path(path) for path in _walk(site, leave)]


def link_in_place(published: str | Path, staged: str | Path) -> bool:
    """Make the staged path a hard link to the published file: its inode, its date.

    The published file stays where it is until the swap, so a build stopped
    here still leaves the last site whole. False if no link could be made
    (another file system, or one without links); the staged file is then as it was.
    """
    spare = f"{staged}.kept"
    try:
        os.link(published, spare)
        os.replace(spare, staged)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(spare)
        return False
    return True


def _same(staged: str, old: str) -> bool:
    # Compared a block at a time: a whole-file read held both copies of a 1.3 GB reuse.json.
    try:
        return filecmp.cmp(old, staged, shallow=False)
    except OSError:
        return False


def swap(site: Path, published: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
    """Make the staged site the published one; the old one is removed once it is replaced.

    `meanwhile` runs while the old site is removed: at 10,000 articles, unlinking its
    340,000 files took 3 s, which the build can spend recording what it published.
    """
    previous = published.with_name(published.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if published.exists():
        published.rename(previous)
    site.rename(published)
    if not previous.exists():
        meanwhile()
        return
    # Unlinking waits on the file system, not on Python, so a thread runs it beside `meanwhile`.
    failed: list[OSError] = []
    removing = threading.Thread(target=_remove, args=(previous, failed), name="old site")
    removing.start()
    try:
        meanwhile()
    finally:
        removing.join()
    if failed:
        raise failed[0]


def _remove(folder: Path, failed: list[OSError]) -> None:
    try:
        shutil.rmtree(folder)
    except OSError as error:
        failed.append(error)


_MINIFIERS = {".html": minify.html, ".css": minify.css}


def minify_all(
    site: Path,
    tick: Callable[[], None] = lambda: None,
    suffixes: Iterable[str] = _MINIFIERS,
    done: Collection[Path] = (),
    leave: str | None = None,
) -> set[Path]:
    """Every page and stylesheet, minified in place (publishconf.py turns this on).

    Only the files with these `suffixes`, none in `done` and none in the folder
    `leave`; returns the files it minified, so that a later call can be given
    them as `done`.
    """
    chosen = {suffix: _MINIFIERS[suffix] for suffix in suffixes}
    minified = set()
    for path in _files(site, leave):
        squeeze = chosen.get(path.suffix)
        # A file with another link is a published page reused as it was (page_cache.py):
        # already minified, and writing it would change the published site mid-build.
        if squeeze is None or path in done or path.stat().st_nlink > 1:
            continue
        path.write_text(squeeze(path.read_text(encoding="utf-8")), encoding="utf-8")
        minified.add(path)
        tick()
    return minified
