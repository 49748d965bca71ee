from dataclasses import replace
from datetime import date

import pytest
from conftest import CONTENT, article_named

from coverage.analyse import build_claims
from coverage.analysis import ledger
from coverage.analysis.claims import publication_order
from coverage.corpus import build_corpus
from coverage.findings import Appearance, Claim, Claims, FigureMention, Sentence
from coverage.model import Story, StoryEvent
from coverage.options import Options
from coverage.sources import Folder, read_folder

STORY = Story(
    "Deal",
    "",
    (
        StoryEvent(date(2025, 2, 3), "Rubio meets Bukele; the agreement is announced"),
        StoryEvent(date(2025, 2, 4), "Bukele confirms the offer on X"),
    ),
)
NO_CLAIMS = Claims((), ())


def ledger_of(folder):
    corpus = build_corpus(folder, Options())
    claims = build_claims(folder, corpus, Options())
    ordered = publication_order(corpus.articles)
    found = [m for a in ordered for m in ledger.mentions(a, corpus.story)]
    return ledger.quantities(found, claims, corpus.story, [a.id for a in ordered])


@pytest.fixture(scope="module")
def seeds():
    return ledger_of(read_folder(CONTENT))


def holding(quantities, text):
    """The one quantity with a mention written `text`."""
    found = [q for q in quantities if any(m.text == text for m in q.mentions)]
    assert len(found) == 1, [q.name for q in found]
    return found[0]


def founder(quantity):
    m = quantity.mentions[0]
    return m.article, m.block, m.start


def written(quantity):
    return [(m.article[:3], m.text) for m in quantity.mentions]


# --- On the seeds ---


def test_80000_and_81000_jailed_are_one_quantity_that_disagrees(seeds):
    jailed = holding(seeds, "more than 81,000")
    assert written(jailed) == [
        ("000", "over 80,000"),
        ("001", "more than 80,000"),
        ("002", "more than 81,000"),
    ]
    assert jailed.kind == "count" and not jailed.agree
    assert jailed.name == "people jailed under the state of emergency"
    assert [m.value for m in jailed.mentions] == [80000, 80000, 81000]
    assert jailed.claim and all(m.claim for m in jailed.mentions)


def test_the_meeting_day_is_written_three_ways_and_agrees(seeds):
    meeting = holding(seeds, "Feb. 3")
    assert {m.day for m in meeting.mentions} == {date(2025, 2, 3)} and meeting.agree
    assert {m.article[:3] for m in meeting.mentions} == {"000", "001", "002", "003", "004"}
    assert {m.text for m in meeting.mentions} == {"Monday", "February 3", "Feb. 3"}
    assert meeting.name.startswith("day of: Rubio meets Bukele in San Salvador")
    monday = next(m for m in meeting.mentions if m.text == "Monday")
    assert "2025-02-03" in monday.reason


def test_the_embedded_posts_date_is_its_own_day(seeds):
    post = holding(seeds, "February 4, 2025")
    assert [(m.article[:3], m.day) for m in post.mentions] == [("003", date(2025, 2, 4))]
    assert post.mentions[0].counts == "post on X by Nayib Bukele"
    assert "attribution line" in post.mentions[0].reason


def test_cecot_capacity_is_a_quantity_of_its_own(seeds):
    capacity = holding(seeds, "40,000")
    assert written(capacity) == [("002", "40,000")]
    assert capacity.name == "maximum capacity (inmates)" and capacity.mentions[0].unit == "inmates"


def test_2022_is_one_year_in_three_articles(seeds):
    began = holding(seeds, "2022")
    assert written(began) == [("000", "2022"), ("001", "2022"), ("002", "2022")]
    assert began.kind == "year" and began.agree
    assert began.name == "year the draconian state of emergency began"
    assert holding(seeds, "2019").name == "year of taking office"


def test_gang_names_and_page_furniture_give_no_figures(seed_corpus):
    for article in seed_corpus.articles:
        assert not any("13" in m.text for m in ledger.mentions(article, seed_corpus.story))
    tribune = article_named(seed_corpus, "002")
    found = ledger.mentions(tribune, seed_corpus.story)
    assert [m.text for m in found if m.text in ("40,000", "2025", "5", "05")] == ["40,000"]
    assert all(1 <= m.block <= len(tribune.blocks) for m in found)


def test_every_seed_mention_is_its_blocks_own_text(seed_corpus):
    for article in seed_corpus.articles:
        for m in ledger.mentions(article, seed_corpus.story):
            assert article.blocks[m.block - 1].text[m.start : m.end] == m.text


def test_ids_stay_put_when_a_later_article_is_added(seeds):
    folder = read_folder(CONTENT)
    earlier = replace(
        folder,
        articles=tuple(a for a in folder.articles if not a[0].startswith("002")),
        sidecars=tuple(s for s in folder.sidecars if not s[0].startswith("002")),
    )
    before = ledger_of(earlier)
    founders = {founder(q): q.id for q in seeds}
    assert before and all(founders[founder(q)] == q.id for q in before)
    assert len({q.id for q in seeds}) == len(seeds)


# --- mentions, by hand ---


def one_article(text):
    folder = Folder("content", (("a.txt", text.encode()),), (), None, ())
    return build_corpus(folder, Options()).articles[0]


