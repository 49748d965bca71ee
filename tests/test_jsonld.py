"""schema.org JSON-LD (jsonld.py) on the seed corpus: only what the archive knows, escaped."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date

import pytest
from conftest import CONTENT, article_named, under_hash_seeds
from markupsafe import Markup

from coverage import jsonld, pages
from coverage.analyse import build_claims, build_notes
from coverage.analysis.claims import publication_order
from coverage.findings import AnchoredNote
from coverage.model import Corpus, DateValue, Field
from coverage.options import Options
from coverage.sources import read_folder

DOMAIN = "https://example.org/archive"
SITE = "One story, five outlets"
_SCRIPT = re.compile(r'^<script type="application/ld\+json">(.*)</script>$', re.S)


@dataclass(frozen=True)
class Seed:
    corpus: Corpus
    views: tuple[pages.ClaimView, ...]
    notes: tuple[AnchoredNote, ...]
    urls: dict[str, str]
    builder: jsonld.Builder


@pytest.fixture(scope="module")
def seed(seed_corpus) -> Seed:
    """The seed corpus's claim views and notes, and a builder over them."""
    folder = read_folder(CONTENT)
    claims = build_claims(folder, seed_corpus, Options())
    notes, problems = build_notes(folder, seed_corpus, Options())
    assert not problems
    urls = {a.id: f"articles/{a.slug}.html" for a in seed_corpus.articles}
    views = pages.claim_views(claims, seed_corpus.articles, seed_corpus.outlets, urls)
    builder = jsonld.Builder(DOMAIN, SITE, "en", "claims/{id}.html", urls, notes)
    return Seed(seed_corpus, views, notes, urls, builder)


def items(markup: Markup) -> list[dict]:
    """The objects of one <script> element: a lone object, or the members of its @graph."""
    assert isinstance(markup, Markup)
    found = _SCRIPT.match(str(markup))
    assert found, markup
    data = json.loads(found.group(1))
    assert data["@context"] == "https://schema.org"
    return data.get("@graph", [data])


def of_type(markup: Markup, kind: str) -> list[dict]:
    return [item for item in items(markup) if item["@type"] == kind]


def view_of(views, claim_id: str):
    return next(v for v in views if v.claim.id == claim_id)


def test_article_states_what_the_capture_and_sidecar_say(seed):
    metro = article_named(seed.corpus, "002_")
    (found,) = of_type(seed.builder.article(metro), "NewsArticle")
    assert found["url"] == f"{DOMAIN}/{seed.urls[metro.id]}"
    assert found["headline"] == metro.headline.value == "Unprecedented deal with US"
    assert found["publisher"] == {"@type": "Organization", "name": "Metro India (metroindia.net)"}
    # Its date line states the day; nothing gives its address or its author.
    assert found["datePublished"] == "2025-02-05"
    assert "isBasedOn" not in found
    assert "author" not in found
    assert found["identifier"]["value"] == metro.source.sha256
    assert found["inLanguage"] == "en"


def test_inferred_date_and_headline_are_not_asserted(seed):
    news_az = article_named(seed.corpus, "000_")
    assert news_az.published.provenance == "inferred"
    assert news_az.headline.provenance == "inferred"
    (found,) = of_type(seed.builder.article(news_az), "NewsArticle")
    assert "datePublished" not in found
    assert "headline" not in found
    # The archive's own label for its page stays, as a name.
    assert found["name"] == news_az.headline.value
    assert found["isBasedOn"] == news_az.url.value


@pytest.mark.parametrize(
    ("provenance", "bound", "expected"),
    [
        ("stated", "exact", "2025-02-04"),
        ("editor", "exact", "2025-02-04"),
        ("inferred", "exact", None),
        ("stated", "not-before", None),
        ("editor", "not-before", None),
        ("inferred", "not-before", None),
    ],
)
def test_date_published_only_for_a_stated_or_editor_exact_day(seed, provenance, bound, expected):
    day = DateValue(date(2025, 2, 4), provenance, "a reason", bound)
    article = replace(article_named(seed.corpus, "003_"), published=day)
    (found,) = of_type(seed.builder.article(article), "NewsArticle")
    assert found.get("datePublished") == expected


