from datetime import date
from pathlib import Path

from conftest import CONTENT

from coverage.corpus import build_corpus
from coverage.formats import front_matter
from coverage.options import Options
from coverage.sources import Folder, published_name, read_folder

OPTIONS = Options(news_sources=("CNN", "Agencies"))
STORY = b"title: T\nevents:\n  - date: 2025-02-03\n    label: meeting\n"
TEXT = b"El Salvador has agreed on Monday to house deportees, officials said.\n"


def folder(articles=(), sidecars=(), story=STORY, others=()):
    return Folder("content", tuple(articles), tuple(sidecars), story, tuple(others))


def messages(corpus):
    return [str(p) for p in corpus.problems]


def test_the_seeds_build_without_problems():
    corpus = build_corpus(read_folder(CONTENT), OPTIONS)
    assert corpus.problems == ()
    assert len(corpus.articles) == 5 and len(corpus.outlets) == 5
    assert len({a.slug for a in corpus.articles}) == 5


def test_an_article_without_sidecar_is_unknown_not_invented():
    corpus = build_corpus(folder([("a.txt", TEXT)]), OPTIONS)
    (article,) = corpus.articles
    assert article.status == "no editor metadata"
    assert article.outlet.value is None and article.outlet.provenance == "unknown"
    assert article.url.value is None
    assert article.retrieved.value is None
    assert article.published.provenance == "inferred"
    assert article.published.bound == "not-before"
    assert corpus.outlets[0].name == "Unknown outlet"


def test_a_byte_identical_duplicate_is_reported_and_published_once():
    corpus = build_corpus(folder([("a.txt", TEXT), ("b.txt", TEXT)]), OPTIONS)
    assert [a.source.name for a in corpus.articles] == ["a.txt"]
    assert corpus.skipped == ("b.txt",)
    (message,) = messages(corpus)
    assert message.startswith("content/b.txt: byte-identical duplicate of content/a.txt")


def test_bad_sidecar_skips_its_article_and_says_where():
    corpus = build_corpus(
        folder(
            [("a.txt", TEXT), ("b.txt", TEXT + b"more")], [("a.yaml", b"published: 2025-13-01\n")]
        ),
        OPTIONS,
    )
    assert [a.source.name for a in corpus.articles] == ["b.txt"]
    found = messages(corpus)
    assert found[0].startswith("content/a.yaml:1: published: '2025-13-01' is not a real")
    assert found[1].startswith("content/a.txt: not published because its sidecar has errors")


def test_sidecar_without_article_and_stray_files_are_reported():
    corpus = build_corpus(
        folder([("a.txt", TEXT)], [("gone.yaml", b"outlet: X\n")], others=["notes.docx"]), OPTIONS
    )
    found = messages(corpus)
    assert any(m.startswith("content/gone.yaml: sidecar for a missing article") for m in found)
    assert any(m.startswith("content/notes.docx: not used by the build") for m in found)
    assert len(corpus.articles) == 1


def test_undecodable_files_are_skipped_and_others_still_build():
    corpus = build_corpus(
        folder([("a.txt", TEXT), ("bin.txt", b"\x00\x01\x02"), ("e.txt", b"")]), OPTIONS
    )
    assert [a.source.name for a in corpus.articles] == ["a.txt"]
    assert set(corpus.skipped) == {"bin.txt", "e.txt"}


def test_cp1252_is_published_with_its_encoding_and_a_note():
    corpus = build_corpus(folder([("w.txt", "Rubio’s “deal” today.".encode("cp1252"))]), OPTIONS)
    (article,) = corpus.articles
    assert article.source.encoding == "cp1252"
    assert "decoded as cp1252" in messages(corpus)[0]


def test_missing_story_is_a_warning_and_relative_dates_stay_open():
    corpus = build_corpus(folder([("a.txt", TEXT)], story=None), OPTIONS)
    assert "no story file" in messages(corpus)[0]
    (article,) = corpus.articles
    assert article.published.value is None


def test_same_outlet_and_headline_get_distinct_slugs():
    sidecar = b"outlet: Same\nheadline: Same headline\n"
    corpus = build_corpus(
        folder(
            [("a.txt", TEXT), ("b.txt", TEXT + b"x")], [("a.yaml", sidecar), ("b.yaml", sidecar)]
        ),
        OPTIONS,
    )
    assert [a.slug for a in corpus.articles] == ["same-same-headline", "same-same-headline-2"]


