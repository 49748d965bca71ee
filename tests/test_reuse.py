"""Reuse between articles, measured on the seeds and on made-up cases."""

from __future__ import annotations

import io
import json
import sys
from array import array
from dataclasses import replace
from datetime import date

import pytest
from conftest import article_named, under_hash_seeds
from test_shingles import article

from coverage.analysis import reuse
from coverage.analysis.claims import publication_order
from coverage.analysis.detect import detect
from coverage.cache import dumps, load
from coverage.findings import Reuse, Sentence
from coverage.model import DateValue
from coverage.pipeline import Kept, Plain


def pair(seeds, first: str, second: str):
    corpus, pairs = seeds
    x, y = article_named(corpus, first).id, article_named(corpus, second).id
    return next((p for p in pairs if {p.a, p.b} == {x, y}), None)


def share(found, prefix: str) -> tuple[float, float]:
    """(word-for-word, reworded) share of the article named `prefix` in the pair."""
    if found.a.startswith(prefix):
        return found.overlap_a, found.reworded_a
    return found.overlap_b, found.reworded_b


def test_about_half_of_000s_words_recur_in_002(seeds):
    found = pair(seeds, "000", "002")
    assert 0.42 <= share(found, "000")[0] <= 0.60
    assert found.kind == "copy"


def test_about_two_fifths_of_003_recurs_in_000_and_in_002(seeds):
    for other in ("000", "002"):
        found = pair(seeds, "003", other)
        assert 0.30 <= share(found, "003")[0] <= 0.48, other
        assert found.kind == "copy"


def test_001_shares_little_verbatim_but_rewords_the_cnn_text(seeds):
    for other in ("000", "002", "003", "004"):
        found = pair(seeds, "001", other)
        assert found is None or share(found, "001")[0] <= 0.15, other
    found = pair(seeds, "001", "000")
    assert found.kind == "reworded"
    copied, reworded = share(found, "001")
    assert reworded >= 0.3 > copied
    # Sentence by sentence: the reworded sentences run in the same order in both.
    retold = [s for s in found.spans if s.kind == "reworded"]
    assert len(retold) >= 5
    a_order = [(s.a.block, s.a.start) for s in retold]
    b_order = [(s.b.block, s.b.start) for s in retold]
    assert a_order == sorted(a_order) and b_order == sorted(b_order)


def test_004_is_independent_reporting(seeds):
    for other in ("000", "001", "002", "003"):
        found = pair(seeds, "004", other)
        if found is not None:
            assert share(found, "004")[0] <= 0.08, other
            assert found.kind == "incidental", other


def test_spans_carry_the_printed_words_and_where_they_are(seeds):
    corpus, _ = seeds
    found = pair(seeds, "000", "002")
    a = next(x for x in corpus.articles if x.id == found.a)
    for span in found.spans:
        assert span.a.article == found.a and span.b.article == found.b
        block, start, end = span.a.parts[0]
        assert a.blocks[block - 1].text[start:end] == span.a.text.split("\n")[0]
    assert any(
        "most unprecedented and extraordinary migratory agreement" in s.a.text for s in found.spans
    )


def test_the_seeds_dates_do_not_say_who_came_first(seeds):
    found = pair(seeds, "000", "002")
    assert found.earlier is None
    why = reuse.direction(article_named(seeds[0], "000"), article_named(seeds[0], "002"))
    assert why.startswith("the dates do not say: ")
    assert "no earlier than 3 February 2025 (inferred)" in why
    assert "dated 5 February 2025 (stated)" in why


WIRE = (
    "El Salvador has agreed to house violent US criminals and receive deportees of any "
    "nationality, US Secretary of State Marco Rubio has announced in an unprecedented deal.\n\n"
    "Rubio unveiled the agreement after meeting with Salvadoran President Nayib Bukele, as part "
    "of a tour of several Central American countries.\n\n"
    "It is unclear whether the US government will take up the offer, with questions around the "
    "legality of such moves.\n"
)


