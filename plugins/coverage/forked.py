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
import os
import pickle
import signal
import traceback
from collections.abc import Callable
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
    return start(compute).answer(step)


def start(compute: Callable[[Callable[[int], None]], T]) -> Started[T]:
    """`compute(tick)` begun in a forked child; the caller goes on, and takes the answer
    with `Started.answer` (as `call` would have returned it).

    The child's ticks wait in the pipe until then: a child that ticks more than the pipe
    holds (64 KiB on Linux) waits for its parent to take the answer before it goes on.
    """
    if not hasattr(os, "fork"):
        raise CannotForkError("this system has no fork")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _child(compute, write)
    os.close(write)
    return Started(pid, read)


@dataclass(frozen=True, slots=True)
class Started(Generic[T]):
    """A computation running in a forked child (`start`)."""

    pid: int
    fd: int

    def answer(self, step: Callable[[int], None]) -> T:
        """Wait for the child's answer, calling `step` for each of its ticks; see `call`."""
        try:
            with open(self.fd, "rb") as answer:
                outcome = _answer(answer, step)
        except BaseException:
            # Reaped whatever happened here (its error, the reader's Ctrl-C): no zombie stays.
            os.waitpid(self.pid, 0)
            raise
        _, status = os.waitpid(self.pid, 0)
        if outcome is _NO_ANSWER:
            raise NoAnswerError(f"the forked child ended without an answer ({_ended(status)})")
        return cast(T, outcome)

    def stop(self) -> None:
        """End the child without its answer (the parent is stopping), leaving no zombie."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


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
