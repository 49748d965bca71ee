"""A claim page's view: what it prints of the claim's outlets and passages, and its key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import CONTENT, ferry_folder

from coverage import claim_pages, pages
from coverage.analyse import analyse
from coverage.cache_keys import digest
from coverage.corpus import build_corpus
from coverage.findings import AnchoredNote, Note
from coverage.model import Field
from coverage.options import Options
from coverage.sources import read_folder


def claim_views(folder):
    corpus = build_corpus(folder, Options())
    findings = analyse(folder, corpus, Options())
    urls = {a.id: f"articles/{a.slug}.html" for a in corpus.articles}
    return corpus, pages.claim_views(findings.claims, corpus.articles, corpus.outlets, urls)


@pytest.fixture(scope="module")
def seeded():
    return claim_views(replace(read_folder(CONTENT), claims=None, notes=None))


def test_a_claim_page_has_every_outlet_in_order_with_its_passages_or_its_omission(seeded):
    corpus, views = seeded
    assert views, "the seeds share claims"
    for view in views:
        page = claim_pages.claim_page(view, "jsonld")
        assert [o.slug for o in page.outlets] == [o.slug for o in corpus.outlets]
        cited = [p.sentence for o in page.outlets for p in o.passages]
        assert sorted(cited, key=repr) == sorted(
            (a.sentence for a in view.claim.appearances), key=repr
        )
        assert page.carried_by == tuple(o.name for o in page.outlets if o.passages)
        assert page.covering == sum(o.covers for o in page.outlets)
        assert page.omitted == any(o.covers and not o.passages for o in page.outlets)
        assert page.first.sentence == view.claim.appearances[0].sentence


def test_a_passage_names_its_article_by_headline_or_else_by_file(seeded):
    _, views = seeded
    passage = views[0].first
    named = claim_pages._cited(passage)
    assert named.headline == passage.article.headline.value
    untitled = replace(passage, article=replace(passage.article, headline=Field(None, "unknown")))
    assert claim_pages._cited(untitled).headline == passage.article.source.name


def test_an_article_on_another_story_by_a_known_outlet_leaves_every_claim_page_as_it_was(
    seeded, seed_corpus
):
    """The claim views change (an outlet gains an article); what a claim page prints does not."""
    _, before = seeded
    outlets = tuple(o.name for o in seed_corpus.outlets[:2])
    _, after = claim_views(ferry_folder(outlets))
    grown = {v.claim.id: v for v in after}
    assert len(grown) == len(before) + 1  # the ferry articles' own claim
    assert repr(grown[before[0].claim.id]) != repr(before[0])
    for old in before:
        assert claim_pages.claim_page(grown[old.claim.id], "") == claim_pages.claim_page(old, "")
        # Nor does its key: the claim and its story's articles are as they were.
        story = claim_pages.story_of(old)
        assert claim_pages.story_of(grown[old.claim.id]) == story
        assert claim_pages.page_inputs(grown[old.claim.id], "", "") == (
            claim_pages.page_inputs(old, "", "")
        )


def test_the_key_covers_the_claim_the_outlets_and_the_articles_on_its_story(seeded):
    corpus, views = seeded
    view = views[0]
    story = claim_pages.story_of(view)
    assert set(story) == {a.sentence.article for a in view.claim.appearances} | set(
        view.claim.omitted_by
    )
    ids = [a.id for a in corpus.articles]
    digests = {a: f"digest of {a}" for a in ids}
    urls = {a: f"articles/{a}.html" for a in ids}

    def key(view=view, outlets="outlets", digests=digests, urls=urls, notes=None):
        told = claim_pages.story_key(story, digests, urls, notes or {})
        return claim_pages.page_inputs(view, outlets, told)

    base = key()
    assert base == key(digests=dict(digests), urls=dict(urls))
    on = story[-1]
    changed = [
        key(view=replace(view, claim=replace(view.claim, title="Another title"))),
        key(outlets="outlets renamed"),
        key(digests={**digests, on: "edited"}),
        key(urls={**urls, on: "articles/moved.html"}),
        key(notes={on: "a note on it"}),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def test_page_keys_digest_each_story_once_with_the_notes_on_its_articles(seeded):
    corpus, views = seeded
    ids = [a.id for a in corpus.articles]
    digests = {a: f"digest of {a}" for a in ids}
    urls = {a: f"articles/{a}.html" for a in ids}
    listed = digest(repr([(o.slug, o.name) for o in corpus.outlets]))
    keys = claim_pages.page_keys(views, listed, digests, urls, ())
    assert set(keys) == {v.claim.id for v in views}
    for view in views:
        story = claim_pages.story_key(claim_pages.story_of(view), digests, urls, {})
        assert keys[view.claim.id] == claim_pages.page_inputs(view, listed, story)
    # A note on an article of a claim's story is part of the claim page's JSON-LD.
    on = claim_pages.story_of(views[0])[0]
    note = AnchoredNote(Note("n1", on, None, "Checked.", 1, "correct"), on, 1, 0, 5)
    noted = claim_pages.page_keys(views, listed, digests, urls, (note,))
    assert noted[views[0].claim.id] != keys[views[0].claim.id]
