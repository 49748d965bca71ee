"""Editor notes: read with their lines, anchored to one passage each, or an error saying why."""

from dataclasses import replace

import pytest
from conftest import CONTENT, article_named

from coverage.analysis.notes import VERDICTS, anchor, parse
from coverage.findings import Note, TextQuoteSelector

PATH = "content/notes.yaml"
HUB = "003_979046fa02e13a40.txt"
METRO = "002_996f5d06f27be889.txt"
EPOCH = "004_6af60604b2075f33.txt"

GOOD = f"""\
# the editor's notes
notes:
  - id: south-american-country
    article: {HUB}
    quote: the South American country
    prefix: "agreed that "
    suffix: " would house"
    note: El Salvador is in Central America, not South America.
    verdict: incorrect

  - id: no-verdict
    article: {EPOCH}
    quote: Feb. 3 meeting
    note: The story file dates the meeting 3 February too.
"""


def note(exact, article=HUB, prefix="", suffix="", id="a-note"):
    selector = TextQuoteSelector(exact, prefix, suffix)
    return Note(id=id, article=article, selector=selector, body="A note.", line=7)


def errors(text):
    notes, problems = parse(text, PATH)
    assert all(p.level == "error" for p in problems)
    return notes, [str(p) for p in problems]


def one_note(**fields):
    """A file with one note: the good first note's fields, changed or removed (None)."""
    base = {
        "id": "south-american-country",
        "article": HUB,
        "quote": "the South American country",
        "note": "El Salvador is in Central America.",
    }
    lines = [f"    {k}: {v}" for k, v in {**base, **fields}.items() if v is not None]
    return "notes:\n  - " + "\n".join(lines)[4:] + "\n"


# parse


def test_a_good_file_gives_notes_with_their_lines_and_exact_context():
    notes, problems = errors(GOOD)
    assert problems == []
    first, second = notes
    assert first.id == "south-american-country" and first.article == HUB
    # The spaces inside the quoted prefix and suffix are part of the match and are kept.
    assert first.selector == TextQuoteSelector(
        "the South American country", "agreed that ", " would house"
    )
    assert first.body == "El Salvador is in Central America, not South America."
    assert (first.verdict, first.line) == ("incorrect", 3)
    assert (second.verdict, second.line, second.selector.prefix) == (None, 11, "")


def test_an_empty_notes_list_is_no_notes_and_no_error():
    assert errors("# none yet\nnotes:\n") == ((), [])


def test_broken_yaml_is_an_error_at_its_line():
    notes, problems = errors("notes:\n  - id: a\n    quote: [unclosed\n")
    assert notes == ()
    assert len(problems) == 1 and problems[0].startswith(f"{PATH}:4: not valid YAML")


def test_an_unknown_field_names_its_line_the_note_and_a_did_you_mean():
    _, problems = errors(one_note(qoute="the South American country"))
    assert problems == [
        f"{PATH}:6: note `south-american-country` on {HUB}: unknown field `qoute` — "
        "did you mean `quote`?"
    ]


def test_an_unknown_top_level_key_is_an_error():
    _, problems = errors("note:\n  - id: a\n")
    assert problems == [f"{PATH}:1: unknown field `note` — did you mean `notes`?"]


@pytest.mark.parametrize("field", ["id", "article", "quote", "note"])
def test_each_missing_required_field_is_an_error_at_the_note(field):
    notes, problems = errors(one_note(**{field: None}))
    assert notes == ()
    assert len(problems) == 1
    assert problems[0].startswith(f"{PATH}:2: ")
    assert f"has no `{field}` — add `{field}:`" in problems[0]


def test_an_empty_quote_counts_as_missing():
    _, problems = errors(one_note(quote='""'))
    assert problems == [
        f"{PATH}:2: note `south-american-country` on {HUB}: has no `quote` — "
        "add `quote:`; see “Editor notes” in README.md"
    ]


def test_an_id_that_is_not_a_slug_is_an_error_at_its_line():
    notes, problems = errors(one_note(id="South American"))
    assert notes == ()
    assert problems[0].startswith(f"{PATH}:2: note `South American` on {HUB}: the id is not a slug")


def test_a_duplicate_id_names_the_first_use():
    text = GOOD.replace("id: no-verdict", "id: south-american-country")
    notes, problems = errors(text)
    assert [n.line for n in notes] == [3]
    assert problems == [
        f"{PATH}:11: note `south-american-country` on {EPOCH}: the id is already used at line 3 "
        "— give each note its own id"
    ]


def test_a_verdict_outside_the_vocabulary_is_an_error_with_a_hint():
    _, problems = errors(one_note(verdict="incorect"))
    assert problems == [
        f"{PATH}:6: note `south-american-country` on {HUB}: `verdict: incorect` is not a verdict "
        "— did you mean `incorrect`?"
    ]
    _, problems = errors(one_note(verdict="false"))
    assert problems[0].endswith("use one of: " + ", ".join(VERDICTS))


def test_a_field_that_is_a_list_and_notes_that_are_not_a_list_are_errors():
    _, problems = errors(one_note(quote="[the, South]"))
    assert problems == [
        f"{PATH}:4: note `south-american-country` on {HUB}: `quote` is not text "
        "— write it on one line after the colon"
    ]
    _, problems = errors("notes: the South American country\n")
    assert problems == [
        f"{PATH}:1: `notes` is not a list — start each note with `- `; "
        "see “Editor notes” in README.md"
    ]


# anchor


def anchored_on(corpus, *notes):
    return anchor(notes, corpus.articles, PATH)


