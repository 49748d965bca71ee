"""How long each stage of a build takes, shown while it runs.

On a terminal each stage gets a progress bar (rich's); in a log or in CI
(`CI` set, or stderr not a terminal) each stage prints one line when it starts
and one when it ends, so a log of a long build still says where it got to. The
times are kept as `StageTime`s: the build writes them to its cache folder and
`make bench` reads them from there.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as Bars


@dataclass(frozen=True, slots=True)
class StageTime:
    """A finished stage: how long it took, what it counted, and the build's peak memory
    when it ended (so the stage that raised the peak is the first with the new value)."""

    name: str
    seconds: float
    items: int
    unit: str
    peak_rss_mb: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _peak_rss_mb() -> float:
    """The largest resident memory of the build's process or of any child it has waited
    for (a stage run apart, `forked.call`; Pagefind), in MB."""
    # Linux reports ru_maxrss in kilobytes.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def live_by_default(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """The build's stages as they run.

    `release` (the glue passes `memory.give_back`) is called as each stage ends, after
    its time and peak memory are taken, and while a stage advances, at most once every
    `release_every` seconds: writing pages and data files leaves freed memory behind
    steadily, not only at the end (at 10,000 articles, 174 MB during the page writing).
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        live: bool | None = None,
        release: Callable[[], object] | None = None,
        release_every: float = 1.0,
    ) -> None:
        self.stream = stream or sys.stderr
        self.live = live_by_default(self.stream) if live is None else live
        self.release = release
        self.release_every = release_every
        self._next_release = 0.0
        self.times: list[StageTime] = []
        self._bars: Bars | None = None
        self._task: TaskID | None = None
        self._current: tuple[str, float, str] | None = None
        self._done = 0
        self._tick: Callable[[int], object] | None = None
        # The steps of children working beside the build are counted from a thread of its own.
        self._counting = threading.Lock()

    def begin(self, name: str, total: int | None = None, unit: str = "articles") -> None:
        self.end()
        self._current, self._done = (name, time.perf_counter(), unit), 0
        if self.live:
            if self._bars is None:
                self._bars = Bars(
                    TextColumn("{task.description:<20}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.fields[unit]}"),
                    TimeElapsedColumn(),
                    console=Console(file=self.stream),
                )
                self._bars.start()
            self._task = self._bars.add_task(name, total=total, unit=unit)
        else:
            counted = f" ({total:,} {unit})" if total is not None else ""
            print(f"coverage: {name}{counted} …", file=self.stream, flush=True)

    def advance(self, n: int = 1) -> None:
        if self._tick is not None:
            self._tick(n)
            return
        with self._counting:
            self._done += n
        if self._bars is not None and self._task is not None:
            self._bars.advance(self._task, n)
        if time.perf_counter() >= self._next_release:
            self._release()

    def to_parent(self, tick: Callable[[int], object]) -> None:
        """In a forked child (`forked.call`): each step goes to `tick`, for the parent to
        count and show; the bar, and the thread that draws it, stayed with the parent."""
        self._bars, self._task, self._tick = None, None, tick

    def _release(self) -> None:
        if self.release is not None:
            self.release()
            self._next_release = time.perf_counter() + self.release_every

    def end(self) -> None:
        if self._current is None:
            return
        name, started, unit = self._current
        took = StageTime(name, time.perf_counter() - started, self._done, unit, _peak_rss_mb())
        self.times.append(took)
        self._current = None
        if self._bars is not None and self._task is not None:
            # A stage that counts nothing (an index, a subprocess) shows as one step done.
            done = self._done or 1
            self._bars.update(self._task, total=done, completed=done)
        if not self.live:
            counted = f"{took.items:,} {unit} in " if took.items else ""
            print(f"coverage: {name}: {counted}{took.seconds:.1f} s", file=self.stream, flush=True)
        self._release()

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "articles") -> Iterator[None]:
        self.begin(name, total, unit)
        try:
            yield
        finally:
            self.end()

    def close(self) -> None:
        self.end()
        if self._bars is not None:
            self._bars.stop()
            self._bars = None
