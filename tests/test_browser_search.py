"""Search and hosting in a real Chromium: Pagefind over http, and the published site
working unchanged from `/`, from a sub-path and from `file://`."""

from __future__ import annotations

import contextlib
import re
import time

import pytest
from conftest import ARTIFACTS, CONTENT, PUBLISHED_AT, run_build, serve
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_browser_pages import PAGE_KINDS, page_path

pytestmark = pytest.mark.browser


def watched(page) -> list[str]:
    """Console errors, script errors and failed or 4xx/5xx requests of `page`, as they come."""
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status}: {response.url}")
        ),
    )
    return problems


RESULTS = "[...document.querySelectorAll('.pagefind-ui__result')]"


def results(page) -> list[str]:
    """The address of each result shown (its first link; sub-results are not counted)."""
    # Pagefind draws placeholders first and fills each result in when its fragment loads.
    page.wait_for_function(
        f"() => {RESULTS}.length > 0 && {RESULTS}.every(r => r.querySelector('a'))",
        timeout=15_000,
    )
    return page.evaluate(f"() => {RESULTS}.map(r => r.querySelector('a').href)")


def pick(page, group: str, option: str) -> None:
    """Open a filter group and tick one option, as a reader does.

    Pagefind redraws its filters when the counts of a search arrive, which can close a
    group opened a moment before (seen once in CI); a reader would open it again.
    """
    box = page.get_by_label(option, exact=False)
    for _ in range(3):
        if box.is_visible():
            break
        page.locator(".pagefind-ui__filter-name", has_text=group).click()
        with contextlib.suppress(PlaywrightTimeout):
            box.wait_for(state="visible", timeout=3_000)
    box.check()


@pytest.mark.parametrize("under", ["/", "/archive/"])
def test_search_finds_cecot_and_filters_by_outlet_and_kind(browser, publish_build, under):
    with serve(publish_build.output, under) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems = watched(page)
        page.goto(base + "search.html?q=CECOT")
        found = results(page)
        assert len(found) >= 5
        # Every result link stays inside the site, under its sub-path.
        assert all(h.startswith(base) for h in found), found
        page.screenshot(path=str(ARTIFACTS / "search-results-1280.png"), full_page=True)

        pick(page, "Outlet", "News.Az")
        page.wait_for_function(
            "n => document.querySelectorAll('.pagefind-ui__result').length < n", arg=len(found)
        )
        narrowed = results(page)
        assert 0 < len(narrowed) < len(found)
        pick(page, "Kind", "Article")
        page.wait_for_function(
            "() => document.querySelectorAll('.pagefind-ui__result').length === 1"
        )
        [only] = results(page)
        assert only.startswith(base + "articles/news-az-")
        # Following the result opens the article, which is by News.Az.
        page.locator(".pagefind-ui__result a").first.click()
        page.wait_for_load_state()
        assert page.url == only
        assert "News.Az" in page.locator(".capture-head .kicker").inner_text()
        assert problems == []
        page.close()


@pytest.fixture(scope="module")
def parted_build(tmp_path_factory):
    """The published archive with its search index built in many small parts."""
    output = tmp_path_factory.mktemp("parted") / "output"
    build = run_build(
        CONTENT, output, "COVERAGE_SEARCH_PART_PAGES=6", conf="publishconf.py",
        env={"SITEURL": PUBLISHED_AT},
    )  # fmt: skip
    assert build.returncode == 0, build.log
    return build


def everything_found(page, base: str, query: str) -> tuple[str, list[str], list[str]]:
    """What a search shows: its message, every result (all pages of them) and the filters."""
    page.goto(base + "search.html?q=" + query)
    results(page)
    more = page.locator(".pagefind-ui__button", has_text="Load more")
    while more.count():
        more.click()
        page.wait_for_timeout(200)
    found = results(page)
    for group in ("Kind", "Outlet"):
        page.locator(".pagefind-ui__filter-name", has_text=group).click()
    # The UI draws results and filters in separate steps. Every result has one kind, so
    # the filters are drawn when the kinds add up to the results and two readings agree.
    labels = (
        "() => [...document.querySelectorAll('.pagefind-ui__filter-label')].map(l => l.innerText)"
    )
    message = page.locator(".pagefind-ui__message").inner_text()
    total = int(re.search(r"\d+", message).group(0))
    filters, before = page.evaluate(labels), None
    for _ in range(20):
        if filters == before and _kinds_counted(page) == total:
            break
        page.wait_for_timeout(250)
        before, filters = filters, page.evaluate(labels)
    assert _kinds_counted(page) == total, f"the kinds' counts do not add up to {message!r}"
    return message, sorted(found), sorted(filters)


