import csv
import hashlib
import io
import json
from datetime import date
from typing import get_args

from conftest import CONTENT

from coverage import export
from coverage.analyse import analyse
from coverage.analysis.detect import detect
from coverage.analysis.reuse import find
from coverage.export import (
    ARTICLE_COLUMNS,
    CSV_COLUMNS,
    REUSE_COLUMNS,
    Keyed,
    articles_csv,
    articles_json,
    claims_csv,
    claims_json,
    claims_json_chunks,
    notes_json,
    reuse_csv_chunks,
    reuse_json_chunks,
    text_of,
)
from coverage.findings import PairKeys, Reuse
from coverage.model import BlockKind, Bound, Provenance
from coverage.options import Options
from coverage.sources import read_folder


def test_claims_json_has_the_documented_shape(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    document = json.loads(claims_json(claims, seed_corpus.articles))
    names = {a.source.name for a in seed_corpus.articles}
    assert set(document) == {"claims", "unmatched"}
    for claim in document["claims"]:
        assert {"id", "title", "appearances", "omitted_by"} <= set(claim)
        carried = {a["article"] for a in claim["appearances"]}
        assert carried | set(claim["omitted_by"]) == names
        assert not carried & set(claim["omitted_by"])
        for appearance in claim["appearances"]:
            assert {"article", "outlet", "paragraph", "text", "stance"} <= set(appearance)
            assert appearance["stance"] in ("states", "qualifies", "differs")
            raw = next(a for a in seed_corpus.articles if a.source.name == appearance["article"])
            assert appearance["text"] in raw.source.text
            assert appearance["paragraph"].startswith("p")


def test_claims_csv_has_a_row_per_claim_and_article(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    rows = list(csv.DictReader(io.StringIO(claims_csv(claims, seed_corpus.articles))))
    assert tuple(rows[0]) == CSV_COLUMNS
    for claim in claims.claims:
        mine = [r for r in rows if r["claim"] == claim.id]
        assert len(mine) == len(claim.appearances) + len(claim.omitted_by)
        assert {r["article"] for r in mine} == {a.source.name for a in seed_corpus.articles}


def _pages(corpus) -> dict[str, str]:
    return {a.id: f"articles/{a.slug}.html" for a in corpus.articles}


def test_articles_json_gives_each_article_its_metadata_provenance_and_blocks(seed_corpus):
    articles = seed_corpus.articles
    document = json.loads(articles_json(articles, _pages(seed_corpus)))
    assert set(document) == {"articles"}
    assert [a["id"] for a in document["articles"]] == [a.source.name for a in articles]
    for record, article in zip(document["articles"], articles, strict=True):
        assert record["sha256"] == hashlib.sha256(article.source.raw).hexdigest()
        assert record["page"] == f"articles/{article.slug}.html"
        assert record["outlet"] == article.outlet.value
        for key in ("published", "retrieved"):
            when = record[key]
            assert when["provenance"] in get_args(Provenance)
            assert when["bound"] in get_args(Bound)
            assert when["reason"]
            if when["value"] is not None:
                date.fromisoformat(when["value"])
        assert record["url"]["provenance"] in get_args(Provenance)
        paragraphs = record["paragraphs"]
        assert [p["anchor"] for p in paragraphs] == [f"p{n}" for n in range(1, len(paragraphs) + 1)]
        assert len(paragraphs) == len(article.blocks)
        for paragraph in paragraphs:
            assert paragraph["kind"] in get_args(BlockKind)
            # The text is the capture's own: each line of it is found in the raw file as is.
            for line in paragraph["text"].split("\n"):
                assert line.strip() in article.source.text


def test_articles_json_dates_are_those_the_article_carries(seed_corpus):
    document = json.loads(articles_json(seed_corpus.articles, _pages(seed_corpus)))
    for record, article in zip(document["articles"], seed_corpus.articles, strict=True):
        published = article.published.value
        assert record["published"]["value"] == (published.isoformat() if published else None)
        assert record["published"]["provenance"] == article.published.provenance


def test_articles_csv_has_a_row_per_article_agreeing_with_the_json(seed_corpus):
    pages = _pages(seed_corpus)
    document = json.loads(articles_json(seed_corpus.articles, pages))
    rows = list(csv.DictReader(io.StringIO(articles_csv(seed_corpus.articles, pages))))
    assert tuple(rows[0]) == ARTICLE_COLUMNS
    assert len(rows) == len(document["articles"]) == 5
    for row, record in zip(rows, document["articles"], strict=True):
        assert row["article"] == record["id"]
        assert int(row["paragraphs"]) == len(record["paragraphs"])
        assert row["published"] == (record["published"]["value"] or "")
        assert row["published_provenance"] == record["published"]["provenance"]
        assert row["retrieved_bound"] == record["retrieved"]["bound"]
        assert (row["sha256"], row["page"]) == (record["sha256"], record["page"])
        assert row["url"] == (record["url"]["value"] or "")


def test_articles_csv_joins_with_claims_csv_on_article(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    pages = _pages(seed_corpus)
    known = {
        r["article"] for r in csv.DictReader(io.StringIO(articles_csv(seed_corpus.articles, pages)))
    }
    used = {
        r["article"] for r in csv.DictReader(io.StringIO(claims_csv(claims, seed_corpus.articles)))
    }
    assert used and used <= known


def test_json_files_put_each_record_on_a_line_of_its_own(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    text = claims_json(claims, seed_corpus.articles)
    document = json.loads(text)
    lines = text.splitlines()
    assert lines[:2] == ["{", '"claims": [']
    records = [json.loads(line.removesuffix(",")) for line in lines if line.startswith('{"')]
    assert records == document["claims"] + document["unmatched"]
    assert len(records) >= 8


def test_json_files_are_made_a_record_at_a_time(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    pieces = list(claims_json_chunks(claims, seed_corpus.articles))
    assert len(pieces) > len(claims.claims)
    assert max(map(len, pieces)) < len("".join(pieces)) / 4


def test_a_json_file_with_nothing_to_list_is_still_valid(seed_corpus):
    assert json.loads(notes_json([], seed_corpus.articles)) == {"notes": []}


def test_reuse_csv_is_made_a_pair_at_a_time_with_a_row_per_span(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    reuse = Reuse(find(seed_corpus.articles, claims), ())
    pieces = list(reuse_csv_chunks(reuse, seed_corpus.articles))
    rows = list(csv.reader(io.StringIO("".join(pieces))))
    assert tuple(rows[0]) == REUSE_COLUMNS
    assert len(rows) - 1 == sum(len(pair.spans) for pair in reuse.pairs) > 0
    assert len(pieces) == len(reuse.pairs) + 1


def test_reuse_records_are_keyed_by_their_pair_and_read_the_same(seed_corpus):
    """With the pairs' cache keys, each pair's record is a keyed piece; the files' text
    is the same either way."""
    claims = detect(seed_corpus.articles, seed_corpus.story)
    pairs = find(seed_corpus.articles, claims)
    plain = Reuse(pairs, ())
    made: dict[str, list[tuple[str, str]]] = {}
    for pair in pairs:
        made.setdefault(pair.b, []).append((pair.a, hashlib.sha256(pair.id.encode()).hexdigest()))
    keyed = Reuse(pairs, (), {b: PairKeys.of(keys) for b, keys in made.items()})
    for chunks in (reuse_json_chunks, reuse_csv_chunks):
        pieces = list(chunks(keyed, seed_corpus.articles))
        assert [p.key for p in pieces if isinstance(p, Keyed)] == [
            hashlib.sha256(pair.id.encode()).hexdigest() for pair in pairs
        ]
        assert text_of(pieces) == text_of(chunks(plain, seed_corpus.articles))
    document = json.loads(text_of(reuse_json_chunks(keyed, seed_corpus.articles)))
    assert [p["id"] for p in document["pairs"]] == [pair.id for pair in pairs]


def test_claim_records_are_keyed_by_their_claim_and_read_the_same(seed_corpus):
    """With a key for each claim (its page's, in a build), each claim's record in
    claims.json and its rows in claims.csv are a keyed piece; the text is the same."""
    claims = detect(seed_corpus.articles, seed_corpus.story)
    keys = {c.id: hashlib.sha256(c.id.encode()).hexdigest() for c in claims.claims}
    articles = seed_corpus.articles
    for chunks, plain in (
        (export.claims_json_chunks, claims_json),
        (export.claims_csv_chunks, claims_csv),
    ):
        pieces = list(chunks(claims, articles, keys))
        assert [p.key for p in pieces if isinstance(p, Keyed)] == list(keys.values())
        assert text_of(pieces) == plain(claims, articles)
    # A claim without a key (an editor's claim the build did not key) is made as text.
    del keys[claims.claims[0].id]
    pieces = list(export.claims_csv_chunks(claims, articles, keys))
    assert sum(isinstance(p, Keyed) for p in pieces) == len(claims.claims) - 1
    assert text_of(pieces) == claims_csv(claims, articles)


def test_the_articles_files_come_a_record_or_a_run_of_rows_at_a_time(seed_corpus, monkeypatch):
    # At 10,000 articles articles.json is 47 MB; no build should make it as one string.
    articles, pages = seed_corpus.articles, _pages(seed_corpus)
    pieces = list(export.articles_json_chunks(articles, pages))
    assert len(json.loads(text_of(pieces))["articles"]) == len(articles)
    assert sorted(p.count('"sha256"') for p in pieces if '"sha256"' in p) == [1] * len(articles)
    monkeypatch.setattr(export, "_ROWS", 2)
    rows = list(export.articles_csv_chunks(articles, pages))
    assert len(list(csv.reader(io.StringIO(text_of(rows))))) == len(articles) + 1
    assert [len(piece.splitlines()) for piece in rows] == [1, 2, 2, 1]


def test_quotes_and_figures_files_come_a_group_at_a_time(seed_corpus):
    found = analyse(read_folder(CONTENT), seed_corpus, Options())
    for chunks, items, name, key in (
        (export.quotes_json_chunks, found.quotes, "quotes", '"versions"'),
        (export.figures_json_chunks, found.quantities, "figures", '"values"'),
    ):
        pieces = list(chunks(items, seed_corpus.articles))
        assert items and len(json.loads(text_of(pieces))[name]) == len(items)
        assert sorted(p.count(key) for p in pieces if key in p) == [1] * len(items)
