"""The timeline page of the real archive: its days, its articles with their dates' provenance."""

from __future__ import annotations

import json
from posixpath import dirname, join, normpath

import pytest
from conftest import copy_content, run_build

PAGE = "timeline.html"


@pytest.fixture(scope="module")
def page(seed_build):
    return seed_build.page(PAGE)


def raw_name_of(build, href):
    """The raw file an article page publishes (every article page links to its raw file)."""
    article = build.page(href.split("#")[0])
    raw = article.select_one('a[href*="raw/"]')["href"]
    return raw.rsplit("/", 1)[1]


def entries(page):
    """Every article's item on the page, wherever it is placed."""
    return page.select("li.tl-article")


def entry_for(build, page, prefix):
    return next(
        li
        for li in entries(page)
        if raw_name_of(build, li.select_one(".tl-headline a")["href"]).startswith(prefix)
    )


def text(tag):
    """The words as a reader sees them: whitespace collapsed, nothing added between tags."""
    return " ".join(tag.get_text().split())


def test_the_days_are_in_order_with_their_weekday(page):
    days = page.select("section.tl-day > h2 time")
    assert [t["datetime"] for t in days] == ["2025-02-03", "2025-02-04", "2025-02-05"]
    assert [text(t) for t in days] == [
        "Monday 3 February 2025",
        "Tuesday 4 February 2025",
        "Wednesday 5 February 2025",
    ]


def test_each_day_opens_with_the_story_s_events_from_the_story_file(page):
    feb3, feb4, _ = page.select("section.tl-day")
    first3, first4 = feb3.select_one("li.tl-item"), feb4.select_one("li.tl-item")
    assert "tl-event" in first3["class"] and "Rubio meets Bukele" in text(first3)
    assert "tl-event" in first4["class"] and "post on X" in text(first4)
    assert "story.yaml" in text(first3)


def test_every_article_is_on_the_page_once_with_its_date_s_provenance(seed_build, page):
    found = [
        raw_name_of(seed_build, li.select_one(".tl-headline a")["href"]) for li in entries(page)
    ]
    assert sorted(name[:3] for name in found) == ["000", "001", "002", "003", "004"]
    stated = entry_for(seed_build, page, "002")
    when = text(stated.select_one(".tl-when"))
    assert "stated: 5 Feb 2025 (in the page's date line" in when
    assert "no earlier than" not in text(stated)
    assert "tl-not-before" not in stated["class"]
    for prefix in ("000", "001", "003", "004"):
        li = entry_for(seed_build, page, prefix)
        when = text(li.select_one(".tl-when"))
        assert "inferred: no earlier than" in when, prefix
        assert "may have been published later" in text(li)
        assert "tl-not-before" in li["class"]
    feb4 = page.select("section.tl-day")[1]
    assert "inferred: no earlier than 4 Feb 2025 — " in text(feb4.select_one("li.tl-article"))


def test_an_article_s_first_appearances_are_listed_under_it(seed_build, page):
    claims = json.loads((seed_build.output / "data" / "claims.json").read_text("utf-8"))["claims"]
    for claim in claims:
        links = page.select(f'.tl-firsts a[href$="claims/{claim["id"]}.html"]')
        assert len(links) == 1, claim["id"]
        li = links[0].find_parent("li", class_="tl-article")
        headline = li.select_one(".tl-headline a")["href"]
        assert raw_name_of(seed_build, headline) == claim["appearances"][0]["article"]


def test_a_quote_only_one_article_carries_links_to_its_passage(page):
    alone = [
        li for li in page.select(".tl-first-list li") if "quoted in this article only" in text(li)
    ]
    assert alone
    for li in alone:
        assert "#p" in li.select_one("a")["href"] and ":~:text=" in li.select_one("a")["href"]
        assert not li.select('a[href*="quotes/"]')


def test_every_link_on_the_page_resolves_to_a_file_of_the_site(seed_build, page):
    base = dirname(PAGE)
    hrefs = [a["href"] for a in page.select("main a[href]")]
    assert len(hrefs) > 20
    for href in hrefs:
        path = href.split("#")[0]
        if not path:
            target = href.removeprefix("#")
            assert page.find(id=target), href
            continue
        assert (seed_build.output / normpath(join(base, path))).is_file(), href


def test_the_site_navigation_links_to_the_timeline_after_articles(seed_build):
    for other in ("index.html", "claims.html"):
        labels = [text(a) for a in seed_build.page(other).select('nav[aria-label="Site"] a')]
        assert labels[labels.index("Articles") + 1] == "Timeline", other
    link = seed_build.page("index.html").select_one(
        'nav[aria-label="Site"] a[href$="timeline.html"]'
    )
    assert (seed_build.output / link["href"]).is_file()


def test_an_undated_article_is_listed_apart_and_never_on_a_day(tmp_path):
    content = copy_content(tmp_path / "content")
    (content / "009_undated.txt").write_text(
        "A capture with no date\n\nThe ministry said the plan would go ahead after talks.\n",
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    page = build.page(PAGE)
    undated = page.find(id="undated")
    assert [text(a) for a in undated.select(".tl-headline a")] == ["A capture with no date"]
    assert "cannot be placed on a day" in text(undated)
    assert "Published: unknown" in text(undated.select_one(".tl-when"))
    placed = [
        text(a) for day in page.select("section.tl-day[id^=day-]") for a in day.select("h3 a")
    ]
    assert len(placed) == 5 and "A capture with no date" not in placed
