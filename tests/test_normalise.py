from datetime import date

import pytest
from conftest import CONTENT, SEEDS

from coverage.normalise import normalise


def seed(prefix: str) -> str:
    return next(CONTENT.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_source_line_is_kept_exactly_once(path):
    text = path.read_text(encoding="utf-8")
    page = normalise(text)
    kept = [(f.line, f.text) for f in page.furniture]
    for block in page.blocks:
        kept += list(zip(block.lines, block.text.split("\n"), strict=True))
    expected = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    assert sorted(kept) == expected


def test_headings_and_emoji_lists_of_001():
    page = normalise(seed("001"))
    headings = [b.text for b in page.blocks if b.kind == "heading"]
    assert headings == [
        '"A Special Act of Friendship"',
        "Bukele Confirms the Deal",
        "Human Rights Concerns",
    ]
    items = [b for b in page.blocks if b.kind == "list-item"]
    assert [b.marker for b in items] == ["🔹"] * 3 + ["🚨"] * 3
    assert items[0].text.startswith("🔹 El Salvador will accept deported criminals")


def test_embedded_post_of_003_is_one_block_quote_with_its_metadata():
    page = normalise(seed("003"))
    (embed,) = [b for b in page.blocks if b.kind == "embed"]
    assert embed.lines == (5, 6, 7, 8)
    assert embed.text.startswith("We have offered the United States of America")
    assert embed.text.endswith("pic.twitter.com/HTNwtp35Aq")
    post = embed.embed
    assert (post.platform, post.author, post.handle) == ("X", "Nayib Bukele", "@nayibbukele")
    assert post.date.value == date(2025, 2, 4) and post.date.provenance == "stated"
    assert post.attribution == "— Nayib Bukele (@nayibbukele) February 4, 2025"
    assert post.link == "pic.twitter.com/HTNwtp35Aq"
    assert post.truncated


def test_page_furniture_of_002_becomes_metadata():
    page = normalise(seed("002"))
    roles = {f.role: f.text.strip() for f in page.furniture}
    assert roles == {
        "capture-stamp": "calender_icon.png 5 December, 2025 | 3:27 AM",
        "headline": "Unprecedented deal with US",
        "date-line": "05-02-2025 12:00:00 AM",
        "caption": roles["caption"],
        "dateline": "Agencies\u00a0SAN SALVADOR",
    }
    assert roles["caption"].startswith("El Salvador’s Terrorism Confinement Center")
    assert page.blocks[0].text.startswith("El Salvador on Monday offered")


def test_articles_without_furniture_start_with_their_first_line():
    for prefix in ("000", "001", "003", "004"):
        page = normalise(seed(prefix))
        assert page.furniture == ()
        assert page.blocks[0].line == 1


def test_unclassifiable_lines_stay_visible_as_paragraphs():
    text = "Intro line that is a full sentence, with words.\n\n???\n\n<b>odd</b> bit;\n"
    page = normalise(text)
    assert [b.text for b in page.blocks] == [
        "Intro line that is a full sentence, with words.",
        "???",
        "<b>odd</b> bit;",
    ]
    assert {b.kind for b in page.blocks} == {"paragraph"}


def test_a_headline_and_date_line_above_the_story_without_a_dateline():
    page = normalise("Big Deal Struck\n3 February 2025\nThe story starts here, as stories do.\n")
    assert [f.role for f in page.furniture] == ["headline", "date-line"]
    assert page.blocks[0].text.startswith("The story starts")


def test_a_headline_ending_in_us_is_not_a_dateline():
    page = normalise("Unprecedented deal with US\nThe story starts here, as stories do.\n")
    assert [f.role for f in page.furniture] == ["headline"]


def test_crlf_text_normalises_like_lf():
    lf = seed("001")
    assert normalise(lf.replace("\n", "\r\n")) == normalise(lf)
