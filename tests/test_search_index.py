import json
import os
import subprocess
import sys
import threading
import time

import pytest

from coverage import search_index
from coverage.search_index import Part, PartRecord, fingerprint, page_shapes, part_count, split


def test_each_searched_kind_of_page_becomes_one_shape_and_nothing_else():
    shapes = page_shapes(["articles/{slug}.html", "claims/{id}.html", "quotes/{id}.html"])
    assert shapes == ["articles/*.html", "claims/*.html", "quotes/*.html"]


def test_url_fields_with_formats_become_one_wildcard():
    assert page_shapes(["{date:%Y}/{slug}.html", ""]) == ["*/*.html"]


def test_kinds_turned_off_are_left_out_and_nothing_left_means_every_page():
    assert page_shapes(["", "", "outlets/{slug}.html", "outlets/{slug}.html"]) == ["outlets/*.html"]
    assert page_shapes(["", ""]) == ["**/*.html"]


def test_the_searched_pages_are_the_files_matching_a_shape(tmp_path):
    for name in ("articles/a.html", "articles/b.html", "articles.html", "reuse/p.html"):
        _page(tmp_path, name, "x")
    (tmp_path / "articles" / "folder.html").mkdir()
    found = search_index.searched_pages(tmp_path, ["articles/*.html", "outlets/*.html"])
    assert found == ["articles/a.html", "articles/b.html"]


def test_the_parts_are_a_power_of_two_that_keeps_each_near_the_size_asked():
    assert [part_count(n, 1500) for n in (0, 1, 1500, 1501, 3000, 3001)] == [1, 1, 1, 2, 2, 4]
    # The benchmark's 10,000-article archive has 23,113 searched pages.
    assert part_count(23_113, 1500) == 16


def test_a_page_stays_in_its_part_while_the_archive_grows_short_of_doubling():
    names = [f"articles/{n}.html" for n in range(2000)]
    before = {p: part.number for part in split(names, 1500) for p in part.pages}
    more = split([*names, "articles/new.html"], 1500)
    grown = {p: part.number for part in more for p in part.pages}
    assert {p: grown[p] for p in names} == before


def test_every_page_is_in_exactly_one_part_and_the_parts_are_even():
    names = [f"claims/{n}.html" for n in range(10_000)]
    parts = split(names, 700)
    assert len(parts) == 16
    assert sorted(p for part in parts for p in part.pages) == sorted(names)
    sizes = [len(part.pages) for part in parts]
    assert min(sizes) > 0.8 * 10_000 / 16 and max(sizes) < 1.2 * 10_000 / 16


def test_with_no_page_there_is_still_one_part_for_pagefind_to_report_on():
    assert split([], 1500) == (Part(0, ()),)


def test_a_parts_fingerprint_follows_its_own_pages_identities_and_nothing_else():
    part = Part(3, ("articles/a.html", "claims/c.html"))
    files = {"articles/a.html": (1, 10, 500, 7), "claims/c.html": (1, 11, 90, 8)}
    elsewhere = {**files, "quotes/q.html": (1, 12, 40, 9)}
    rewritten = {**files, "claims/c.html": (1, 13, 90, 10)}
    assert fingerprint(part, files) == fingerprint(part, elsewhere)
    assert fingerprint(part, files) != fingerprint(part, rewritten)
    assert fingerprint(part, files) != fingerprint(Part(3, ("articles/a.html",)), files)


def test_a_part_is_kept_only_when_its_fingerprint_and_its_published_bundle_are_there(tmp_path):
    output, record = tmp_path / "output", tmp_path / "cache" / "search.json"
    kept, lost = Part(0, ("a.html",)), Part(1, ("b.html",))
    first = PartRecord(record, output)
    assert not first.unchanged(kept, "print 0") and not first.unchanged(lost, "print 1")
    first.save()
    _page(output, "pagefind/0/pagefind-entry.json", "{}")
    again = PartRecord(record, output)
    assert again.unchanged(kept, "print 0")
    assert not again.unchanged(lost, "print 1")  # its bundle is not published
    assert not again.unchanged(kept, "print 0 changed")
    assert again.kept == 1
    # A record made for another output folder says nothing about this one.
    assert not PartRecord(record, tmp_path / "elsewhere").unchanged(kept, "print 0")
    record.write_text("not json")
    assert not PartRecord(record, output).unchanged(kept, "print 0")
    assert not PartRecord(record, output, enabled=False).unchanged(kept, "print 0")


