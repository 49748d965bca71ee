from coverage.analysis.drift import contains, group_quotes, word_diff, words
from coverage.findings import Quote
from coverage.model import PrimarySource, Story
from coverage.pipeline import Plain

RUBIO = (
    "In an act of extraordinary friendship to our country … (El Salvador) has agreed to the most "
    "unprecedented and extraordinary migratory agreement anywhere in the world,"
)
POST = PrimarySource(
    id="post",
    speaker="Nayib Bukele",
    where="a post on X",
    text="We have offered the opportunity. We are willing to take in only convicted criminals "
    "(including convicted U.S. citizens) into our mega-prison (CECOT) in exchange for a fee.",
)


def quote(article, text, speaker="Marco Rubio", block=1, index=0):
    return Quote(
        article=article,
        block=block,
        spans=((10, 10 + len(text)),),
        text=text,
        kind="quoted",
        speaker=speaker,
        confidence=0.9,
        cue="",
        index=index,
    )


def labels(group):
    return {v.article: v.label for v in group.versions}


def test_words_spell_us_alike_and_know_a_sentence_end_from_an_abbreviation():
    assert words("for the U.S. but").norm == words("for the US but").norm
    assert words("house them in his jails.").ends_sentence
    assert not words("relatively low for the U.S.").ends_sentence
    assert not words("house them in his jails,").ends_sentence


def test_contains_is_a_run_of_consecutive_words():
    whole = words(RUBIO).norm
    assert contains(whole, words("most unprecedented").norm)
    assert not contains(whole, words("unprecedented most").norm)
    assert not contains(whole, ())


def test_same_words_everywhere_are_verbatim_and_a_piece_is_a_fragment():
    (group,) = group_quotes(
        [quote("a", RUBIO), quote("b", RUBIO), quote("c", "most unprecedented")], None
    )
    assert labels(group) == {"a": "verbatim", "b": "verbatim", "c": "verbatim-fragment"}
    assert group.speaker == "Marco Rubio"
    fragment = group.versions[2]
    assert "2 of the reference's" in fragment.reason


def test_changed_words_inside_quote_marks_are_reworded_with_the_changes_named():
    reworded = (
        "In an extraordinary gesture of friendship with our country, El Salvador has agreed to "
        "the most unique and unprecedented immigration agreement in the world,"
    )
    (group,) = group_quotes([quote("a", RUBIO), quote("b", RUBIO), quote("c", reworded)], None)
    version = group.versions[2]
    assert version.label == "reworded"
    assert "“and extraordinary migratory” → “immigration”" in version.reason
    assert "adds “unique and”" in version.reason
    assert ("delete", "and extraordinary migratory") in version.diff
    assert ("insert", "immigration") in version.diff


def test_a_full_stop_moved_inside_the_marks_is_trimmed():
    runs_on = "accept any illegal alien who is a criminal and house them in his jails,"
    ends = "accept any illegal alien who is a criminal and house them in his jails."
    (group,) = group_quotes([quote("a", runs_on), quote("b", runs_on), quote("c", ends)], None)
    assert labels(group) == {"a": "verbatim", "b": "verbatim", "c": "trimmed"}


def test_words_dropped_from_inside_are_trimmed():
    full = "we will house them in our jails and in our prisons for a fee"
    cut = "we will house them in our prisons for a fee"
    (group,) = group_quotes([quote("a", full), quote("b", full), quote("c", cut)], None)
    assert group.versions[2].label == "trimmed"
    assert "“jails and in our”" in group.versions[2].reason