def test_an_exact_quote_anchors_to_its_paragraph_and_span(seed_corpus):
    found, problems = anchored_on(seed_corpus, note("the South American country"))
    assert problems == ()
    (only,) = found
    hub = article_named(seed_corpus, "003")
    assert only.article == hub.id and only.anchor == "p4"
    assert hub.blocks[3].text[only.start : only.end] == "the South American country"


def test_a_quote_found_twice_is_an_error_listing_the_paragraphs(seed_corpus):
    found, problems = anchored_on(seed_corpus, note("Central American country", article=METRO))
    assert found == ()
    assert [str(p) for p in problems] == [
        f"{PATH}:7: note `a-note` on {METRO}: the quote occurs 2 times (in p1, p7) — add a "
        "`prefix` or `suffix` (the words just before or after it) to pick one"
    ]
    assert problems[0].level == "error"


def test_a_prefix_or_a_suffix_picks_one_occurrence(seed_corpus):
    by_suffix = note("Central American country", article=METRO, suffix="'s leader")
    by_prefix = note("Central American country", article=METRO, prefix="gang violence in the ")
    found, problems = anchored_on(seed_corpus, by_suffix, by_prefix)
    assert problems == ()
    assert [a.anchor for a in found] == ["p1", "p7"]
    # The prefix is the end of what precedes, however much more precedes it.
    metro = article_named(seed_corpus, "002")
    assert metro.blocks[6].text[: found[1].start].endswith("gang violence in the ")


def test_the_same_words_twice_in_one_paragraph_are_counted_twice(seed_corpus):
    _, problems = anchored_on(seed_corpus, note("he said", article="000_11177d8c1a0bff24.txt"))
    assert "occurs 2 times (in p4, p4)" in str(problems[0])


def test_a_stale_quote_names_the_note_the_article_and_the_nearest_match(seed_corpus):
    found, problems = anchored_on(seed_corpus, note("the South American nation"))
    assert found == ()
    assert [str(p) for p in problems] == [
        f"{PATH}:7: note `a-note` on {HUB}: the quote matches nothing; the nearest passage is "
        "p4 “the South American country” (82% alike) — quote the passage as the article prints "
        "it now, or delete the note"
    ]


def test_a_straight_apostrophe_for_a_curly_one_is_explained(seed_corpus):
    _, problems = anchored_on(seed_corpus, note("Bukele's offer", article=EPOCH))
    message = str(problems[0])
    assert "p5 prints “Bukele’s offer”, but the article writes ’ where the note writes '" in message
    assert "only quote marks, dashes, ellipses or spacing differ" in message


def test_straight_quotes_dots_and_spaced_hyphens_are_each_explained(seed_corpus):
    quoted = note('"In an act of extraordinary friendship to our country ... (El Salvador)')
    dashed = note("five-nation Central American tour - which", article=EPOCH)
    spaced = note("the  South American country")
    _, problems = anchored_on(seed_corpus, quoted, dashed, spaced)
    messages = [str(p) for p in problems]
    assert 'the article writes “ where the note writes "' in messages[0]
    assert "the article writes … where the note writes ..." in messages[0]
    assert "the article writes — where the note writes - with spaces around it" in messages[1]
    assert "the article writes a space where the note writes 2 spaces" in messages[2]


def test_a_context_that_no_longer_fits_shows_what_surrounds_the_words_now(seed_corpus):
    _, problems = anchored_on(seed_corpus, note("the South American country", prefix="said that "))
    assert "“the South American country” is in p4, but with other words around it: " in str(
        problems[0]
    )
    assert "agreed that the South American country would house" in str(problems[0])


def test_an_unknown_article_is_an_error_with_a_did_you_mean(seed_corpus):
    _, problems = anchored_on(
        seed_corpus, note("the South American country", article="003_979046fa02e13a4.txt")
    )
    assert [str(p) for p in problems] == [
        f"{PATH}:7: note `a-note` on 003_979046fa02e13a4.txt: there is no such article — "
        f"did you mean `{HUB}`?"
    ]


def test_the_match_is_exact_about_case(seed_corpus):
    _, problems = anchored_on(seed_corpus, note("The South American country"))
    assert "the nearest passage is p4 “the South American country”" in str(problems[0])


# the real notes


def test_every_real_note_anchors_once_on_the_seeds(seed_corpus):
    notes, problems = parse((CONTENT / "notes.yaml").read_text(encoding="utf-8"), PATH)
    assert problems == ()
    found, problems = anchor(notes, seed_corpus.articles, PATH)
    assert [str(p) for p in problems] == []
    assert len(found) == len(notes) >= 4
    assert all(n.verdict in VERDICTS for n in notes)
    places = {a.note.id: (a.article[:3], a.anchor) for a in found}
    assert places["south-american-country"] == ("003", "p4")
    assert places["dominican-republic-not-central-american"] == ("004", "p10")


def test_a_real_note_stops_matching_when_its_article_changes(seed_corpus):
    notes, _ = parse((CONTENT / "notes.yaml").read_text(encoding="utf-8"), PATH)
    hub = article_named(seed_corpus, "003")
    # As if the outlet corrected its text and the capture were replaced.
    fixed = replace(hub.blocks[3], text=hub.blocks[3].text.replace("South", "Central"))
    corrected = replace(hub, blocks=(*hub.blocks[:3], fixed, *hub.blocks[4:]))
    others = [a for a in seed_corpus.articles if a is not hub]
    _, problems = anchor(notes, [*others, corrected], PATH)
    (stale,) = problems
    assert str(stale).startswith(
        f"{PATH}:20: note `south-american-country` on {HUB}: the quote matches nothing; "
        "the nearest passage is p4 “the Central American country”"
    )
