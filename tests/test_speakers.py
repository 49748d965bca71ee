"""Speaker attribution: who the article says spoke each quote, and how sure we are."""

from __future__ import annotations

import pytest
from conftest import article_named
from test_quotes import labelled, match_labels, quotes_of

from coverage.analysis.quotes import extract
from coverage.analysis.speakers import speaker_key

ACCURACY_FLOOR = 0.90


def said(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.cue) for q in quotes_of(text)]


# --- cues after the quote ---------------------------------------------------------------


def test_a_named_cue_after_the_quote_gives_the_fullest_name_with_high_confidence():
    (q,) = quotes_of(
        "US Secretary of State Marco Rubio met officials on Monday.\n\n"
        "“This is historic,” Rubio told reporters."
    )
    assert (q.speaker, q.cue) == ("Marco Rubio", "Rubio told reporters")
    assert q.confidence >= 0.9


def test_a_cue_with_an_apposition_and_a_double_space():
    assert said(
        "“The US may not deport its citizens,” Leti Volpp, a law professor at UC Berkeley who"
        " studies immigration, told CNN over email."
    ) == [("Leti Volpp", "told CNN over email")]
    assert said("“They will house them,” Rubio\xa0 said – referring to gangs.") == [
        ("Rubio", "Rubio\xa0 said")
    ]


def test_a_cue_closing_the_sentence_gives_the_quote_to_its_subject():
    assert said(
        "The talks covered “strategies to counter China” in the hemisphere, Bruce stated."
    ) == [("Bruce", "Bruce stated")]


# --- pronouns ---------------------------------------------------------------------------


def test_a_pronoun_is_the_last_person_in_focus_across_paragraphs():
    found = quotes_of(
        "Governor Jane Smith visited the border on Monday.\n\n"
        "The plan is sound, officials said.\n\n"
        "“It will work,” she added."
    )
    assert [(q.speaker, q.cue) for q in found] == [("Jane Smith", "she added")]
    assert 0.5 <= found[0].confidence < 0.9


def test_a_pronoun_follows_the_subject_not_the_nearest_name():
    found = quotes_of(
        "Bukele confirmed the agreement with Rubio on X, saying in a post, “We are willing.”"
        " The prison holds 40,000 inmates.\n\n"
        "“The fee would be low,” he added."
    )
    assert [q.speaker for q in found] == ["Bukele", "Bukele"]
    assert found[0].cue == "saying in a post"
    (q,) = quotes_of(
        "Marco Rubio said that Nayib Bukele has agreed, in what he called the “best” deal."
    )
    assert (q.speaker, q.cue) == ("Marco Rubio", "he called")


def test_reported_speech_carries_on_to_the_next_sentence():
    _, q = quotes_of(
        "“Hello,” Rubio told reporters.\n\n"
        "The country will keep accepting deportees, he said. It will also “accept any illegal"
        " alien from any nationality.”"
    )
    assert q.speaker == "Rubio" and q.cue == "he said" and q.confidence == 0.5
    # ... but not into the next paragraph, nor to a two-word term.
    _, q, r = quotes_of(
        "“Hello,” Rubio said.\n\nIt will also “accept any illegal alien from anywhere.”"
        " The talks ended. Rubio said so. It seeks “third country” deals."
    )
    assert (q.speaker, r.speaker) == (None, None)


# --- cues before the quote, roles and organisations -------------------------------------


def test_a_speech_verb_before_the_quote_gives_it_to_its_subject():
    found = quotes_of(
        "At a ceremony with the foreign minister, Rubio said that Bukele has offered his"
        " “full cooperation”, including agreeing to take in “dangerous criminals”."
    )
    assert [(q.speaker, q.cue) for q in found] == [("Rubio", "Rubio said")] * 2
    assert said("According to Bukele, the U.S. would pay a fee that “would be low.”") == [
        ("Bukele", "According to Bukele")
    ]
    assert said("Bukele also agreed that the country would house “dangerous criminals.”") == [
        ("Bukele", "Bukele also agreed")
    ]


def test_a_role_noun_is_the_person_the_article_gave_that_title():
    found = quotes_of(
        "U.S. Secretary of State Marco Rubio said El Salvador President Nayib Bukele agreed."
        " He had spoken with President Donald Trump.\n\n"
        "The state secretary hailed the offer as “an act of friendship”.\n\n"
        "The El Salvadorian president said the fee would be “relatively low”."
    )
    assert [(q.speaker, q.cue) for q in found] == [
        ("Marco Rubio", "The state secretary hailed"),
        ("Nayib Bukele", "The El Salvadorian president said"),
    ]
    assert all(0 < q.confidence < 0.9 for q in found)


