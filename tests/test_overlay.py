from coverage.analysis.claims import Group
from coverage.analysis.overlay import apply, parse
from coverage.findings import Sentence

PATH = "content/claims.yaml"


def said(article, index, text):
    return Sentence(article=article, block=index, start=0, end=len(text), text=text, index=index)


A1 = said("a", 1, "El Salvador will accept deportees of any nationality.")
B1 = said("b", 1, "El Salvador will take deported people regardless of nationality.")
A2 = said("a", 2, "Bukele offered to jail convicted US citizens for a fee.")
B2 = said("b", 2, "Bukele will house American criminals in CECOT in exchange for a fee.")
C2 = said("c", 1, "The fee would be relatively low for the US.")
SENTENCES = {"a.txt": (A1, A2), "b.txt": (B1, B2), "c.txt": (C2,)}
GROUPS = (
    Group("any-nationality", (A1, B1), (1.0, 0.6)),
    Group("us-citizens", (A2, B2), (1.0, 0.5)),
    Group("fee", (C2,), (1.0,)),
)


def corrected(text):
    overlay, problems = parse(text, PATH)
    assert problems == ()
    groups, problems = apply(overlay, GROUPS, SENTENCES)
    return {g.id: g for g in groups}, [str(p) for p in problems]


def errors(text):
    overlay, problems = parse(text, PATH)
    _, stale = apply(overlay, GROUPS, SENTENCES)
    found = problems + stale
    assert all(p.level == "error" for p in found)
    return [str(p) for p in found]


def test_naming_a_claim_gives_it_an_id_title_and_note():
    groups, problems = corrected(
        "claims:\n"
        "  any-nationality:\n"
        "    id: deportees-any-nationality\n"
        "    title: El Salvador will accept deportees of any nationality\n"
        "    note: Rubio's words; the agreement text was not published.\n"
    )
    assert problems == []
    named = groups["deportees-any-nationality"]
    assert named.title == "El Salvador will accept deportees of any nationality"
    assert named.note.startswith("Rubio's words") and named.by_editor
    assert "any-nationality" not in groups


def test_merge_folds_claims_into_one():
    groups, _ = corrected("merge:\n  - into: us-citizens\n    from: [fee]\n")
    assert set(groups) == {"any-nationality", "us-citizens"}
    assert groups["us-citizens"].members == (A2, B2, C2)


def test_split_moves_sentences_into_a_new_claim():
    groups, _ = corrected(
        "split:\n"
        "  - from: us-citizens\n"
        "    id: cecot-fee\n"
        "    title: Bukele would house them in CECOT for a fee\n"
        "    sentences:\n"
        "      - {article: b.txt, text: in exchange for a fee}\n"
    )
    assert groups["us-citizens"].members == (A2,)
    assert groups["cecot-fee"].members == (B2,)
    assert groups["cecot-fee"].title == "Bukele would house them in CECOT for a fee"


def test_pin_and_reject_move_single_sentences():
    groups, _ = corrected(
        "pin:\n  - {claim: us-citizens, article: c.txt, text: relatively low}\n"
        "reject:\n  - {claim: any-nationality, article: b.txt, text: regardless of nationality}\n"
    )
    assert C2 in groups["us-citizens"].members and C2 in groups["us-citizens"].pinned
    assert groups["any-nationality"].members == (A1,)


def test_rules_may_use_the_editor_s_new_id():
    groups, problems = corrected(
        "claims:\n  fee: {id: the-fee}\n"
        "pin:\n  - {claim: the-fee, article: b.txt, text: in exchange for a fee}\n"
    )
    assert problems == [] and B2 in groups["the-fee"].members


def test_unknown_keys_are_errors_with_their_line():
    found = errors("claims:\n  fee:\n    titel: The fee\nmerg:\n  - {into: fee, from: [x]}\n")
    assert found == [
        "content/claims.yaml:3: unknown field `titel` — did you mean `title`?",
        "content/claims.yaml:4: unknown field `merg` — did you mean `merge`?",
    ]


def test_a_merge_of_unknown_ids_is_an_error_naming_the_rule():
    (message,) = errors("merge:\n  - into: fee\n    from: [no-such-claim]\n")
    assert message.startswith("content/claims.yaml:2: `merge` rule for fee no longer matches")
    assert "'no-such-claim'" in message


def test_a_slug_clash_is_an_error():
    (message,) = errors("claims:\n  fee:\n    id: us-citizens\n")
    assert message.startswith("content/claims.yaml:2:")
    assert "'us-citizens' is already a claim's id" in message


def test_a_pin_whose_words_are_gone_is_stale():
    (message,) = errors("pin:\n  - {claim: fee, article: a.txt, text: words nobody wrote}\n")
    assert "no longer matches: no sentence of a.txt contains “words nobody wrote”" in message
    (message,) = errors("pin:\n  - {claim: fee, article: z.txt, text: fee}\n")
    assert "there is no article 'z.txt'" in message


def test_an_ambiguous_passage_asks_for_more_words():
    (message,) = errors("reject:\n  - {claim: us-citizens, article: b.txt, text: will}\n")
    assert "“will” occurs in 2 sentences of b.txt — quote more of the sentence" in message


def test_missing_fields_and_bad_slugs_are_errors():
    found = errors("split:\n  - {from: fee, id: Not A Slug}\npin:\n  - {claim: fee}\n")
    assert any("has no `sentences`" in m for m in found)
    assert any("is not a slug" in m for m in found)
    assert any("has no `article`" in m for m in found)


def test_broken_yaml_is_an_error_with_a_line():
    (message,) = errors("claims:\n  fee: [unclosed\n")
    assert message.startswith("content/claims.yaml:")
    assert "not valid YAML" in message