def test_counts_say_what_they_count_and_where_they_are():
    text = "Rights groups believe many of the over 80,000 people jailed there are innocent."
    (m,) = ledger.mentions(one_article(text), None)
    assert (m.block, m.kind, m.text, m.value, m.unit) == (
        1,
        "count",
        "over 80,000",
        80000,
        "people",
    )
    assert m.counts == "people jailed there" and text[m.start : m.end] == "over 80,000"
    assert "a bound" in m.reason


def test_amounts_years_and_days_in_one_article():
    text = (
        "Since taking office in 2019, he has spent $6 billion in aid.\n\n"
        "The budget grew 40% on Monday."
    )
    found = ledger.mentions(one_article(text), STORY)
    assert [(m.block, m.kind, m.text, m.unit) for m in found] == [
        (1, "year", "2019", "year"),
        (1, "amount", "$6 billion", "US$"),
        (2, "amount", "40%", "%"),
        (2, "day", "Monday", "day"),
    ]
    assert found[0].counts == "taking office" and found[1].counts == "aid"
    assert found[1].value == 6e9 and found[3].day == date(2025, 2, 3)


def test_a_weekday_resolves_only_against_a_story():
    text = "Rubio told reporters Monday that the talks went well."
    (with_story,) = ledger.mentions(one_article(text), STORY)
    assert with_story.day == date(2025, 2, 3) and "resolved" in with_story.reason
    assert with_story.counts == "Rubio told reporters"
    (without,) = ledger.mentions(one_article(text), None)
    assert without.day is None and "no story date" in without.reason


def test_addresses_and_handles_hold_no_figures():
    text = "Follow @user2024 and read example.com/2022/report-45 for the 3 reports."
    assert [m.text for m in ledger.mentions(one_article(text), None)] == ["3"]


# --- quantities, by hand ---


def said(article, text, block=1, start=0, kind="count", value=None, counts="", unit="", day=None):
    at = start
    return FigureMention(article, block, at, at + len(text), text, kind, value, day, unit, counts)


def carrying(claim_id, *sentences):
    appearances = tuple(Appearance(s, "states", "", 1.0) for s in sentences)
    return Claim(claim_id, claim_id, "inferred", appearances, ())


def test_a_mention_takes_the_claim_of_the_sentence_that_carries_it():
    sentence = Sentence("a", 2, 10, 80, "… over 80,000 people jailed …", 3)
    claims = Claims((carrying("jailed", sentence),), ())
    inside = said("a", "over 80,000", 2, 20, value=80000, counts="people jailed", unit="people")
    outside = replace(inside, block=3)
    (jailed,) = ledger.quantities([outside, inside], claims, None, ["a"])
    assert [m.claim for m in jailed.mentions] == ["jailed", None] and jailed.claim == "jailed"


def test_the_same_counted_thing_across_claims_is_one_quantity_unless_far_apart():
    a = said("a", "80,000", value=80000, counts="people jailed under the emergency", unit="people")
    b = said("b", "81,000", value=81000, counts="people jailed", unit="people")
    c = said("c", "40,000", value=40000, counts="people jailed", unit="people")
    first, second = ledger.quantities([c, b, a], NO_CLAIMS, None, ["a", "b", "c"])
    assert [m.article for m in first.mentions] == ["a", "b"] and not first.agree
    assert first.name == "people jailed under the emergency"
    assert [m.article for m in second.mentions] == ["c"] and second.agree  # a lone one is kept


def test_one_articles_repeats_are_one_quantity():
    twice = [
        said("a", "Monday", 1, 5, "day", counts="talks", unit="day", day=date(2025, 2, 3)),
        said("a", "Monday", 4, 9, "day", counts="reporters", unit="day", day=date(2025, 2, 3)),
    ]
    (day,) = ledger.quantities(twice, NO_CLAIMS, None, ["a"])
    assert len(day.mentions) == 2 and day.agree and day.name == "day: talks"


def test_another_day_for_the_same_event_in_one_claim_disagrees():
    s1, s2 = Sentence("a", 1, 0, 60, "x", 1), Sentence("b", 1, 0, 60, "y", 1)
    claims = Claims((carrying("announced", s1, s2),), ())
    monday = said("a", "Monday", 1, 30, "day", counts="Rubio announced", day=date(2025, 2, 3))
    feb4 = said("b", "February 4", 1, 30, "day", counts="Rubio announced", day=date(2025, 2, 4))
    (day,) = ledger.quantities([monday, feb4], claims, STORY, ["a", "b"])
    assert not day.agree and day.name == "day of: Rubio meets Bukele; the agreement is announced"


def test_ids_are_unique_and_do_not_change_when_a_later_article_comes():
    # Two bare "60 days" with nothing to say they count the same thing stay apart.
    a = said("a", "60", value=60, counts="days", unit="days")
    b = said("b", "60", value=60, counts="days", unit="days", start=10)
    c = said("c", "2,000", value=2000, counts="soldiers deployed", unit="soldiers")
    two = ledger.quantities([a, b], NO_CLAIMS, None, ["a", "b"])
    assert [q.id for q in two] == ["days-60", "days-60-2"]
    three = ledger.quantities([c, b, a], NO_CLAIMS, None, ["a", "b", "c"])
    assert [q.id for q in three] == ["days-60", "days-60-2", "soldiers-deployed-2000"]