def dated(text: str, name: str, day: date | None):
    made = article(text, name)
    if day is None:
        return made
    return replace(made, published=DateValue(day, "editor", "the editor's sidecar says so"))


def find(*articles):
    return reuse.find(articles, detect(articles, None))


def test_a_re_scrape_is_a_near_duplicate_not_reuse_between_outlets():
    again = WIRE.replace("receive", "accept") + "\nShare and Follow\n"
    (found,) = find(article(WIRE, "a.txt"), article(again, "b.txt"))
    assert found.kind == "near-duplicate"
    assert min(found.overlap_a, found.overlap_b) >= 0.9


def test_the_earlier_dated_article_is_the_likely_source():
    rewrite = "A new opening paragraph of the rewrite.\n\n" + WIRE
    later, early = (
        dated(rewrite, "later.txt", date(2025, 2, 5)),
        dated(WIRE, "early.txt", date(2025, 2, 3)),
    )
    (found,) = find(later, early)
    assert (found.a, found.earlier) == ("early", "a")
    assert reuse.direction(early, later) == (
        "early.txt is dated 3 February 2025 (editor), "
        "before later.txt is dated 5 February 2025 (editor)"
    )
    (same_day,) = find(
        dated(rewrite, "x.txt", date(2025, 2, 3)), dated(WIRE, "y.txt", date(2025, 2, 3))
    )
    assert same_day.earlier is None


def test_articles_sharing_nothing_make_no_pair():
    other = "A regional airline postponed a decision to expand its fleet before the summer.\n"
    assert find(article(WIRE, "a.txt"), article(other, "b.txt")) == ()


def test_stock_phrasing_printed_everywhere_finds_no_pairs(monkeypatch):
    monkeypatch.setattr(reuse, "COMMON", 2)
    sign_off = "\n\nThis story was produced with the help of wire agencies and our own staff.\n"
    bodies = [
        "The council voted to repair the old fish market near the harbour next month.",
        "A solar company will put panels on the national stadium before the rainy season.",
        "The teachers' union asked the government to fund twelve rural clinics this year.",
        "The fire brigade is raising money to rebuild the tram depot after the storm.",
    ]
    made = [article(b + sign_off, f"{n}.txt") for n, b in enumerate(bodies)]
    assert find(*made) == ()
    # Below the cut, the same line is reuse like any other.
    monkeypatch.setattr(reuse, "COMMON", 4)
    assert len(find(*made)) == 6


def test_the_same_pairs_whatever_the_hash_seed():
    script = (
        "import sys, json; sys.path.insert(0, 'plugins');"
        "from coverage.analyse import build_claims;"
        "from coverage.analysis import reuse;"
        "from coverage.corpus import build_corpus;"
        "from coverage.options import Options;"
        "from coverage.sources import read_folder;"
        "from pathlib import Path;"
        "f = read_folder(Path('content')); c = build_corpus(f, Options());"
        "p = reuse.find(c.articles, build_claims(f, c, Options()));"
        "print(json.dumps([(x.a, x.b, x.kind, x.overlap_a, [s.a.text for s in x.spans])"
        " for x in p]))"
    )
    outputs = under_hash_seeds(script, "0", "7")
    assert len(outputs) == 1
    assert len(json.loads(outputs.pop())) >= 5


def test_a_pair_key_and_its_entry_cover_both_articles_their_stock_phrasing_and_retellings():
    keys = {"a": "digest-a", "b": "digest-b"}
    stock = {"a": "[17]", "b": "[]"}
    said = Sentence("a", 1, 0, 20, "The deal was signed.", 0)
    retold = Sentence("b", 3, 5, 25, "The deal was signed.", 4)

    def keyed(keys=keys, stock=stock, told=((said, retold),), threshold=0.15):
        """The pair's own key, and the key of the entry of its later article, b."""
        by_earlier = {"a": list(told)}
        return (
            reuse._pair_key(keys, stock, by_earlier, threshold, "a", "b"),
            reuse._pack_key(keys, "b", ["a"], stock, by_earlier, threshold),
        )

    key = keyed()
    assert key == keyed(dict(keys), dict(stock))
    changed = [
        keyed(keys={**keys, "a": "edited"}),
        keyed(keys={**keys, "b": "edited"}),
        keyed(stock={**stock, "a": "[]"}),
        keyed(stock={**stock, "b": "[17]"}),
        # A sentence is named by its index: its text and place are its article's, whose key
        # (analyse.py digests the article with its sentences) covers them.
        keyed(told=((said, replace(retold, index=5)),)),
        keyed(told=((said, retold), (said, retold))),
        keyed(told=()),
        keyed(threshold=0.2),
    ]
    for n in (0, 1):
        found = [k[n] for k in changed]
        assert key[n] not in found
        assert len(set(found)) == len(found)
    # The entry also names the earlier articles its pairs are aligned with.
    assert reuse._pack_key(keys, "b", [], stock, {}, 0.15) != key[1]


