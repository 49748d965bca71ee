"""The findings' own parts: an appearance's marked spans, packed and read back."""

from coverage.findings import Appearance, Sentence, packed, unpacked


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
