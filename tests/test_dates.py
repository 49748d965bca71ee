from datetime import date

from coverage import dates
from coverage.model import Story, StoryEvent

STORY = Story(
    "T",
    "S",
    (StoryEvent(date(2025, 2, 3), "meeting"), StoryEvent(date(2025, 2, 4), "post on X")),
)


def test_editor_date_order_decides_an_ambiguous_date_line():
    value = dates.read_date_line("05-02-2025 12:00:00 AM", "DMY", STORY, editor_order=True)
    assert value.value == date(2025, 2, 5)
    assert value.provenance == "stated"
    assert "read day-month-year" in value.reason
    assert "editor's sidecar" in value.reason and "2 May 2025" in value.reason
    assert value.evidence == "05-02-2025 12:00:00 AM"


def test_without_an_order_the_reading_nearest_the_story_wins():
    value = dates.read_date_line("05-02-2025", None, STORY, editor_order=False)
    assert value.value == date(2025, 2, 5)
    assert "nearer the story's first date" in value.reason
    value = dates.read_date_line("02-05-2025", None, STORY, editor_order=False)
    assert value.value == date(2025, 2, 5)
    assert "month-day-year" in value.reason


def test_unambiguous_date_lines_need_no_rule():
    value = dates.read_date_line("25-02-2025", None, STORY, editor_order=False)
    assert value.value == date(2025, 2, 25)
    assert value.reason == "in the page's date line"


def test_capture_stamp_is_the_capture_date():
    value = dates.read_capture_stamp("calender_icon.png 5 December, 2025 | 3:27 AM")
    assert value.value == date(2025, 12, 5)
    assert "capture" in value.reason


def test_weekday_resolves_against_the_story_event_on_that_day():
    (monday,) = dates.mentions("announced on Monday by officials", 1, STORY)
    assert monday.value == date(2025, 2, 3)
    assert "‘Monday’ resolved against the story's event date 2025-02-03" in monday.reason
    (friday,) = dates.mentions("on Friday", 1, STORY)
    assert friday.value is None


def test_month_day_without_year_takes_the_story_year():
    found = dates.mentions("on February 3 after a Feb. 3 meeting, then February 4, 2025", 2, STORY)
    assert [m.value for m in found] == [date(2025, 2, 3)] * 2 + [date(2025, 2, 4)]
    assert "year of the story's dates" in found[0].reason
    assert found[2].reason.endswith("as written")


def test_no_story_leaves_relative_dates_unresolved():
    (monday,) = dates.mentions("on Monday", 1, None)
    assert monday.value is None


def test_publication_is_no_earlier_than_the_latest_reported_day():
    value = dates.infer_published(
        [(date(2025, 2, 3), "it reports ‘Monday’"), (date(2025, 2, 4), "the embedded post")]
    )
    assert value.value == date(2025, 2, 4)
    assert value.bound == "not-before" and value.provenance == "inferred"
    assert value.reason == "the embedded post"
    assert dates.infer_published([]) is None


def test_non_dates_are_not_date_lines():
    assert dates.is_date_line("05-02-2025 12:00:00 AM")
    assert not dates.is_date_line("Agencies SAN SALVADOR")
    assert not dates.is_date_line("Unprecedented deal with US")