class _Keeping(Plain):
    """A runner that keeps each named result with what it was made for, as a disk cache
    does, and computes (or revises) only what it does not hold for the same inputs."""

    def __init__(self, kept=None):
        self.kept: dict[tuple[str, str], tuple] = dict(kept or {})
        self.computed: list[tuple[str, str]] = []

    def memo_revised(self, stage, name, made_for, compute):
        held = self.kept.get((stage, name))
        if held is None or held[0] != made_for:
            self.computed.append((stage, name))
            kept = Kept(held[1], lambda: held[2]) if held else None
            self.kept[stage, name] = (made_for, *compute(kept))
        return self.kept[stage, name][1]

    def keeps(self, stage):
        return True

    def recall(self, stage, name):
        return self.kept[stage, name][2]


class _InParts(_Keeping):
    """A keeping runner that computes `in_parts` as `parts` parts, one after another, each
    answer pickled and read back as a forked child's is."""

    def __init__(self, parts):
        super().__init__()
        self.parts = parts
        self.asked: list[tuple[int, int]] = []

    def in_parts(self, compute):
        made = []
        for part in range(self.parts):
            self.asked.append((part, self.parts))
            made.append(load(io.BytesIO(dumps(compute(part, self.parts)))))
        return made


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_aligned_in_parts_the_pairs_and_keys_are_those_of_one_part(seeds, parts):
    articles = seeds[0].articles
    claims = detect(articles, None)
    digests = {a.id: f"digest of {a.id}" for a in articles}
    one = _Keeping()
    outlines, keys, _ = reuse.find_keyed(articles, claims, run=one, keys=digests)
    split = _InParts(parts)
    split_outlines, split_keys, recall = reuse.find_keyed(articles, claims, run=split, keys=digests)

    assert split.asked == [(part, parts) for part in range(parts)]
    assert split_outlines == outlines and split_keys == keys
    assert split.kept == one.kept  # each article's entry made once, by one part
    assert tuple(recall(p) for p in split_outlines) == reuse.find(articles, claims)
    # Read back from the parts' answers, the outlines share the build's strings and shares.
    ids = {a.id: a.id for a in articles}
    assert all(p.a is ids[p.a] and p.b is ids[p.b] for p in split_outlines)
    shares = [getattr(p, name) for p in split_outlines for name in ("overlap_a", "reworded_b")]
    assert len({id(share) for share in shares}) == len(set(shares)) < len(shares)
    # Kept nothing: whole pairs, in the same order.
    plain = _InParts(parts)
    plain.keeps = lambda stage: False
    assert (
        reuse.find_keyed(articles, claims, run=plain, keys=digests)[:2]
        == (reuse.find_keyed(articles, claims, keys=digests)[:2])
    )


def _keyed_pairs(keys) -> set[tuple[str, str]]:
    """(earlier, later) for each pair the keys name."""
    return {(a, b) for b, packed in keys.items() for a in packed.earlier}


def _digests(keys) -> list[bytes]:
    """Every key the packed keys hold, as its 32 bytes."""
    return [p.digests[n : n + 32] for p in keys.values() for n in range(0, len(p.digests), 32)]


