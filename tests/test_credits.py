"""Stated sources against measured reuse: which credits the shared text bears out."""

from __future__ import annotations

from dataclasses import replace

from test_shingles import article

from coverage.analysis.credits import from_source, sourcing
from coverage.findings import ReusePair
from coverage.model import Citation, Field


def by_prefix(found, corpus):
    name = {a.id: a.source.name[:3] for a in corpus.articles}
    return {name[s.article]: s for s in found}, name


def test_on_the_seeds_the_hub_reuses_without_credit_and_agencies_is_unborne(seeds):
    corpus, pairs = seeds
    checked, name = by_prefix(sourcing(corpus.articles, pairs), corpus)
    assert sorted(name[u.other] for u in checked["003"].uncredited) == ["000", "002"]
    assert all("CNN" in u.other_credits for u in checked["003"].uncredited)
    (cnn, agencies) = checked["002"].credits
    assert (cnn.phrase, sorted(name[t] for t in cnn.through)) == (
        "told CNN over email",
        ["000", "001"],
    )
    assert (agencies.source, agencies.through) == ("Agencies", ())
    assert [c.phrase for c in checked["000"].credits] == ["citing CNN"]
    assert checked["000"].credits[0].through
    for prefix in ("000", "001", "002", "004"):
        assert checked[prefix].uncredited == (), prefix


def credited(text: str, name: str, outlet: str, *sources: str):
    made = article(text, name)
    return replace(
        made,
        outlet=Field(outlet, "editor", "sidecar"),
        citations=tuple(Citation(s, f"citing {s}", 1) for s in sources),
    )


def copy_of(a, b, earlier=None) -> ReusePair:
    return ReusePair(a.id, b.id, "copy", 0.5, 0.5, 0.0, 0.0, (), earlier)


def test_credits_naming_different_sources_for_one_text_flag_both():
    x = credited("x", "x.txt", "Paper X", "Reuters")
    y = credited("y", "y.txt", "Paper Y", "AP")
    found = sourcing([x, y], [copy_of(x, y)])
    assert [len(s.uncredited) for s in found] == [1, 1]
    assert [c.through for s in found for c in s.credits] == [(), ()]


def test_one_that_credits_a_source_is_not_flagged_for_sharing_with_one_that_credits_none():
    x = credited("x", "x.txt", "Paper X", "Reuters")
    y = credited("y", "y.txt", "Paper Y")
    found = sourcing([x, y], [copy_of(x, y)])
    assert [len(s.uncredited) for s in found] == [0, 1]


def test_the_earlier_article_and_one_crediting_the_others_outlet_are_not_flagged():
    wire = credited("w", "w.txt", "Reuters")
    paper = credited("p", "p.txt", "Paper P", "Reuters")
    found = sourcing([wire, paper], [copy_of(wire, paper, earlier="a")])
    assert [len(s.uncredited) for s in found] == [0, 0]
    assert [a for c in found[1].credits for a in c.through] == [wire.id]
    assert from_source(wire, "reuters") and not from_source(paper, "Reuters")
