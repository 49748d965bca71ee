import re

import markdown
from bs4 import BeautifulSoup
from conftest import CONTENT
from hypothesis import given
from hypothesis import strategies as st

from coverage import posts
from coverage.corpus import build_corpus
from coverage.markdown_ext import ArchiveExtension
from coverage.options import Options
from coverage.sources import read_folder

HOSTILE = [
    "<script>alert(1)</script>",
    "*emphasis* and _under_ and **strong**",
    "[links](https://evil.example) ![img](x.png)",
    "# not a heading",
    "> not a quote",
    "- not a list",
    "1. not a list either",
    "{{ 7*7 }} and {% raw %}",
    "&amp; stays &amp; and AT&T",
    "<https://autolink.example>",
    "`code` and \\backslash\\",
    "---",
    "    indented four spaces",
]


def rendered_text(source: str) -> str:
    html = markdown.markdown(source, extensions=[ArchiveExtension()])
    return BeautifulSoup(html, "html.parser").get_text()


def test_hostile_text_renders_literally():
    for text in HOSTILE:
        html = markdown.markdown(posts.escape(text), extensions=[ArchiveExtension()])
        soup = BeautifulSoup(html, "html.parser")
        assert soup.get_text() == text.strip(), text
        assert [tag.name for tag in soup.find_all(True)] == ["p"], text


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).filter(lambda t: t.strip())  # a blank line (even of NBSP) is never a block


@given(printable)
def test_any_line_renders_to_exactly_its_text(text):
    assert rendered_text(posts.escape(text)) == text.strip(" \t")


def corpus():
    return build_corpus(read_folder(CONTENT), Options(news_sources=("CNN", "Agencies")))


def test_post_header_carries_dates_with_provenance():
    article = next(a for a in corpus().articles if a.id.startswith("002"))
    text = posts.render(article, "2025-02-05")
    header = text.split("\n\n", 1)[0]
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    assert fields["Title"] == "Unprecedented deal with US"
    assert fields["Date"] == "2025-02-05"
    assert fields["Source_file"] == "002_996f5d06f27be889.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", fields["Sha256"])
    assert fields["Published"].startswith("2025-02-05 [stated: in the page's date line")
    assert fields["Retrieved"].startswith("2025-12-05 [stated:")
    assert fields["Source_url"].startswith("unknown [unknown")
    assert fields["Caption"].startswith("El Salvador’s Terrorism Confinement Center")
    assert (
        article.post_name == "2025-02-05-metro-india-metroindia-net-unprecedented-deal-with-us.md"
    )


def test_post_body_has_headings_lists_and_the_embed():
    articles = {a.id[:3]: a for a in corpus().articles}
    body = posts.body(articles["001"])
    assert '## "A Special Act of Friendship"' in body
    assert "\n- 🔹 El Salvador will accept deported criminals" in body
    embed = posts.body(articles["003"])
    assert "> — Nayib Bukele (@nayibbukele) February 4, 2025\n>\n> We are willing" in embed


def test_pelicans_markdown_reader_reads_the_post(tmp_path):
    from pelican.readers import MarkdownReader
    from pelican.settings import DEFAULT_CONFIG

    article = next(a for a in corpus().articles if a.id.startswith("003"))
    path = tmp_path / article.post_name
    path.write_text(posts.render(article, "2025-02-04"), encoding="utf-8")
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extensions": [ArchiveExtension()]}}
    content, meta = MarkdownReader(settings).read(str(path))
    assert meta["title"].startswith("El Salvador")
    assert meta["date"].date().isoformat() == "2025-02-04"
    soup = BeautifulSoup(content, "html.parser")
    assert soup.find("blockquote", class_="embed")["id"] == "p5"
