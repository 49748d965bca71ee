from datetime import date

from coverage import metadata
from coverage.model import EditorMeta, Normalised, PageMeta
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


PAGE = PageMeta(
    headline="Bukele offers El Salvador’s prisons to the US, for a fee",
    published=date(2025, 2, 6),
    url="https://www.gulf-observer.example/americas/bukele-offers-prison-space-for-a-fee",
    site_name="The Gulf Observer",
    byline="Marta Quiroga",
    evidence=(
        ("headline", '<meta property="og:title">'),
        ("published", 'JSON-LD NewsArticle "datePublished"'),
        ("url", "the browser’s “saved from url” comment"),
        ("site_name", '<meta property="og:site_name">'),
        ("byline", '<meta name="author"> and <span class="byline">'),
    ),
)


def test_what_a_saved_page_states_is_stated_with_the_tag_as_its_reason():
    page = Normalised((), ())
    outlet = metadata.outlet(None, PAGE)
    assert (outlet.value, outlet.provenance, outlet.reason) == (
        "The Gulf Observer",
        "stated",
        'the page\'s <meta property="og:site_name">',
    )
    assert metadata.headline(None, page, [], PAGE).reason == (
        'the page\'s <meta property="og:title">'
    )
    published = metadata.published(None, page, None, (), None, PAGE)
    assert (published.value, published.provenance, published.reason) == (
        date(2025, 2, 6),
        "stated",
        'the page\'s JSON-LD NewsArticle "datePublished"',
    )
    # A place that is not a tag of the page is named as it is.
    assert metadata.url(None, PAGE).reason == "the browser’s “saved from url” comment"
    byline = metadata.byline(PAGE)
    assert (byline.value, byline.provenance) == ("Marta Quiroga", "stated")
    assert byline.reason == 'the page\'s <meta name="author"> and <span class="byline">'


def test_editor_beats_the_page_which_beats_the_capture_lines():
    editor = EditorMeta(outlet="Gulf Observer (editor)", published=date(2025, 2, 5))
    assert metadata.outlet(editor, PAGE).provenance == "editor"
    page = normalise("Stated Headline Here\n05-02-2025\nThe body sentence is here, in full.\n")
    assert metadata.published(editor, page, None, (), None, PAGE).provenance == "editor"
    assert metadata.published(None, page, None, (), None, PAGE).value == date(2025, 2, 6)
    assert metadata.headline(None, page, [], PAGE).value == PAGE.headline
    assert metadata.url(editor, PAGE).provenance == "stated"


def test_a_stated_address_rebuilds_a_missing_headline():
    page = normalise("the body sentence is here, in full, about a fee for prison space.\n")
    found = metadata.headline(None, page, [], PageMeta(url=PAGE.url))
    assert (found.value, found.provenance) == ("Bukele offers prison space for a fee", "inferred")


def test_without_a_saved_page_the_byline_is_unknown():
    assert metadata.byline(None).provenance == "unknown"
    assert metadata.byline(PageMeta()).value is None
