"""Stage progress: one line when a stage starts and one when it ends, off a terminal."""

from __future__ import annotations

import io

from coverage import forked
from coverage.progress import Progress, live_by_default


def test_plain_lines_say_each_stage_and_its_count():
    out = io.StringIO()
    progress = Progress(out, live=False)
    with progress.stage("claims", 3):
        for _ in range(3):
            progress.advance()
    progress.begin("write pages", unit="pages")
    progress.advance(2)
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "coverage: claims (3 articles) …"
    assert lines[1].startswith("coverage: claims: 3 articles in ")
    assert lines[2] == "coverage: write pages …"
    assert lines[3].startswith("coverage: write pages: 2 pages in ")
    assert [(t.name, t.items, t.unit) for t in progress.times] == [
        ("claims", 3, "articles"),
        ("write pages", 2, "pages"),
    ]


def test_beginning_a_stage_ends_the_one_before():
    progress = Progress(io.StringIO(), live=False)
    progress.begin("one")
    progress.begin("two")
    progress.close()
    assert [t.name for t in progress.times] == ["one", "two"]


def test_a_bar_on_a_terminal_and_lines_in_ci(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert live_by_default(Terminal())
    assert not live_by_default(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not live_by_default(Terminal())


def test_a_live_bar_still_records_the_times():
    out = io.StringIO()
    progress = Progress(out, live=True)
    with progress.stage("reuse", 2):
        progress.advance(2)
    progress.close()
    assert [(t.name, t.items) for t in progress.times] == [("reuse", 2)]
    assert "reuse" in out.getvalue()


def test_memory_is_released_at_each_stage_end_after_its_time_is_taken():
    seen = []
    progress = Progress(io.StringIO(), live=False, release_every=3600)
    progress.release = lambda: seen.append([t.name for t in progress.times])
    with progress.stage("claims"):
        pass
    progress.begin("write pages")
    progress.begin("data files")
    progress.close()
    assert seen == [["claims"], ["claims", "write pages"], ["claims", "write pages", "data files"]]


def test_memory_is_released_while_a_stage_advances_at_most_as_often_as_asked():
    def advanced(every: float, times: int) -> int:
        released = []
        progress = Progress(io.StringIO(), live=False, release=lambda: released.append(1))
        progress.release_every = every
        progress.begin("write pages", unit="pages")
        for _ in range(times):
            progress.advance()
        return len(released)

    # Once when first asked; not again within the hour that follows.
    assert advanced(every=3600, times=1000) == 1
    assert advanced(every=0, times=1000) == 1000


def test_in_a_forked_child_each_step_goes_to_the_parent_and_nothing_is_drawn():
    out = io.StringIO()
    progress = Progress(out, live=True)
    progress.begin("claims", 3)
    bars = progress._bars
    told: list[int] = []
    progress.to_parent(told.append)
    progress.advance()
    progress.advance(2)
    bars.stop()
    assert told == [1, 2]
    assert progress._bars is None
    assert progress._done == 0  # counted by the parent, from the ticks


def test_a_stage_peak_counts_a_child_the_stage_waited_for():
    progress = Progress(io.StringIO(), live=False)
    with progress.stage("claims"):
        forked.call(lambda tick: len(bytearray(300 * 2**20)), progress.advance)
    assert progress.times[0].peak_rss_mb >= 300
