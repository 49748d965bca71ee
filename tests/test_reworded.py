"""Reworded reuse: chains of alike sentences in the same order in both articles."""

from __future__ import annotations

from coverage.analysis.reworded import MIN_LINKS, Link, chains
from coverage.findings import Sentence


def sentence(article: str, index: int) -> Sentence:
    return Sentence(article, index, 0, 10, f"{article} sentence {index}", index)


def link(i: int, j: int, similarity: float = 0.55) -> Link:
    return Link(sentence("a", i), sentence("b", j), similarity)


def all_open(last: int) -> list[int]:
    return list(range(last + 1))  # no sentence copied: every skip costs


def test_sentences_retold_in_order_form_a_chain():
    found = chains([link(1, 1), link(2, 3), link(3, 4), link(4, 5)], all_open(9), all_open(9))
    assert [(x.a.index, x.b.index) for x in found] == [(1, 1), (2, 3), (3, 4), (4, 5)]


def test_the_same_claims_in_another_order_are_independent_reporting():
    shuffled = [link(1, 5), link(2, 3), link(3, 1), link(4, 4), link(5, 2)]
    assert chains(shuffled, all_open(9), all_open(9)) == ()


def test_too_few_links_or_too_far_apart_make_no_chain():
    assert chains([link(1, 1), link(2, 2)], all_open(9), all_open(9)) == ()
    assert MIN_LINKS == 3
    spread = [link(1, 1), link(6, 6), link(11, 11), link(16, 16)]
    assert chains(spread, all_open(20), all_open(20)) == ()


def test_copied_sentences_between_links_cost_nothing_to_skip():
    spread = [link(1, 1), link(5, 5), link(9, 9), link(13, 13)]
    assert chains(spread, all_open(20), all_open(20)) == ()
    # Sentences 2-4, 6-8 and 10-12 are copied word for word: the chain runs through them.
    copied = {2, 3, 4, 6, 7, 8, 10, 11, 12}
    open_before = [0]
    for n in range(1, 21):
        open_before.append(open_before[-1] + (n not in copied))
    assert len(chains(spread, open_before, open_before)) == 4


def test_a_sentence_repeated_a_hundred_times_keeps_only_its_closest_partners():
    # One sentence of A against a hundred identical sentences of B: the chain stays small.
    repeated = [link(i, j, 0.6) for i in (1, 2, 3) for j in range(1, 301)]
    found = chains(repeated, all_open(3), all_open(300))
    assert len(found) == 3