def test_each_pair_comes_back_with_the_key_it_was_cached_by(seeds):
    articles = seeds[0].articles
    claims = detect(articles, None)
    digests = {a.id: f"digest of {a.id}" for a in articles}
    pairs, keys, recall = reuse.find_keyed(articles, claims, keys=digests)
    # A runner that keeps nothing gets every pair whole.
    assert pairs == reuse.find(articles, claims)
    assert pairs and recall is None
    assert _keyed_pairs(keys) == {(p.a, p.b) for p in pairs}
    assert len(set(_digests(keys))) == len(_digests(keys)) == len(pairs)
    # Held as 32 bytes, spelt out as the 64 hexadecimal digits the pages and records key by.
    assert all(len(p.digests) == 32 * len(p.earlier) for p in keys.values())
    spelt = [Reuse(pairs, (), keys).key(p) for p in pairs]
    assert sorted(spelt) == sorted(d.hex() for d in _digests(keys))
    assert all(len(key) == 64 for key in spelt)
    # Without article digests there is no cache to key pairs by.
    assert reuse.find_keyed(articles, claims) == (pairs, {}, None)


def test_outlines_leave_the_passages_to_be_read_back(seeds):
    articles = seeds[0].articles
    claims = detect(articles, None)
    runner = _Keeping()
    digests = {a.id: f"digest of {a.id}" for a in articles}
    outlines, keys, recall = reuse.find_keyed(articles, claims, run=runner, keys=digests)
    whole = reuse.find(articles, claims)
    assert [p.spans for p in outlines] == [None] * len(whole)
    # Everything but the passages is the pair's; the passages come back from the cache.
    assert outlines == tuple(replace(p, spans=None) for p in whole)
    assert tuple(recall(p) for p in outlines) == whole
    assert any(p.spans for p in whole)
    # Each pair keeps its own key, which keys its page.
    assert _keyed_pairs(keys) == {(p.a, p.b) for p in whole}
    assert len(set(_digests(keys))) == len(whole)
    # One entry holds all the pairs a later article makes: one read per article, not per pair.
    assert len({p.b for p in whole}) <= len(runner.kept) < len(articles) < len(whole)


def test_outlines_read_back_share_the_strings_and_numbers_the_build_holds(seeds):
    # Each article's entry is a pickle of its own, so each comes back with its own copies
    # of the ids, the kinds and the shares it has in common with others.
    articles = seeds[0].articles
    claims = detect(articles, None)
    digests = {a.id: f"digest of {a.id}" for a in articles}
    made = _Keeping()
    reuse.find_keyed(articles, claims, run=made, keys=digests)
    stored = _Keeping({name: load(io.BytesIO(dumps(kept))) for name, kept in made.kept.items()})
    outlines, keys, _ = reuse.find_keyed(articles, claims, run=stored, keys=digests)
    assert stored.computed == []
    ids = {a.id: a.id for a in articles}
    assert all(p.a is ids[p.a] and p.b is ids[p.b] for p in outlines)
    assert all(a is ids[a] for by in keys.values() for a in by.earlier)
    assert all(p.kind is sys.intern(p.kind) for p in outlines)
    shares = [getattr(p, name) for p in outlines for name in ("overlap_a", "reworded_b")]
    assert len({id(share) for share in shares}) == len(set(shares)) < len(shares)


def test_adding_the_latest_article_aligns_only_its_own_pairs(seeds):
    articles = seeds[0].articles
    latest = publication_order(articles)[-1]
    earlier = [a for a in articles if a is not latest]
    digests = {a.id: f"digest of {a.id}" for a in articles}
    before = _Keeping()
    reuse.find_keyed(earlier, detect(earlier, None), run=before, keys=digests)
    after = _Keeping(before.kept)
    outlines, _, recall = reuse.find_keyed(
        articles, detect(articles, None), run=after, keys=digests
    )
    assert len(after.computed) == 1
    assert any(p.b == latest.id for p in outlines)
    assert tuple(recall(p) for p in outlines) == reuse.find(articles, detect(articles, None))


