"""The whole-build bench's pure parts: vanilla posts, verdicts on the targets, comparing sites.

The builds themselves take minutes; none runs here.
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))  # build_bench imports its neighbours synth and claims_bench
import build_bench
import synth


@pytest.fixture(scope="module")
def made():
    return synth.synthesise(12, seed=0, per_story=build_bench.PER_STORY)


def split_post(post: str) -> tuple[dict[str, str], str]:
    front, body = post.split("\n\n", 1)
    return dict(line.split(": ", 1) for line in front.splitlines()), body


def test_a_vanilla_post_keeps_every_word_in_order_under_a_title_and_date(made):
    for name, raw, sidecar in made:
        meta, body = split_post(build_bench.markdown_post(name, raw, sidecar))
        assert meta["Title"]
        assert meta["Date"].startswith("2025-")
        assert meta["Author"] == meta["Category"] != ""
        assert body.split() == raw.decode("utf-8").split()


def test_a_vanilla_post_is_titled_by_the_sidecar_headline_or_else_the_file_stem():
    sidecar = b'outlet: The Harbour Gazette\nheadline: "A Headline"\npublished: 2025-02-05\n'
    meta, _ = split_post(build_bench.markdown_post("00007_ab.txt", b"Text.\r\n", sidecar))
    assert (meta["Title"], meta["Date"], meta["Author"]) == (
        "A Headline",
        "2025-02-05",
        "The Harbour Gazette",
    )
    meta, body = split_post(build_bench.markdown_post("00007_ab.txt", b"One.\nTwo.", None))
    assert (meta["Title"], meta["Date"], meta["Slug"]) == (
        "00007_ab",
        build_bench.UNDATED,
        "00007_ab",
    )
    assert body == "One.\n\nTwo.\n"  # each line its own paragraph


def build(seconds: float, rss_mb: float = 300.0, analysis: float = 0.0) -> dict:
    stages = {"read and normalise": analysis / 2, "claims": analysis / 2, "write pages": 1.0}
    return {
        "seconds": seconds,
        "cpu": seconds,
        "load": 1.0,
        "rss_mb": rss_mb,
        "pages": 10,
        "bytes": 2 * build_bench.MB,
        "stages": stages,
        "files_changed": 3,
        "files_unchanged": 7,
        "search_parts": 16,
        "search_parts_indexed": 5,
        "cache": "article 9 cached / 1 new",
    }


def row(n: int, full: float, add_one, rss_mb: float, analysis: float, diff, joins=(None,)) -> dict:
    """One size's result; `add_one` is one add-one build's seconds, or a tuple of several;
    `joins`, the seconds of each build adding an article that joins a story (by default one,
    as long as the median add-one)."""
    times = add_one if isinstance(add_one, tuple) else (add_one,)
    adds = {f"add_one_{k}": build(s, rss_mb) for k, s in enumerate(times, start=1)}
    middle = sorted(times)[(len(times) - 1) // 2]
    adds |= {f"join_{k}": build(s or middle, rss_mb) for k, s in enumerate(joins, start=1)}
    return {
        "n": n,
        "builds": {
            "vanilla": {**build(100.0), "stages": {}},
            "full": build(full, rss_mb, analysis),
            **adds,
            "clean": build(full, rss_mb, analysis),
        },
        "joined_story": n // build_bench.PER_STORY // 2,
        "add_one_diff": diff,
        "repro_diff": None if n > build_bench.REPRODUCIBLE_UP_TO else [],
    }


def verdicts(rows: list[dict]) -> list[str]:
    return [ok for _, _, ok in build_bench.targets(rows)]


def test_every_target_is_met_when_the_measurements_are_under_it():
    rows = [
        row(1000, 20.0, 2.0, 200.0, 10.0, []),
        row(10_000, 120.0, 10.0, 900.0, 110.0, []),
    ]
    assert verdicts(rows) == ["met"] * 7


def test_every_target_is_not_met_when_the_measurements_are_over_it():
    rows = [
        row(1000, 20.0, 2.0, 200.0, 10.0, ["index.html"]),
        row(10_000, 130.0, 20.0, 1100.0, 130.0, []),
    ]
    found = build_bench.targets(rows)
    assert [ok for _, _, ok in found] == ["**not met**"] * 6 + ["met"]
    assert found[0][1] == "1.30×" and found[1][1] == "1,100 MB"
    table = build_bench.targets_table(rows)
    assert table.count("| **not met** |") == 6


def test_targets_for_sizes_not_run_say_so():
    rows = [row(100, 40.0, 2.0, 400.0, 10.0, [])]
    found = verdicts(rows)
    assert found[0] == found[1] == found[4] == "not run"
    assert found[2] == found[3] == "met"  # 5 % at 100 articles


def test_the_add_one_target_is_judged_on_the_median_build_not_on_one_slow_or_fast_run():
    rows = [row(10_000, 100.0, (14.0, 30.0, 9.0), 900.0, 50.0, [])]
    found = build_bench.targets(rows)[2][1:]
    assert found == (
        "14.0 % at 10,000 articles (median of 3: 9.0 to 30.0 %); 14.0 % of the clean build of N+4",
        "met",
    )
    rows = [row(10_000, 100.0, (16.0, 10.0, 17.0), 900.0, 50.0, [])]
    assert build_bench.targets(rows)[2][2] == "**not met**"  # one fast run does not pass it


def test_the_median_of_an_even_count_is_a_build_that_ran_the_lower_middle_one():
    r = row(1000, 100.0, (12.0, 20.0, 11.0, 30.0), 200.0, 10.0, [])
    assert build_bench.typical_add_one(r) is r["builds"]["add_one_1"]


def test_the_peak_memory_target_counts_every_add_one_build():
    r = row(10_000, 100.0, (10.0, 10.0), 900.0, 50.0, [])
    r["builds"]["add_one_2"]["rss_mb"] = 1100.0
    assert build_bench.targets([r])[1][1:] == ("1,100 MB", "**not met**")


def test_the_report_names_each_add_one_build_and_the_clean_build_of_as_many_articles():
    rows = [row(1000, 100.0, (12.0, 20.0, 11.0), 200.0, 10.0, [])]
    rows[0]["builds"]["again"] = build(100.0)
    text = build_bench.report(rows, [1000], build_bench.datetime.now(), "- here")
    names = ("add one, 1 of 3", "add one, 3 of 3", "add one joining story 5, 1 of 1")
    for name in (*names, "clean N+4", "clean N+4 again"):  # the joining article counts too
        assert f"| 1,000 | {name} | " in text
    # The median, its share, every build; then the joining build and its share.
    assert "| 12.0 | 12.0 % | 12.0, 20.0, 11.0 | 12.0 | 12.0 % |" in text


def test_the_joining_target_is_judged_on_the_slowest_joining_build():
    rows = [row(10_000, 100.0, (10.0, 11.0, 12.0), 900.0, 50.0, [], joins=(14.0, 16.0))]
    assert build_bench.targets(rows)[3][1:] == (
        "16.0 % at 10,000 articles (the slowest of 2); 16.0 % of the clean build of N+5",
        "**not met**",
    )
    assert build_bench.targets(rows)[2][2] == "met"  # the stream's add-ones are judged apart
    rows = [row(10_000, 100.0, 10.0, 900.0, 50.0, [], joins=())]
    assert build_bench.targets(rows)[3][1:] == ("not run", "not run")
    assert "| 10.0 | – | – |" in build_bench.summary_table(rows)
    assert "joining" not in build_bench.stages_table(rows)  # no column for builds not run


def test_an_add_one_target_is_met_only_against_both_full_builds_of_the_run():
    # The machine slowed down for the full build: against it, adding one looks cheap.
    r = row(10_000, 100.0, (13.0, 14.0, 14.5), 900.0, 50.0, [], joins=(14.5,))
    r["builds"]["clean"]["seconds"] = 80.0
    found = build_bench.targets([r])
    assert found[2][1:] == (
        "14.0 % at 10,000 articles (median of 3: 13.0 to 14.5 %); 17.5 % of the clean build of N+4",
        "**not met**",
    )
    assert found[3][1:] == (
        "14.5 % at 10,000 articles; 18.1 % of the clean build of N+4",
        "**not met**",
    )
    r["builds"]["clean"]["seconds"] = 120.0  # a faster full build than the clean one: met
    assert [ok for _, _, ok in build_bench.targets([r])[2:4]] == ["met", "met"]


def test_the_peak_memory_target_counts_the_joining_builds():
    r = row(10_000, 100.0, 10.0, 900.0, 50.0, [])
    r["builds"]["join_1"]["rss_mb"] = 1100.0
    assert build_bench.targets([r])[1][1:] == ("1,100 MB", "**not met**")


def test_the_joined_story_is_a_full_one_in_the_middle():
    assert [build_bench.joined_story(n) for n in (100, 1000, 10_000)] == [0, 5, 50]


@pytest.mark.parametrize(
    "variable, raw, expected",
    [("BENCH_ADD_ONE", raw, "like 3") for raw in ("0", "-1", "two", "1.5")]
    + [("BENCH_JOIN", raw, "like 1 or 0") for raw in ("-1", "one", "0.5")],
)
def test_a_bad_count_stops_the_bench_with_what_it_expected(monkeypatch, variable, raw, expected):
    monkeypatch.setenv(variable, raw)
    count = build_bench.add_one_count if variable == "BENCH_ADD_ONE" else build_bench.join_count
    with pytest.raises(SystemExit, match=rf"{variable}: expected .* {expected}, got"):
        count()


def test_the_counts_default_to_three_add_ones_and_one_join_and_follow_the_variables(monkeypatch):
    monkeypatch.delenv("BENCH_ADD_ONE", raising=False)
    monkeypatch.delenv("BENCH_JOIN", raising=False)
    assert (build_bench.add_one_count(), build_bench.join_count()) == (3, 1)
    monkeypatch.setenv("BENCH_ADD_ONE", " 5 ")
    monkeypatch.setenv("BENCH_JOIN", "0")  # no joining build at all
    assert (build_bench.add_one_count(), build_bench.join_count()) == (5, 0)


def test_the_report_tables_show_each_size_and_each_stage():
    rows = [row(100, 40.0, 2.0, 400.0, 10.0, ["a.html"]), row(10_000, 90.0, 5.0, 800.0, 50.0, [])]
    text = build_bench.report(rows, [100, 10_000, 20_000], build_bench.datetime.now(), "- here")
    assert "Finished so far: 100, 10,000." in text
    assert "| 10,000 | 100.0 | " in text  # the summary row starts with vanilla's seconds
    assert "no: 1 files differ" in text and "not run" in text
    assert "| 5 / 16 |" in text  # how many parts of the search index the build indexed again
    assert "| write pages | 1.00 | 1.00 | 1.00 | 1.00 |" in text  # the joining build's too
    assert "| add one joining a story, 10,000, the slowest (s) |" in text
    assert "`a.html`" in text


def test_comparing_sites_reports_differing_and_missing_files_but_not_pagefind(tmp_path):
    left, right = tmp_path / "left", tmp_path / "right"
    for site in (left, right):
        (site / "articles").mkdir(parents=True)
        (site / "pagefind").mkdir()
        (site / "index.html").write_text("same")
    (left / "articles" / "a.html").write_text("one")
    (right / "articles" / "a.html").write_text("two")
    (left / "only-left.css").write_text("x")
    (left / "pagefind" / "filter.pf").write_bytes(b"\x01")
    (right / "pagefind" / "filter.pf").write_bytes(b"\x02")
    (right / "pagefind" / "extra.pf").write_bytes(b"\x03")
    assert build_bench.differing(left, right) == ["articles/a.html", "only-left.css"]
    (right / "articles" / "a.html").write_text("one")
    (right / "only-left.css").write_text("x")
    assert build_bench.differing(left, right) == []
