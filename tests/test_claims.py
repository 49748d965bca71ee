import sys
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest
from conftest import CONTENT, ROOT

from coverage.analysis import similarity
from coverage.analysis.claims import (
    DEFAULT_THRESHOLD,
    claim_sentences,
    group,
    publication_order,
    regroup,
    unique_id,
)
from coverage.analysis.detect import detect
from coverage.corpus import build_corpus
from coverage.model import DateValue
from coverage.options import Options
from coverage.sources import Folder, read_folder

sys.path.insert(0, str(ROOT / "bench"))  # the benchmark's article generator
import synth


def claim_with(claims, words):
    """The claim whose first appearance (the sentence that founded it) has these words."""
    found = [c for c in claims.claims if words in c.appearances[0].sentence.text]
    assert len(found) == 1, f"{words!r} founded {len(found)} claims"
    return found[0]


def prefixes(claim):
    return sorted({a.sentence.article[:3] for a in claim.appearances})


def test_the_paraphrased_any_nationality_claim_groups_four_outlets(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    claim = claim_with(claims, "accept deportees of any nationality")
    assert {"000", "001", "002", "003"} <= set(prefixes(claim))
    assert any("regardless of nationality" in a.sentence.text for a in claim.appearances)


def test_verbatim_quotes_and_their_rewordings_group_together(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    fee = claim_with(claims, "The fee would be relatively low for the U.S. but significant")
    assert prefixes(fee) == ["000", "001", "002", "003", "004"]
    reworded = next(a for a in fee.appearances if a.sentence.article.startswith("001"))
    assert reworded.stance == "differs" and "relatively small" in reworded.reason


def test_claims_do_not_mix_different_statements(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    for claim in claims.claims:
        texts = " ".join(a.sentence.text for a in claim.appearances)
        assert not ("40,000 inmates" in texts and "relatively low" in texts)


def test_every_claim_is_carried_by_two_articles_and_omitted_by_the_rest(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    ids = {a.id for a in seed_corpus.articles}
    assert claims.claims
    for claim in claims.claims:
        assert len(claim.articles) >= 2
        assert set(claim.articles) | set(claim.omitted_by) == ids
    assert len({c.id for c in claims.claims}) == len(claims.claims)


def test_articles_on_another_story_omit_nothing(two_stories):
    corpus = two_stories
    claims = detect(corpus.articles, corpus.story)
    ferry_ids = {a.id for a in corpus.articles if a.source.name.startswith("09")}
    ferry = claim_with(claims, "ferry terminal")
    assert set(ferry.articles) == ferry_ids
    assert ferry.omitted_by == ()
    fee = claim_with(claims, "The fee would be relatively low for the U.S. but significant")
    assert not ferry_ids & set(fee.omitted_by)
    seed_ids = {a.id for a in corpus.articles} - ferry_ids
    for claim in claims.claims:
        if claim is not ferry:
            assert set(claim.articles) | set(claim.omitted_by) == seed_ids


def test_sentences_no_other_article_shares_are_listed_as_unmatched(seed_corpus):
    claims = detect(seed_corpus.articles, seed_corpus.story)
    unmatched = [s.text for s in claims.unmatched]
    assert any("nearly 350,000 Venezuelans" in t for t in unmatched)
    claimed = {a.sentence for c in claims.claims for a in c.appearances}
    assert not claimed & set(claims.unmatched)


def later_article(name, text, day):
    folder = read_folder(CONTENT)
    sidecar = f"outlet: Later Outlet\npublished: {day.isoformat()}\n".encode()
    stem = name.rsplit(".", 1)[0]
    return Folder(
        folder.root,
        (*folder.articles, (name, text.encode())),
        (*folder.sidecars, (f"{stem}.yaml", sidecar)),
        folder.story,
        folder.others,
    )


def test_ids_stay_when_a_later_article_is_added():
    before = build_corpus(read_folder(CONTENT), Options())
    after = build_corpus(
        later_article(
            "005_later.txt",
            "El Salvador will accept deportees of any nationality and house violent US criminals,"
            " Rubio said.\n\nThe weather in San Salvador was mild for the whole of the visit.\n",
            date(2025, 2, 20),
        ),
        Options(),
    )
    old = detect(before.articles, before.story)
    new = detect(after.articles, after.story)
    assert {c.id for c in old.claims} <= {c.id for c in new.claims}
    for claim in old.claims:
        again = next(c for c in new.claims if c.id == claim.id)
        assert [a.sentence for a in claim.appearances] == [
            a.sentence for a in again.appearances if not a.sentence.article.startswith("005")
        ]
    joined = claim_with(new, "accept deportees of any nationality")
    assert any(a.sentence.article.startswith("005") for a in joined.appearances)
    assert any("weather in San Salvador" in s.text for s in new.unmatched)


def test_grouping_reads_articles_in_publication_order(seed_corpus):
    articles = list(seed_corpus.articles)
    earliest = min(articles, key=lambda a: a.published.value or date.max)
    sentences = claim_sentences(articles)
    assert sentences[0].article == earliest.id
    undated = replace(articles[0], published=DateValue(None, "unknown", "test"))
    order = [s.article for s in claim_sentences([undated, *articles[1:]])]
    assert order[-1] == undated.id


def test_ids_are_readable_and_unique():
    taken: set[str] = set()
    assert unique_id("U.S. Secretary of State Marco Rubio said on Monday", taken) == (
        "us-secretary-of-state-marco-rubio-said-on-monday"
    )
    assert unique_id("U.S. Secretary of State Marco Rubio said on Monday", taken).endswith("-2")
    assert unique_id("“…”", taken) == "claim"


def test_an_article_repeating_itself_makes_no_claim():
    text = (
        b"CECOT is the country's largest prison, with a capacity of 40,000 inmates.\n\n"
        b"CECOT is the country's largest prison, with a capacity of 40,000 inmates.\n"
    )
    corpus = build_corpus(Folder("content", (("a.txt", text),), (), None, ()), Options())
    claims = detect(corpus.articles, corpus.story)
    assert claims.claims == ()
    assert len(claims.unmatched) == 2


# Resuming a grouping from the last build's trace (`regroup`). The synthetic archive of the
# benchmark is used because its articles share and reword sentences across three stories,
# which is what makes an added article change some claims and leave others alone.


@pytest.fixture(scope="module")
def synthetic():
    made = synth.synthesise(60, seed=3, per_story=20)
    folder = Folder(
        "content",
        tuple((name, raw) for name, raw, _ in made),
        tuple((synth.sidecar_name(name), sidecar) for name, _, sidecar in made),
        (CONTENT / "story.yaml").read_bytes(),
        (),
    )
    return publication_order(build_corpus(folder, Options()).articles)


@pytest.fixture
def comparisons(monkeypatch):
    """How many cosines the grouping computes."""
    counted = Counter()
    cosine = similarity.cosine

    def counting(a, b):
        counted["cosine"] += 1
        return cosine(a, b)

    monkeypatch.setattr(similarity, "cosine", counting)
    return counted


def without(articles, *gone):
    return claim_sentences([a for n, a in enumerate(articles) if n not in gone])


@pytest.mark.parametrize("added", [(0,), (29,), (59,), (10, 45)], ids=str)
def test_a_grouping_resumed_after_articles_are_added_is_the_grouping_from_scratch(
    synthetic, comparisons, added
):
    _, trace = regroup(without(synthetic, *added))
    everything = claim_sentences(synthetic)
    comparisons.clear()
    fresh = group(everything)
    from_scratch = comparisons["cosine"]
    comparisons.clear()
    resumed, again = regroup(everything, previous=trace)
    # Only the sentences that could join a claim the added article changed are compared.
    assert comparisons["cosine"] < from_scratch / 2
    assert resumed == fresh
    assert again == regroup(everything)[1]
    assert len(fresh) > 200


def test_a_grouping_of_the_same_sentences_is_replayed_without_one_comparison(
    synthetic, comparisons
):
    everything = claim_sentences(synthetic)
    groups, trace = regroup(everything)
    comparisons.clear()
    assert regroup(everything, previous=trace) == (groups, trace)
    assert comparisons["cosine"] == 0


def edited(sentences, at, text):
    return [replace(s, text=text) if n == at else s for n, s in enumerate(sentences)]


@pytest.mark.parametrize(
    "change",
    ["an article removed", "a sentence reworded", "another threshold", "sentences reordered"],
)
def test_a_trace_that_does_not_fit_is_not_replayed(synthetic, comparisons, change):
    everything = claim_sentences(synthetic)
    _, trace = regroup(everything)
    threshold = DEFAULT_THRESHOLD
    if change == "an article removed":
        sentences = without(synthetic, 30)
    elif change == "a sentence reworded":
        sentences = edited(everything, len(everything) // 2, "Rubio said nothing at all today.")
    elif change == "another threshold":
        sentences, threshold = everything, 0.5
    else:
        sentences = everything[:10] + everything[11:12] + everything[10:11] + everything[12:]
    comparisons.clear()
    fresh = group(sentences, threshold)
    from_scratch = comparisons["cosine"]
    comparisons.clear()
    assert regroup(sentences, threshold, previous=trace)[0] == fresh
    assert comparisons["cosine"] == from_scratch
