"""The claim pages, the claim × outlet matrix and the claim links, as built from the seeds."""

import json
import re

import yaml
from conftest import CONTENT, copy_content, run_build

from coverage.analysis.overlay import parse

STANCES = {"states", "qualifies", "differs", "omits"}


def claims_json(build):
    return json.loads((build.output / "data" / "claims.json").read_text(encoding="utf-8"))


def test_the_matrix_is_a_table_of_claims_by_outlets_with_word_labels(seed_build):
    page = seed_build.page("claims.html")
    table = page.find("table")
    outlets = [th.get_text(strip=True) for th in table.select("thead th")][1:-1]
    assert len(outlets) == 5 and "News.Az" in outlets
    rows = table.select("tbody tr")
    assert len(rows) == len(claims_json(seed_build)["claims"]) >= 8
    for row in rows:
        cells = row.find_all("td")[:-1]
        assert len(cells) == 5
        for cell in cells:
            words = cell.get_text(" ", strip=True).split(" in ")[0].split()
            assert words and set(words) <= STANCES
    counts = [int(r.find_all("td")[-1].get_text()) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_the_second_ordering_is_by_first_appearance(seed_build):
    by_coverage = seed_build.page("claims.html")
    by_time = seed_build.page("claims-by-time.html")
    titles = [th.get_text(strip=True) for th in by_time.select("tbody th")]
    assert sorted(titles) == sorted(
        th.get_text(strip=True) for th in by_coverage.select("tbody th")
    )
    ids = [c["id"] for c in claims_json(seed_build)["claims"]]
    hrefs = [a["href"] for a in by_time.select("tbody th a")]
    assert [h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs] == ids
    assert (
        by_time.select_one(".order-switch [aria-current=page]").get_text()
        == "first appearance first"
    )


def test_a_claim_page_shows_each_outlet_s_passage_highlighted_and_linked(seed_build):
    data = claims_json(seed_build)
    fee = next(
        c for c in data["claims"] if any("relatively small" in a["text"] for a in c["appearances"])
    )
    page = seed_build.page(f"claims/{fee['id']}.html")
    assert page.find("h1").get_text(strip=True) == fee["title"]
    passages = page.select("#how-h ~ section figure.passage")
    assert len(passages) == len(fee["appearances"])
    by_text = {a["text"]: a for a in fee["appearances"]}
    for figure in passages:
        appearance = by_text[figure.find("blockquote").get_text()]
        assert figure.find("mark")
        assert appearance["stance"] in figure.find(class_="stance").get_text()
        href = figure.find("figcaption").find("a")["href"]
        assert re.search(rf"#{appearance['paragraph']}:~:text=", href)
    assert "relatively small" in page.select_one("figcaption .stance-differs").parent.get_text()
    assert page.find(id="first-h")


def test_a_claim_page_names_the_outlets_that_omit_it(seed_build):
    data = claims_json(seed_build)
    claim = next(c for c in data["claims"] if c["omitted_by"])
    page = seed_build.page(f"claims/{claim['id']}.html")
    omitted = page.find(id="omit-h").find_next("ul").get_text(" ")
    outlets = {a["outlet"] for a in claim["appearances"]}
    assert len(omitted.strip().splitlines()) >= 1
    for outlet in outlets:
        assert outlet not in omitted


def test_article_sentences_link_to_their_claims(seed_build):
    data = claims_json(seed_build)
    page = seed_build.page("articles/news-az-el-salvador-agrees-to-house-violent.html")
    links = page.select(".article-body a.claim-link")
    mine = [a for c in data["claims"] for a in c["appearances"] if a["article"].startswith("000")]
    assert len(links) == len(mine)
    assert {a.get_text() for a in links} == {a["text"] for a in mine}
    for link in links:
        assert link["href"].startswith("../claims/") and link.find_parent(id=re.compile(r"^p\d+$"))
    listed = page.find(id="claims-h").find_next("ol").find_all("li")
    assert len(listed) == len(mine)


def test_new_claims_are_listed_on_the_article_and_the_review_page(seed_build):
    hub = seed_build.page(
        "articles/the-hub-thehub-news-el-salvadors-controversial-move-offers-to.html"
    )
    new = hub.find(id="new-claims-h").find_next("ul").get_text(" ")
    assert "350,000 Venezuelans" in new
    review = seed_build.page("claims-to-review.html").get_text(" ")
    assert "350,000 Venezuelans" in review
    assert "Share and Follow" not in review


def test_the_outlet_page_lists_what_it_carries_alone_and_misses(seed_build):
    page = seed_build.page("outlets/the-epoch-times.html")
    for heading in ("carries-h", "alone-h", "misses-h"):
        assert page.find(id=heading)
    alone = page.find(id="alone-h").find_parent("section").get_text(" ")
    assert "severed ties with Taiwan" in alone
    misses = page.find(id="misses-h").find_parent("section").select("a[href*='claims/']")
    assert misses


def test_an_added_article_attaches_and_existing_ids_stay(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    first = run_build(content, output)
    assert first.returncode == 0, first.log
    before = {c["id"] for c in claims_json(first)["claims"]}
    (content / "005_wire.txt").write_text(
        "El Salvador has agreed to house violent US criminals and accept deportees of any"
        " nationality, the wire reported.\n\nThe fee would be relatively low for the US but"
        " significant for El Salvador, Bukele wrote.\n\nShare and Follow\n\n"
        "pic.twitter.com/HTNwtp35Aq\n",
        encoding="utf-8",
    )
    (content / "005_wire.yaml").write_text(
        "outlet: Example Wire\npublished: 2025-02-12\n", encoding="utf-8"
    )
    second = run_build(content, output)
    assert second.returncode == 0, second.log
    after = claims_json(second)["claims"]
    assert before <= {c["id"] for c in after}
    attached = [c for c in after if any(a["article"] == "005_wire.txt" for a in c["appearances"])]
    texts = {
        a["text"] for c in attached for a in c["appearances"] if a["article"] == "005_wire.txt"
    }
    assert len(texts) == 2
    data = claims_json(second)
    debris = [
        item["text"]
        for item in data["unmatched"] + [a for c in after for a in c["appearances"]]
        if item["article"] == "005_wire.txt"
    ]
    assert not [t for t in debris if "Share and Follow" in t or "pic.twitter" in t]
    page = second.page("outlets/example-wire.html").get_text(" ")
    assert "Claims it carries" in page


def test_the_editor_names_a_claim_and_a_stale_rule_stops_the_build(tmp_path):
    content = copy_content(tmp_path / "content")
    (content / "claims.yaml").unlink()  # start from the automatic claims alone
    output = tmp_path / "output"
    built = run_build(content, output)
    fee = next(
        c["id"]
        for c in claims_json(built)["claims"]
        if any("relatively small" in a["text"] for a in c["appearances"])
    )
    (content / "claims.yaml").write_text(
        f"claims:\n  {fee}:\n    id: fee-for-prisoners\n"
        "    title: El Salvador would charge a fee\n",
        encoding="utf-8",
    )
    named = run_build(content, output)
    assert named.returncode == 0, named.log
    page = named.page("claims/fee-for-prisoners.html")
    assert page.find("h1").get_text(strip=True) == "El Salvador would charge a fee"
    assert "editor" in page.find(class_="h1-prov").get_text()

    (content / "claims.yaml").write_text(
        "merge:\n  - into: fee-for-prisoners\n    from: [no-such-claim]\n"
        "claims:\n  gone-claim: {title: Nothing}\n",
        encoding="utf-8",
    )
    stale = run_build(content, output)
    assert stale.returncode != 0
    assert "Traceback" not in stale.log
    errors = [line for line in stale.log.splitlines() if "claims.yaml:" in line]
    assert any("claims.yaml:2: `merge` rule for fee-for-prisoners" in e for e in errors)
    assert any("'gone-claim'" in e for e in errors)
    assert (output / "claims" / "fee-for-prisoners.html").is_file()


def test_the_editor_s_overlay_names_claims_and_a_pinned_figure_differs(seed_build):
    page = seed_build.page("claims/highest-incarceration-rate-over-80000-jailed.html")
    assert "highest incarceration rate" in page.find("h1").get_text()
    assert "80,000 and 81,000" in page.find(class_="note").get_text()
    differs = page.select_one("figcaption .stance-differs").parent.get_text(" ")
    assert "81,000" in differs and "2 others say" in differs
    assert "placed here by the editor" in differs
    fee = seed_build.page("claims/fee-low-for-the-us-significant-for-el-salvador.html")
    assert fee.find("h1").get_text(strip=True).startswith("The fee would be low")


def test_the_review_page_gives_a_pin_rule_that_the_overlay_accepts(seed_build):
    snippet = seed_build.page("claims-to-review.html").select_one(".review-list code").get_text()
    overlay, problems = parse(f"pin:\n  {snippet}\n", "claims.yaml")
    assert problems == () and overlay.rules[0].fields["article"].endswith(".txt")
    assert yaml.safe_load(f"pin:\n  {snippet}\n")["pin"][0]["claim"] == "CLAIM-ID"


def test_a_second_story_in_the_archive_shows_as_no_article_not_as_omits(tmp_path):
    content = copy_content(tmp_path / "content")
    said = (
        "The harbour authority of Valletta said the new ferry terminal will open on 1 March"
        " after two years of building work.\n"
    )
    for n, text in enumerate((said, said.replace("said", "announced that"))):
        (content / f"09{n}_ferry.txt").write_text(text, encoding="utf-8")
        (content / f"09{n}_ferry.yaml").write_text(
            f"outlet: Harbour {n}\npublished: 2025-02-20\n", encoding="utf-8"
        )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    table = build.page("claims.html").find("table")
    outlets = [th.get_text(strip=True) for th in table.select("thead th")][1:-1]
    assert {"Harbour 0", "Harbour 1"} <= set(outlets)
    for row in table.select("tbody tr"):
        cells = dict(zip(outlets, row.find_all("td")[:-1], strict=True))
        is_ferry = "ferry terminal" in row.th.get_text()
        for name, cell in cells.items():
            on_story = name.startswith("Harbour") == is_ferry
            assert bool(STANCES & set(cell.get_text(" ").split())) == on_story
            assert ("no article on this story" in cell.get_text()) != on_story
    data = claims_json(build)["claims"]
    fee = next(c for c in data if "The fee would be low" in c["title"])
    assert not any(name.startswith("09") for name in fee["omitted_by"])
    page = build.page(f"claims/{fee['id']}.html")
    summary = page.select_one(".claim-summary").get_text(" ", strip=True)
    assert "of 5 outlets on this story" in summary
    assert "Harbour" not in page.find(id="omit-h").parent.get_text()
    # Where a seed outlet does omit a claim, its articles are counted on the claim's story.
    omitted = next(c for c in data if c["omitted_by"] and "ferry" not in c["title"])
    omits = build.page(f"claims/{omitted['id']}.html").find(id="omit-h").parent
    assert "1 article on this story, none of which makes this claim" in omits.get_text(" ")


def test_the_matrix_is_split_into_pages_as_pelican_paginates(tmp_path):
    build = run_build(CONTENT, tmp_path / "output", 'PAGINATED_TEMPLATES={"claims": 5}')
    assert build.returncode == 0, build.log
    every = [c["id"] for c in claims_json(build)["claims"]]
    assert len(every) > 10
    for first in ("claims.html", "claims-by-time.html"):
        stem = first.removesuffix(".html")
        names = [first] + [f"{stem}{n}.html" for n in range(2, 4)]
        pages = [build.page(name) for name in names]
        assert not (build.output / f"{stem}4.html").exists()
        shown = [a["href"].rsplit("/", 1)[-1] for p in pages for a in p.select("tbody th a")]
        assert sorted(shown) == sorted(f"{c}.html" for c in every)
        assert [len(p.select("tbody tr")) for p in pages] == [5, 5, len(every) - 10]
        for number, page in enumerate(pages, 1):
            assert f"page {number} of 3" in page.title.get_text()
            pager = page.find("nav", class_="pager")
            assert pager.find(attrs={"aria-current": "page"}).get_text() == str(number)
            assert " ".join(pager.get_text().split()).endswith(
                {1: ": 1 2 3 · next", 2: ": previous · 1 2 3 · next", 3: ": previous · 1 2 3"}[
                    number
                ]
            )
            for link in pager.find_all("a"):
                assert (build.output / link["href"]).exists(), link["href"]
    sitemap = (build.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "claims2.html" in sitemap and "claims-by-time3.html" in sitemap


def test_the_matrix_is_one_page_when_pelican_is_not_told_to_split_it(tmp_path):
    build = run_build(CONTENT, tmp_path / "output", 'PAGINATED_TEMPLATES={"index": null}')
    assert build.returncode == 0, build.log
    every = [c["id"] for c in claims_json(build)["claims"]]
    for name in ("claims.html", "claims-by-time.html"):
        page = build.page(name)
        assert len(page.select("tbody tr")) == len(every) > 10
        assert page.find("nav", class_="pager") is None
        assert "claim-like sentences appear in one article only" in page.get_text(" ")
    assert not (build.output / "claims2.html").exists()


def test_the_seeds_matrix_is_one_page_with_no_pager(seed_build):
    page = seed_build.page("claims.html")
    assert page.find("nav", class_="pager") is None
    assert not (seed_build.output / "claims2.html").exists()
