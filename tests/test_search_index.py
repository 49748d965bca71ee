import json
import subprocess
import sys
import tempfile

import pytest

from coverage import search_index
from coverage.search_index import pages_glob


def test_the_glob_matches_each_searched_kind_of_page_and_nothing_else():
    glob = pages_glob(["articles/{slug}.html", "claims/{id}.html", "quotes/{id}.html"])
    assert glob == "{articles/*.html,claims/*.html,quotes/*.html}"


def test_url_fields_with_formats_become_one_wildcard():
    assert pages_glob(["{date:%Y}/{slug}.html", ""]) == "*/*.html"


def test_kinds_turned_off_are_left_out_and_nothing_left_means_every_page():
    assert pages_glob(["", "", "outlets/{slug}.html", "outlets/{slug}.html"]) == "outlets/*.html"
    assert pages_glob(["", ""]) == "**/*.html"


def _page(site, name, body):
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html lang=en><body><main data-pagefind-body>{body}</main>")


def test_pagefind_indexes_the_matching_pages_while_the_caller_goes_on(tmp_path):
    _page(tmp_path, "articles/a.html", "<h1>CECOT</h1><p>Bukele offered the prison.</p>")
    _page(tmp_path, "reuse/pair.html", "<p>Not searched.</p>")
    running = search_index.start(tmp_path, pages_glob(["articles/{slug}.html"]))
    running.wait()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert [language["page_count"] for language in entry["languages"].values()] == [1]


def test_a_failed_index_stops_the_build_with_pagefinds_own_words(tmp_path):
    running = search_index.start(tmp_path)  # no pages to index
    with pytest.raises(search_index.SearchIndexError) as failed:
        running.wait()
    message = str(failed.value)
    assert str(tmp_path) in message
    assert "did not contain any html files" in message
    assert "make install" in message


def test_stopping_ends_a_run_that_was_never_waited_for(tmp_path):
    # A build that fails after the pages are written leaves Pagefind running; stop ends it.
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with tempfile.TemporaryFile() as said:
        search_index.Indexing(tmp_path, sleeper, said).stop()
        assert sleeper.poll() is not None
        assert said.closed


def test_pagefind_leaves_the_build_one_core_unless_told_otherwise(tmp_path, monkeypatch):
    started = []

    class Recorded:
        def __init__(self, command, **options):
            started.append(options["env"])

    monkeypatch.setattr(search_index.subprocess, "Popen", Recorded)
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    search_index.start(tmp_path).said.close()
    monkeypatch.setattr(search_index.os, "sched_getaffinity", lambda pid: {0})
    search_index.start(tmp_path).said.close()
    monkeypatch.setenv("RAYON_NUM_THREADS", "8")
    search_index.start(tmp_path).said.close()
    assert [env["RAYON_NUM_THREADS"] for env in started] == ["3", "1", "8"]
