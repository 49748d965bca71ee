"""An article added as .md (with front matter) and one added as a saved .html page, end to end."""

import hashlib
import json
import re

import pytest
from conftest import copy_content, run_build

MD_NAME = "005_caribbean_courier.md"
HTML_NAME = "006_gulf_observer.html"
JUNK_NAME = "007_observer_front_page.html"

# Sentences of content/000_*.txt, reworded the way another outlet would.
MARKDOWN = """---
outlet: Caribbean Courier
url: https://caribbeancourier.example/world/2025/02/06/el-salvador-offers-to-jail-us-deportees
headline: El Salvador offers to jail US deportees of any nationality
published: 2025-02-06
retrieved: 2025-02-11
status: unverified
notes: >
  Saved by hand from the outlet's web edition; a close rewrite of the CNN report.
---
El Salvador has agreed to house violent American criminals and to accept deportees of any nationality, under an agreement announced on Monday by officials from both countries.

US Secretary of State Marco Rubio announced the agreement after meeting Salvadoran President Nayib Bukele, on a tour of Central American countries to push the Trump administration’s migration agenda.

The country will keep accepting Salvadoran deportees who entered the US illegally, Rubio said.

It is still unclear whether the US government will take up the offer, given questions about the legality of deporting US nationals.
"""  # noqa: E501

NAV_AND_BANNER = [
    "We value your privacy",
    "Accept cookies",
    "Reject non-essential cookies",
    "Americas desk",
    "Markets today",
    "Subscribe to the Observer",
    "More from the Observer",
    "Markets slide as tariffs loom",
    "Advertisement",
    "All rights reserved",
    "observer-tracking-script",
    "googletag",
]

HTML = """<!DOCTYPE html>
<!-- saved from url=(0079)https://www.gulf-observer.example/americas/bukele-offers-prison-space-for-a-fee -->
<html lang="en"><head><meta charset="utf-8">
<title>Bukele offers El Salvador’s prisons to the US, for a fee | The Gulf Observer</title>
<meta property="og:type" content="article">
<meta property="og:title" content="Bukele offers El Salvador’s prisons to the US, for a fee">
<meta property="og:site_name" content="The Gulf Observer">
<meta property="og:url" content="https://www.gulf-observer.example/americas/bukele-offers-prison-space-for-a-fee">
<meta property="article:published_time" content="2025-02-06T09:15:00+00:00">
<meta name="author" content="Marta Quiroga">
<link rel="canonical" href="https://www.gulf-observer.example/americas/bukele-offers-prison-space-for-a-fee">
<script>window.dataLayer = []; alert("observer-tracking-script");</script>
<script src="https://cdn.gulf-observer.example/ads.js"></script>
</head>
<body>
<div class="cookie-banner" id="cookie-consent" role="dialog">
  <p>We value your privacy. The Gulf Observer uses cookies to improve your experience.</p>
  <button>Accept cookies</button> <button>Reject non-essential cookies</button>
</div>
<header><nav class="site-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/americas">Americas desk</a></li>
  <li><a href="/markets">Markets today</a></li><li><a href="/subscribe">Subscribe to the Observer</a></li>
</ul></nav></header>
<main><article>
<h1>Bukele offers El Salvador’s prisons to the US, for a fee</h1>
<p class="byline">By <a rel="author" href="/staff/marta-quiroga">Marta Quiroga</a></p>
<time datetime="2025-02-06T09:15:00+00:00">6 February 2025</time>
<div class="article-body">
<p>President Nayib Bukele offered on Tuesday to jail convicted criminals sent from the United States, including US citizens, in El Salvador’s mega-prison in exchange for a fee.</p>
<p>The offer followed a meeting on Monday with US Secretary of State Marco Rubio, who said El Salvador had agreed to accept deportees of any nationality.</p>
<p>“The fee would be relatively low for the U.S. but significant for us, making our entire prison system sustainable,” Bukele wrote in a post on X.</p>
<div class="ad-slot"><span>Advertisement</span><script>googletag.display("ad-1");</script></div>
<p>Rubio told reporters that Bukele had also offered to house dangerous American criminals in custody in the United States, including US citizens and legal residents.</p>
<p>Rights groups condemned the offer, and legal scholars said deporting US citizens would almost certainly be challenged in court.</p>
</div>
<aside class="related"><h3>More from the Observer</h3><ul>
  <li><a href="/a">Markets slide as tariffs loom</a></li><li><a href="/b">Hurricane season outlook</a></li>
</ul></aside>
</article></main>
<footer><p>© 2025 The Gulf Observer. All rights reserved.</p></footer>
</body></html>
"""  # noqa: E501

FRONT_PAGE = """<!DOCTYPE html>
<html><head><title>The Gulf Observer — Home</title>
<meta property="og:site_name" content="The Gulf Observer"></head>
<body><nav><a href="/">Home</a> <a href="/americas">Americas</a></nav>
<main><h2><a href="/a">Bukele offers prisons to the US</a></h2>
<h2><a href="/b">Markets slide as tariffs loom</a></h2>
<ul><li><a href="/c">Weather</a></li><li><a href="/d">Sport</a></li></ul></main>
<script>alert("front page")</script></body></html>
"""


@pytest.fixture(scope="module")
def formats_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    content = copy_content(root / "content")
    (content / MD_NAME).write_text(MARKDOWN, encoding="utf-8")
    (content / HTML_NAME).write_text(HTML, encoding="utf-8")
    (content / JUNK_NAME).write_text(FRONT_PAGE, encoding="utf-8")
    build = run_build(content, root / "output")
    assert build.returncode == 0, build.log
    return build


