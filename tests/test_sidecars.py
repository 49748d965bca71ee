from datetime import date

from coverage.sidecars import parse_sidecar, parse_story


def test_a_full_sidecar_is_read():
    meta, problems = parse_sidecar(
        "outlet: News.Az\n"
        "url: https://news.az/x\n"
        "published: 2025-02-03\n"
        "retrieved: 2025-03-01\n"
        "status: confirmed\n"
        "date_order: day-month-year\n"
        "notes: >\n  citing CNN\n",
        "content/a.yaml",
    )
    assert problems == ()
    assert meta.outlet == "News.Az"
    assert meta.published == date(2025, 2, 3)
    assert meta.retrieved == date(2025, 3, 1)
    assert meta.date_order == "DMY"
    assert meta.notes == "citing CNN"


def test_not_given_values_are_absent_not_invented():
    meta, problems = parse_sidecar("outlet: X\npublished: not given\nurl: unknown\n", "a.yaml")
    assert problems == ()
    assert meta.published is None and meta.url is None


def test_impossible_date_names_file_line_and_fix():
    meta, problems = parse_sidecar("outlet: X\n\npublished: 2025-02-30\n", "content/a.yaml")
    assert meta is None
    (problem,) = problems
    assert problem.line == 3
    text = str(problem)
    assert text.startswith("content/a.yaml:3: published: '2025-02-30' is not a real calendar date")
    assert "2025-02-05" in text


def test_malformed_date_is_an_error_too():
    _, problems = parse_sidecar("retrieved: 5/2/2025\n", "a.yaml")
    assert problems[0].line == 1 and "retrieved" in problems[0].message


def test_published_after_retrieved_is_impossible():
    _, problems = parse_sidecar("published: 2025-03-01\nretrieved: 2025-02-01\n", "a.yaml")
    assert "cannot be captured before it was published" in problems[0].message


def test_unknown_field_suggests_the_known_one():
    _, problems = parse_sidecar("outlt: X\n", "a.yaml")
    assert problems[0].message == "unknown field `outlt`"
    assert "outlet" in problems[0].action


def test_bad_status_and_yaml_syntax():
    _, problems = parse_sidecar("status: maybe\n", "a.yaml")
    assert "confirmed" in problems[0].message
    _, problems = parse_sidecar("outlet: [unclosed\nurl: x\n", "a.yaml")
    assert "not valid YAML" in problems[0].message and problems[0].line is not None
    _, problems = parse_sidecar("- a list\n", "a.yaml")
    assert "key: value" in problems[0].message


def test_story_events_are_sorted_and_checked():
    story, problems = parse_story(
        "title: T\nsummary: S\nevents:\n"
        "  - date: 2025-02-04\n    label: post\n"
        "  - date: 2025-02-03\n    weekday: Monday\n    label: meeting\n",
        "story.yaml",
    )
    assert problems == ()
    assert [e.label for e in story.events] == ["meeting", "post"]


def test_story_weekday_that_does_not_match_is_an_error():
    _, problems = parse_story(
        "title: T\nevents:\n  - date: 2025-02-03\n    weekday: Tuesday\n", "story.yaml"
    )
    assert problems[0].line == 4
    assert "2025-02-03 is a Monday, not a Tuesday" in problems[0].message


def test_story_primary_sources_are_read_with_their_words_on_one_line():
    story, problems = parse_story(
        "title: T\nsources:\n  - id: post\n    speaker: Nayib Bukele\n    where: X\n"
        "    text: >\n      We are willing\n      to take in\n",
        "story.yaml",
    )
    assert problems == ()
    (source,) = story.sources
    assert (source.id, source.speaker, source.text) == (
        "post",
        "Nayib Bukele",
        "We are willing to take in",
    )


def test_a_primary_source_without_its_words_is_an_error_at_its_line():
    _, problems = parse_story(
        "title: T\nsources:\n  - id: post\n    speaker: Nayib Bukele\n    where: X\n", "story.yaml"
    )
    assert [(p.line, "text" in p.message) for p in problems] == [(3, True)]


def test_story_sources_must_be_a_list():
    _, problems = parse_story("title: T\nsources: just words\n", "story.yaml")
    assert problems[0].line == 2 and "expected a list" in problems[0].message
