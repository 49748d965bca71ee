"""Feeds and the sitemap in real builds: absolute URLs under SITEURL that lead to pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import PUBLISHED_AT, copy_content, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CECOT = "bukele-on-x-cecot-for-a-fee"


def feed(build, path: str) -> ET.Element:
    return ET.parse(build.output / path).getroot()


def links(root: ET.Element) -> list[str]:
    return [link.get("href") for link in root.iter(f"{ATOM}link")]


def page_of(build, url: str):
    """The built file an absolute URL of the published site points at."""
    assert url.startswith(PUBLISHED_AT + "/"), url
    path = url[len(PUBLISHED_AT) + 1 :].split("#")[0]
    return build.output / (path or "index.html")  # the site's root is its home page


def test_every_feed_link_is_absolute_under_siteurl_and_leads_to_a_page(publish_build):
    feeds = sorted((publish_build.output / "feeds").rglob("*.atom.xml"))
    claims = list((publish_build.output / "claims").glob("*.html"))
    outlets = list((publish_build.output / "outlets").glob("*.html"))
    assert len(feeds) == 1 + len(outlets) + len(claims)
    for path in feeds:
        root = ET.parse(path).getroot()
        for url in links(root):
            assert page_of(publish_build, url).is_file(), (path.name, url)
        self_link = next(x.get("href") for x in root.iter(f"{ATOM}link") if x.get("rel") == "self")
        assert page_of(publish_build, self_link) == path


def test_pages_link_their_feeds_for_readers_and_feed_readers(publish_build):
    claim = publish_build.page(f"claims/{CECOT}.html")
    alternate = claim.find("link", rel="alternate", href=f"../feeds/claims/{CECOT}.atom.xml")
    assert alternate is not None and alternate["type"] == "application/atom+xml"
    assert claim.find("a", string="Follow this claim")["href"] == alternate["href"]
    outlet = publish_build.page("outlets/news-az.html")
    assert outlet.find("a", string="Follow this outlet")["href"] == (
        "../feeds/outlets/news-az.atom.xml"
    )
    home = publish_build.page("index.html")
    assert home.find("link", rel="alternate")["href"] == "./feeds/all.atom.xml"


def test_a_claim_feed_gains_an_entry_when_another_outlet_reports_it(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    before = run_build(content, output)
    assert before.returncode == 0, before.log
    entries = feed(before, f"feeds/claims/{CECOT}.atom.xml").findall(f"{ATOM}entry")
    (content / "005_wire.txt").write_text(
        "Bukele wrote on X: “We are willing to take in only convicted criminals (including"
        " convicted U.S. citizens) into our mega-prison (CECOT) in exchange for a fee.”\n",
        encoding="utf-8",
    )
    (content / "005_wire.yaml").write_text(
        "outlet: Example Wire\nheadline: Bukele offers CECOT for a fee\n"
        "published: 2025-02-06\nstatus: confirmed\n",
        encoding="utf-8",
    )
    after = run_build(content, output)
    assert after.returncode == 0, after.log
    root = feed(after, f"feeds/claims/{CECOT}.atom.xml")
    newest, *rest = root.findall(f"{ATOM}entry")
    assert newest.find(f"{ATOM}author/{ATOM}name").text == "Example Wire"
    assert newest.find(f"{ATOM}updated").text == "2025-02-06T00:00:00Z"
    assert root.find(f"{ATOM}updated").text == "2025-02-06T00:00:00Z"
    # The entries a reader has already seen keep their ids.
    assert [e.find(f"{ATOM}id").text for e in rest] == [e.find(f"{ATOM}id").text for e in entries]
    wire = feed(after, "feeds/outlets/example-wire.atom.xml").findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in wire] == ["Bukele offers CECOT for a fee"]


def test_the_sitemap_lists_every_page_once_with_absolute_urls(publish_build):
    root = ET.parse(publish_build.output / "sitemap.xml").getroot()
    locations = [u.find(f"{SITEMAP}loc").text for u in root.findall(f"{SITEMAP}url")]
    assert len(locations) == len(set(locations))
    files = {page_of(publish_build, url) for url in locations}
    pages = set(publish_build.output.rglob("*.html"))
    assert files == pages
    dated = {
        u.find(f"{SITEMAP}loc").text: u.find(f"{SITEMAP}lastmod").text
        for u in root.findall(f"{SITEMAP}url")
        if u.find(f"{SITEMAP}lastmod") is not None
    }
    assert dated[f"{PUBLISHED_AT}/claims/{CECOT}.html"] == "2025-02-05"
