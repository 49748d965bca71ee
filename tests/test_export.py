import csv
import io
import json

from coverage.analysis.detect import detect
from coverage.export import CSV_COLUMNS, claims_csv, claims_json


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