def test_unknown_date_is_not_asserted(seed):
    unknown = DateValue(None, "editor", "a sidecar that names no day", "unknown")
    article = replace(article_named(seed.corpus, "002_"), published=unknown)
    assert "datePublished" not in of_type(seed.builder.article(article), "NewsArticle")[0]


def test_authors_only_from_a_known_byline(seed):
    article = article_named(seed.corpus, "002_")
    stated = replace(article, byline=Field("Ana Ruiz; Tom Lee", "stated", "the page's <meta>"))
    (found,) = of_type(seed.builder.article(stated), "NewsArticle")
    assert found["author"] == [
        {"@type": "Person", "name": "Ana Ruiz"},
        {"@type": "Person", "name": "Tom Lee"},
    ]
    guessed = replace(article, byline=Field("Ana Ruiz", "inferred", "a guess"))
    assert "author" not in of_type(seed.builder.article(guessed), "NewsArticle")[0]


def test_text_cannot_close_the_script_element(seed):
    hostile = '</script><script>alert("x")</script> <!-- & &amp; </SCRIPT>'
    article = replace(
        article_named(seed.corpus, "002_"), headline=Field(hostile, "stated", "the page's <h1>")
    )
    markup = str(seed.builder.article(article))
    inner = _SCRIPT.match(markup).group(1)
    assert not set("<>&") & set(inner)
    assert markup.count("</script>") == 1
    assert of_type(seed.builder.article(article), "NewsArticle")[0]["headline"] == hostile


def test_claim_lists_every_appearance_in_publication_order(seed):
    rank = {a.id: n for n, a in enumerate(publication_order(seed.corpus.articles))}
    assert seed.views
    for view in seed.views:
        (claim,) = of_type(seed.builder.claim(view), "Claim")
        appearances = view.claim.appearances
        assert claim["url"] == f"{DOMAIN}/claims/{view.claim.id}.html"
        assert claim["name"] == view.claim.title
        assert claim["text"] == appearances[0].sentence.text
        assert [a["url"] for a in claim["appearance"]] == [
            f"{DOMAIN}/{seed.urls[a.sentence.article]}#p{a.sentence.block}" for a in appearances
        ]
        ranks = [rank[a.sentence.article] for a in appearances]
        assert ranks == sorted(ranks)
        assert claim["firstAppearance"] == claim["appearance"][0]
        assert claim["firstAppearance"]["url"].endswith(f"#{view.first.sentence.anchor}")


def test_appearance_names_its_outlet_and_headline(seed):
    view = view_of(seed.views, "bukele-offered-to-jail-us-citizens")
    (claim,) = of_type(seed.builder.claim(view), "Claim")
    epoch = article_named(seed.corpus, "004_")
    from_epoch = [a for a in claim["appearance"] if a["url"].endswith(f"{epoch.slug}.html#p2")]
    assert from_epoch == [
        {
            "@type": "NewsArticle",
            "url": f"{DOMAIN}/articles/{epoch.slug}.html#p2",
            "headline": epoch.headline.value,
            "isBasedOn": epoch.url.value,
            "publisher": {"@type": "Organization", "name": "The Epoch Times"},
        }
    ]


def _reviewed(markup: Markup, notes) -> set[str]:
    """The ids of the notes reviewed in a page's JSON-LD (each found by its body)."""
    by_body = {n.note.body: n.note.id for n in notes}
    return {by_body[r["reviewBody"]] for r in of_type(markup, "ClaimReview")}


def test_claim_reviews_where_verdict_notes_overlap_appearances(seed):
    found = {v.claim.id: _reviewed(seed.builder.claim(v), seed.notes) for v in seed.views}
    assert {claim: ids for claim, ids in found.items() if ids} == {
        "bukele-offered-to-jail-us-citizens": {
            "south-american-country",
            "rubio-words-given-to-bukele",
            "rubio-us-citizens-quote-reworded",
        },
        "rubio-act-of-extraordinary-friendship": {"rubio-friendship-quote-reworded"},
        "bukele-on-x-cecot-for-a-fee": {"bukele-post-loses-only-and-convicted"},
        "fee-low-for-the-us-significant-for-el-salvador": {"bukele-fee-quote-reworded"},
    }


