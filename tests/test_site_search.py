"""What the search index reads of each page: the page's own words, not its lists of others'.

Pagefind indexes the <main> of a searched page, minus what is marked
`data-pagefind-ignore`. An article page lists the claims, quotes and shared
text it has in common with other articles; a claim page quotes each outlet's
passage; an outlet page lists its articles and claims. Each of those has its
own page in the index, so indexing the lists again only made a search for a
headline or an outlet's name return every page that mentions it, and made
the index several times larger (articles/*.html at 1,000 articles: 688 MB of
Pagefind's memory, 274 MB without the lists).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup


def indexed(page: Path) -> str:
    """The text Pagefind takes from a page, whitespace folded; empty if it is not searched."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("main[data-pagefind-body]")
    if body is None:
        return ""
    for left_out in body.select("[data-pagefind-ignore]"):
        left_out.decompose()
    return folded(body.get_text(" "))


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_an_article_is_found_by_its_own_words_and_not_by_what_it_shares(seed_build):
    site = seed_build.output
    articles = json.loads((site / "data" / "articles.json").read_text())["articles"]
    for article in articles:
        text = indexed(site / article["page"])
        found = " ".join(words(text))
        assert " ".join(words(article["title"])) in found
        for paragraph in article["paragraphs"]:
            assert " ".join(words(paragraph["text"])) in found, (article["id"], paragraph)
        # Its own words are most of its entry: the lists of what it shares with other
        # outlets, and of its claims and quotes (each on its own page), are not in it.
        own = sum(len(words(p["text"])) for p in article["paragraphs"])
        assert own >= 0.4 * len(words(text)), article["id"]
        for listed in ("of its text with", "Sources: what it credits", "Claims in this article"):
            assert listed not in text, (article["id"], listed)
        assert "Quotes in this article" not in text


def test_a_claim_is_found_by_its_title_and_not_by_the_passages_it_quotes(seed_build):
    site = seed_build.output
    claims = json.loads((site / "data" / "claims.json").read_text())["claims"]
    assert claims
    for claim in claims:
        page = next(site.glob(f"claims/{claim['id']}.html"))
        text = indexed(page)
        assert folded(claim["title"]) in text
        assert "How each outlet reports it" not in text
        assert "Outlets that omit it" not in text


def test_an_outlet_is_found_by_its_name_and_not_by_the_lists_of_its_articles(seed_build):
    site = seed_build.output
    pages = sorted((site / "outlets").glob("*.html"))
    assert pages
    for page in pages:
        text = indexed(page)
        name = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text()
        assert text.startswith(folded(name))
        assert "Its articles, newest first" not in text
        assert "Claims it carries" not in text


def test_a_quote_page_leaves_out_the_legend_every_quote_page_repeats(seed_build):
    pages = sorted((seed_build.output / "quotes").glob("*.html"))
    assert pages
    for page in pages:
        text = indexed(page)
        assert "Every version, word by word" in text
        assert "What the labels mean" not in text


def test_pages_that_are_not_searched_give_the_index_nothing(seed_build):
    site = seed_build.output
    for name in ("index.html", "reuse.html", "claims.html", "search.html"):
        assert indexed(site / name) == ""
