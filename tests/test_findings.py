"""The findings' own parts: an appearance's marked spans, packed and read back."""

from coverage.findings import Appearance, PairKeys, Reuse, ReusePair, Sentence, packed, unpacked


def test_spans_come_back_as_packed_in_their_order():
    spans = ((4, 7), (17, 27), (28, 31), (70_000, 70_012))
    assert unpacked(packed(spans)) == spans
    assert unpacked(packed([])) == ()


def test_packed_spans_take_two_four_byte_numbers_each():
    # The reason they are packed: pairs in tuples took about 120 bytes a span.
    assert len(packed([(1, 2), (300, 400), (5_000, 6_000)])) == 3 * 8


def test_an_appearance_names_its_marked_spans():
    sentence = Sentence("a", 1, 0, 43, "The fee would be relatively low for the US.", 1)
    appearance = Appearance(sentence, "states", "", 1.0, marks=packed([(4, 7), (17, 27)]))
    assert appearance.matched == ((4, 7), (17, 27))
    assert [sentence.text[s:e] for s, e in appearance.matched] == ["fee", "relatively"]


def test_an_articles_pair_keys_are_packed_and_found_by_the_earlier_article():
    made = [("b-article", "22" * 32), ("a-article", "11" * 32), ("c-article", "33" * 32)]
    keys = PairKeys.of(made)
    assert keys.earlier == ("a-article", "b-article", "c-article")
    assert len(keys.digests) == 3 * 32
    assert [keys.key(a) for a, _ in made] == ["22" * 32, "11" * 32, "33" * 32]
    # An id before, between or after the ones held has no pair.
    assert keys.key("0-article") is keys.key("ab") is keys.key("d-article") is None
    assert PairKeys.of([]).key("a-article") is None


def test_a_pair_key_is_looked_up_by_its_later_then_its_earlier_article():
    pair = ReusePair("a", "b", "verbatim", 0.5, 0.5, 0.0, 0.0, None, "a")
    other = ReusePair("a", "c", "verbatim", 0.5, 0.5, 0.0, 0.0, None, "a")
    reuse = Reuse((pair, other), (), {"b": PairKeys.of([("a", "ab" * 32)])})
    assert reuse.key(pair) == "ab" * 32
    assert reuse.key(other) is None
    assert Reuse((pair,), ()).key(pair) is None