def _page(site, name, body):
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html lang=en><body><main data-pagefind-body>{body}</main>")


def _page_count(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_pagefind_indexes_each_part_in_its_own_bundle_while_the_caller_goes_on(tmp_path):
    site = tmp_path / "site"
    _page(site, "articles/a.html", "<h1>CECOT</h1><p>Bukele offered the prison.</p>")
    _page(site, "articles/b.html", "<h1>Rubio</h1><p>The deal was signed.</p>")
    _page(site, "claims/c.html", "<h1>A claim</h1><p>For a fee.</p>")
    _page(site, "reuse/pair.html", "<p>Not searched.</p>")
    parts = (Part(0, ("articles/a.html",)), Part(5, ("articles/b.html", "claims/c.html")))
    running = search_index.start(site, parts)
    running.wait()
    assert _page_count(site / "pagefind" / "0") == 1
    assert _page_count(site / "pagefind" / "5") == 2
    # The folders the parts were read from are gone; the pages themselves are not.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "articles" / "b.html").is_file()
    search_index.write_parts_list(site, parts)
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == {"parts": ["0/", "5/"]}
    search_index.link_ui(site, parts)
    ui = site / "pagefind" / "pagefind-ui.js"
    assert ui.stat().st_ino == (site / "pagefind" / "0" / "pagefind-ui.js").stat().st_ino


def test_a_kept_part_is_the_published_bundle_linked_in(tmp_path):
    published, site = tmp_path / "output", tmp_path / "staging"
    _page(published, "pagefind/2/pagefind-entry.json", "{}")
    _page(published, "pagefind/2/fragment/x.pf_fragment", "x")
    search_index.keep_published(site, published, Part(2, ("a.html",)))
    for name in ("pagefind-entry.json", "fragment/x.pf_fragment"):
        kept, there = site / "pagefind/2" / name, published / "pagefind/2" / name
        assert kept.stat().st_ino == there.stat().st_ino


def test_a_failed_index_stops_the_build_with_pagefinds_own_words(tmp_path):
    running = search_index.start(tmp_path, split([], 1500))  # no pages to index
    with pytest.raises(search_index.SearchIndexError) as failed:
        running.wait()
    message = str(failed.value)
    assert str(tmp_path) in message
    assert "part 0" in message
    assert "did not contain any html files" in message
    assert "make install" in message


def test_stopping_ends_a_run_that_was_never_waited_for(tmp_path, monkeypatch):
    # A build that fails after the pages are written leaves Pagefind running; stop ends it,
    # and the parts not yet started are never started.
    started = []
    real = subprocess.Popen

    def sleeper(command, **options):
        started.append(real([sys.executable, "-c", "import time; time.sleep(60)"], **options))
        return started[-1]

    monkeypatch.setattr(search_index.subprocess, "Popen", sleeper)
    _page(tmp_path, "a.html", "x")
    running = search_index.start(tmp_path, [Part(0, ("a.html",)), Part(1, ("a.html",))])
    deadline = time.monotonic() + 30
    while not started and time.monotonic() < deadline:
        time.sleep(0.05)
    running.stop()
    assert len(started) == 1
    assert started[0].poll() is not None
    running.wait()  # a stopped run is not a failed one


def test_pagefind_leaves_the_build_one_core_unless_told_otherwise(monkeypatch):
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    four = search_index._environment()["RAYON_NUM_THREADS"]
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: {0})
    one = search_index._environment()["RAYON_NUM_THREADS"]
    monkeypatch.setenv("RAYON_NUM_THREADS", "8")
    told = search_index._environment()["RAYON_NUM_THREADS"]
    assert [four, one, told] == ["3", "1", "8"]
    assert os.environ["RAYON_NUM_THREADS"] == "8"


