"""The reuse pages, the article's shared-text line and data/reuse.json, on real builds."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_report, copy_content, run_build

from coverage import forked

sys.path.insert(0, str(ROOT / "bench"))  # the bench's synthetic articles
import build_bench
import synth


def reuse_data(build):
    return json.loads((build.output / "data" / "reuse.json").read_text(encoding="utf-8"))


def named(pair, prefix):
    return pair["a"].startswith(prefix) or pair["b"].startswith(prefix)


def test_reuse_json_follows_the_documented_schema(seed_build):
    document = reuse_data(seed_build)
    assert document["pairs"]
    for pair in document["pairs"]:
        assert {"id", "a", "b", "overlap_a", "overlap_b", "kind", "spans"} <= set(pair)
        assert pair["a"].endswith(".txt") and pair["b"].endswith(".txt")
        assert 0 <= pair["overlap_a"] <= 1 and 0 <= pair["overlap_b"] <= 1
        for span in pair["spans"]:
            assert {"a_text", "b_text", "kind", "a_paragraphs", "b_paragraphs"} <= set(span)
    hub = next(s for s in document["sources"] if s["article"].startswith("003"))
    assert {u["other"][:3] for u in hub["uncredited"]} == {"000", "002"}


def test_reuse_csv_has_a_row_per_shared_span(seed_build):
    rows = list(csv.DictReader(io.StringIO((seed_build.output / "data" / "reuse.csv").read_text())))
    spans = sum(len(p["spans"]) for p in reuse_data(seed_build)["pairs"])
    assert len(rows) == spans
    assert {"pair", "a", "b", "overlap_a", "a_text", "b_text"} <= set(rows[0])


def test_the_matrix_is_a_table_of_percentages_linking_to_pair_pages(seed_build):
    page = seed_build.page("reuse.html")
    table = page.select_one(".reuse-matrix table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert len(headers) == 6 and "News.Az" in headers
    row = next(r for r in table.select("tbody tr") if r.th.get_text(strip=True) == "News.Az")
    metro = row.select("td")[headers.index("Metro India (metroindia.net)") - 1]
    assert metro.strong.get_text() in {f"{n} %" for n in range(45, 60)}
    for link in table.select("td a"):
        assert (seed_build.output / link["href"]).is_file()


def test_the_lineage_graph_is_static_svg_with_a_text_alternative(seed_build):
    page = seed_build.page("reuse.html")
    svg = page.select_one("figure.lineage svg")
    # Not role="img": its arcs and names are links a keyboard and a screen reader can reach.
    assert not svg.get("role") and svg.find("title") and svg.find("desc")
    assert svg["aria-labelledby"] == "lineage-t lineage-d"
    assert len(svg.select("path.arc")) == 5
    assert len(svg.select("path.arc-reworded")) == 2
    assert not page.find("script")


def test_a_pair_page_shows_both_texts_with_each_span_linked_to_its_twin(seed_build):
    pair = next(p for p in reuse_data(seed_build)["pairs"] if named(p, "000") and named(p, "002"))
    page = seed_build.page(f"reuse/{pair['id']}.html")
    columns = page.select(".reuse-col")
    assert len(columns) == 2
    for span in pair["spans"]:
        for side, other in (("a", "b"), ("b", "a")):
            mark = page.find(id=f"{side}-{span['id']}")
            assert mark is not None and mark.name == "mark"
            ref = mark.find_previous_sibling("a", class_="rs-ref")
            assert ref["href"] == f"#{other}-{span['id']}"
    assert "most unprecedented and extraordinary migratory agreement" in columns[0].get_text()


def test_the_pair_page_and_its_record_say_alike_which_came_first(seed_build):
    pairs = reuse_data(seed_build)["pairs"]
    for pair in pairs:
        assert pair["direction"]
        if pair["kind"] == "incidental":  # counted, given no page of its own
            continue
        page = seed_build.page(f"reuse/{pair['id']}.html")
        said = next(p for p in page.select("p") if "Which came first:" in p.get_text())
        why = pair["direction"]
        assert why == why.strip() and (" before " in why) == (pair["earlier"] is not None)
        assert why[0].upper() + why[1:] in said.get_text(" ", strip=True)
    seeds = next(p for p in pairs if named(p, "000") and named(p, "002"))
    assert seeds["earlier"] is None
    assert seeds["direction"].startswith("the dates do not say: ")
    assert "no earlier than 3 February 2025 (inferred)" in seeds["direction"]


def test_the_article_page_says_how_much_it_shares_and_flags_the_gap(seed_build):
    articles = seed_build.output / "articles"
    hub = next(articles.glob("the-hub-*.html"))
    page = seed_build.page(f"articles/{hub.name}")
    line = page.select_one(".shares-line").get_text(" ", strip=True)
    assert "of its text with News.Az" in line and "Metro India" in line
    flags = [f.get_text() for f in page.select("#reuse-h ~ ul.gaps .flag")]
    assert flags == ["uncredited reuse", "uncredited reuse"]
    metro = seed_build.page(f"articles/{next(articles.glob('metro-india-*.html')).name}")
    assert "credit with no shared text" in metro.select_one("ul.gaps").get_text()


def test_a_re_scrape_is_shown_as_the_same_page_twice_and_text_stays_escaped(tmp_path):
    content = copy_content(tmp_path / "content")
    raw = (content / "000_11177d8c1a0bff24.txt").read_text(encoding="utf-8")
    (content / "005_rescrape.txt").write_text(
        raw.replace("Monday", "Monday <script>alert(1)</script>") + "\nShare and Follow\n",
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    pair = next(p for p in reuse_data(build)["pairs"] if named(p, "005"))
    assert pair["kind"] == "near-duplicate" and pair["a"].startswith("000")
    page = (build.output / "reuse" / f"{pair['id']}.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    overview = build.page("reuse.html")
    assert "The same page twice" in overview.get_text()


def test_the_reuse_page_lists_the_pairs_sharing_most_and_counts_the_rest(tmp_path):
    build = run_build(
        copy_content(tmp_path / "content"), tmp_path / "output", "COVERAGE_REUSE_LISTED=1"
    )
    assert build.returncode == 0, build.log
    copies = [p for p in reuse_data(build)["pairs"] if p["kind"] == "copy"]
    assert len(copies) >= 2
    most = max(
        copies,
        key=lambda p: max(p["overlap_a"] + p["reworded_a"], p["overlap_b"] + p["reworded_b"]),
    )
    heading = next(h for h in build.page("reuse.html").find_all("h3") if "Copied" in h.get_text())
    listing = heading.find_next("ul", class_="pair-list")
    assert [a["href"] for a in listing.find_all("a")] == [f"./reuse/{most['id']}.html"]
    note = heading.find_next("p").get_text(" ", strip=True)
    assert f"The other {len(copies) - 1} are each on their own page" in note
    # Every pair keeps its page, whether the overview lists it or not.
    for pair in copies:
        assert (build.output / "reuse" / f"{pair['id']}.html").exists()


# Builds Pelican as `python -m pelican` would, except that a part of the pair pages'
# rendering forked from the build dies in its first turn, as one killed for memory would.
DIES_IN_ITS_FIRST_TURN = """
import os, runpy, sys
sys.path.insert(0, "plugins")
from coverage import pelican_glue

