"""The built site's JSON-LD, checked against what its own pages show."""

from __future__ import annotations

import json
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from conftest import Build

from pelicanconf import FEED_DOMAIN, SITENAME

_LD = "script[type='application/ld+json']"


def scripts(page: BeautifulSoup) -> list[dict]:
    """Each JSON-LD element of the page, parsed (a parse error fails the test)."""
    return [json.loads(element.string) for element in page.select(_LD)]


def items(page: BeautifulSoup) -> list[dict]:
    return [item for data in scripts(page) for item in data.get("@graph", [data])]


def of_type(page: BeautifulSoup, kind: str) -> list[dict]:
    return [item for item in items(page) if item["@type"] == kind]


def pages_under(build: Build, folder: str) -> dict[str, BeautifulSoup]:
    found = {
        p.relative_to(build.output).as_posix(): build.page(p.relative_to(build.output).as_posix())
        for p in sorted((build.output / folder).glob("*.html"))
    }
    assert found, f"no pages in {folder}/"
    return found


def absolute(page_path: str, href: str) -> str:
    """A link of the page as an absolute URL, without its text fragment (`:~:text=`)."""
    return urljoin(f"{FEED_DOMAIN}/{page_path}", href).split(":~:", 1)[0]


def test_every_json_ld_script_parses_and_is_inert(seed_build):
    found = 0
    for path in sorted(seed_build.output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for element in BeautifulSoup(text, "html.parser").select(_LD):
            assert not set("<>&") & set(element.string), path
            assert json.loads(element.string)["@context"] == "https://schema.org"
            found += 1
    assert found >= len(pages_under(seed_build, "articles")) + len(
        pages_under(seed_build, "claims")
    )


def test_every_article_page_has_one_news_article(seed_build):
    for path, page in pages_under(seed_build, "articles").items():
        assert len(scripts(page)) == 1, path
        (article,) = of_type(page, "NewsArticle")
        assert article["url"].startswith(f"{FEED_DOMAIN}/")
        assert article["url"] == f"{FEED_DOMAIN}/{path}"
        assert article.get("headline", article.get("name")) == page.h1.get_text()
        assert article["identifier"]["value"] == page.select_one("code.hash").get_text()
        if "publisher" in article:
            assert article["publisher"]["name"] == page.select_one(".kicker a").get_text()


def test_only_a_stated_or_editor_date_is_published(seed_build):
    dated = {}
    for path, page in pages_under(seed_build, "articles").items():
        (article,) = of_type(page, "NewsArticle")
        if "datePublished" in article:
            dated[path] = article["datePublished"]
            published = page.find("dt", string="Published").find_next_sibling("dd")
            assert published.select_one(".prov-inferred, .prov-unknown") is None
    # Metro India's date line states its day; the others' dates are inferred.
    assert dated == {
        "articles/metro-india-metroindia-net-unprecedented-deal-with-us.html": "2025-02-05"
    }


def test_every_claim_page_has_a_claim_with_its_appearances(seed_build):
    for path, page in pages_under(seed_build, "claims").items():
        assert len(scripts(page)) == 1, path
        (claim,) = of_type(page, "Claim")
        assert claim["url"] == f"{FEED_DOMAIN}/{path}"
        assert claim["name"] == page.h1.get_text()
        shown = [
            absolute(path, figure.select_one("figcaption a")["href"])
            for figure in page.select("section[aria-labelledby='how-h'] figure.passage")
        ]
        assert sorted(a["url"] for a in claim["appearance"]) == sorted(shown)
        first = page.select_one("section[aria-labelledby='first-h'] figure.passage figcaption a")
        assert claim["firstAppearance"]["url"] == absolute(path, first["href"])


def _verdict_notes(build: Build) -> dict[str, tuple[str, str, str | None]]:
    """Each verdict note on the article pages: note id → (passage URL, verdict, claim page URL).

    The claim is the one whose linked sentence holds the note's marked passage.
    """
    found = {}
    for path, page in pages_under(build, "articles").items():
        for aside in page.select("aside.editor-note"):
            verdict = aside.select_one(".verdict")
            if verdict is None:
                continue
            note = aside["id"].removeprefix("note-")
            mark = page.select_one(f"mark#noted-{note}")
            link = mark.find_parent("a", class_="claim-link")
            found[note] = (
                f"{FEED_DOMAIN}/{path}#{mark.find_parent('p')['id']}",
                verdict.get_text(),
                absolute(path, link["href"]) if link else None,
            )
    return found


def _reviews(page: BeautifulSoup) -> set[tuple[str, str]]:
    return {
        (r["itemReviewed"]["appearance"]["url"], r["reviewRating"]["alternateName"])
        for r in of_type(page, "ClaimReview")
    }


def test_article_pages_review_each_verdict_note(seed_build):
    notes = _verdict_notes(seed_build)
    assert len(notes) >= 2
    for path, page in pages_under(seed_build, "articles").items():
        here = f"{FEED_DOMAIN}/{path}"
        expected = {(url, verdict) for url, verdict, _ in notes.values() if url.startswith(here)}
        assert _reviews(page) == expected, path
        assert len(of_type(page, "ClaimReview")) == len(expected)


def test_claim_pages_review_the_verdict_notes_on_their_sentences(seed_build):
    notes = _verdict_notes(seed_build)
    on_claims = {claim for _, _, claim in notes.values() if claim}
    # The seed notes fall both inside and outside claim sentences.
    assert on_claims and any(claim is None for _, _, claim in notes.values())
    for path, page in pages_under(seed_build, "claims").items():
        here = f"{FEED_DOMAIN}/{path}"
        expected = {(url, verdict) for url, verdict, claim in notes.values() if claim == here}
        assert _reviews(page) == expected, path
        for review in of_type(page, "ClaimReview"):
            assert review["url"] == here
            assert review["author"] == {"@type": "Organization", "name": SITENAME}
