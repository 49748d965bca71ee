"""The staging folder a build writes into, and how it replaces the published site.

A build writes the whole site into `<output>.building`. Only when it has
finished does that folder replace `<output>`, so a failed build leaves the last
site as it was. Before the swap, every staged file whose bytes equal the
published file's is replaced by the published file itself: the page is not
rewritten, keeps its date, and a sync to a host (`rsync`, an object store)
sends only what changed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import minify


@dataclass(frozen=True)
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


def keep_unchanged(
    site: Path,
    published: Path,
    tick: Callable[[], None] = lambda: None,
    leave: str | None = None,
) -> Kept:
    """Put each published file whose bytes did not change back in place of its staged copy.

    `leave` names a folder of the site not to look at yet: Pagefind may still be writing it.
    """
    unchanged = changed = bytes_changed = 0
    for staged in _files(site, leave):
        tick()
        old = published / staged.relative_to(site)
        if _linked(staged, old) or (_same(staged, old) and _link(old, staged)):
            unchanged += 1
        else:
            changed += 1
            bytes_changed += staged.stat().st_size
    return Kept(unchanged, changed, bytes_changed)


def _files(site: Path, leave: str | None) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(site):
        if leave in subfolders and folder == str(site):
            subfolders.remove(leave)
        found += [Path(folder, name) for name in files]
    return sorted(found)


def _link(old: Path, staged: Path) -> bool:
    """Make the staged path a hard link to the published file: its inode, its date.

    The published file stays where it is until the swap, so a build stopped
    here still leaves the last site whole.
    """
    spare = staged.with_name(staged.name + ".kept")
    try:
        os.link(old, spare)
        spare.replace(staged)
    except OSError:
        spare.unlink(missing_ok=True)
        return False
    return True


def _linked(staged: Path, old: Path) -> bool:
    """Whether the staged path already is the published file (a page reused unrendered)."""
    try:
        return not old.is_symlink() and os.path.samefile(staged, old)
    except OSError:
        return False


def _same(staged: Path, old: Path) -> bool:
    try:
        if old.is_symlink() or not old.is_file():
            return False
        if old.stat().st_size != staged.stat().st_size:
            return False
        return old.read_bytes() == staged.read_bytes()
    except OSError:
        return False


def swap(site: Path, published: Path) -> None:
    """Make the staged site the published one; the old one is removed once it is replaced."""
    previous = published.with_name(published.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if published.exists():
        published.rename(previous)
    site.rename(published)
    if previous.exists():
        shutil.rmtree(previous)


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
