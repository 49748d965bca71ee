"""The timeline: days in order, events first, bounds and undated articles kept for what they are."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import CONTENT, article_named

from coverage.analyse import analyse
from coverage.analysis.claims import publication_order
from coverage.analysis.timeline import build
from coverage.findings import Appearance, Claim, Quote, QuoteGroup, QuoteVersion, Sentence
from coverage.model import UNKNOWN_DATE, DateValue, Story, StoryEvent
from coverage.options import Options
from coverage.sources import read_folder

FEB3, FEB4, FEB5 = date(2025, 2, 3), date(2025, 2, 4), date(2025, 2, 5)
MEETING = StoryEvent(FEB3, "Rubio meets Bukele")
POST = StoryEvent(FEB4, "Bukele posts on X")
STORY = Story("A story", "Line one.", events=(MEETING, POST))


def stated(day):
    return DateValue(day, "stated", "in the page's date line")


def not_before(day):
    return DateValue(day, "inferred", "it reports ‘Monday’", bound="not-before")


@pytest.fixture(scope="module")
def seed(seed_corpus):
    return article_named(seed_corpus, "000")


def dated(seed, name, published):
    """A copy of a seed article under another file name and id, with another date."""
    stem = name.removesuffix(".txt")
    return replace(
        seed, id=stem, slug=stem, source=replace(seed.source, name=name), published=published
    )


def appearance(article, index=1):
    sentence = Sentence(article, block=index, start=0, end=4, text="Text", index=index)
    return Appearance(sentence, "states", "", 1.0)


def version(article, quoted=True, block=1):
    quote = Quote(article, block, ((0, 4),), "Text", "quoted", None, 1.0, "", 1) if quoted else None
    return QuoteVersion(article, block, 0, 4, "Text", None, "verbatim", "", (), quote)


def ids(placed):
    return [p.article.id for p in placed]


def test_days_are_in_calendar_order_with_the_story_s_events_first(seed):
    articles = [dated(seed, "b.txt", stated(FEB5)), dated(seed, "a.txt", not_before(FEB3))]
    timeline = build(articles, STORY, (), ())
    assert [d.date for d in timeline.days] == [FEB3, FEB4, FEB5]
    feb3, feb4, feb5 = timeline.days
    assert feb3.events == (MEETING,) and ids(feb3.articles) == ["a"]
    # A day with an event and no article is still a day of the story.
    assert feb4.events == (POST,) and feb4.articles == ()
    assert feb5.events == () and ids(feb5.articles) == ["b"]


def test_within_a_day_exact_dates_come_before_bounds_then_publication_order(seed):
    articles = [
        dated(seed, "a.txt", not_before(FEB3)),
        dated(seed, "d.txt", stated(FEB3)),
        dated(seed, "c.txt", not_before(FEB3)),
        dated(seed, "b.txt", DateValue(FEB3, "editor", "given in the editor's sidecar")),
    ]
    (day,) = [d for d in build(articles, STORY, (), ()).days if d.date == FEB3]
    assert ids(day.articles) == ["b", "d", "a", "c"]
    assert [p.not_before for p in day.articles] == [False, False, True, True]


def test_a_lower_bound_is_placed_on_its_day_and_keeps_its_reason(seed):
    (placed,) = build([dated(seed, "a.txt", not_before(FEB4))], None, (), ()).days[0].articles
    assert placed.not_before
    assert placed.published.value == FEB4
    assert placed.published.reason == "it reports ‘Monday’"


def test_an_undated_article_is_never_put_on_a_day(seed):
    articles = [dated(seed, "z.txt", UNKNOWN_DATE), dated(seed, "a.txt", stated(FEB5))]
    timeline = build(articles, STORY, (), ())
    assert ids(timeline.undated) == ["z"]
    assert "z" not in [p.article.id for d in timeline.days for p in d.articles]
    assert [d.date for d in timeline.days] == [FEB3, FEB4, FEB5]


def test_no_story_means_no_events_only_the_articles_days(seed):
    timeline = build([dated(seed, "a.txt", stated(FEB5))], None, (), ())
    assert [(d.date, d.events) for d in timeline.days] == [(FEB5, ())]


def test_a_claim_s_first_appearance_goes_to_the_article_that_made_it_first(seed):
    early, late = dated(seed, "a.txt", not_before(FEB3)), dated(seed, "b.txt", stated(FEB4))
    claim = Claim("c1", "A claim", "inferred", (appearance("a"), appearance("b")), ())
    timeline = build([late, early], STORY, (claim,), ())
    first = timeline.days[0].articles[0]
    assert first.article.id == "a"
    assert [c.claim.id for c in first.claims] == ["c1"]
    assert first.claims[0].appearance.sentence.article == "a"
    assert timeline.days[1].articles[0].claims == ()


def test_a_quote_s_first_appearance_is_its_earliest_quote_not_a_paraphrase(seed):
    early, late = dated(seed, "a.txt", stated(FEB3)), dated(seed, "b.txt", stated(FEB4))
    # drift.py lists quotes in publication order and paraphrases after them, whatever their
    # date: a's paraphrase is earlier than b's quote, but it does not quote the words.
    paraphrased = QuoteGroup("q1", None, "Text", "", (version("b"), version("a", quoted=False)))
    # Listed out of order on purpose: the earliest is found, not assumed.
    shuffled = QuoteGroup("q2", None, "Text", "", (version("b"), version("a", block=5)))
    timeline = build([early, late], None, (), (paraphrased, shuffled))
    a, b = timeline.days[0].articles[0], timeline.days[1].articles[0]
    assert [q.group.id for q in a.quotes] == ["q2"]
    assert a.quotes[0].version.block == 5
    assert [q.group.id for q in b.quotes] == ["q1"]


def test_an_undated_article_can_hold_a_first_appearance(seed):
    undated = dated(seed, "u.txt", UNKNOWN_DATE)
    claim = Claim("c1", "Only undated", "inferred", (appearance("u"),), ())
    timeline = build([undated], STORY, (claim,), ())
    assert [c.claim.id for c in timeline.undated[0].claims] == ["c1"]


@pytest.fixture(scope="module")
def seed_timeline(seed_corpus):
    findings = analyse(read_folder(CONTENT), seed_corpus, Options())
    timeline = build(
        seed_corpus.articles, seed_corpus.story, findings.claims.claims, findings.quotes
    )
    return timeline, findings


def placed_by_prefix(timeline):
    return {p.article.source.name[:3]: p for d in timeline.days for p in d.articles}


def test_on_the_seeds_the_meeting_is_on_3_feb_and_bukele_s_post_on_4_feb(seed_timeline):
    timeline, _ = seed_timeline
    labels = {d.date: [e.label for e in d.events] for d in timeline.days}
    assert any("Rubio meets Bukele" in label for label in labels[FEB3])
    assert any("post on X" in label for label in labels[FEB4])
    assert [d.date for d in timeline.days] == [FEB3, FEB4, FEB5]


def test_on_the_seeds_only_002_has_a_stated_day_the_others_are_bounds(seed_timeline):
    timeline, _ = seed_timeline
    placed = placed_by_prefix(timeline)
    assert sorted(placed) == ["000", "001", "002", "003", "004"]
    assert timeline.undated == ()
    assert placed["002"].published.provenance == "stated"
    assert not placed["002"].not_before and placed["002"].published.value == FEB5
    for prefix in ("000", "001", "003", "004"):
        assert placed[prefix].not_before, prefix
        assert placed[prefix].published.provenance == "inferred"
    assert placed["003"].published.value == FEB4


def test_on_the_seeds_every_claim_and_quote_first_appears_exactly_once(seed_timeline, seed_corpus):
    timeline, findings = seed_timeline
    everyone = [p for d in timeline.days for p in d.articles]
    claimed = [(c.claim.id, p.article.id) for p in everyone for c in p.claims]
    assert sorted(claimed) == sorted(
        (c.id, c.appearances[0].sentence.article) for c in findings.claims.claims
    )
    quoted = {q.group.id: p.article.id for p in everyone for q in p.quotes}
    assert len(quoted) == len(findings.quotes)
    rank = {a.id: n for n, a in enumerate(publication_order(seed_corpus.articles))}
    for group in findings.quotes:
        earliest = min(rank[v.article] for v in group.versions if v.quote is not None)
        assert rank[quoted[group.id]] == earliest, group.id