def test_where_the_system_cannot_name_the_cores_pagefind_still_runs(tmp_path, monkeypatch):
    # macOS has no sched_getaffinity: every core the machine has counts.
    monkeypatch.delattr(search_index.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(search_index.os, "cpu_count", lambda: 4)
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    assert search_index._environment()["RAYON_NUM_THREADS"] == "3"
    runs = []
    monkeypatch.setattr(search_index.subprocess, "Popen", _Pagefind(runs, others=1))
    _page(tmp_path, "a.html", "x")
    running = search_index.start(tmp_path, [Part(n, ("a.html",)) for n in range(2)])
    running.wait()  # the second run, on the build's core, is begun here
    assert sorted(cores for _, cores in runs) == ["1", "3"]


class _Pagefind:
    """Stands in for a Pagefind process: notes the part it was given and its cores, and
    finishes only once `others` more of its kind run beside it."""

    def __init__(self, runs: list, others: int):
        self.runs = runs
        self.meeting = threading.Barrier(others + 1, timeout=10) if others else None

    def __call__(self, command, env, **options):
        self.runs.append((command[command.index("--output-path") + 1], env["RAYON_NUM_THREADS"]))
        return self

    def wait(self):
        if self.meeting:
            self.meeting.wait()
        return 0

    def poll(self):
        return 0


def test_at_the_wait_a_second_run_takes_the_parts_left_on_the_builds_core(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    runs = []
    # Each part's Pagefind finishes only beside another's: the first part waits for the
    # second run, which begins with `wait`.
    monkeypatch.setattr(search_index.subprocess, "Popen", _Pagefind(runs, others=1))
    _page(tmp_path, "a.html", "x")
    parts = [Part(n, ("a.html",)) for n in range(4)]
    running = search_index.start(tmp_path, parts)
    running.wait()
    assert sorted(bundle for bundle, _ in runs) == [str(tmp_path / p.folder) for p in parts]
    # The first run has every core but the build's; the second, the build's.
    assert sorted(cores for _, cores in runs) == ["1", "1", "3", "3"]
    assert not tmp_path.with_name(tmp_path.name + ".search").exists()


@pytest.mark.parametrize("cores, told", [({0}, None), ({0, 1}, "2")])
def test_with_one_core_or_a_number_of_threads_told_one_run_takes_every_part(
    tmp_path, monkeypatch, cores, told
):
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: cores)
    if told:
        monkeypatch.setenv("RAYON_NUM_THREADS", told)
    else:
        monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    runs = []
    monkeypatch.setattr(search_index.subprocess, "Popen", _Pagefind(runs, others=0))
    _page(tmp_path, "a.html", "x")
    running = search_index.start(tmp_path, [Part(n, ("a.html",)) for n in range(3)])
    running.wait()
    assert [cores for _, cores in runs] == [told or "1"] * 3
    assert len(running._threads) == 1


def test_where_no_hard_link_can_be_made_the_pages_and_kept_parts_are_copied(tmp_path, monkeypatch):
    def refused(source, target):
        raise OSError("links not supported")

    monkeypatch.setattr(search_index.os, "link", refused)
    site, published = tmp_path / "site", tmp_path / "output"
    _page(site, "articles/a.html", "<h1>CECOT</h1>")
    search_index.start(site, [Part(0, ("articles/a.html",))]).wait()
    assert _page_count(site / "pagefind" / "0") == 1
    _page(published, "pagefind/1/pagefind-entry.json", "{}")
    search_index.keep_published(site, published, Part(1, ()))
    assert (site / "pagefind/1/pagefind-entry.json").read_text() == (
        published / "pagefind/1/pagefind-entry.json"
    ).read_text()


def test_a_page_that_cannot_be_laid_out_for_pagefind_fails_the_build_with_a_message(tmp_path):
    running = search_index.start(tmp_path, [Part(0, ("articles/missing.html",))])
    with pytest.raises(search_index.SearchIndexError) as failed:
        running.wait()
    assert "could not lay out the pages" in str(failed.value)
    assert "missing.html" in str(failed.value)