def test_the_primary_source_is_the_reference_and_us_is_a_spelling_difference():
    exact = (
        "We are willing to take in only convicted criminals (including convicted U.S. citizens) "
        "into our mega-prison (CECOT) in exchange for a fee."
    )
    us = exact.replace("U.S.", "US")
    reworded = (
        "We are willing to accept convicted criminals (including U.S. citizens) into our "
        "mega-prison (CECOT) in exchange for a fee,"
    )
    story = Story("S", "", (), (POST,))
    found = group_quotes(
        [
            quote("a", exact, "Nayib Bukele"),
            quote("b", us, "Bukele"),
            quote("c", reworded, "Bukele"),
            quote("d", "mega-prison", "Bukele"),
        ],
        story,
    )
    (group,) = found
    assert group.reference_from == "primary source: a post on X"
    assert group.speaker == "Nayib Bukele"
    assert labels(group) == {
        "a": "verbatim",
        "b": "spelling",
        "c": "reworded",
        "d": "verbatim-fragment",
    }
    assert "“US” for “U.S.”" in group.versions[1].reason
    reason = group.versions[2].reason
    assert "“take in only” → “accept”" in reason and "drops “convicted”" in reason


def test_the_same_words_given_to_another_speaker_are_attributed_differently():
    said = "dangerous American criminals in custody in our country,"
    found = group_quotes(
        [quote("a", said), quote("b", said, "Rubio"), quote("c", said, "Nayib Bukele")], None
    )
    (group,) = found
    assert group.speaker == "Marco Rubio"
    assert labels(group)["c"] == "attributed-differently"
    assert "Nayib Bukele" in group.versions[2].reason
    assert labels(group)["b"] == "verbatim"


def test_an_unknown_speaker_is_not_a_misattribution():
    said = "dangerous American criminals in custody in our country,"
    (group,) = group_quotes([quote("a", said), quote("b", said, None)], None)
    assert labels(group)["b"] == "verbatim"


def test_different_utterances_stay_apart_and_ids_come_from_the_first_quote():
    fee = "The fee would be relatively low for the U.S. but significant for us,"
    found = group_quotes([quote("a", RUBIO), quote("a", fee, "Nayib Bukele", index=1)], None)
    assert [g.id for g in found] == [
        "in-an-act-of-extraordinary-friendship-to-our-country-el",
        "the-fee-would-be-relatively-low-for-the-us-but-significant",
    ]


def test_a_later_article_does_not_change_earlier_ids():
    first = [quote("a", RUBIO), quote("b", "most unprecedented")]
    before = [g.id for g in group_quotes(first, None)]
    after = [g.id for g in group_quotes([*first, quote("c", "a brand new remark entirely")], None)]
    assert after[: len(before)] == before


def test_word_diff_keeps_the_versions_spelling_for_kept_words():
    diff = word_diff(words("low for the U.S. but"), words("low for the US but"))
    assert diff == (("equal", "low for the US but"),)


def test_one_word_joins_the_group_its_neighbour_in_the_paragraph_joined():
    fee = "The fee would be relatively low for the U.S. but significant for us,"
    found = group_quotes(
        [
            quote("a", fee, "Nayib Bukele"),
            quote("b", fee, "Nayib Bukele"),
            quote("c", "relatively low for the U.S.", "Bukele", block=7),
            quote("c", "significant", "Bukele", block=7, index=1),
            quote("d", "significant", "Bukele", block=2),
        ],
        None,
    )
    assert [sorted(v.article for v in g.versions) for g in found] == [["a", "b", "c", "c"], ["d"]]


# On the seeds: what the issue names, found by the real extraction and claims.


def seed_groups(corpus):
    from conftest import CONTENT

    from coverage.analyse import build_claims
    from coverage.analysis import quotes
    from coverage.analysis.claims import publication_order
    from coverage.options import Options
    from coverage.sources import read_folder

    claims = build_claims(read_folder(CONTENT), corpus, Options())
    ordered = publication_order(corpus.articles)
    found = [q for a in ordered for q in quotes.extract(a)]
    return group_quotes(found, corpus.story, claims)


def version(groups, article, words):
    return next(
        (g, v)
        for g in groups
        for v in g.versions
        if v.article.startswith(article) and words in v.text
    )


