"""Every page kind in a real Chromium: no console errors, no sideways scroll on a phone."""

import json
from pathlib import Path

import pytest
from conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PAGE_KINDS = {
    "home": "index.html",
    "articles": "articles.html",
    "article": (
        "articles/helloshuttle-com-blog-el-salvador-strikes-unprecedented-deportation-deal.html"
    ),
    "embed-article": "articles/the-hub-thehub-news-el-salvadors-controversial-move-offers-to.html",
    "outlet": "outlets/metro-india-metroindia-net.html",
    "outlets": "outlets.html",
    "report": "report.html",
    "claims": "claims.html",
    "claims-review": "claims-to-review.html",
    "claim": None,  # the first claim in data/claims.json: ids come from the build
    "quotes": "quotes.html",
    "quote": None,  # the first quote group quoted by several outlets, from data/quotes.json
    "discrepancies": "discrepancies.html",
    "corrections": "corrections.html",
    "timeline": "timeline.html",
    "reuse": "reuse.html",
    "reuse-pair": None,  # News.Az and helloshuttle.com: a reworded pair, from data/reuse.json
    "search": "search.html",
    "data": "data.html",
}


def page_path(build, kind: str) -> Path:
    if PAGE_KINDS[kind] is not None:
        return build.output / PAGE_KINDS[kind]
    data = build.output / "data"
    if kind == "reuse-pair":
        pairs = json.loads((data / "reuse.json").read_text(encoding="utf-8"))["pairs"]
        reworded = next(p for p in pairs if p["kind"] == "reworded")
        return build.output / "reuse" / f"{reworded['id']}.html"
    if kind == "quote":
        quotes = json.loads((data / "quotes.json").read_text(encoding="utf-8"))["quotes"]
        shared = next(q for q in quotes if len({v["article"] for v in q["versions"]}) > 1)
        return build.output / "quotes" / f"{shared['id']}.html"
    claims = json.loads((data / "claims.json").read_text(encoding="utf-8"))
    return build.output / "claims" / f"{claims['claims'][0]['id']}.html"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_cleanly_and_fits_the_screen(browser, seed_build, kind, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.goto(page_path(seed_build, kind).as_uri())
    assert errors == []
    assert page.locator("h1").count() == 1
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{kind} scrolls sideways at {width}px ({scroll}px wide)"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind}-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_accessibility_violation(browser, seed_build, kind):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_path(seed_build, kind).as_uri())
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in results.response["violations"]
    ]
    assert violations == []
    page.close()


@pytest.mark.parametrize("kind", ["article", "claim"])
def test_print_keeps_the_text_and_drops_what_needs_a_screen(browser, seed_build, kind):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_path(seed_build, kind).as_uri())
    page.emulate_media(media="print")
    for chrome in ("nav[aria-label=Site]", "form.site-search", ".site-footer"):
        assert not page.locator(chrome).is_visible(), chrome
    assert page.locator("h1").is_visible()
    body = ".article-body" if kind == "article" else "figure.passage blockquote"
    assert page.locator(body).first.is_visible()
    page.pdf(path=str(ARTIFACTS / f"{kind}-print.pdf"))
    page.close()


def follow(page, link):
    """Click an evidence link; the element its `#pN` (before any text directive) names."""
    link.click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash").split(":~:")[0].lstrip("#")
    return page.locator(f"[id='{anchor}']")


def test_paragraph_permalink_lands_on_its_paragraph(browser, seed_build):
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    url = (seed_build.output / PAGE_KINDS["article"]).as_uri() + "#p12"
    page.goto(url)
    target = page.locator("#p12")
    assert target.inner_text().startswith("In a post on X, President Bukele confirmed")
    box = target.bounding_box()
    assert 0 <= box["y"] < 700, "the permalinked paragraph is scrolled into view"
    page.close()


def test_a_claim_s_evidence_link_lands_on_its_passage(browser, seed_build):
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.goto(page_path(seed_build, "claim").as_uri())
    link = page.locator("figure.passage figcaption a").nth(1)
    quoted = page.locator("figure.passage blockquote").nth(1).inner_text()
    target = follow(page, link)
    assert quoted.strip() in " ".join(target.inner_text().split())
    # The browser paints the directive's words with ::target-text (the site's --mark colour);
    # the painting cannot be read from the page, the screenshot shows it.
    page.screenshot(path=str(ARTIFACTS / "claim-evidence-landed-1280.png"))
    box = target.bounding_box()
    assert 0 <= box["y"] < 700, "the passage is scrolled into view"
    page.close()


def test_a_quote_version_link_lands_on_the_quoted_words(browser, seed_build):
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.goto(page_path(seed_build, "quote").as_uri())
    version = page.locator("ol.versions > li").nth(1)
    printed = version.locator("details.as-printed p").inner_text().strip("“” ")
    target = follow(page, version.locator(".version-where a").last)
    assert printed[:40] in " ".join(target.inner_text().split())
    box = target.bounding_box()
    assert 0 <= box["y"] < 700, "the quoted paragraph is scrolled into view"
    page.close()


def test_a_noted_passage_points_to_its_note_beside_it(browser, seed_build):
    page = browser.new_page(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page.goto(page_path(seed_build, "embed-article").as_uri() + "#noted-south-american-country")
    mark = page.locator("#noted-south-american-country")
    note = page.locator("#" + mark.get_attribute("aria-describedby"))
    assert "Central America" in note.inner_text()
    below = note.bounding_box()["y"] - mark.bounding_box()["y"]
    assert 0 < below < 400, "the note is right under the noted words, not at the page's end"
    page.close()
