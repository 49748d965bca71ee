from coverage.findings import QuoteGroup
from coverage.findings_pages import QuoteView, by_speaker


def view(speaker, quote_id):
    group = QuoteGroup(id=quote_id, speaker=speaker, reference="…", reference_from="", versions=())
    return QuoteView(group, versions=(), has_page=True)


def test_one_speaker_under_two_names_is_one_heading_with_the_fuller_name():
    views = [
        view("State Department", "a"),
        view("Marco Rubio", "b"),
        view("U.S. State Department", "c"),
        view(None, "d"),
        view("Rubio", "e"),
        view("State Department", "f"),
    ]
    found = [(name, [v.group.id for v in grouped]) for name, grouped in by_speaker(views)]
    assert found == [
        ("U.S. State Department", ["a", "c", "f"]),
        ("Marco Rubio", ["b", "e"]),
        ("", ["d"]),
    ]