# --- .md files with front matter ---------------------------------------------------

BODY = (
    "Rubio Hails Deal\n"
    "El Salvador has agreed on Monday to house deportees, officials said.\n"
    "\n"
    "The country will keep accepting Salvadoran deportees, Rubio said.\n"
)
FRONT = (
    "---\n"
    "outlet: Caribbean Courier\n"
    "url: https://caribbeancourier.example/world/rubio-el-salvador-deal\n"
    "published: 2025-02-04\n"
    "notes: Saved by hand.\n"
    "---\n"
)


def test_front_matter_gives_editor_metadata_and_the_rest_is_the_text():
    corpus = build_corpus(folder([("a.md", (FRONT + BODY).encode())]), OPTIONS)
    assert messages(corpus) == []
    (article,) = corpus.articles
    assert article.format == "markdown"
    assert (article.outlet.value, article.outlet.provenance) == ("Caribbean Courier", "editor")
    assert article.outlet.reason == "named in the file's front matter"
    assert article.url.value.endswith("/rubio-el-salvador-deal")
    assert (article.published.value, article.published.reason) == (
        date(2025, 2, 4),
        "given in the file's front matter",
    )
    assert article.notes == "Saved by hand."
    assert article.status == "unverified"
    # Nothing of the front matter is article text, and lines are the .md file's own.
    assert [b.text for b in article.blocks] == BODY.splitlines()[1:2] + BODY.splitlines()[3:]
    assert [b.line for b in article.blocks] == [8, 10]
    assert (article.headline.value, article.headline.reason) == (
        "Rubio Hails Deal",
        "the page's own headline (line 7)",
    )
    # The raw file stays the evidence, byte for byte.
    assert article.source.raw == (FRONT + BODY).encode()


def test_front_matter_problems_name_the_line_of_the_md_file():
    bad = FRONT.replace("published: 2025-02-04", "published: 2025-02-30")
    corpus = build_corpus(folder([("a.md", (bad + BODY).encode()), ("b.txt", TEXT)]), OPTIONS)
    assert [a.source.name for a in corpus.articles] == ["b.txt"]
    assert corpus.skipped == ("a.md",)
    found = messages(corpus)
    assert found[0].startswith("content/a.md:4: published: '2025-02-30' is not a real")
    assert found[1].startswith("content/a.md: not published because its front matter has errors")
    unknown = front_matter("---\noutlet: X\n\nheadlin: Y\n---\ntext\n", "content/c.md")
    assert [(p.line, p.message) for p in unknown] == [(4, "unknown field `headlin`")]
    broken = front_matter("---\noutlet: X\nurl: [unclosed\n---\ntext\n", "content/d.md")
    assert broken[0].line == 4 and "not valid YAML" in broken[0].message


def test_an_unclosed_front_matter_is_reported_not_read_as_text():
    corpus = build_corpus(folder([("a.md", b"---\noutlet: X\nText of the article.\n")]), OPTIONS)
    assert corpus.articles == () and corpus.skipped == ("a.md",)
    assert messages(corpus)[0] == (
        "content/a.md:1: the front matter opened by `---` on line 1 has no closing `---` line"
        " — add a line `---` after the last field, then the article's text"
    )


def test_an_md_file_without_front_matter_is_all_text():
    corpus = build_corpus(folder([("a.md", BODY.encode())]), OPTIONS)
    (article,) = corpus.articles
    assert article.status == "no editor metadata"
    assert [b.line for b in article.blocks] == [2, 4]
    empty = build_corpus(folder([("b.md", ("---\n---\n" + BODY).encode())]), OPTIONS)
    assert [b.line for b in empty.articles[0].blocks] == [4, 6]


def test_a_sidecar_beside_an_md_wins_field_by_field_and_a_conflict_is_reported():
    sidecar = b"outlet: Caribbean Courier Online\nretrieved: 2025-02-11\nstatus: confirmed\n"
    corpus = build_corpus(
        folder([("a.md", (FRONT + BODY).encode())], [("a.yaml", sidecar)]), OPTIONS
    )
    (article,) = corpus.articles
    assert (article.outlet.value, article.outlet.reason) == (
        "Caribbean Courier Online",
        "named in the editor's sidecar",
    )
    assert article.url.reason == "given in the file's front matter"
    assert article.retrieved.reason == "given in the editor's sidecar"
    assert article.status == "confirmed"
    (message,) = messages(corpus)
    assert message == (
        "content/a.md:2: the front matter gives outlet: Caribbean Courier, but content/a.yaml "
        "gives Caribbean Courier Online; the sidecar's value is used — keep `outlet` in one "
        "of the two files"
    )


