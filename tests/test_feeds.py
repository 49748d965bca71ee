import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import pytest
from conftest import CONTENT

from coverage.analyse import build_claims
from coverage.feeds import archive_feed, atom, claim_feed, outlet_feed
from coverage.model import Block, Field, Outlet
from coverage.options import Options
from coverage.sources import read_folder

A = "{http://www.w3.org/2005/Atom}"
DOMAIN = "https://example.org/archive"


def dated(articles):
    return {a.id: a.published.value or a.retrieved.value or date(2025, 2, 1) for a in articles}


def urls(articles):
    return {a.id: f"articles/{a.slug}.html" for a in articles}


def whole(articles, days=None):
    return archive_feed(
        articles, days or dated(articles), urls(articles), DOMAIN, "Coverage", "feeds/all.atom.xml"
    )


def parsed(feed):
    return ET.fromstring(atom(feed))


def entries(root):
    return root.findall(f"{A}entry")


def links(root):
    return [link.get("href") for link in root.iter(f"{A}link")]


def entry_ids(root):
    return [e.findtext(f"{A}id") for e in entries(root)]


def for_claim(claim, articles):
    return claim_feed(
        claim,
        {a.id: a for a in articles},
        dated(articles),
        urls(articles),
        DOMAIN,
        f"feeds/claims/{claim.id}.atom.xml",
        f"claims/{claim.id}.html",
    )


@pytest.fixture(scope="module")
def claims(seed_corpus):
    return build_claims(read_folder(CONTENT), seed_corpus, Options()).claims


def test_the_archive_feed_lists_every_article_newest_first(seed_corpus):
    articles = seed_corpus.articles
    root = parsed(whole(articles))
    days = dated(articles)
    expected = sorted(articles, key=lambda a: (-days[a.id].toordinal(), a.id))
    found = [e.find(f"{A}link").get("href") for e in entries(root)]
    assert found == [f"{DOMAIN}/articles/{a.slug}.html" for a in expected]
    stamps = [e.findtext(f"{A}updated") for e in entries(root)]
    assert stamps == [f"{days[a.id].isoformat()}T00:00:00Z" for a in expected]
    # The seeds hold three articles of 3 February: the id decides between them.
    assert len({days[a.id] for a in articles}) < len(articles)
    assert root.findtext(f"{A}updated") == f"{max(days.values()).isoformat()}T00:00:00Z"


def test_an_entry_shows_headline_outlet_and_the_start_of_the_first_paragraph(seed_corpus):
    article = next(a for a in seed_corpus.articles if a.id.startswith("000"))
    entry = next(
        e for e in entries(parsed(whole(seed_corpus.articles))) if article.slug in links(e)[0]
    )
    assert entry.findtext(f"{A}title") == article.headline.value
    assert entry.findtext(f"{A}author/{A}name") == article.outlet.value
    first = " ".join(next(b.text for b in article.blocks if b.kind == "paragraph").split())
    summary = entry.find(f"{A}summary")
    assert summary.get("type") == "text"
    assert first.startswith(summary.text.removesuffix("…"))


def test_a_long_first_paragraph_is_cut_at_a_word_boundary(seed_corpus):
    article = seed_corpus.articles[0]
    words = " ".join(f"word{n}" for n in range(200))
    heading = Block("heading", "A heading is not what the article is about", (1,))
    long = replace(article, blocks=(heading, Block("paragraph", words, (2,)), *article.blocks))
    summary = entries(parsed(whole([long])))[0].findtext(f"{A}summary")
    assert summary.endswith("…") and 250 <= len(summary) <= 301
    kept = summary.removesuffix("…")
    assert words.startswith(kept) and words[len(kept)] == " "


def test_an_article_without_a_headline_is_titled_by_its_file_name(seed_corpus):
    article = replace(seed_corpus.articles[0], headline=Field(None, "unknown"))
    title = entries(parsed(whole([article])))[0].findtext(f"{A}title")
    assert title == article.source.name


def test_every_link_is_absolute_under_the_domain(seed_corpus, claims):
    articles = seed_corpus.articles
    outlet = seed_corpus.outlets[0]
    feeds = [
        whole(articles),
        outlet_feed(outlet, dated(articles), urls(articles), DOMAIN, "feeds/o.atom.xml", "o.html"),
        for_claim(claims[0], articles),
    ]
    for feed in feeds:
        root = parsed(feed)
        found = links(root)
        assert len(found) == 2 + len(entries(root))
        assert all(href.startswith(f"{DOMAIN}/") for href in found), found
    self_link = next(
        link for link in parsed(feeds[2]).iter(f"{A}link") if link.get("rel") == "self"
    )
    assert self_link.get("href") == f"{DOMAIN}/feeds/claims/{claims[0].id}.atom.xml"


def test_an_outlet_feed_holds_exactly_that_outlet_s_articles(seed_corpus):
    articles = seed_corpus.articles
    for outlet in seed_corpus.outlets:
        feed = outlet_feed(
            outlet, dated(articles), urls(articles), DOMAIN, "feeds/o.atom.xml", "o.html"
        )
        root = parsed(feed)
        assert root.findtext(f"{A}title") == outlet.name
        assert {e.findtext(f"{A}author/{A}name") for e in entries(root)} == {outlet.name}
        assert {links(e)[0] for e in entries(root)} == {
            f"{DOMAIN}/articles/{a.slug}.html" for a in outlet.articles
        }
        # An outlet's entry is the archive's entry for the same article, not a second item.
        assert set(entry_ids(root)) <= set(entry_ids(parsed(whole(articles))))


