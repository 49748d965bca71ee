"""How long each stage of a build takes, shown while it runs.

On a terminal each stage gets a progress bar (rich's); in a log or in CI
(`CI` set, or stderr not a terminal) each stage prints one line when it starts
and one when it ends, so a log of a long build still says where it got to. The
times are kept as `StageTime`s: the build writes them to its cache folder and
`make bench` reads them from there.
"""

from __future__ import annotations

import bisect
import os
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from operator import attrgetter
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
    """A finished stage: when it began (seconds after the first stage did), how long it
    took, what it counted, and the build's peak memory when it ended (so the stage that
    raised the peak is the first with the new value)."""

    name: str
    seconds: float
    items: int
    unit: str
    peak_rss_mb: float = 0.0
    started: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def peak_rss_mb() -> float:
    """The largest resident memory of the build's process or of any child it has waited
    for (a stage run apart, `forked.call`; Pagefind), in MB."""
    # Linux reports ru_maxrss in kilobytes.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def live_by_default(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


@dataclass(slots=True)
class Stage:
    """A stage while it runs: what it has counted so far, and, for a stage beside the
    build, when its work ended (`Progress.ended`)."""

    name: str
    unit: str
    started: float
    task: TaskID | None = None
    done: int = 0
    ended_at: float | None = None


class Progress:
    """The build's stages as they run.

    One stage at a time runs in the build's own line (`begin`, `stage`); others may run
    beside it (`beside`), each counted from the thread that takes its steps, and ended
    when its result is taken (`finish`).

    `release` (the glue passes `memory.give_back`) is called as each stage of the build's
    line ends, after its time and peak memory are taken, and while it advances, at most
    once every `release_every` seconds: writing pages and data files leaves freed memory
    behind steadily, not only at the end (at 10,000 articles, 174 MB during the page
    writing).
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
        self._current: Stage | None = None
        self._tick: Callable[[int], object] | None = None
        self._origin: float | None = None
        # Stages beside the build are counted, and may end, in threads of their own.
        self._counting = threading.Lock()

    def begin(self, name: str, total: int | None = None, unit: str = "articles") -> None:
        self.end()
        self._current = self._open(name, total, unit)

    def beside(self, name: str, total: int | None = None, unit: str = "articles") -> Stage:
        """A stage begun beside the build's line, which goes on; `advance(n, stage)` counts
        its steps, `ended` marks when its work ended and `finish` records it."""
        return self._open(name, total, unit)

    def _open(self, name: str, total: int | None, unit: str) -> Stage:
        now = time.perf_counter()
        if self._origin is None:
            self._origin = now
        stage = Stage(name, unit, now)
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
            stage.task = self._bars.add_task(name, total=total, unit=unit)
        else:
            counted = f" ({total:,} {unit})" if total is not None else ""
            self._say(f"coverage: {name}{counted} …")
        return stage

    def advance(self, n: int = 1, stage: Stage | None = None) -> None:
        """Count `n` steps of `stage`, or of the stage in the build's line."""
        if self._tick is not None:
            self._tick(n)
            return
        counted = stage or self._current
        if counted is None:
            return
        with self._counting:
            counted.done += n
        if self._bars is not None and counted.task is not None:
            self._bars.advance(counted.task, n)
        if stage is None and time.perf_counter() >= self._next_release:
            self._release()

    def to_parent(self, tick: Callable[[int], object]) -> None:
        """In a forked child (`forked.call`): each step goes to `tick`, for the parent to
        count and show; the bar, and the thread that draws it, stayed with the parent."""
        self._bars, self._tick = None, tick

    def _release(self) -> None:
        if self.release is not None:
            self.release()
            self._next_release = time.perf_counter() + self.release_every

    @staticmethod
    def ended(stage: Stage) -> None:
        """Mark that a stage beside the build has done its work, whenever it is finished."""
        stage.ended_at = time.perf_counter()

    def finish(self, stage: Stage, child_peak_mb: float = 0.0) -> None:
        """Record a stage begun `beside` the build; `child_peak_mb`, the largest memory of
        the process it ran in, which the build's own peak does not count."""
        self._close(stage, child_peak_mb)

    def end(self) -> None:
        if self._current is None:
            return
        stage, self._current = self._current, None
        self._close(stage)
        self._release()

    def _close(self, stage: Stage, child_peak_mb: float = 0.0) -> None:
        ended = stage.ended_at if stage.ended_at is not None else time.perf_counter()
        peak = max(peak_rss_mb(), child_peak_mb)
        started = stage.started - (self._origin or stage.started)
        took = StageTime(stage.name, ended - stage.started, stage.done, stage.unit, peak, started)
        # In the order the stages began, which is the build's order however they overlap.
        bisect.insort(self.times, took, key=attrgetter("started"))
        if self._bars is not None and stage.task is not None:
            # A stage that counts nothing (an index, a subprocess) shows as one step done.
            done = stage.done or 1
            self._bars.update(stage.task, total=done, completed=done)
        if not self.live:
            counted = f"{took.items:,} {stage.unit} in " if took.items else ""
            self._say(f"coverage: {stage.name}: {counted}{took.seconds:.1f} s")

    def _say(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

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
