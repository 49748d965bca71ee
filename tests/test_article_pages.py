"""An article page's view: the values it prints about the rest of the archive, and its key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import CONTENT, article_named, ferry_folder

from coverage import article_pages, findings_pages, pages, reuse_pages
from coverage.analyse import analyse
from coverage.corpus import build_corpus
from coverage.findings import ReusePair
from coverage.model import Field
from coverage.options import Options
from coverage.sources import read_folder


def site_views(folder):
    """Every article's page view, as the glue makes them, keyed by article id."""
    corpus = build_corpus(folder, Options())
    findings = analyse(folder, corpus, Options())
    articles = corpus.articles
    urls = {a.id: f"articles/{a.slug}.html" for a in articles}
    claim_views = pages.claim_views(findings.claims, articles, corpus.outlets, urls)
    claims_of = pages.by_article(claim_views, findings.claims, articles, urls)
    quotes_of = findings_pages.quotes_of(
        findings_pages.quote_views(findings.quotes, articles, urls)
    )
    shares = reuse_pages.shares_of(reuse_pages.pair_views(findings.reuse, articles, urls))
    sourcing = reuse_pages.sourcing_of(findings.reuse, articles)
    found = {
        a.id: article_pages.article_page(
            a.id,
            f"jsonld of {a.id}",
            claims_of[a.id],
            quotes_of.get(a.id, ()),
            shares.get(a.id, ()),
            sourcing.get(a.id),
        )
        for a in articles
    }
    return corpus, claim_views, found


@pytest.fixture(scope="module")
def seeded():
    return site_views(replace(read_folder(CONTENT), claims=None, notes=None))


def test_the_claims_an_article_carries_are_listed_in_reading_order_with_their_reach(seeded):
    _, claim_views, found = seeded
    by_id = {v.claim.id: v for v in claim_views}
    lines = [line for page in found.values() for line in page.claims]
    assert lines, "the seeds share claims"
    for page in found.values():
        indexes = [line.sentence.index for line in page.claims]
        assert indexes == sorted(indexes)
    for line in lines:
        view = by_id[line.id]
        assert line.title == view.claim.title
        assert line.carried_by == len(view.carried_by) <= line.covering == len(view.covering)
        assert line.sentence in [a.sentence for a in view.claim.appearances]


def test_a_share_names_the_other_article_by_outlet_or_else_by_file_and_says_which_came_first(
    seed_corpus,
):
    first, second = seed_corpus.articles[:2]
    unknown = replace(second, outlet=Field(None, "unknown"))
    pair = ReusePair(first.id, second.id, "copy", 0.5, 0.25, 0.1, 0.0, (), "a")
    view = reuse_pages.PairView(pair, first, unknown, "", "")
    shares = reuse_pages.shares_of([view])
    seen_from_first = article_pages._share_line(first.id, shares[first.id][0])
    seen_from_second = article_pages._share_line(second.id, shares[second.id][0])
    assert (seen_from_first.other, seen_from_first.order) == (unknown.source.name, "came later")
    assert (seen_from_second.other, seen_from_second.order) == (first.outlet.value, "came first")
    assert seen_from_first.total == pytest.approx(0.6)
    undated = article_pages._share_line(first.id, replace(shares[first.id][0], view=replace(
        view, pair=replace(pair, earlier=None))))  # fmt: skip
    assert undated.order is None


def test_an_article_on_another_story_by_a_known_outlet_leaves_every_seed_page_as_it_was(
    seeded, seed_corpus
):
    """The claim views change (an outlet gains an article); what a seed page prints does not."""
    _, claim_views, before = seeded
    outlets = tuple(o.name for o in seed_corpus.outlets[:2])
    corpus, grown_views, after = site_views(ferry_folder(outlets))
    assert len(corpus.outlets) == len(seed_corpus.outlets)
    assert repr(grown_views[0]) != repr(claim_views[0])
    for article in seed_corpus.articles:
        assert after[article.id] == before[article.id]


def test_an_article_by_a_new_outlet_changes_the_reach_each_seed_page_prints(seeded):
    """Two new outlets on another story: each claim is now carried "on this story"."""
    _, _, before = seeded
    _, _, after = site_views(ferry_folder())
    changed = [i for i in before if after[i] != before[i]]
    assert changed and all(line.off_story for i in changed for line in after[i].claims)


def test_the_key_changes_with_each_thing_the_page_is_made_of(seeded, seed_corpus):
    _, _, found = seeded
    article = article_named(seed_corpus, "000")
    page = found[article.id]
    key = article_pages.page_inputs(page, "article digest", "Title", "<p>text</p>")
    assert key == article_pages.page_inputs(page, "article digest", "Title", "<p>text</p>")
    retitled = replace(page, claims=(replace(page.claims[0], title="Another title"),))
    for changed in (
        article_pages.page_inputs(retitled, "article digest", "Title", "<p>text</p>"),
        article_pages.page_inputs(page, "another digest", "Title", "<p>text</p>"),
        article_pages.page_inputs(page, "article digest", "Title", "<p>text.</p>"),
        article_pages.page_inputs(page, "article digest", "Title<p>", "text</p>"),
    ):
        assert changed != key
