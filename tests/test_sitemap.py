import xml.etree.ElementTree as ET
from datetime import date

from coverage import sitemap as sitemaps

S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DOMAIN = "https://example.org/archive"


def sitemap(pages, domain):
    return "".join(sitemaps.sitemap(pages, domain))


def rows(xml):
    root = ET.fromstring(xml)
    assert root.tag == f"{S}urlset"
    return [(u.findtext(f"{S}loc"), u.findtext(f"{S}lastmod")) for u in root.findall(f"{S}url")]


def test_urls_are_absolute_sorted_and_dated_only_where_a_date_is_given():
    pages = [
        ("outlets/news-az.html", None),
        ("articles/b.html", date(2025, 2, 4)),
        ("index.html", None),
        ("articles/a.html", date(2025, 2, 3)),
    ]
    assert rows(sitemap(pages, DOMAIN)) == [
        (f"{DOMAIN}/articles/a.html", "2025-02-03"),
        (f"{DOMAIN}/articles/b.html", "2025-02-04"),
        (f"{DOMAIN}/index.html", None),
        (f"{DOMAIN}/outlets/news-az.html", None),
    ]
    assert "<lastmod>" not in sitemap([("index.html", None)], DOMAIN)


def test_a_page_listed_twice_appears_once_with_its_newest_date():
    pages = [
        ("a.html", date(2025, 2, 3)),
        ("b.html", None),
        ("a.html", date(2025, 2, 5)),
        ("a.html", None),
        ("b.html", None),
    ]
    assert rows(sitemap(pages, DOMAIN)) == [
        (f"{DOMAIN}/a.html", "2025-02-05"),
        (f"{DOMAIN}/b.html", None),
    ]


def test_the_output_does_not_depend_on_the_input_order():
    pages = [(f"p{n}.html", date(2025, 2, n) if n % 2 else None) for n in range(1, 20)]
    pages += [("p3.html", date(2025, 3, 1))]
    assert sitemap(pages, DOMAIN) == sitemap(list(reversed(pages)), DOMAIN)


def test_urls_are_escaped_and_read_back_whole():
    xml = sitemap([("search.html?q=a&b=<c>", None), ("é clair.html", None)], DOMAIN)
    assert "&b=<c>" not in xml and "&amp;b=" in xml
    assert rows(xml) == [
        (f"{DOMAIN}/%C3%A9%20clair.html", None),
        (f"{DOMAIN}/search.html?q=a&b=%3Cc%3E", None),
    ]


def test_a_trailing_slash_on_the_domain_gives_no_double_slash():
    assert rows(sitemap([("/index.html", None)], f"{DOMAIN}/")) == [(f"{DOMAIN}/index.html", None)]


def test_no_pages_give_an_empty_but_valid_urlset():
    assert rows(sitemap([], DOMAIN)) == []


def test_the_sitemap_is_made_a_url_at_a_time():
    # At 10,000 articles it lists 287,000 pages: no build should hold its text whole.
    pages = ((f"p{n}.html", date(2025, 2, 1 + n % 9)) for n in range(50))
    pieces = list(sitemaps.sitemap(pages, DOMAIN))
    assert len(pieces) == 50 + 3
    assert all(p.count("<loc>") == 1 for p in pieces[2:-1])
    assert len(rows("".join(pieces))) == 50
