"""A computation run in a forked child, so that the memory it passes through goes with it.

The claims stage at 10,000 articles raised the build's resident memory by 447 MB and
handed on claims of about 105 MB: the rest was its transients (every article's
sentences, every claim-like sentence's features, the grouping's indexes), freed by the
end of the stage but left as free space in CPython's arenas and the C heap, which the
build never gave back to the system and later stages only partly reused. A child made
by `fork` starts with the build's memory shared, computes, sends back what it made,
and exits: the build holds the result and none of the way to it.

The child cannot draw the build's progress bar (the bar belongs to the parent, and to
a thread a child does not have), so it reports each step as one byte on the pipe its
answer comes back on; the parent moves the bar. The answer is pickled the way the
build cache pickles (`cache.dump`), so it comes back with its strings shared.

Where there is no `fork` (Windows), or the child ends without an answer (killed by
the system for memory, say), `call` raises `CannotForkError` (or `NoAnswerError`) and
the caller computes in its own process: the build is larger or slower then, never wrong.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Generic, NoReturn, TypeVar, cast

from .cache import dump, load

T = TypeVar("T")

# What the child writes on the pipe: a step byte per step, then one of the two ends.
_STEP = b"+"
_DONE = b"="
_FAILED = b"!"


class CannotForkError(Exception):
    """The computation could not run in a child: this system has no `fork`."""


class NoAnswerError(CannotForkError):
    """The child ended without an answer; the message says how it ended."""


def call(compute: Callable[[Callable[[int], None]], T], step: Callable[[int], None]) -> T:
    """`compute(tick)` run in a forked child, where each `tick(n)` calls `step(n)` here.

    Returns what `compute` returned; raises what it raised (with the child's traceback
    as a note), `CannotForkError` when it cannot run in a child here, or `NoAnswerError`
    when the child died without answering.
    """
    pid, fd = _fork(compute)
    try:
        with open(fd, "rb") as answer:
            outcome = _answer(answer, step)
    except BaseException:
        # Reaped whatever happened here (its error, the reader's Ctrl-C): no zombie stays.
        os.waitpid(pid, 0)
        raise
    return cast(T, _outcome(outcome, pid))


def start(compute: Callable[[Callable[[int], None]], T], step: Callable[[int], None]) -> Started[T]:
    """`compute(tick)` begun in a forked child while the caller goes on; `Started.result`
    waits for what `call` would have returned. A thread of the caller's takes the child's
    ticks as they come (calling `step` from that thread) and then its answer."""
    return Started(*_fork(compute), step)


class Started(Generic[T]):
    """A computation running in a forked child (`start`)."""

    def __init__(self, pid: int, fd: int, step: Callable[[int], None]) -> None:
        self.pid = pid
        self._outcome: object = _NO_ANSWER
        self._thread = threading.Thread(target=self._take, args=(fd, step), daemon=True)
        self._thread.start()

    def _take(self, fd: int, step: Callable[[int], None]) -> None:
        # Only reads: the child is reaped by the caller's own thread (`result`, `stop`),
        # so it is never signalled after its process id could have gone to another.
        try:
            with open(fd, "rb") as answer:
                self._outcome = _answer(answer, step)
        except BaseException as error:
            self._outcome = _Raised(error)

    def result(self) -> T:
        """Wait for the child's answer; see `call`."""
        self._thread.join()
        outcome = _outcome(self._outcome, self.pid)
        if type(outcome) is _Raised:
            raise outcome.error
        return cast(T, outcome)

    def stop(self) -> None:
        """End the child without its answer (the caller is stopping), leaving no zombie."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._thread.join()
        os.waitpid(self.pid, 0)


@dataclass(frozen=True, slots=True)
class _Raised:
    """What reading a started child's answer raised here, to be raised by `result`."""

    error: BaseException


def _fork(compute: Callable[[Callable[[int], None]], object]) -> tuple[int, int]:
    """The child's process id and the end of the pipe its ticks and answer come on."""
    if not hasattr(os, "fork"):
        raise CannotForkError("this system has no fork")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(compute, write)
    os.close(write)
    return pid, read


def _outcome(outcome: object, pid: int) -> object:
    """Reap the child; its answer, or `NoAnswerError` if it ended without one."""
    _, status = os.waitpid(pid, 0)
    if outcome is _NO_ANSWER:
        raise NoAnswerError(f"the forked child ended without an answer ({_ended(status)})")
    return outcome