def test_adding_an_earlier_article_aligns_the_later_ones_with_it_alone(seeds, monkeypatch):
    articles = seeds[0].articles
    first = publication_order(articles)[0]
    rest = [a for a in articles if a is not first]
    # Adding an article may regroup the claims, which changes the retellings and so the
    # keys of other pairs; without retellings only the added article's pairs are new.
    monkeypatch.setattr(reuse._ClaimLinks, "of", lambda self, later: {})
    claims = detect(articles, None)
    whole = reuse.find(articles, claims)
    later_with_it = {p.b for p in whole if p.a == first.id}
    assert later_with_it, "the seeds' earliest article shares text with a later one"
    digests = {a.id: f"digest of {a.id}" for a in articles}
    before = _Keeping()
    reuse.find_keyed(rest, detect(rest, None), run=before, keys=digests)
    aligned = []
    align = reuse._pair

    def counted(a, b, *args):
        aligned.append((a.id, b.id))
        return align(a, b, *args)

    monkeypatch.setattr(reuse, "_pair", counted)
    after = _Keeping(before.kept)
    outlines, _, recall = reuse.find_keyed(articles, claims, run=after, keys=digests)
    # The later articles' entries are revised, not made again: only pairs with the
    # added article are aligned; the others come from the entries as they were.
    assert {name for _, name in after.computed} >= later_with_it
    assert aligned and all(first.id in pair for pair in aligned)
    assert tuple(recall(p) for p in outlines) == whole


def test_a_reuse_finding_gives_each_outline_back_whole(seeds):
    articles = seeds[0].articles
    whole = reuse.find(articles, detect(articles, None))
    by_id = {p.id: p for p in whole}
    outlines = tuple(replace(p, spans=None) for p in whole)
    found = Reuse(outlines, (), recall=lambda outline: by_id[outline.id])
    assert tuple(found.whole(p) for p in found.pairs) == whole
    # Pairs held whole (no cache kept them) are their own whole.
    held = Reuse(whole, ())
    assert all(held.whole(p) is p for p in whole)


def test_equal_shares_of_different_pairs_are_one_number(seeds):
    # Every pair keeps four shares; at 10,000 articles made afresh they were 41 MB.
    _, pairs = seeds
    shares = [
        getattr(p, name)
        for p in pairs
        for name in ("overlap_a", "overlap_b", "reworded_a", "reworded_b")
    ]
    assert len(set(shares)) < len(shares)
    assert len({id(share) for share in shares}) == len(set(shares))


def test_an_articles_claim_links_pair_its_sentences_with_each_earlier_carriers(seeds):
    articles = seeds[0].articles
    claims = detect(articles, None)
    links = reuse._ClaimLinks(claims)
    order = {a.id: n for n, a in enumerate(publication_order(articles))}
    some = False
    for later in articles:
        expected: dict[str, list[tuple[Sentence, Sentence]]] = {}
        for claim in claims.claims:
            mine = [x.sentence for x in claim.appearances if x.sentence.article == later.id]
            for x in claim.appearances:
                if mine and order[x.sentence.article] < order[later.id]:
                    expected.setdefault(x.sentence.article, []).extend(
                        (x.sentence, s) for s in mine
                    )
        assert links.of(later.id) == expected
        some = some or bool(expected)
    assert some, "the seeds retell claims, so some article has claim links"


def test_a_fingerprint_printed_once_is_indexed_by_the_articles_id_alone():
    index: dict = {}
    reuse._post(index, 11, "first")
    reuse._post(index, 22, "first")
    reuse._post(index, 22, "second")
    reuse._post(index, 22, "third")
    assert index == {11: "first", 22: ["first", "second", "third"]}
    later = reuse.words(article("Rubio met Bukele in San Salvador on Monday."))
    printed = replace(later, fingerprints=array("q", [11, 22, 33]))
    assert reuse._candidates(printed, index, frozenset()) == {"first", "second", "third"}
    assert reuse._candidates(printed, index, frozenset({22})) == {"first"}
    assert (
        reuse._candidates(replace(later, fingerprints=array("q", [33])), index, frozenset())
        == set()
    )