def test_claim_review_says_who_ruled_what_on_which_passage(seed):
    hub = article_named(seed.corpus, "003_")
    view = view_of(seed.views, "bukele-offered-to-jail-us-citizens")
    reviews = of_type(seed.builder.claim(view), "ClaimReview")
    review = next(r for r in reviews if r["reviewRating"]["alternateName"] == "incorrect")
    note = next(n for n in seed.notes if n.note.id == "south-american-country")
    assert review["claimReviewed"] == "the South American country"
    assert review["reviewBody"] == note.note.body
    assert review["url"] == f"{DOMAIN}/claims/{view.claim.id}.html"
    assert review["author"] == {"@type": "Organization", "name": SITE}
    appearance = review["itemReviewed"]["appearance"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert appearance["url"] == f"{DOMAIN}/{seed.urls[hub.id]}#p4"
    assert appearance["publisher"]["name"] == hub.outlet.value


def test_article_reviews_every_verdict_note_anchored_in_it(seed):
    epoch = article_named(seed.corpus, "004_")
    (review,) = of_type(seed.builder.article(epoch), "ClaimReview")
    # This note overlaps no claim's sentence, but the article page still carries it.
    assert review["claimReviewed"] == "five-nation Central American tour"
    assert review["url"] == f"{DOMAIN}/{seed.urls[epoch.id]}"
    assert review["itemReviewed"]["appearance"]["url"] == f"{DOMAIN}/{seed.urls[epoch.id]}#p10"
    counts = {
        a.source.name[:3]: len(of_type(seed.builder.article(a), "ClaimReview"))
        for a in seed.corpus.articles
    }
    assert counts == {"000": 0, "001": 4, "002": 0, "003": 2, "004": 1}


def test_a_note_without_a_verdict_is_no_review(seed):
    plain = tuple(
        replace(n, note=replace(n.note, verdict=None))
        if n.note.id == "south-american-country"
        else n
        for n in seed.notes
    )
    quiet = replace(seed.builder, notes=plain)
    hub = article_named(seed.corpus, "003_")
    view = view_of(seed.views, "bukele-offered-to-jail-us-citizens")
    assert _reviewed(quiet.article(hub), seed.notes) == {"rubio-words-given-to-bukele"}
    assert "south-american-country" not in _reviewed(quiet.claim(view), seed.notes)
    assert "south-american-country" in _reviewed(seed.builder.claim(view), seed.notes)


def test_a_verdict_note_outside_the_sentence_is_not_on_the_claim_page(seed):
    view = view_of(seed.views, "fee-low-for-the-us-significant-for-el-salvador")
    sentence = next(
        a.sentence for a in view.claim.appearances if a.sentence.article.startswith("001_")
    )
    note = next(n for n in seed.notes if n.note.id == "bukele-fee-quote-reworded")
    # The same words, placed just after the sentence ends: touching is not overlapping.
    after = replace(note, start=sentence.end, end=sentence.end + 5)
    moved = replace(seed.builder, notes=tuple(after if n is note else n for n in seed.notes))
    assert _reviewed(moved.claim(view), seed.notes) == set()
    assert _reviewed(seed.builder.claim(view), seed.notes) == {"bukele-fee-quote-reworded"}


def test_same_input_same_bytes():
    script = """
import sys
sys.path.insert(0, "plugins")
from coverage import jsonld, pages
from coverage.analyse import build_claims, build_notes
from coverage.corpus import build_corpus
from coverage.options import Options
from coverage.sources import read_folder
folder = read_folder("content")
corpus = build_corpus(folder, Options())
claims = build_claims(folder, corpus, Options())
notes, _ = build_notes(folder, corpus, Options())
urls = {a.id: f"articles/{a.slug}.html" for a in corpus.articles}
views = pages.claim_views(claims, corpus.articles, corpus.outlets, urls)
builder = jsonld.Builder("https://example.org", "Site", "en", "claims/{id}.html", urls, notes)
for article in corpus.articles:
    print(builder.article(article))
for view in views:
    print(builder.claim(view))
"""
    outputs = under_hash_seeds(script, "0", "1", "2")
    assert len(outputs) == 1
    assert next(iter(outputs)).count("application/ld+json") > 5
