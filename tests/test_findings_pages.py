from dataclasses import replace

from coverage.findings import QuoteGroup
from coverage.findings_pages import QuoteView, by_speaker


def view(speaker, quote_id):
    group = QuoteGroup(id=quote_id, speaker=speaker, reference="…", reference_from="", versions=())
    return QuoteView(group, versions=(), has_page=True)


def test_one_speaker_under_two_names_is_one_heading_with_the_fuller_name():
    views = [
        view("State Department", "a"),
        view("Marco Rubio", "b"),
        view("U.S. State Department", "c"),
        view(None, "d"),
        view("Rubio", "e"),
        view("State Department", "f"),
    ]
    found = [(name, [v.group.id for v in grouped]) for name, grouped in by_speaker(views)]
    assert found == [
        ("U.S. State Department", ["a", "c", "f"]),
        ("Marco Rubio", ["b", "e"]),
        ("", ["d"]),
    ]


def test_a_quote_pages_inputs_cover_its_group_and_its_versions_articles_and_links(seed_corpus):
    from coverage.analysis.detect import detect
    from coverage.analysis.drift import group_quotes
    from coverage.analysis.quotes import extract
    from coverage.findings_pages import page_inputs, quote_views

    articles = seed_corpus.articles
    found = [q for a in articles for q in extract(a)]
    groups = group_quotes(found, seed_corpus.story, detect(articles, None))
    urls = {a.id: f"articles/{a.id}.html" for a in articles}
    views = quote_views(groups, articles, urls)
    shown = next(v for v in views if len(v.versions) > 1)
    digests = {a.id: f"digest of {a.id}" for a in articles}
    key = page_inputs(shown, digests)
    assert key == page_inputs(shown, dict(digests))
    quoted = shown.versions[0].article.id
    moved = {a.id: f"elsewhere/{a.id}.html" for a in articles}
    changed = [
        page_inputs(shown, {**digests, quoted: "edited"}),
        page_inputs(quote_views(groups, articles, moved)[groups.index(shown.group)], digests),
        page_inputs(replace(shown, group=replace(shown.group, speaker="someone else")), digests),
    ]
    assert key not in changed and len(set(changed)) == len(changed)


def test_an_outlet_pages_fidelity_key_covers_its_counts_and_the_versions_it_lists(seed_corpus):
    from coverage.analysis.detect import detect
    from coverage.analysis.drift import group_quotes
    from coverage.analysis.quotes import extract
    from coverage.findings_pages import fidelity_key, outlet_fidelity, quote_views

    articles = seed_corpus.articles
    found = [q for a in articles for q in extract(a)]
    groups = group_quotes(found, seed_corpus.story, detect(articles, None))
    views = quote_views(groups, articles, {a.id: f"articles/{a.id}.html" for a in articles})
    each = [outlet_fidelity(o, views) for o in seed_corpus.outlets]
    listing = next(f for f in each if f.drifted)
    key = fidelity_key(listing)
    (view, version), *rest = listing.drifted
    moved = replace(version, url=version.url + "x")
    changed = [
        replace(listing, drifted=tuple(rest)),
        replace(listing, drifted=((view, moved), *rest)),
        replace(listing, counts=listing.counts[1:]),
        replace(listing, total=listing.total + 1),
    ]
    assert key == fidelity_key(replace(listing))
    assert key not in {fidelity_key(c) for c in changed}