def test_the_seed_quotes_get_the_labels_a_reader_would_give_them(seed_corpus):
    groups = seed_groups(seed_corpus)
    expected = [
        ("001", "extraordinary gesture of friendship", "reworded"),
        ("001", "We are willing to accept convicted criminals", "reworded"),
        ("001", "This fee will be relatively small", "reworded"),
        ("001", "President Bukele has volunteered", "reworded"),
        ("003", "house them in his jails.", "trimmed"),
        ("002", "(including convicted US citizens)", "spelling"),
        ("002", "relatively low for the US", "spelling"),
        ("004", "most unprecedented", "verbatim-fragment"),
        ("004", "an act of extraordinary friendship to our country", "verbatim-fragment"),
        ("004", "relatively low for the U.S.", "verbatim-fragment"),
        ("004", "dangerous American criminals", "verbatim-fragment"),
        ("003", "dangerous American criminals in custody", "attributed-differently"),
        ("000", "In an act of extraordinary friendship", "verbatim"),
        ("003", "We are willing to take in only", "verbatim"),
        ("004", "Rubio said that Bukele has also agreed", "paraphrase"),
    ]
    found = [(a, w, version(groups, a, w)[1].label) for a, w, _ in expected]
    assert found == expected


def test_seed_groups_hold_each_utterance_once_with_its_speaker(seed_corpus):
    groups = seed_groups(seed_corpus)
    rubio, _ = version(groups, "000", "In an act of extraordinary friendship")
    assert rubio.speaker == "Marco Rubio"
    assert {v.article[:3] for v in rubio.versions} == {"000", "001", "002", "003", "004"}
    post, _ = version(groups, "000", "We are willing to take in only")
    assert post.speaker == "Nayib Bukele" and post.reference_from.startswith("primary source")
    misattributed = version(groups, "003", "dangerous American criminals in custody")[1]
    assert "Nayib Bukele" in misattributed.reason and "Marco Rubio" in misattributed.reason


def test_groups_do_not_depend_on_the_hash_seed():
    """Sets iterate in hash order, which changes per process: the groups must not."""
    import subprocess
    import sys

    from conftest import ROOT

    script = (
        "import sys; sys.path[:0] = ['bench', 'plugins']\n"
        "import claims_bench\n"
        "from coverage.analysis import drift, quotes\n"
        "from coverage.analysis.claims import publication_order\n"
        "from coverage.analysis.detect import detect\n"
        "corpus, _ = claims_bench.corpus_of(100)\n"
        "ordered = publication_order(corpus.articles)\n"
        "found = [q for a in ordered for q in quotes.extract(a)]\n"
        "groups = drift.group_quotes(found, corpus.story, detect(corpus.articles, corpus.story))\n"
        "print([(g.id, [(v.article, v.label) for v in g.versions]) for g in groups])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1 and "verbatim" in next(iter(runs))


class Keeping(Plain):
    """A runner that keeps each result by its key, and records which it computed."""

    def __init__(self, kept=None):
        self.kept = dict(kept or {})
        self.computed = []

    def memo(self, stage, key, compute):
        if (stage, key) not in self.kept:
            self.computed.append(stage)
            self.kept[stage, key] = compute()
        return self.kept[stage, key]


def test_a_group_is_labelled_again_only_when_what_labelling_reads_changes():
    fee = "The fee would be relatively low for the U.S. but significant for us,"
    first = [quote("a", RUBIO), quote("b", RUBIO), quote("a", fee, "Nayib Bukele", index=1)]
    before = Keeping()
    labelled = group_quotes(first, None, run=before)
    assert before.computed == ["quote_group", "quote_group"]
    assert group_quotes(first, None, run=Keeping(before.kept)) == labelled
    # A third outlet quoting Bukele changes his group alone; Rubio's is taken as it was.
    grown = [*first, quote("c", fee, "Nayib Bukele")]
    after = Keeping(before.kept)
    found = group_quotes(grown, None, run=after)
    assert after.computed == ["quote_group"]
    assert found == group_quotes(grown, None)
    assert found[0] == labelled[0] and found[1] != labelled[1]
