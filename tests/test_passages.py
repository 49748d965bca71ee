"""Shared passages between two articles: exact runs chained across small edits."""

from __future__ import annotations

from test_shingles import article

from coverage.analysis.passages import MIN_WORDS, positions, shared
from coverage.analysis.shingles import words

WIRE = (
    "El Salvador has agreed to house violent US criminals and receive deportees of any "
    "nationality, the Secretary of State announced after lengthy talks on Monday."
)


def passages(a_text: str, b_text: str):
    a, b = words(article(a_text, "a.txt")), words(article(b_text, "b.txt"))
    return a, b, shared(a, positions(a), b)


def test_small_edits_do_not_cut_the_passage():
    edited = WIRE.replace("receive", "accept").replace("US criminals", "U.S. criminals")
    edited = edited.replace("after lengthy talks", "after long talks")
    a, b, (match,) = passages(WIRE, "Opening line here.\n\n" + edited)
    assert (match.a_start, match.a_end) == (0, len(a))
    assert (match.b_start, match.b_end) == (3, len(b))
    assert match.same == len(a) - 2  # "receive" and "lengthy" are the edits


def test_two_edits_close_together_end_one_passage_and_start_another():
    edited = WIRE.replace("US criminals and receive", "United States criminals and accept")
    a, _, found = passages(WIRE, edited)
    # The opening seven words are too few to stand alone; the rest is one passage.
    assert [a.normal[m.a_start] for m in found] == ["criminals"]


def test_fewer_than_eight_shared_words_is_not_a_passage():
    _, _, found = passages(
        "Rubio said the talks went well in the capital today.",
        "Officials said the talks went well in the end, he added later.",
    )
    assert found == ()
    assert MIN_WORDS == 8


def test_unrelated_texts_share_nothing():
    _, _, found = passages(WIRE, "A regional airline postponed a decision to expand its fleet.")
    assert found == ()


def test_a_passage_repeated_in_one_article_is_found_at_each_place():
    _a, b, found = passages(WIRE + "\n\nFiller words of no interest at all.\n\n" + WIRE, WIRE)
    n = len(b)
    assert sorted((m.a_start, m.a_end) for m in found) == [(0, n), (n + 7, 2 * n + 7)]
    assert all((m.b_start, m.b_end) == (0, len(b)) for m in found)


def test_a_line_repeated_many_times_does_not_seed_every_copy():
    # A refrain printed 50 times seeds nothing (MAX_REPEATS), so the seeds cannot grow
    # with the square of the article's length; the passages elsewhere still match.
    refrain = "Share and follow us for more news on this developing story every day."
    page = "\n\n".join([refrain] * 50 + [WIRE])
    _a, b, found = passages(page, WIRE + "\n\n" + refrain)
    assert [(m.b_start, m.b_end) for m in found] == [(0, len(b) - 13)]