def test_an_organisation_and_its_documents_speak():
    found = quotes_of(
        "The State Department’s travel advisory for El Salvador also warns that prisoners"
        " face “harsh” conditions.\n\n"
        "The meeting, which the U.S. State Department described as “tremendously successful”,"
        " ended.\n\n"
        "The State Department’s information webpage calls prisons “harsh and dangerous.”"
        " The webpage stated that “in many facilities, provisions are inadequate.”"
    )
    assert [q.speaker for q in found] == [
        "State Department",
        "U.S. State Department",
        "State Department",
        "State Department",
    ]
    assert found[-1].cue == "The webpage stated"
    assert {speaker_key(q.speaker) for q in found} == {"state department"}


def test_a_possessive_speech_noun_gives_the_words_to_its_owner():
    (q,) = quotes_of(
        "Much like President Trump, he acts. Trump pressed ahead with his campaign promise"
        " of “mass deportations,” which sparked fear."
    )
    assert (q.speaker, q.cue) == ("Trump", "his campaign promise of")


def test_scare_quotes_and_unattributed_words_have_no_speaker():
    found = quotes_of(
        "Rubio said the talks went well. As well as that, Rubio is trying to secure"
        " “third country” agreements, in which nations accept deportees.\n\n"
        "The so-called “experts” were absent, which critics called “absurd”."
    )
    assert [(q.text, q.speaker, q.confidence, q.cue) for q in found] == [
        ("third country", None, 0.0, ""),
        ("experts", None, 0.0, ""),
        ("absurd", None, 0.0, ""),
    ]


def test_no_names_are_built_in():
    # The same shapes with other people: the article alone says who is who.
    found = quotes_of(
        "Prime Minister Ana Ruiz met Mayor Tom Fell.\n\n"
        "“We agree,” Ruiz said.\n\n"
        "“So do we,” the mayor said.\n\n"
        "“Good,” he added."
    )
    assert [q.speaker for q in found] == ["Ana Ruiz", "Tom Fell", "Tom Fell"]


# --- speaker keys -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Marco Rubio", "rubio"),
        ("Rubio", "rubio"),
        ("US Secretary of State Marco Rubio", "rubio"),
        ("Rubio’s", "rubio"),
        ("Martin Luther King Jr.", "king"),
        ("State Department", "state department"),
        ("the U.S. State Department", "state department"),
        ("The State Department’s", "state department"),
        ("United States Department of State", "state department"),
        ("Amnesty International", "amnesty international"),
        (None, None),
        ("", None),
    ],
)
def test_speaker_key(name, key):
    assert speaker_key(name) == key


# --- the labelled set -------------------------------------------------------------------


def test_attribution_accuracy_on_the_labelled_seed_quotes(seed_corpus):
    pairs, missing, _ = match_labels(seed_corpus)
    assert not missing
    misses = []
    for label, quote in pairs:
        expected = None if label["speaker"] == "unknown" else label["speaker"]
        if speaker_key(quote.speaker) != expected:
            misses.append((label["article"][:3], label["quote"], expected, quote.speaker))
    accuracy = 1 - len(misses) / len(pairs)
    print(f"\nspeaker attribution: {accuracy:.1%} of {len(pairs)} labelled quotes")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= ACCURACY_FLOOR, misses


def test_confidence_is_zero_exactly_when_there_is_no_speaker(seed_corpus):
    for a in seed_corpus.articles:
        for q in extract(a):
            assert 0.0 <= q.confidence <= 1.0
            assert (q.speaker is None) == (q.confidence == 0.0)
            assert (q.speaker is None) <= (q.cue == "")


def test_embedded_post_outranks_every_other_cue(seed_corpus):
    found = extract(article_named(seed_corpus, "003"))
    embeds = [q for q in found if q.kind == "embed"]
    assert embeds and all(q.confidence == 1.0 for q in embeds)
    assert all(q.confidence < 1.0 for q in found if q.kind == "quoted")


def test_labelled_set_has_the_documented_shape():
    for label in labelled():
        assert set(label) <= {"article", "quote", "speaker", "why"}
        assert label["article"].endswith(".txt") and label["quote"] and label["speaker"]


def test_a_cue_after_a_quote_that_ends_its_own_sentence():
    found = quotes_of("“We will win!” Rubio said. “Is it legal?” he asked. The talks ended.")
    assert [(q.speaker, q.cue) for q in found] == [("Rubio", "Rubio said"), ("Rubio", "he asked")]


def test_a_role_shared_by_two_people_goes_to_the_one_mentioned_last():
    found = quotes_of(
        "President Ana Ruiz met President Tom Fell. Later Ruiz left.\n\n"
        "The president said it was “a fine day for both nations”."
    )
    assert [q.speaker for q in found] == ["Ana Ruiz"]