build = os.getpid()
render_turns = pelican_glue.ArchiveGenerator._render_turns

def dies_in_a_child(self, writer, render, turns, part, parts):
    if os.getpid() != build:
        for turn in turns:
            self._render_pairs(writer, [render[n] for n in turn][:1])
            os._exit(1)
    return render_turns(self, writer, render, turns, part, parts)

pelican_glue.ArchiveGenerator._render_turns = dies_in_a_child
sys.argv[0] = "pelican"
runpy.run_module("pelican", run_name="__main__")
"""


@pytest.fixture(scope="module")
def many_pairs(tmp_path_factory):
    """Thirty synthetic articles of one story (hundreds of pairs), built on one core."""
    folder = tmp_path_factory.mktemp("many-pairs")
    content = synth.write(folder / "content", 30, seed=0, per_story=build_bench.PER_STORY)
    one_core = run_build(content, folder / "one-core", cores=1)
    assert one_core.returncode == 0, one_core.log
    return content, one_core


def pair_pages(build) -> list[Path]:
    return sorted((build.output / "reuse").glob("*.html"))


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="one core: the pages render in one part"
)
def test_pair_pages_rendered_side_by_side_are_those_rendered_on_one_core(many_pairs, tmp_path):
    content, one_core = many_pairs
    two_cores = run_build(content, tmp_path / "two-cores", cores=2)

    assert two_cores.returncode == 0, two_cores.log
    assert len(pair_pages(one_core)) > 2 * forked.TURN  # more than a turn a part
    assert build_bench.differing(one_core.output, two_cores.output) == []
    # Every page counts in the stage, whichever part wrote it.
    written = [stage_items(b, "write pages") for b in (one_core, two_cores)]
    assert written[0] == written[1] >= len(pair_pages(one_core))


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="one core: the pages render in one part"
)
def test_the_pages_of_a_part_that_died_are_rendered_by_the_build(many_pairs, tmp_path):
    content, one_core = many_pairs
    wrapper = tmp_path / "dies.py"
    wrapper.write_text(DIES_IN_ITS_FIRST_TURN, encoding="utf-8")
    survived = run_build(content, tmp_path / "survived", cores=2, pelican=(str(wrapper),))

    assert survived.returncode == 0, survived.log
    assert "computing its part in the build's own process" in survived.log
    assert build_bench.differing(one_core.output, survived.output) == []


def stage_items(build, name: str) -> int:
    stages = build_report(build.output)["stages"]
    return next(stage["items"] for stage in stages if stage["name"] == name)
