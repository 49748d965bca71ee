from __future__ import annotations

import os
import resource
import select
import signal
import time
from dataclasses import dataclass

import pytest

from coverage import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="this system has no fork")


@dataclass(frozen=True, slots=True)
class Found:
    article: str
    text: str


def test_the_result_comes_back_and_each_step_is_counted_here():
    steps: list[int] = []

    def compute(tick):
        for _ in range(5):
            tick(1)
        return [Found("a", "Rubio met Bukele."), Found("b", "Rubio met Bukele.")], os.getpid()

    found, pid = forked.call(compute, steps.append)

    assert steps == [1] * 5
    assert found == [Found("a", "Rubio met Bukele."), Found("b", "Rubio met Bukele.")]
    assert pid != os.getpid()
    # Pickled the cache's way: equal strings come back as one.
    assert found[0].text is found[1].text


def test_what_the_child_passes_through_does_not_stay_in_this_process():
    def peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    before = peak_mb()

    def compute(tick):
        held = bytearray(200 * 2**20)  # written, so resident: 200 MB in the child
        return len(held)

    assert forked.call(compute, lambda n: None) == 200 * 2**20
    assert peak_mb() < before + 50
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 >= 200


def test_an_error_in_the_child_is_raised_here_with_the_childs_traceback():
    def compute(tick):
        raise KeyError("no claims file")

    with pytest.raises(KeyError, match="no claims file") as raised:
        forked.call(compute, lambda n: None)
    assert any("raised in the forked child" in note for note in raised.value.__notes__)
    assert any("in compute" in note for note in raised.value.__notes__)


class UnpicklableError(Exception):
    def __init__(self, reason: str, extra: int) -> None:  # pickle cannot remake it
        super().__init__(reason)
        self.extra = extra


def test_an_error_that_cannot_be_sent_comes_back_by_name_and_message():
    def compute(tick):
        raise UnpicklableError("sentences lost", 3)

    with pytest.raises(RuntimeError, match="UnpicklableError: sentences lost"):
        forked.call(compute, lambda n: None)


def test_a_child_killed_before_it_answers_says_how_it_ended():
    def compute(tick):
        tick(1)
        os.kill(os.getpid(), signal.SIGKILL)

    steps: list[int] = []
    with pytest.raises(forked.NoAnswerError, match="killed by signal 9"):
        forked.call(compute, steps.append)
    assert steps == [1]


def test_a_child_that_exits_before_it_answers_says_its_status():
    with pytest.raises(forked.NoAnswerError, match="exit status 3"):
        forked.call(lambda tick: os._exit(3), lambda n: None)


def test_without_fork_nothing_runs_and_the_caller_is_told(monkeypatch):
    monkeypatch.delattr(os, "fork")
    ran = []
    with pytest.raises(forked.CannotForkError):
        forked.call(lambda tick: ran.append(1), lambda n: None)
    assert ran == []


def test_a_long_tuple_comes_back_whole_though_sent_in_runs(monkeypatch):
    monkeypatch.setattr(forked, "_RUN", 10)
    pairs = tuple(Found(f"article-{n % 7}", f"passage {n}") for n in range(95))
    answer = (pairs, {"kept": True}, (("short", 1), ()), True)

    back = forked.call(lambda tick: answer, lambda n: None)

    assert back == answer
    assert type(back[0]) is tuple and len(back[0]) == 95
    # Runs are pickles of their own, yet each article id comes back as one string.
    assert len({id(found.article) for found in back[0]}) == 7


def test_a_started_child_runs_while_the_parent_goes_on():
    # The child hears from the parent only if `start` comes back before the child ends
    # (it gives up after 10 s and says so).
    go_read, go_write = os.pipe()

    def compute(tick):
        os.close(go_write)
        with open(go_read, "rb") as go:
            heard, _, _ = select.select([go], [], [], 10)
            told = go.read() if heard else b"nothing"
        tick(1)
        return told.decode()

    steps: list[int] = []
    started = forked.start(compute, steps.append)
    os.close(go_read)
    with open(go_write, "wb") as go:
        go.write(b"the parent went on")

    assert started.result() == "the parent went on"
    assert steps == [1]
    with pytest.raises(ChildProcessError):
        os.waitpid(started.pid, os.WNOHANG)  # reaped


def test_a_started_childs_ticks_are_taken_as_they_come_not_at_the_end():
    # More ticks than a pipe holds (64 KiB): were they left in the pipe until `result`,
    # the child would wait for ever with its answer unsent.
    def compute(tick):
        for _ in range(200_000):
            tick(1)
        return "done"

    steps: list[int] = []
    started = forked.start(compute, steps.append)
    deadline = time.monotonic() + 60
    while len(steps) < 200_000 and time.monotonic() < deadline:
        time.sleep(0.05)

    assert len(steps) == 200_000  # all taken before the parent asked for the result
    assert started.result() == "done"


def test_an_error_in_a_started_child_is_raised_by_result():
    def compute(tick):
        raise KeyError("no claims file")

    started = forked.start(compute, lambda n: None)
    with pytest.raises(KeyError, match="no claims file"):
        started.result()


def test_a_started_child_stopped_without_its_answer_leaves_no_zombie():
    def compute(tick):
        signal.pause()  # would wait for ever

    started = forked.start(compute, lambda n: None)
    started.stop()

    with pytest.raises(ChildProcessError):
        os.waitpid(started.pid, os.WNOHANG)


@pytest.mark.parametrize("count, size", [(0, 4), (1, 4), (10, 4), (12, 4)])
def test_turns_hand_each_item_to_one_process(count, size):
    turns = forked.Turns(count, size)

    def compute(tick):
        return [list(r) for r in turns]

    started = forked.start(compute, lambda n: None)
    here = [list(r) for r in turns]
    there = started.result()

    taken = sorted(i for r in here + there for i in r)
    assert taken == list(range(count))
    assert all(len(r) <= size for r in here + there)
    assert list(turns.unfinished()) == []


def test_the_turn_a_process_did_not_finish_is_left_to_take_again():
    turns = forked.Turns(10, 4)

    def compute(tick):
        for _ in turns:
            os._exit(1)  # dies in its first turn

    with pytest.raises(forked.NoAnswerError):
        forked.call(compute, lambda n: None)
    done = [list(r) for r in turns]

    assert [list(r) for r in turns.unfinished()] == [[0, 1, 2, 3]]
    assert sorted(i for r in done for i in r) == [4, 5, 6, 7, 8, 9]
