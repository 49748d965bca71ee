"""Saved HTML pages: the article's text without the page around it, and what the page states."""

from datetime import date
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coverage.extract import Extracted, extract_html
from coverage.model import Problem

PAGES = Path(__file__).parent / "fixtures" / "html"
ACTION = "save the article page itself, not the site's front page, or convert it to .txt"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def extracted(name: str) -> Extracted:
    result = extract_html(page(name), f"content/{name}")
    assert isinstance(result, Extracted), result
    return result


def body_blocks(name: str, xpath: str) -> list[str]:
    """The article's own paragraphs, headings and list items, read from the fixture."""
    tree = lxml.html.fromstring(page(name))
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


# (fixture, where its article's blocks are, text of the page around the article)
ARTICLES = [
    (
        "ledger_article.html",
        '//div[@class="story-body"]/*[self::p or self::h2] | //div[@class="story-body"]/ul/li',
        [
            "We use cookies",
            "Accept all cookies",
            "Manage cookie preferences",
            "World news",
            "Politics desk",
            "Subscribe for $1 a week",
            "Sign in",
            "Americas",
            "By Ana",
            "Share on Facebook",
            "Post to X",
            "Email this article",
            "Copy link",
            "Share this",
            "LinkedIn",
            "Advertisement",
            "googletag",
            "Topics:",
            "Related articles",
            "Inside CECOT, the mega-prison",
            "warning to Panama",
            "temporary protection",
            "Morning Ledger",
            "before breakfast",
            "Privacy policy",
            "All rights reserved",
            "dataLayer",
            "gtag",
            "font-family",
            "Thanks for accepting",
        ],
    ),
    (
        "isthmus_jsonld.html",
        '//div[@class="entry-content"]/p',
        [
            "Support independent journalism",
            "Podcasts",
            "Your privacy choices",
            "uses cookies",
            "I agree",
            "Reject non-essential",
            "Home",
            "WhatsApp",
            "Telegram",
            "You may also like",
            "tour of CECOT",
            "canal ports",
            "Most read",
            "Coffee growers",
            "mayoral races",
            "since 2011",
            "BreadcrumbList",
            "@context",
        ],
    ),
    (
        "hub_embedded_post.html",
        '//div[@class="entry-content"]/p',
        [
            "Skip to content",
            "Latest news",
            "Immigration coverage",
            "Culture and ideas",
            "Lucía Ferrer",
            "Share this:",
            "Click to share",
            "Previous post",
            "canal talks",
            "thoughts on",
            "This cannot possibly be legal",
            "Reader comment",
            "Proudly independent",
            "hubAds",
            "widgets.js",
        ],
    ),
]


@pytest.mark.parametrize(("name", "xpath", "_"), ARTICLES)
def test_every_body_block_survives_exactly_once_in_order(name, xpath, _):
    text = extracted(name).text
    blocks = body_blocks(name, xpath)
    assert len(blocks) >= 5
    lines = text.splitlines()
    for block in blocks:
        assert text.count(block) == 1, block
        assert block in lines, f"not on a line of its own: {block}"
    positions = [lines.index(block) for block in blocks]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("name", "_", "furniture"), ARTICLES)
def test_page_furniture_is_stripped(name, _, furniture):
    text = extracted(name).text
    for words in furniture:
        assert words not in text, words


def test_blocks_are_separated_by_blank_lines_and_lists_keep_their_own_marker():
    text = extracted("ledger_article.html").text
    blocks = text.split("\n\n")
    assert blocks[0].startswith("El Salvador has agreed to house violent U.S. criminals")
    assert "What the deal covers" in blocks
    assert "Rights groups condemn the move" in blocks
    items = next(b for b in blocks if b.startswith("🔹"))
    assert items.splitlines() == [
        "🔹 El Salvador will accept deported criminals of any nationality, even if they have no "
        "ties to the country.",
        "🔹 This includes gang members from MS-13 and Tren de Aragua, two of the most notorious "
        "transnational criminal organizations.",
    ]
    assert all(block.strip() == block and block for block in blocks)
    assert "\n\n\n" not in text


def test_og_tags_canonical_and_time_element_are_read_with_their_evidence():
    article = extracted("ledger_article.html")
    assert article.headline == (
        "El Salvador agrees to house violent U.S. criminals and deportees of any nationality"
    )
    assert article.published == date(2025, 2, 3)
    assert article.url == (
        "https://www.hemisphere-ledger.example/world/el-salvador-agrees-to-house-violent-us-criminals"
    )
    assert article.site_name == "Hemisphere Ledger"
    assert article.byline == "Ana Morales"
    assert dict(article.evidence) == {
        "headline": '<meta property="og:title">',
        "published": "<time datetime>",
        "url": '<meta property="og:url">',
        "site_name": '<meta property="og:site_name">',
        "byline": '<meta name="author">',
    }


