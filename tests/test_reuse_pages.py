"""The reuse views: texts cut at span edges, what each article shares, matrix and graph."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

from conftest import article_named

from coverage import lineage, reuse_pages
from coverage.analysis.claims import publication_order
from coverage.cache_keys import of_value
from coverage.findings import Reuse, SharedSpan, SpanSide


def views(seeds):
    corpus, pairs = seeds
    urls = {a.id: f"articles/{a.slug}.html" for a in corpus.articles}
    return corpus, urls, reuse_pages.pair_views(Reuse(pairs, ()), corpus.articles, urls)


def span(id_: str, kind: str, start: int, end: int) -> SharedSpan:
    side = SpanSide("x", ((1, start, end),), "")
    return SharedSpan(id_, kind, side, side, 1.0)


def test_text_is_cut_at_span_edges_and_a_verbatim_span_wins_where_two_overlap():
    text = "one two three four five six seven"
    reworded, verbatim = span("r1", "reworded", 0, 23), span("v1", "verbatim", 8, 18)
    pieces = reuse_pages._pieces(text, [(0, 23, reworded), (8, 18, verbatim)], {"r1", "v1"})
    assert [(p.text, p.span.id if p.span else None, p.first) for p in pieces] == [
        ("one two ", "r1", True),
        ("three four", "v1", True),
        (" five", "r1", False),
        (" six seven", None, False),
    ]
    assert "".join(p.text for p in pieces) == text  # not a word lost


def test_a_span_over_two_paragraphs_carries_its_id_once(seeds):
    _, _, found = views(seeds)
    for view in found:
        for column in (view.a, view.b):
            firsts = [p.span.id for para in column.paragraphs for p in para.pieces if p.first]
            assert len(firsts) == len(set(firsts))
            assert set(firsts) == {
                p.span.id for para in column.paragraphs for p in para.pieces if p.span
            }


def test_every_word_of_both_articles_is_on_a_pair_page(seeds):
    _, _, found = views(seeds)
    for view in found:
        for column in (view.a, view.b):
            shown = ["".join(p.text for p in para.pieces) for para in column.paragraphs]
            assert shown == [b.text for b in column.article.blocks]
            assert column.left_out == 0


def test_each_article_lists_what_it_shares_most_first(seeds):
    corpus, _, found = views(seeds)
    shares = reuse_pages.shares_of(found)
    hub = article_named(corpus, "003")
    assert [s.other.source.name[:3] for s in shares[hub.id]] == ["000", "002"]
    assert shares[hub.id][0].total >= shares[hub.id][1].total
    assert article_named(corpus, "004").id not in shares  # a few shared words are not reuse


def test_a_share_is_made_from_the_side_of_the_article_asked_for(seeds):
    _, _, found = views(seeds)
    shares = reuse_pages.shares_of(found)
    assert set(shares) == {a for v in found for a in (v.pair.a, v.pair.b)}
    for view in found:
        pair = view.pair
        (from_a,) = [s for s in shares[pair.a] if s.view is view]
        (from_b,) = [s for s in shares[pair.b] if s.view is view]
        assert (from_a.other, from_a.copied, from_a.reworded) == (
            view.b_article,
            pair.overlap_a,
            pair.reworded_a,
        )
        assert (from_b.other, from_b.copied, from_b.reworded) == (
            view.a_article,
            pair.overlap_b,
            pair.reworded_b,
        )
        assert (view.a.article, view.a.url, view.b.article, view.b.url) == (
            view.a_article,
            view.a_url,
            view.b_article,
            view.b_url,
        )


def test_views_and_shares_hold_no_columns_or_shares_made_ahead(seeds):
    # At 10,000 articles 263,555 pairs get a page: their columns and shares, made up front,
    # took 256 bytes a view (67 MB) from the site views to the end of the build.
    corpus, pairs = seeds
    pair = next(p for p in pairs if p.kind in reuse_pages.SHOWN_KINDS)
    articles = [replace(corpus.articles[0], id=f"a{n}") for n in range(60)]
    urls = {a.id: f"articles/{a.id}.html" for a in articles}
    outlines = tuple(
        replace(pair, a=articles[i].id, b=articles[j].id)
        for i in range(60)
        for j in range(i + 1, 60)
    )
    tracemalloc.start()
    try:
        held = tracemalloc.get_traced_memory()[0]
        found = reuse_pages.pair_views(Reuse(outlines, ()), articles, urls)
        shares = reuse_pages.shares_of(found)
        kept = (tracemalloc.get_traced_memory()[0] - held) / len(found)
    finally:
        tracemalloc.stop()
    assert len(shares[articles[0].id]) == 59
    assert kept < 160  # with columns and shares made ahead: 354 bytes a view


def test_the_matrix_reads_across_and_leaves_the_diagonal_empty(seeds):
    corpus, urls, found = views(seeds)
    ordered = publication_order(corpus.articles)
    table = reuse_pages.matrix(reuse_pages.shares_of(found), ordered, urls)
    assert [r.article for r in table.rows] == ordered
    for n, row in enumerate(table.rows):
        assert row.cells[n].diagonal and row.cells[n].share is None
    news_az = next(r for r in table.rows if r.article.source.name.startswith("000"))
    metro = [a.source.name[:3] for a in table.articles].index("002")
    assert 0.42 <= news_az.cells[metro].share.copied <= 0.6


def test_the_graph_puts_time_down_the_page_and_arrows_only_where_dates_tell(seeds):
    corpus, urls, found = views(seeds)
    ordered = publication_order(corpus.articles)
    graph = lineage.layout(ordered, reuse_pages.shares_of(found), urls)
    assert [n.y for n in graph.nodes] == sorted(n.y for n in graph.nodes)
    assert len(graph.edges) == len(found)
    assert not any(e.directed for e in graph.edges)  # the seeds' dates are bounds
    assert all(e.label_x < graph.width for e in graph.edges)
    assert all(len(line) <= lineage.LABEL_CHARS for n in graph.nodes for line in n.lines)


def test_a_pair_pages_inputs_change_with_either_article_the_pair_or_a_url(seeds):
    corpus, urls, found = views(seeds)
    pair = found[0].pair
    digests = {a.id: of_value(a) for a in corpus.articles}

    def inputs(pair=pair, urls=urls, digests=digests):
        view = reuse_pages.pair_views(Reuse((pair,), ()), corpus.articles, urls)[0]
        return reuse_pages.page_inputs(view, digests)

    before = inputs()
    assert inputs() == before
    b_edited = replace(next(a for a in corpus.articles if a.id == pair.b), blocks=())
    other_kind = "copy" if pair.kind != "copy" else "reworded"
    assert before not in {
        inputs(digests={**digests, pair.b: of_value(b_edited)}),
        inputs(urls={**urls, pair.a: "elsewhere/a.html"}),
        inputs(pair=replace(pair, kind=other_kind)),
    }
    # Another article of the archive is not among a pair page's inputs.
    other = next(a for a in corpus.articles if a.id not in (pair.a, pair.b))
    assert inputs(digests={**digests, other.id: "changed"}) == before


def test_the_pairs_cache_key_stands_for_the_pair_when_there_is_one(seeds):
    corpus, _, found = views(seeds)
    view = found[0]
    digests = {a.id: of_value(a) for a in corpus.articles}
    keyed = reuse_pages.page_inputs(view, digests, "key of the pair")
    assert keyed == reuse_pages.page_inputs(view, digests, "key of the pair")
    assert keyed not in {
        reuse_pages.page_inputs(view, digests),
        reuse_pages.page_inputs(view, digests, "key of the pair, realigned"),
        reuse_pages.page_inputs(view, {**digests, view.pair.a: "edited"}, "key of the pair"),
    }


def test_a_pair_page_is_cut_from_the_pair_read_back_whole(seeds):
    corpus, pairs = seeds
    urls = {a.id: f"articles/{a.slug}.html" for a in corpus.articles}
    by_id = {p.id: p for p in pairs}
    outlined = Reuse(tuple(replace(p, spans=None) for p in pairs), (), recall=lambda p: by_id[p.id])
    held = reuse_pages.pair_views(Reuse(pairs, ()), corpus.articles, urls)
    for outline, whole in zip(
        reuse_pages.pair_views(outlined, corpus.articles, urls), held, strict=True
    ):
        # The index pages read the outline alone; its page reads the passages too.
        assert outline.pair.spans is None
        page = reuse_pages.whole_view(outline, outlined)
        assert page.pair == whole.pair
        assert (page.verbatim, page.reworded) == (whole.verbatim, whole.reworded)
        assert page.a.paragraphs == whole.a.paragraphs and page.b.paragraphs == whole.b.paragraphs
    # A view of a pair held whole is its own page view.
    assert reuse_pages.whole_view(held[0], Reuse(pairs, ())) is held[0]


def test_the_listing_keeps_the_pairs_sharing_most_of_each_kind(seeds):
    _, _, found = views(seeds)
    base = found[0]

    def made(name: str, kind: str, a: float, b: float) -> reuse_pages.PairView:
        pair = replace(base.pair, a=name, b="z", kind=kind, overlap_a=a, overlap_b=b)
        pair = replace(pair, reworded_a=0.0, reworded_b=0.0)
        return replace(base, pair=pair)

    pairs = [
        made("c1", "copy", 0.2, 0.3),
        made("c2", "copy", 0.9, 0.1),  # the larger share of either article counts
        made("c3", "copy", 0.5, 0.5),
        made("c4", "copy", 0.5, 0.4),  # the same as c3: the id decides
        made("r1", "reworded", 0.2, 0.2),
    ]
    listing = reuse_pages.listed(pairs, 3)
    assert [v.pair.a for v in listing["copy"].views] == ["c2", "c3", "c4"]
    assert (listing["copy"].total, listing["copy"].left_out) == (4, 1)
    assert [v.pair.a for v in listing["reworded"].views] == ["r1"]
    assert listing["reworded"].left_out == 0
    assert listing["near-duplicate"].total == 0


def test_a_column_is_cut_once_when_first_asked_and_a_replaced_one_afresh(seeds, monkeypatch):
    _, _, found = views(seeds)
    cut = []
    made = reuse_pages._paragraphs

    def counting(side, article, pair):
        cut.append(side)
        return made(side, article, pair)

    monkeypatch.setattr(reuse_pages, "_paragraphs", counting)
    column = found[0].a
    assert cut == []
    assert (column.paragraphs, column.left_out, column.paragraphs) and cut == ["a"]
    again = replace(column, url="elsewhere.html")
    assert again.cut is None and again.paragraphs == column.paragraphs and cut == ["a", "a"]