def test_an_outlet_with_two_articles_lists_them_newest_first(seed_corpus):
    first, other = seed_corpus.articles[:2]
    later = replace(other, id="zzz-later", slug="later", outlet=first.outlet)
    outlet = Outlet(first.outlet.value, first.outlet_slug, (first, later))
    days = {first.id: date(2025, 2, 3), later.id: date(2025, 2, 10)}
    root = parsed(outlet_feed(outlet, days, urls([first, later]), DOMAIN, "f.xml", "o.html"))
    assert [links(e)[0] for e in entries(root)] == [
        f"{DOMAIN}/articles/later.html",
        f"{DOMAIN}/articles/{first.slug}.html",
    ]


def test_a_claim_feed_has_one_entry_per_carrying_article_at_its_first_sentence(seed_corpus, claims):
    articles = seed_corpus.articles
    by_id = {a.id: a for a in articles}
    # The seeds have claims an article carries in more than one sentence.
    assert any(len(c.appearances) > len(c.articles) for c in claims)
    for claim in claims:
        root = parsed(for_claim(claim, articles))
        first = {}
        for appearance in claim.appearances:
            s = appearance.sentence
            if s.article not in first or (s.block, s.start) < first[s.article][:2]:
                first[s.article] = (s.block, s.start, s.text)
        assert len(entries(root)) == len(claim.articles) == len(first)
        expected = {
            f"{DOMAIN}/articles/{by_id[i].slug}.html#p{block}": (by_id[i], text)
            for i, (block, _, text) in first.items()
        }
        assert {links(e)[0] for e in entries(root)} == set(expected)
        for entry in entries(root):
            article, text = expected[links(entry)[0]]
            assert entry.findtext(f"{A}title") == f"{article.outlet.value} reports: {claim.title}"
            assert entry.findtext(f"{A}summary") == " ".join(text.split())
        stamps = [e.findtext(f"{A}updated") for e in entries(root)]
        assert stamps == sorted(stamps, reverse=True)


def test_claim_entries_are_distinct_items_from_the_archive_s(seed_corpus, claims):
    articles = seed_corpus.articles
    archive = set(entry_ids(parsed(whole(articles))))
    seen = set()
    for claim in claims:
        ids = entry_ids(parsed(for_claim(claim, articles)))
        assert len(set(ids)) == len(ids)
        assert not archive & set(ids)
        # The same article under two claims is two items too.
        assert not seen & set(ids)
        seen |= set(ids)


def test_ids_are_unique_and_tag_uris_of_the_domain(seed_corpus):
    ids = entry_ids(parsed(whole(seed_corpus.articles)))
    assert len(set(ids)) == len(ids) == len(seed_corpus.articles)
    assert all(i.startswith("tag:example.org,2025-02-0") and ":/archive/" in i for i in ids)


def test_ids_stay_when_an_article_is_added(seed_corpus):
    articles = seed_corpus.articles
    before = set(entry_ids(parsed(whole(articles[:-1]))))
    after = set(entry_ids(parsed(whole(articles))))
    assert len(before) == len(articles) - 1 and before < after


def test_two_builds_give_byte_identical_xml_whatever_the_input_order(seed_corpus, claims):
    articles = seed_corpus.articles
    shuffled = tuple(reversed(articles))
    days = dated(articles)
    assert atom(whole(articles)) == atom(whole(articles))
    assert atom(whole(articles)) == atom(whole(shuffled, dict(reversed(days.items()))))
    assert atom(for_claim(claims[0], articles)) == atom(for_claim(claims[0], shuffled))


def test_an_empty_feed_has_a_fixed_date_not_the_build_time():
    feed = archive_feed([], {}, {}, DOMAIN, "Coverage", "feeds/all.atom.xml")
    root = parsed(feed)
    assert entries(root) == []
    assert root.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"


def test_hostile_text_is_escaped_and_reads_back_as_the_same_text(seed_corpus, claims):
    article = next(a for a in seed_corpus.articles if a.id in claims[0].articles)
    headline = '<script>alert("x")</script> & <b>bold</b> &amp;'
    outlet = "Smith & Sons <i>Daily</i>"
    paragraph = "Tom & Jerry said <img src=x onerror=alert(1)> \x01]]> done"
    hostile = replace(
        article,
        headline=Field(headline, "stated"),
        outlet=Field(outlet, "editor"),
        blocks=(Block("paragraph", paragraph, (1,)), *article.blocks),
    )
    articles = [hostile if a.id == article.id else a for a in seed_corpus.articles]
    claim = replace(claims[0], title="Fees & <em>jails</em>")
    for xml in (atom(whole(articles)), atom(for_claim(claim, articles))):
        assert "<script>" not in xml and "<img" not in xml and "<em>" not in xml
    root = parsed(whole(articles))
    entry = next(e for e in entries(root) if e.findtext(f"{A}title") == headline)
    assert entry.findtext(f"{A}author/{A}name") == outlet
    # A control character cannot be written in XML 1.0 at all; it is dropped, the rest kept.
    assert entry.findtext(f"{A}summary") == paragraph.replace("\x01", "")
    claimed = parsed(for_claim(claim, articles))
    assert claimed.findtext(f"{A}title") == "Fees & <em>jails</em>"
    assert f"{outlet} reports: Fees & <em>jails</em>" in [
        e.findtext(f"{A}title") for e in entries(claimed)
    ]
