import os

from coverage import cores


def test_the_cores_are_those_this_process_may_run_on(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {2, 5}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cores.usable() == 2


def test_where_the_system_cannot_say_every_core_counts(monkeypatch):
    # macOS has no sched_getaffinity: the build must not stop on it.
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert cores.usable() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert cores.usable() == 1
