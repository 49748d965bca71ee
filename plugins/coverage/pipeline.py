"""How the core runs its stages: what a build may add around them (a cache, a clock).

The core's stage functions take a `Runner`. Each per-article result goes
through `run.memo(stage, key, compute)`, where `key` is the digest of
everything the result depends on (see cache_keys); each stage of the build
runs inside `run.stage(name, total)`. A result too big to hold for the whole
build goes through `run.memo_outline`, in two parts: the small outline is
handed on, and a runner that `keeps` the stage stores the rest, which the pages
`recall` by the key when they need it.
`PLAIN` computes everything afresh, keeps nothing and shows nothing, which is
what tests and benchmarks of one stage want; the Pelican glue passes a runner
with a disk cache and a progress display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol, TypeVar

T = TypeVar("T")


class Runner(Protocol):
    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T: ...

    def stage(self, name: str, total: int | None = None) -> AbstractContextManager[None]: ...

    def memo_outline(self, stage: str, key: str, compute: Callable[[], tuple[T, object]]) -> T: ...

    def keeps(self, stage: str) -> bool: ...

    def recall(self, stage: str, key: str) -> object: ...


class Plain:
    """Computes every result afresh; stages are not timed or shown."""

    def memo(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        return compute()

    def memo_outline(self, stage: str, key: str, compute: Callable[[], tuple[T, object]]) -> T:
        return compute()[0]

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[None]:
        yield

    def keeps(self, stage: str) -> bool:
        return False

    def recall(self, stage: str, key: str) -> object:
        raise LookupError(f"a plain runner keeps no {stage} result")


PLAIN = Plain()
