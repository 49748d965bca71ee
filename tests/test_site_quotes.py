"""The quote, figure and correction pages, the notes beside their passages, and the data files."""

import json

from conftest import copy_content, run_build, snapshot

RUBIO = "In an act of extraordinary friendship to our country"


def data(build, name):
    return json.loads((build.output / "data" / name).read_text(encoding="utf-8"))


def group_with(build, words):
    return next(
        g
        for g in data(build, "quotes.json")["quotes"]
        if any(words in v["text"] for v in g["versions"])
    )


def test_quotes_json_follows_the_documented_schema(seed_build):
    quotes = data(seed_build, "quotes.json")["quotes"]
    assert quotes
    for group in quotes:
        assert {"id", "speaker", "versions"} <= set(group)
        for v in group["versions"]:
            assert {"article", "outlet", "paragraph", "text", "label", "diff"} <= set(v)
            assert v["article"].endswith(".txt") and v["paragraph"].startswith("p")
            assert all(op in ("equal", "delete", "insert") for op, _ in v["diff"])


def test_a_quote_page_aligns_every_version_with_ins_and_del(seed_build):
    group = group_with(seed_build, RUBIO)
    page = seed_build.page(f"quotes/{group['id']}.html")
    versions = page.select("ol.versions > li")
    assert len(versions) == len(group["versions"])
    reworded = next(li for li in versions if "qlabel-reworded" in str(li.select_one(".qlabel")))
    assert reworded.find("del") and reworded.find("ins")
    # Readable without colour: the change is spelled out for screen readers and print.
    assert "dropped:" in reworded.find("del").get_text()
    assert "added:" in reworded.find("ins").get_text()
    link = reworded.select_one(".version-where a")["href"]
    assert "#p" in link and ":~:text=" in link


def test_the_quotes_index_lists_groups_under_their_speaker(seed_build):
    page = seed_build.page("quotes.html")
    speakers = [h.get_text(" ", strip=True) for h in page.select("main h2")]
    assert any(s.startswith("Marco Rubio") for s in speakers)
    assert any(s.startswith("Nayib Bukele") for s in speakers)
    rubio = group_with(seed_build, RUBIO)
    assert page.select_one(f'a[href$="quotes/{rubio["id"]}.html"]')


def test_the_outlet_page_counts_how_the_outlet_quotes(seed_build):
    page = seed_build.page("outlets/helloshuttle-com-blog.html")
    section = page.find(id="fidelity-h").parent
    assert "reworded" in section.get_text()
    assert len(section.select("li .qlabel-reworded")) >= 3


def test_the_discrepancy_page_shows_80000_against_81000_and_the_meeting_day(seed_build):
    page = seed_build.page("discrepancies.html")
    differ = page.find(id="differ-h").parent.get_text(" ", strip=True)
    assert "80,000" in differ and "81,000" in differ
    written = page.find(id="written-h").parent.get_text(" ", strip=True)
    assert "Monday" in written and "February 3" in written and "3 Feb 2025" in written


def test_figures_json_follows_the_documented_schema(seed_build):
    figures = data(seed_build, "figures.json")["figures"]
    jailed = next(f for f in figures if any(v["text"].endswith("81,000") for v in f["values"]))
    assert jailed["agree"] is False
    assert {v["value"] for v in jailed["values"]} == {80000, 81000}
    for f in figures:
        assert {"id", "quantity", "values", "agree"} <= set(f)
        for v in f["values"]:
            assert {"article", "outlet", "value", "unit", "text"} <= set(v)


def test_a_note_stands_beside_its_passage_and_on_the_corrections_page(seed_build):
    article = seed_build.page(next(_article_pages(seed_build, "003")))
    mark = article.find(id="noted-south-american-country")
    assert mark.get_text() == "the South American country"
    aside = article.find(id="note-south-american-country")
    assert aside.name == "aside" and "Central America" in aside.get_text()
    # Beside the passage: the note follows the paragraph that carries it.
    assert aside.find_previous_sibling().find(id="noted-south-american-country")
    corrections = seed_build.page("corrections.html")
    assert corrections.find(id="south-american-country")
    assert len(corrections.select("ol.notes-list > li")) == len(
        data(seed_build, "notes.json")["notes"]
    )


def _article_pages(build, prefix):
    for path in (build.output / "articles").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if f"raw/{prefix}_" in text:
            yield str(path.relative_to(build.output))


def test_a_note_that_no_longer_matches_stops_the_build_and_keeps_the_site(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    assert run_build(content, output).returncode == 0
    before = snapshot(output)
    notes = content / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace(
            "quote: the South American country", "quote: the South American nation"
        ),
        encoding="utf-8",
    )
    stale = run_build(content, output)
    assert stale.returncode != 0
    assert "Traceback" not in stale.log
    line = next(x for x in stale.log.splitlines() if "south-american-country" in x)
    assert "notes.yaml:" in line and "003_979046fa02e13a40.txt" in line
    assert "the South American country" in line  # the nearest match, quoted
    assert snapshot(output) == before


def test_note_text_is_shown_as_text_never_markup(tmp_path):
    content = copy_content(tmp_path / "content")
    (content / "notes.yaml").write_text(
        "notes:\n  - id: evil\n    article: 003_979046fa02e13a40.txt\n"
        "    quote: the South American country\n"
        "    note: <script>alert(1)</script> is <b>wrong</b>\n",
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    page = (tmp_path / "output" / next(_article_pages(build, "003"))).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