def test_json_ld_alone_gives_every_field_and_the_publication_not_the_update():
    article = extracted("isthmus_jsonld.html")
    assert article.headline == (
        "Rubio says El Salvador will take criminal deportees of any nationality"
    )
    assert article.published == date(2025, 2, 4)  # dateModified is 2025-02-06
    assert article.url == (
        "https://isthmuswire.example/americas/2025/rubio-el-salvador-deportees-any-nationality"
    )
    assert article.site_name == "Isthmus Wire"
    assert article.byline == "Daniel Reyes"
    assert dict(article.evidence) == {
        "headline": 'JSON-LD NewsArticle "headline"',
        "published": 'JSON-LD NewsArticle "datePublished"',
        "url": 'JSON-LD NewsArticle "url"',
        "site_name": 'JSON-LD NewsArticle "publisher"',
        "byline": 'JSON-LD NewsArticle "author"',
    }


def test_embedded_post_is_kept_as_its_own_lines_with_its_attribution():
    text = extracted("hub_embedded_post.html").text
    post = [
        "We have offered the United States of America the opportunity to outsource part of its "
        "prison system.",
        "We are willing to take in only convicted criminals (including convicted U.S. citizens) "
        "into our mega-prison (CECOT) in exchange for a fee.",
        "The fee would be relatively low for… pic.twitter.com/HTNwtp35Aq",
        "— Nayib Bukele (@nayibbukele) February 4, 2025",
    ]
    assert "\n".join(post) in text.split("\n\n")
    assert text.count("We have offered the United States") == 1
    before, after = text.split("\n".join(post))
    assert before.rstrip().endswith("making our entire prison system sustainable.”")
    assert after.lstrip().startswith("The announcement has sparked backlash")


def test_values_the_page_does_not_state_are_left_unknown():
    article = extracted("hub_embedded_post.html")
    assert article.headline == (
        "El Salvador’s controversial move offers to house US deportees and American criminals"
    )
    assert article.published == date(2025, 2, 4)  # article:modified_time is 2025-02-05
    assert article.byline == "Lucía Ferrer"
    # No canonical link, og:url or site name: not made up from anything else.
    assert (article.url, article.site_name) == (None, None)
    assert dict(article.evidence) == {
        "headline": "<h1>",
        "published": '<meta property="article:published_time">',
        "byline": '<span class="byline">',
    }


@pytest.mark.parametrize("name", [a[0] for a in ARTICLES])
def test_evidence_names_exactly_the_fields_that_are_set(name):
    article = extracted(name)
    fields = ("headline", "published", "url", "site_name", "byline")
    assert [f for f, _ in article.evidence] == [f for f in fields if getattr(article, f)]
    assert all(where for _, where in article.evidence)


def test_the_same_page_always_gives_the_same_result():
    assert extracted("ledger_article.html") == extracted("ledger_article.html")


def test_a_front_page_is_a_problem_naming_the_file():
    problem = extract_html(page("ledger_front_page.html"), "content/front.html")
    assert isinstance(problem, Problem)
    assert problem.path == "content/front.html"
    assert "no article text" in problem.message
    assert problem.action == ACTION
    assert str(problem).startswith("content/front.html: no article text")


@pytest.mark.parametrize(
    "html",
    ["", "   \n", "<", "plain text, not a page " * 40, "\x00\x01\x02\x03", "<div>" * 5000],
)
def test_what_is_not_an_html_page_is_a_problem(html):
    problem = extract_html(html, "content/odd.html")
    assert isinstance(problem, Problem)
    assert problem.path == "content/odd.html"
    assert problem.action == ACTION


def test_a_date_only_in_the_running_text_is_not_the_publication_date():
    paragraph = "<p>" + "On February 3, 2025 Rubio met Bukele in San Salvador. " * 8 + "</p>"
    html = f"<html><head><title>x</title></head><body><article>{paragraph}</article></body></html>"
    article = extract_html(html, "content/x.html")
    assert isinstance(article, Extracted)
    assert article.published is None
    assert "published" not in dict(article.evidence)


