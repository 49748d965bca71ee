from coverage.citations import cited
from coverage.model import Block, Furniture

SOURCES = ("CNN", "Reuters", "Agencies", "AP")


def blocks(*texts):
    return tuple(Block("paragraph", t, (n,)) for n, t in enumerate(texts, 1))


def test_the_seeds_ways_of_crediting_cnn():
    found = cited(
        blocks(
            "…on migration, News.Az reports, citing CNN.",
            "sparked concerns, according to CNN.",
            "Leti Volpp … told CNN over email.",
        ),
        (),
        SOURCES,
    )
    assert [(c.source, c.phrase, c.block) for c in found] == [
        ("CNN", "citing CNN", 1),
        ("CNN", "according to CNN", 2),
        ("CNN", "told CNN over email", 3),
    ]


def test_people_are_not_sources_and_words_are_whole():
    found = cited(blocks("According to Bukele, the U.S. would pay.", "citing CNNs"), (), SOURCES)
    assert found == ()


def test_dateline_credit_is_a_citation_from_the_furniture():
    (found,) = cited((), (Furniture("dateline", "Agencies\u00a0SAN SALVADOR", 9, "r"),), SOURCES)
    assert (found.source, found.block) == ("Agencies", None)


def test_wire_credits_a_dateline_in_brackets_and_a_line_on_its_own():
    found = cited(
        blocks(
            "SAN SALVADOR (Reuters) - El Salvador on Monday offered to house…",
            "Reuters",
            "— AP",
            "Reuters reported the talks lasted three hours.",
        ),
        (),
        SOURCES,
    )
    assert [(c.source, c.phrase, c.block) for c in found] == [
        ("Reuters", "(Reuters) -", 1),
        ("Reuters", "Reuters", 2),
        ("AP", "— AP", 3),
    ]


def test_a_lowercase_word_is_not_an_agency_credit():
    assert cited(blocks("(ap) - a note", "ap"), (), SOURCES) == ()
