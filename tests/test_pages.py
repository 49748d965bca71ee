from urllib.parse import unquote

from coverage.findings import Sentence
from coverage.pages import link, segments, text_fragment


def said(text, block=3):
    return Sentence(article="a", block=block, start=0, end=len(text), text=text, index=1)


def test_a_long_sentence_is_selected_by_its_first_and_last_words():
    sentence = said(
        "It will also “accept for deportation any illegal alien in the United States,” he said."
    )
    fragment = text_fragment(sentence)
    start, end = fragment.removeprefix(":~:text=").split(",")
    assert unquote(start) == "It will also “accept"
    assert unquote(end) == "United States,” he said."
    assert link(sentence, "articles/x.html").startswith("articles/x.html#p3:~:text=")


def test_the_directive_s_own_characters_are_escaped():
    fragment = text_fragment(said("MS-13, Tren & co."))
    assert fragment == ":~:text=MS%2D13%2C%20Tren%20%26%20co."


def test_segments_join_neighbouring_matches_into_one_mark():
    text = "The fee would be relatively low for the US."
    spans = [(4, 7), (17, 27), (28, 31)]
    assert segments(text, spans) == (
        ("The ", False),
        ("fee", True),
        (" would be ", False),
        ("relatively low", True),
        (" for the US.", False),
    )
    assert "".join(t for t, _ in segments(text, spans)) == text


def test_outlets_off_a_claims_story_neither_omit_nor_count_against_it(two_stories):
    from coverage.analysis.detect import detect
    from coverage.pages import by_article, claim_views, outlet_claims

    corpus = two_stories
    claims = detect(corpus.articles, corpus.story)
    urls = {a.id: f"articles/{a.id}.html" for a in corpus.articles}
    views = claim_views(claims, corpus.articles, corpus.outlets, urls)
    harbour = {o.slug for o in corpus.outlets if o.name.startswith("Harbour")}
    assert len(harbour) == 2
    ferry = next(v for v in views if "ferry terminal" in v.claim.title)
    assert {o.slug for o in ferry.covering} == harbour
    assert ferry.omitted_by == ()
    off = [c for c in ferry.cells if c.outlet.slug not in harbour]
    assert off and all(not c.covers and c.stances == () for c in off)
    seed_views = [v for v in views if v is not ferry]
    for view in seed_views:
        assert not harbour & {o.slug for o in view.covering}
        assert len(view.covering) == len(corpus.outlets) - 2
    outlet = next(o for o in corpus.outlets if o.slug in harbour)
    mine = outlet_claims(outlet, views, by_article(views, claims, corpus.articles, urls))
    [(view, cell)] = mine.carries
    assert view is ferry and mine.misses == ()
    # Each claim comes with the outlet's own cell: how it carries the claim.
    assert cell.outlet == outlet and cell.passages and cell in ferry.cells


def test_an_outlet_on_two_stories_is_counted_on_each_only_with_that_storys_articles(two_stories):
    from conftest import with_ferry_story

    from coverage.analysis.detect import detect
    from coverage.pages import claim_views

    seed_outlet = two_stories.articles[0].outlet.value
    corpus = with_ferry_story(outlets=(seed_outlet, "Harbour 1"))
    claims = detect(corpus.articles, corpus.story)
    urls = {a.id: f"articles/{a.id}.html" for a in corpus.articles}
    views = claim_views(claims, corpus.articles, corpus.outlets, urls)
    by_id = {a.id: a for a in corpus.articles}
    both = next(o for o in corpus.outlets if o.name == seed_outlet)
    assert len(both.articles) == 2
    counted = set()
    for view in views:
        story = {*view.claim.omitted_by, *(a.sentence.article for a in view.claim.appearances)}
        for cell in view.cells:
            mine = [name for name in story if by_id[name].outlet_slug == cell.outlet.slug]
            assert cell.on_story == len(mine)
            if cell.outlet == both:
                counted.add(cell.on_story)
    # On each story the outlet has one article, never the two it has in the archive.
    assert counted == {1}


def test_cells_without_passages_are_shared_where_they_say_the_same(two_stories):
    from coverage.analysis.detect import detect
    from coverage.pages import Cell, claim_views

    corpus = two_stories
    claims = detect(corpus.articles, corpus.story)
    urls = {a.id: f"articles/{a.id}.html" for a in corpus.articles}
    views = claim_views(claims, corpus.articles, corpus.outlets, urls)
    silent = [c for v in views for c in v.cells if not c.passages]
    said = {(c.outlet.slug, c.covers, c.on_story) for c in silent}
    # At 10,000 articles the claims' 538,150 cells, one per claim and outlet, took 37 MB.
    assert len({id(c) for c in silent}) == len(said) < len(silent)
    for cell in silent:
        assert cell == Cell(cell.outlet, (), cell.on_story > 0, cell.on_story)
        assert cell.stances == (("omits",) if cell.covers else ())
    assert {True, False} <= {c.covers for c in silent}


def test_an_outlet_pages_claims_key_covers_what_the_page_prints_of_them(seed_corpus):
    from dataclasses import replace

    from coverage.analysis.detect import detect
    from coverage.pages import by_article, claim_views, outlet_claims, outlet_claims_key

    corpus = seed_corpus
    claims = detect(corpus.articles, corpus.story)
    urls = {a.id: f"articles/{a.id}.html" for a in corpus.articles}
    views = claim_views(claims, corpus.articles, corpus.outlets, urls)
    per_article = by_article(views, claims, corpus.articles, urls)
    found = [outlet_claims(o, views, per_article) for o in corpus.outlets]
    keys = [outlet_claims_key(f) for f in found]
    assert keys == [outlet_claims_key(outlet_claims(o, views, per_article)) for o in corpus.outlets]
    assert len(set(keys)) == len(keys)
    mine = next(f for f in found if f.carries and f.only_here)
    (view, cell), *rest = mine.carries
    retitled = replace(view, claim=replace(view.claim, title="Another title"))
    changed = [
        replace(mine, carries=((retitled, cell), *rest)),
        replace(mine, carries=((view, replace(cell, passages=cell.passages[:0])), *rest)),
        replace(mine, only_here=mine.only_here[1:]),
        replace(mine, misses=(view,)),
    ]
    assert outlet_claims_key(mine) not in {outlet_claims_key(c) for c in changed}