def test_the_saving_browsers_mark_gives_the_address_when_the_page_names_none():
    address = "https://news.example/world/el-salvador-deal"
    paragraph = "<p>" + "El Salvador has agreed to house violent U.S. criminals. " * 8 + "</p>"
    html = (
        f"<!DOCTYPE html>\n<!-- saved from url=({len(address):04d}){address} -->\n"
        f"<html><head><title>x</title></head><body><article>{paragraph}</article></body></html>"
    )
    article = extract_html(html, "content/x.html")
    assert article.url == address
    assert dict(article.evidence)["url"] == "the browser's “saved from url” comment"


def test_truncated_saves_never_raise():
    html = page("ledger_article.html")
    kinds = set()
    for cut in range(0, len(html), 211):
        result = extract_html(html[:cut], "content/cut.html")
        assert isinstance(result, Extracted | Problem)
        kinds.add(type(result))
    assert kinds == {Extracted, Problem}


@pytest.mark.parametrize(
    "damage",
    [
        ("</p>", ""),  # unclosed paragraphs
        ("<div", "<div <div"),  # broken tags
        ("</div>", "</div></div></span></article>"),  # stray end tags
        ('"@context"', '"@context" :: {'),  # broken JSON-LD
        ("content=", "content"),  # meta tags without values
        ("UTF-8", "bogus-charset"),  # unknown encoding declared
    ],
)
def test_malformed_markup_gives_a_result_or_a_problem(damage):
    for name in ("ledger_article.html", "isthmus_jsonld.html", "hub_embedded_post.html"):
        html = page(name).replace(*damage)
        result = extract_html(html, f"content/{name}")
        assert isinstance(result, Extracted | Problem)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_result_or_a_problem(text):
    result = extract_html(text, "content/any.html")
    assert isinstance(result, Extracted | Problem)
    if isinstance(result, Problem):
        assert result.path == "content/any.html"


_TOKENS = [
    "<html>",
    "<head>",
    "<body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div class='embed'>",
    "<figure>",
    "</figure>",
    "<blockquote class='twitter-tweet'>",
    "</blockquote>",
    "<h1>",
    "<ul><li>",
    "<br>",
    "<script type='application/ld+json'>{\"@type\": [",
    "</script>",
    "<meta property='og:title' content='",
    "<time datetime='2025-02-0",
    "<link rel=canonical href='//x",
    "'>",
    "&mdash;",
    "&#0;",
    "<!--",
    "Rubio told reporters on Monday that El Salvador agreed to the deal. ",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=20)), max_size=60))
def test_any_tag_soup_gives_a_result_or_a_problem(tokens):
    result = extract_html("".join(tokens), "content/soup.html")
    assert isinstance(result, Extracted | Problem)
    if isinstance(result, Extracted):
        fields = ("headline", "published", "url", "site_name", "byline")
        assert [f for f, _ in result.evidence] == [f for f in fields if getattr(result, f)]


PROSE = "<p>" + "El Salvador has agreed to house violent U.S. criminals. " * 6 + "</p>"


def test_only_the_articles_own_json_ld_object_gives_its_address():
    graph = """{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "url": "https://site.example/", "name": "Site"},
      {"@type": "Organization", "url": "https://site.example/about", "name": "Site Media"},
      {"@type": "WebPage", "url": "https://site.example/world/deal"}]}"""
    html = (
        f'<html><head><script type="application/ld+json">{graph}</script></head>'
        f"<body><article>{PROSE}</article></body></html>"
    )
    article = extract_html(html, "content/x.html")
    assert article.url == "https://site.example/world/deal"
    assert dict(article.evidence)["url"] == 'JSON-LD WebPage "url"'


def test_a_publisher_given_as_an_address_is_not_a_site_name():
    html = (
        '<html><head><meta property="article:publisher" content="https://www.facebook.com/x">'
        f"</head><body><article>{PROSE}</article></body></html>"
    )
    article = extract_html(html, "content/x.html")
    assert article.site_name is None
    assert "site_name" not in dict(article.evidence)


def test_a_wrapper_with_more_than_the_quote_is_left_whole():
    quote = "<blockquote><p>We are willing to take in only convicted criminals.</p></blockquote>"
    html = (
        '<html><body><div class="embed-friendly-story">'
        f"{PROSE}{quote}<p>Rights groups condemned the move, with critics warning.</p>"
        "</div></body></html>"
    )
    article = extract_html(html, "content/x.html")
    lines = article.text.splitlines()
    assert "We are willing to take in only convicted criminals." in lines
    assert "Rights groups condemned the move, with critics warning." in lines
    assert lines[0].startswith("El Salvador has agreed")
