"""How many cores the build may use: what the stages split their work by."""

from __future__ import annotations

import os


def usable() -> int:
    """The cores this process may run on (`taskset`, a container's CPU set), or every core
    the machine has where the system cannot say (macOS has no `sched_getaffinity`)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
