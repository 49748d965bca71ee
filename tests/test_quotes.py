"""Quote extraction: which words an article puts in quote marks, and where exactly they are."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import article_named

from coverage.analysis.quotes import extract
from coverage.corpus import build_article
from coverage.options import Options
from coverage.sources import decode, source_from

LABELLED = Path(__file__).parent / "fixtures" / "quote_speakers.yaml"


def article(text: str, name: str = "case.txt"):
    """An article built from `text` the way a .txt capture is (blank lines part paragraphs)."""
    raw = text.encode("utf-8")
    return build_article(source_from(name, raw, decode(raw, name)), None, None, Options())


def quotes_of(text: str):
    return extract(article(text))


def labelled() -> list[dict]:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["quotes"]


def match_labels(corpus) -> tuple[list[tuple[dict, object]], list[dict], list]:
    """Pair each labelled quote with the extracted quote it names, in reading order.

    Returns (pairs, labels nothing was found for, extracted quotes no label names)."""
    pairs, missing, extra = [], [], []
    by_article: dict[str, list[dict]] = {}
    for label in labelled():
        by_article.setdefault(label["article"], []).append(label)
    for a in corpus.articles:
        found = list(extract(a))
        for label in by_article.pop(a.source.name, []):
            hit = next((q for q in found if q.text.startswith(label["quote"])), None)
            if hit is None:
                missing.append(label)
            else:
                found.remove(hit)
                pairs.append((label, hit))
        extra += found
    missing += [label for labels in by_article.values() for label in labels]
    return pairs, missing, extra


# --- quote marks ------------------------------------------------------------------------


def test_curly_and_straight_quotes_are_quotes_and_spans_are_the_words_inside():
    a = article('“We will win,” Smith said.\n\n"We are ready," Jones said.')
    found = extract(a)
    assert [q.text for q in found] == ["We will win,", "We are ready,"]
    assert [q.kind for q in found] == ["quoted", "quoted"]
    for q in found:
        block = a.blocks[q.block - 1].text
        assert [block[s:e] for s, e in q.spans] == [q.text]
        assert block[q.start - 1] in '“"' and block[q.end] in '”"'
    assert [q.index for q in found] == [0, 1]
    assert [q.block for q in found] == [1, 2]


def test_an_ellipsis_and_a_bracketed_insertion_stay_inside_one_quote():
    found = quotes_of(
        "“In an act of friendship to our country … (El Salvador) has agreed to the deal,”"
        " Rubio told reporters."
    )
    assert len(found) == 1
    assert found[0].text == (
        "In an act of friendship to our country … (El Salvador) has agreed to the deal,"
    )


def test_a_quote_continued_after_its_attribution_is_one_quote_with_two_spans():
    a = article("“We will build it,” he said – “and they will pay for it.” Jones agreed.")
    (q,) = extract(a)
    text = a.blocks[0].text
    assert [text[s:e] for s, e in q.spans] == ["We will build it,", "and they will pay for it."]
    assert q.text == "We will build it, and they will pay for it."
    (q,) = quotes_of("“The deal is done,” Rubio said, “and it is historic.”")
    assert len(q.spans) == 2 and q.speaker == "Rubio" and q.cue == "Rubio said"


def test_two_quotes_joined_by_words_that_are_not_an_attribution_stay_two():
    found = quotes_of("The president said the fee would be “relatively low” but “significant”.")
    assert [q.text for q in found] == ["relatively low", "significant"]


def test_apostrophes_are_not_quote_marks():
    found = quotes_of("It’s El Salvador’s “deal of the century,” Smith’s aide Ana Ruiz said.")
    assert [q.text for q in found] == ["deal of the century,"]


def test_an_unclosed_quote_stops_at_the_end_of_its_block():
    a = article("Smith said “this never closes. Nor does this.\n\nThen “a new one,” Jones said.")
    found = extract(a)
    assert [(q.block, q.text) for q in found] == [
        (1, "this never closes. Nor does this."),
        (2, "a new one,"),
    ]
    assert found[1].speaker == "Jones"


def test_stray_and_empty_marks_do_not_crash_or_make_quotes():
    assert quotes_of("A stray ” closing mark and an empty “” pair.") == ()
    assert quotes_of("He is 6'2\" tall.") == ()
    assert quotes_of("“") == ()


EMBED = (
    "Bukele confirmed it on X.\n"
    "We have offered the United States a deal.\n"
    "— Nayib Bukele (@nayibbukele) February 4, 2025\n"
    "We are willing to take in only convicted criminals.\n"
    "The fee would be relatively low for… pic.twitter.com/HTNwtp35Aq\n"
    "\n"
    "The announcement sparked backlash."
)


def test_each_line_of_an_embedded_post_is_its_authors_quote_without_link_debris():
    a = article(EMBED)
    found = [q for q in extract(a) if q.kind == "embed"]
    assert [q.text for q in found] == [
        "We have offered the United States a deal.",
        "We are willing to take in only convicted criminals.",
        "The fee would be relatively low for",
    ]
    assert {q.speaker for q in found} == {"Nayib Bukele"}
    assert {q.confidence for q in found} == {1.0}
    block = a.blocks[found[0].block - 1]
    assert block.kind == "embed"
    assert [block.text[q.start : q.end] for q in found] == [q.text for q in found]


def test_a_quoted_heading_is_the_pull_quote_of_its_section():
    a = article(
        "Intro paragraph about the deal.\n\n"
        '"A Special Act of Friendship"\n\n'
        "“In a gesture of friendship, El Salvador agreed,” Rubio told reporters."
    )
    heading, body = extract(a)
    assert a.blocks[heading.block - 1].kind == "heading"
    assert heading.speaker == "Rubio" and heading.confidence < body.confidence


# --- the seeds --------------------------------------------------------------------------


def test_every_labelled_seed_quote_is_found_and_every_found_quote_is_labelled(seed_corpus):
    pairs, missing, extra = match_labels(seed_corpus)
    assert missing == [], f"labelled quotes not extracted: {missing}"
    assert extra == [], f"extracted quotes missing from the labelled set: {[q.text for q in extra]}"
    assert len(pairs) == len(labelled()) >= 35


def test_seed_quote_text_and_spans(seed_corpus):
    found = extract(article_named(seed_corpus, "002"))
    volpp = next(q for q in found if q.text.startswith("The US is absolutely"))
    assert volpp.text == (
        "The US is absolutely prohibited from deporting US citizens, whether they are"
        " incarcerated or not,"
    )
    straight = next(q for q in found if q.text == "dangerous criminals")
    assert straight.block == 1
    hub = extract(article_named(seed_corpus, "003"))
    assert any(q.text.endswith("house them in his jails.") for q in hub)  # 003 moves the stop in
    for a in seed_corpus.articles:
        for q in extract(a):
            text = a.blocks[q.block - 1].text
            assert q.text == " ".join(text[s:e] for s, e in q.spans)
            assert all(text[s:e] == text[s:e].strip() for s, e in q.spans)
