"""The Data page and data/articles.json, on the real seed build."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

from conftest import CONTENT

from coverage.schemas import FILES

PROVENANCE = {"stated", "editor", "inferred", "unknown"}


def articles(build) -> list[dict]:
    text = (build.output / "data" / "articles.json").read_text(encoding="utf-8")
    return json.loads(text)["articles"]


def resolve(build, page: str, href: str) -> Path:
    """The output file a link on `page` points at (the site uses relative URLs)."""
    path = urlsplit(href).path
    return (build.output / page).parent.joinpath(path).resolve()


def test_data_page_links_every_data_file_to_a_file_that_exists(seed_build):
    page = seed_build.page("data.html")
    assert page.h1.get_text(strip=True) == "Data"
    data = (seed_build.output / "data").resolve()
    linked = {
        resolve(seed_build, "data.html", a["href"])
        for a in page.find_all("a", href=True)
        if "/data/" in "/" + a["href"]
    }
    assert linked, "no link into data/"
    assert all(target.is_file() for target in linked), linked
    assert linked == {p.resolve() for p in data.iterdir()}


def test_data_page_has_a_table_per_file_with_a_row_per_documented_field(seed_build):
    page = seed_build.page("data.html")
    tables = page.select("main table")
    assert len(tables) == len(FILES)
    for file, table in zip(FILES, tables, strict=True):
        assert file.name in table.caption.get_text()
        assert [th.get("scope") for th in table.thead.find_all("th")] == ["col"] * 3
        rows = table.tbody.find_all("tr")
        assert [r.th.get_text(strip=True) for r in rows] == [f.name for f in file.fields]
        assert [r.find_all("td")[1].get_text(strip=True) for r in rows] == [
            f.meaning for f in file.fields
        ]
        # A wide table scrolls inside its own box on a phone, not the page.
        assert "table-wrap" in table.parent["class"]


def test_articles_json_has_the_five_seeds_with_the_sha256_of_their_raw_bytes(seed_build):
    records = articles(seed_build)
    assert len(records) == 5
    for record in records:
        raw = (CONTENT / record["id"]).read_bytes()
        assert record["sha256"] == hashlib.sha256(raw).hexdigest()


def test_paragraph_anchors_are_the_ids_of_the_article_page(seed_build):
    for record in articles(seed_build):
        page = seed_build.page(record["page"])
        anchors = [p["anchor"] for p in record["paragraphs"]]
        for paragraph in record["paragraphs"]:
            element = page.find(id=paragraph["anchor"])
            assert element is not None, (record["id"], paragraph["anchor"])
            shown = " ".join(element.get_text().split())
            for line in paragraph["text"].split("\n"):
                assert " ".join(line.split()) in shown, (record["id"], paragraph["anchor"])
        # Numbered alike both ways: the page has no block the data leaves out.
        assert page.find(id=f"p{len(anchors) + 1}") is None, record["id"]


def test_article_dates_carry_their_provenance(seed_build):
    for record in articles(seed_build):
        for key in ("published", "retrieved"):
            when = record[key]
            assert when["provenance"] in PROVENANCE, (record["id"], key)
            assert when["reason"], (record["id"], key)
            assert when["bound"] in {"exact", "not-before", "unknown"}
            if when["provenance"] == "unknown":
                assert when["value"] is None
    assert any(r["published"]["provenance"] != "unknown" for r in articles(seed_build))