def page_for(build, source_name):
    for path in sorted(build.output.glob("articles/*.html")):
        soup = build.page(str(path.relative_to(build.output)))
        raw = soup.find("a", href=re.compile(r"/raw/"))
        if raw is not None and raw.get_text(strip=True) == source_name:
            return soup
    raise AssertionError(f"no article page for {source_name}")


def about(soup, label: str) -> str:
    term = soup.find("dt", string=re.compile(rf"^\s*{label}\s*$"))
    return " ".join(term.find_next_sibling("dd").get_text(" ").split())


def test_the_build_succeeds_with_one_line_about_the_junk_page(formats_build):
    assert "Traceback" not in formats_build.log
    lines = [line for line in formats_build.log.splitlines() if "content/" in line]
    assert lines == [
        f"content/{JUNK_NAME}: no article text found in this HTML page (no paragraph text: "
        "a front page, an index or a page whose text is loaded by scripts) — save the article "
        "page itself, not the site's front page, or convert it to .txt"
    ]
    assert len(list(formats_build.output.glob("articles/*.html"))) == 7


def test_the_md_article_shows_its_front_matter_as_editor_metadata(formats_build):
    soup = page_for(formats_build, MD_NAME)
    assert (
        soup.find("h1").get_text() == "El Salvador offers to jail US deportees of any nationality"
    )
    assert about(soup, "Outlet") == (
        "Caribbean Courier source: editor named in the file's front matter"
    )
    assert about(soup, "Published").startswith("6 Feb 2025 source: editor")
    assert about(soup, "Retrieved").startswith("11 Feb 2025 source: editor")
    assert "caribbeancourier.example" in about(soup, "Source URL")
    assert about(soup, "Byline").startswith("unknown source: unknown")
    body = soup.select_one(".article-body").get_text(" ")
    assert "will keep accepting Salvadoran deportees" in body
    assert "outlet:" not in body and "---" not in body
    raw = formats_build.output / "raw" / MD_NAME
    assert raw.read_text(encoding="utf-8") == MARKDOWN


def test_the_html_article_shows_what_the_page_states_and_where(formats_build):
    soup = page_for(formats_build, HTML_NAME)
    assert soup.find("h1").get_text() == "Bukele offers El Salvador’s prisons to the US, for a fee"
    assert about(soup, "Outlet") == (
        'The Gulf Observer source: stated the page\'s <meta property="og:site_name">'
    )
    assert about(soup, "Byline") == (
        'Marta Quiroga source: stated the page\'s <meta name="author">'
    )
    assert about(soup, "Published").startswith(
        '6 Feb 2025 source: stated the page\'s <meta property="article:published_time">'
    )
    assert about(soup, "Source URL").endswith('stated the page\'s <meta property="og:url">')
    assert "no editor metadata" in about(soup, "Attribution status")
    assert "in El Salvador’s mega-prison in exchange for a fee" in soup.get_text()


def test_no_navigation_banner_ad_or_script_of_the_page_reaches_ours(formats_build):
    soup = page_for(formats_build, HTML_NAME)
    text = soup.get_text(" ")
    assert [phrase for phrase in NAV_AND_BANNER if phrase in text] == []
    # Only our JSON-LD, which is data: no script of the saved page reaches ours.
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]


def test_the_raw_html_is_published_as_text_with_the_sha256_of_its_bytes(formats_build):
    raw = formats_build.output / "raw"
    assert not (raw / HTML_NAME).exists()
    assert not list(raw.glob("*.html")) and not list(raw.glob("*.htm"))
    published = raw / f"{HTML_NAME}.txt"
    original = HTML.encode("utf-8")
    assert published.read_bytes() == original
    soup = page_for(formats_build, HTML_NAME)
    link = soup.find("a", href=re.compile(r"/raw/"))
    assert link["href"].endswith(f"raw/{HTML_NAME}.txt")
    assert hashlib.sha256(original).hexdigest() in about(soup, "Raw file")


def test_the_junk_page_is_on_the_report_and_not_published(formats_build):
    report = formats_build.page("report.html")
    (row,) = [tr for tr in report.select("tbody tr") if JUNK_NAME in tr.get_text()]
    assert "no article text found in this HTML page" in row.get_text()
    assert not (formats_build.output / "raw" / f"{JUNK_NAME}.txt").exists()
    notice = formats_build.page("index.html").select_one("p.notice").get_text(" ")
    assert "1 file was not published" in " ".join(notice.split())


@pytest.mark.parametrize("name", [MD_NAME, HTML_NAME])
def test_a_sentence_of_each_new_article_links_to_a_claim_the_archive_had(
    formats_build, seed_build, name
):
    seeds = json.loads((seed_build.output / "data" / "claims.json").read_text(encoding="utf-8"))
    known = {claim["id"] for claim in seeds["claims"]}
    soup = page_for(formats_build, name)
    links = soup.select(".article-body a.claim-link")
    ids = {link["href"].rsplit("/", 1)[-1].removesuffix(".html") for link in links}
    assert ids & known, [link.get_text() for link in links]
    for link in links:
        assert link["href"].startswith("../claims/")
        assert (formats_build.output / "claims" / link["href"].rsplit("/", 1)[-1]).is_file()
    data = json.loads((formats_build.output / "data" / "claims.json").read_text("utf-8"))
    carried = {a["article"] for c in data["claims"] for a in c["appearances"]}
    assert name in carried