def test_front_matter_and_sidecar_that_contradict_each_other_skip_the_article():
    corpus = build_corpus(
        folder([("a.md", (FRONT + BODY).encode())], [("a.yaml", b"retrieved: 2025-02-01\n")]),
        OPTIONS,
    )
    assert corpus.articles == () and corpus.skipped == ("a.md",)
    found = messages(corpus)
    assert found[0].startswith("content/a.md:4: published 2025-02-04 is after retrieved 2025-02-01")
    assert "contradict each other" in found[1]


def test_two_articles_with_one_stem_publish_the_older_format_only():
    corpus = build_corpus(
        folder([("a.html", b"<p>x</p>"), ("a.md", BODY.encode()), ("a.txt", TEXT)]), OPTIONS
    )
    assert [a.source.name for a in corpus.articles] == ["a.txt"]
    assert set(corpus.skipped) == {"a.md", "a.html"}
    assert all("has the same name before the suffix" in m for m in messages(corpus))


# --- saved .html pages ---------------------------------------------------------------

PAGES = Path(__file__).parent / "fixtures" / "html"


def page_bytes(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_a_saved_page_gives_its_text_and_stated_metadata_naming_each_tag():
    corpus = build_corpus(folder([("ledger.html", page_bytes("ledger_article.html"))]), OPTIONS)
    assert messages(corpus) == []
    (article,) = corpus.articles
    assert article.format == "html"
    assert (article.outlet.value, article.outlet.provenance, article.outlet.reason) == (
        "Hemisphere Ledger",
        "stated",
        'the page\'s <meta property="og:site_name">',
    )
    assert article.headline.provenance == "stated"
    assert article.headline.reason == 'the page\'s <meta property="og:title">'
    assert article.url.reason == 'the page\'s <meta property="og:url">'
    assert (article.published.value, article.published.provenance) == (date(2025, 2, 3), "stated")
    assert article.published.reason == "the page's <time datetime>"
    assert (article.byline.value, article.byline.reason) == (
        "Ana Morales",
        'the page\'s <meta name="author">',
    )
    assert article.status == "no editor metadata"
    text = " ".join(b.text for b in article.blocks)
    assert "groundbreaking agreement" in text
    assert "cookies" not in text and "Share on Facebook" not in text
    assert article.source.raw == page_bytes("ledger_article.html")


def test_a_sidecar_beats_what_the_page_states():
    sidecar = b"outlet: The Hemisphere Ledger\npublished: 2025-02-04\n"
    corpus = build_corpus(
        folder([("ledger.html", page_bytes("ledger_article.html"))], [("ledger.yaml", sidecar)]),
        OPTIONS,
    )
    (article,) = corpus.articles
    assert (article.outlet.value, article.outlet.provenance) == ("The Hemisphere Ledger", "editor")
    assert (article.published.value, article.published.provenance) == (date(2025, 2, 4), "editor")
    assert article.url.provenance == "stated" and article.byline.provenance == "stated"


def test_a_page_without_an_article_is_reported_and_skipped():
    corpus = build_corpus(
        folder([("front.html", page_bytes("ledger_front_page.html")), ("b.txt", TEXT)]), OPTIONS
    )
    assert [a.source.name for a in corpus.articles] == ["b.txt"]
    assert corpus.skipped == ("front.html",)
    (problem,) = corpus.problems
    assert problem.level == "warning"
    assert str(problem).startswith("content/front.html: no article text found in this HTML page")


def test_the_folder_reads_every_article_format_and_pages_are_published_as_text(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "d.htm", "e.docx"):
        (tmp_path / name).write_bytes(b"x")
    found = read_folder(tmp_path)
    assert [name for name, _ in found.articles] == ["a.txt", "b.md", "c.html", "d.htm"]
    assert found.others == ("e.docx",)
    assert [published_name(n) for n in ("a.txt", "b.md", "c.html", "d.htm")] == [
        "a.txt",
        "b.md",
        "c.html.txt",
        "d.htm.txt",
    ]
