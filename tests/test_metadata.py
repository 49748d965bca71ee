from datetime import date

from coverage import metadata
from coverage.model import EditorMeta, Normalised
from coverage.normalise import normalise


def test_headline_from_url_takes_the_texts_spelling():
    words = [
        "El",
        "Salvador’s",
        "deal:",
        "U.S.",
        "deportees,",
        "US",
        "criminals",
        "and",
        "American",
        "prisons.",
        "U.S.",
    ]
    assert (
        metadata.headline_from_url(
            "https://a.example/x/el-salvadors-move-offers-to-house-us-deportees-and-american-criminals/",
            words,
        )
        == "El Salvador’s move offers to house U.S. deportees and American criminals"
    )
    assert metadata.headline_from_url("https://a.example/deal-with-u-s-", words) == (
        "Deal with U.S."
    )


def test_publisher_ids_and_short_slugs_are_not_headlines():
    assert metadata.headline_from_url("https://a.example/rubio-says-yes-5803758", []) == (
        "Rubio says yes"
    )
    assert metadata.headline_from_url("https://a.example/news/12345", []) is None


def test_editor_beats_stated_beats_inferred():
    page = normalise("Stated Headline Here\nThe body sentence is here, in full.\n")
    editor = EditorMeta(headline="Editor Headline")
    assert metadata.headline(editor, page, []).provenance == "editor"
    stated = metadata.headline(None, page, [])
    assert (stated.value, stated.provenance) == ("Stated Headline Here", "stated")
    bare = normalise("The body sentence is here, in full, and it goes on for many words.\n")
    inferred = metadata.headline(None, bare, [])
    assert inferred.provenance == "inferred"
    assert inferred.value == "The body sentence is here, in full, and it goes on for…"


def test_without_a_sidecar_outlet_url_and_dates_are_unknown():
    page = Normalised((), ())
    assert metadata.outlet(None).provenance == "unknown"
    assert metadata.url(None).value is None
    assert metadata.retrieved(None, page).value is None
    assert metadata.published(None, page, None, (), None).provenance == "unknown"


def test_editor_published_date_wins():
    page = normalise("Headline\n05-02-2025\nBody text is here, as text.\n")
    value = metadata.published(EditorMeta(published=date(2025, 2, 6)), page, None, (), None)
    assert (value.value, value.provenance) == (date(2025, 2, 6), "editor")