_NO_ANSWER = object()


def _answer(answer: BinaryIO, step: Callable[[int], None]) -> object:
    while True:
        mark = answer.read(1)
        if mark == _STEP:
            step(1)
        elif mark == _DONE:
            try:
                return _receive(answer)
            except (EOFError, pickle.UnpicklingError):  # the child died while answering
                return _NO_ANSWER
        elif mark == _FAILED:
            error, text = pickle.load(answer)
            error.add_note(f"raised in the forked child:\n{text}")
            raise error
        else:
            return _NO_ANSWER


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _child(compute: Callable[[Callable[[int], None]], object], fd: int) -> NoReturn:
    """Compute, answer on `fd`, and leave without running the parent's exit handlers."""
    code = 1
    try:
        # The objects inherited from the parent are shared pages until written to; the
        # collector would write to every one of them (its links sit in their headers).
        gc.freeze()
        with open(fd, "wb") as out:

            def tick(n: int = 1) -> None:
                out.write(_STEP * n)
                out.flush()

            try:
                value = compute(tick)
            except BaseException as error:  # sent to the parent, which raises it
                out.write(_FAILED)
                pickle.dump(_sendable(error), out)
            else:
                out.write(_DONE)
                _send(value, out)
                code = 0
    finally:
        os._exit(code)


# A long tuple in the answer is sent in runs of this many items, each its own pickle (and
# a tuple holding tuples as its items, so that a long one inside is found). Pickle keeps a
# table of every object it has written, to write it again by number: the reuse stage's
# 449,074 pair outlines at 10,000 articles, sent as one pickle, needed one of millions of
# entries on top of the child's peak (1,006 MB; 924 MB in runs), and the build as long a
# list to read them back.
_RUN = 4096


@dataclass(frozen=True, slots=True)
class _Items:
    """A tuple follows, as `count` answers of their own."""

    count: int


@dataclass(frozen=True, slots=True)
class _Runs:
    """A long tuple follows, as `count` pickled runs of its items."""

    count: int


def _send(value: object, out: BinaryIO) -> None:
    if type(value) is tuple and len(value) > _RUN:
        starts = range(0, len(value), _RUN)
        dump(_Runs(len(starts)), out)
        for start in starts:
            dump(value[start : start + _RUN], out)
    elif type(value) is tuple and any(type(item) is tuple for item in value):
        dump(_Items(len(value)), out)
        for item in value:
            _send(item, out)
    else:
        dump(value, out)


def _receive(answer: BinaryIO) -> object:
    value = load(answer)
    if type(value) is _Items:
        return tuple([_receive(answer) for _ in range(value.count)])
    if type(value) is _Runs:
        return tuple([item for _ in range(value.count) for item in load(answer)])
    return value


def _sendable(error: BaseException) -> tuple[BaseException, str]:
    text = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        error = RuntimeError(f"{type(error).__name__}: {error}")
    return error, text


# Items a process takes at a time from `Turns`: 64 pair pages take some 80 ms to render,
# long beside taking a turn, short beside the stage.
TURN = 64


class Turns:
    """`count` items, handed out a turn (`size` items) at a time to whichever process asks
    next, among the processes forked after it was made (its counter and flags are shared
    memory).

    A process asks by iterating; each turn it finishes is marked, so the turns that a
    process which died had begun and not finished can be taken again (`unfinished`).
    Where the system has no shared memory (no /dev/shm, say), making one raises
    `CannotForkError`.
    """

    def __init__(self, count: int, size: int = TURN) -> None:
        self.count, self.size = count, size
        context = multiprocessing.get_context("fork")
        try:
            self._next = context.Value("q", 0)
            self._finished = context.RawArray("b", max(1, self._turns))
        except (OSError, ImportError, ValueError) as why:
            raise CannotForkError(f"no shared memory here ({why})") from None

    @property
    def _turns(self) -> int:
        return -(-self.count // self.size)

    def __iter__(self) -> Iterator[range]:
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + self.size
            if start >= self.count:
                return
            yield range(start, min(start + self.size, self.count))
            # Reached only when the asking loop comes back for the next turn.
            self._finished[start // self.size] = 1

    def unfinished(self) -> Iterator[range]:
        """The turns not finished, handed out or not: ask once every process has stopped."""
        for n in range(self._turns):
            if not self._finished[n]:
                yield range(n * self.size, min((n + 1) * self.size, self.count))