def _kinds_counted(page) -> int:
    """The sum of the counts under the "Kind" filter."""
    return page.evaluate(
        """() => {
        const name = [...document.querySelectorAll('.pagefind-ui__filter-name')]
            .find(n => n.innerText.trim() === 'Kind');
        const block = name && name.closest('.pagefind-ui__filter-block');
        if (!block) return -1;
        return [...block.querySelectorAll('.pagefind-ui__filter-label')]
            .map(l => +((l.innerText.match(/\\((\\d+)\\)\\s*$/) || [0, 0])[1]))
            .reduce((a, b) => a + b, 0);
    }"""
    )


# Pagefind counts a search's filters only over the filter files already loaded, and its UI
# starts loading them alongside the first search: "slow filters" holds every filter file
# back, so the index answers first, unless the search page has loaded them beforehand.
@pytest.mark.parametrize(
    "query, slow_filters", [("CECOT", False), ("Rubio", False), ("Rubio", True)]
)
def test_an_index_in_parts_finds_what_the_whole_index_finds(
    browser, publish_build, parted_build, query, slow_filters
):
    listed = (parted_build.output / "pagefind" / "parts.json").read_text()
    assert listed.count("/") > 4, "the test site's index should be in several parts"
    shown = []
    for build in (publish_build, parted_build):
        with serve(build.output, "/archive/") as base:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            problems = watched(page)
            if slow_filters and build is parted_build:
                page.route("**/*.pf_filter", lambda route: (time.sleep(0.4), route.continue_()))
            message, found, filters = everything_found(page, base, query)
            shown.append((message, [h.removeprefix(base) for h in found], filters))
            assert problems == []
            page.close()
    whole, parted = shown
    assert whole[1], f"nothing found for {query}"
    assert parted == whole


def test_the_header_box_searches_from_any_page(browser, publish_build):
    with serve(publish_build.output, "/archive/") as base:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        problems = watched(page)
        page.goto(base + "claims.html")
        page.get_by_role("searchbox", name="Search the archive").fill("Rubio")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_load_state()
        assert page.url == base + "search.html?q=Rubio"
        assert len(results(page)) >= 3
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 375, f"search results scroll sideways ({scroll}px)"
        page.screenshot(path=str(ARTIFACTS / "search-results-375.png"), full_page=True)
        assert problems == []
        page.close()


def test_without_javascript_the_search_page_says_what_still_works(browser, publish_build):
    with serve(publish_build.output) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "search.html?q=CECOT")
        message = page.locator("#search-unavailable")
        assert message.is_visible()
        assert "needs JavaScript" in message.inner_text()
        for name in ("articles", "claims", "quotes", "outlets"):
            assert message.get_by_role("link", name=name).count() == 1
        context.close()


def test_from_file_the_search_page_explains_and_nothing_errors(browser, publish_build):
    page = browser.new_page()
    problems = watched(page)
    page.goto((publish_build.output / "search.html").as_uri())
    assert page.locator("#search-unavailable").is_visible()
    assert problems == []
    page.close()


@pytest.mark.parametrize("under", ["/", "/archive/", "file://"])
def test_the_published_site_works_from_any_place(browser, publish_build, under):
    """Every page kind loads with all its resources, and every link on it resolves."""
    if under == "file://":
        base = publish_build.output.as_uri() + "/"
        place = contextlib.nullcontext(base)
    else:
        place = serve(publish_build.output, under)
    with place as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        problems = watched(page)
        for kind in PAGE_KINDS:
            relative = page_path(publish_build, kind).relative_to(publish_build.output)
            page.goto(base + relative.as_posix())
            # The search page loads its index on opening; leaving mid-load aborts requests.
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").count() == 1, kind
            nav = page.locator("nav[aria-label=Site] a").evaluate_all(
                "links => links.map(a => a.href)"
            )
            assert all(h.startswith(base) for h in nav), (kind, nav)
        assert problems == []
        page.close()
