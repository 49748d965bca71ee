"""How the core runs its stages: what a build may add around them (a cache, a clock).

The core's stage functions take a `Runner`. Each per-article result goes
through `run.memo(stage, key, compute)`, where `key` is the digest of
everything the result depends on (see cache_keys); each stage of the build
runs inside `run.stage(name, total)`. A result too big to hold for the whole
build, and too costly to compute again whole when one of its inputs changes,
goes through `run.memo_revised`: it is kept under a name, in two parts (the
small outline is handed on; the rest is read back by the pages that `recall` it),
and when its inputs change, the result kept under that name is handed to the
computation to revise rather than thrown away. A computation that passes through
much more memory than its result holds goes through `run.apart`, which may run it
in a process of its own, so that only the result stays in the build's. A
computation that splits into parts, each computed alone and the results put
together in order, goes through `run.in_parts(compute)`: it is handed its part
and the number of parts, which a runner may compute side by side.
`PLAIN` computes everything afresh, keeps nothing and shows nothing, which is
what tests and benchmarks of one stage want; the Pelican glue passes a runner
with a disk cache and a progress display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import NamedTuple, Protocol, TypeVar

T = TypeVar("T")


class Kept(NamedTuple):
    """A result kept under a name for other inputs: its outline, and a way to read the
    rest (only called when the revision needs it)."""

    outline: object
    rest: Callable[[], object]


Revise = Callable[[Kept | None], tuple[T, object]]


class Runner(Protocol):
    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T: ...

    def stage(self, name: str, total: int | None = None) -> AbstractContextManager[None]: ...

    def memo_revised(self, stage: str, name: str, made_for: str, compute: Revise[T]) -> T: ...

    def keeps(self, stage: str) -> bool: ...

    def recall(self, stage: str, name: str) -> object: ...

    def apart(self, compute: Callable[[], T]) -> T: ...

    def in_parts(self, compute: Callable[[int, int], T]) -> list[T]: ...


class Plain:
    """Computes every result afresh; stages are not timed or shown."""

    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        return compute()

    def memo_revised(self, stage: str, name: str, made_for: str, compute: Revise[T]) -> T:
        return compute(None)[0]

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[None]:
        yield

    def keeps(self, stage: str) -> bool:
        return False

    def recall(self, stage: str, name: str) -> object:
        raise LookupError(f"a plain runner keeps no {stage} result")

    def apart(self, compute: Callable[[], T]) -> T:
        return compute()

    def in_parts(self, compute: Callable[[int, int], T]) -> list[T]:
        return [compute(0, 1)]


PLAIN = Plain()
