from conftest import CONTENT

from coverage.corpus import Options, build_corpus
from coverage.sources import Folder, read_folder

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
        folder([("a.txt", TEXT)], [("gone.yaml", b"outlet: X\n")], others=["notes.md"]), OPTIONS
    )
    found = messages(corpus)
    assert any(m.startswith("content/gone.yaml: sidecar for a missing article") for m in found)
    assert any(m.startswith("content/notes.md: not used by the build") for m in found)
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
