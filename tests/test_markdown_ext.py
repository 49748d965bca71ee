import markdown
from bs4 import BeautifulSoup

from coverage.markdown_ext import ArchiveExtension


def convert(source: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(source, extensions=[ArchiveExtension()]), "html.parser")


def test_every_block_gets_a_permalink_id_in_source_order():
    soup = convert("First.\n\n## Head\n\n- 🔹 a\n- 🔹 b\n\n> quoted\n\nLast.")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert ids == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert soup.find(id="p3").name == "li"
    assert soup.find(id="p6").get_text() == "Last."


def test_emoji_lists_are_marked_and_plain_lists_are_not():
    assert convert("- 🔹 a\n- 🔹 b").find("ul")["class"] == ["marked"]
    assert convert("- a\n- b").find("ul").get("class") is None


def test_block_quotes_are_embeds_with_their_attribution():
    soup = convert("> We have offered.\n>\n> — Nayib Bukele (@nayibbukele) February 4, 2025")
    quote = soup.find("blockquote")
    assert quote["class"] == ["embed"]
    assert quote.find(class_="attribution").get_text().startswith("— Nayib Bukele")


def test_raw_html_is_off():
    soup = convert("<script>alert(1)</script>\n\nText with <b>bold</b> inside.")
    assert soup.find("script") is None and soup.find("b") is None
    assert "<script>alert(1)</script>" in soup.get_text()
