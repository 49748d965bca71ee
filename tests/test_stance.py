from datetime import date

from coverage.analysis import figures
from coverage.analysis.stance import judge
from coverage.findings import Sentence
from coverage.model import Story, StoryEvent

STORY = Story(
    "Deal",
    "",
    (StoryEvent(date(2025, 2, 3), "meeting"), StoryEvent(date(2025, 2, 4), "post on X")),
)


def said(article, text):
    return Sentence(article=article, block=1, start=0, end=len(text), text=text, index=1)


def test_figures_are_compared_as_values_and_the_minority_differs():
    a = said("a", "Amnesty believes many of the over 80,000 people jailed are innocent.")
    b = said("b", "The country holds more than 80,000 detainees under the crackdown.")
    c = said("c", "A crackdown since 2022 has seen more than 81,000 people jailed.")
    assert judge(a, [b, c], STORY) == ("states", "")
    stance, why = judge(c, [a, b], STORY)
    assert stance == "differs"
    assert "81,000" in why and "80,000" in why and "2 others" in why


def test_two_sources_that_disagree_both_differ():
    a = said("a", "Over 80,000 people have been jailed.")
    c = said("c", "More than 81,000 people have been jailed.")
    assert judge(a, [c], STORY)[0] == "differs"
    assert judge(c, [a], STORY)[0] == "differs"


def test_unrelated_numbers_are_not_a_disagreement():
    a = said("a", "CECOT holds up to 40,000 inmates.")
    b = said("b", "More than 81,000 people have been jailed in CECOT.")
    assert judge(a, [b], STORY)[0] == "states"


def test_monday_and_february_3_are_the_same_day_but_february_4_is_not():
    monday = said("a", "The deal was announced on Monday by officials from both nations.")
    feb3 = said("b", "Rubio announced the deal on February 3 after meeting Bukele.")
    feb3_short = said("c", "The agreement was reached during a Feb. 3 meeting.")
    feb4 = said("d", "Rubio announced the deal on February 4 after meeting Bukele.")
    assert judge(monday, [feb3, feb3_short, feb4], STORY) == ("states", "")
    stance, why = judge(feb4, [monday, feb3, feb3_short], STORY)
    assert stance == "differs"
    assert "4 February 2025" in why and "3 February 2025" in why and "“Monday”" in why


def test_hedges_qualify():
    hedged = said("a", "It’s unclear whether the US government will take up the offer.")
    calling = said("b", "In what officials are calling a historic immigration agreement.")
    plain = said("c", "The US government will take up the offer, officials said.")
    assert judge(hedged, [plain], STORY) == ("qualifies", "hedged: “It’s unclear whether”")
    assert judge(calling, [plain], STORY)[0] == "qualifies"
    assert judge(plain, [hedged], STORY)[0] == "states"


def test_a_reworded_quote_differs_but_a_fragment_or_a_spelling_does_not():
    full = "“The fee would be relatively low for the U.S. but significant for us,” he added."
    us = "“The fee would be relatively low for the US but significant for us,” he added."
    fragment = "He said the fee would be “relatively low for the U.S.” but significant."
    reworded = "“This fee will be relatively small for the U.S. but significant for us,” he added."
    versions = [said("a", full), said("b", us), said("c", fragment), said("d", reworded)]
    stances = {s.article: judge(s, [o for o in versions if o is not s], STORY) for s in versions}
    assert stances["a"][0] == stances["b"][0] == stances["c"][0] == "states"
    assert stances["d"][0] == "differs"
    assert "This fee will be relatively small" in stances["d"][1]


def test_numbers_are_read_with_separators_and_scale_and_years_are_not_figures():
    found = figures.numbers(
        "Since 2022, 81,000 people; 1.5 million dollars; 60 days; TPS for 350,000."
    )
    assert [f.value for f in found] == [81000, 1_500_000, 60, 350000]
    assert figures.years("Since 2022, 81,000 people") == (2022,)
    assert figures.same_quantity(80000, 81000) and not figures.same_quantity(40000, 81000)


def test_a_country_placed_in_another_region_differs():
    south = said("a", "Bukele said the South American country would house US criminals.")
    central = said("b", "Bukele said the Central American country would house US criminals.")
    central2 = said("c", "The Central American nation would house US criminals, Bukele said.")
    stance, why = judge(south, [central, central2], STORY)
    assert stance == "differs" and "“South American country”" in why and "Central" in why
    assert judge(central, [south, central2], STORY)[0] == "states"
