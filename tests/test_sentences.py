import pytest
from conftest import article_named

from coverage.analysis.sentences import is_claim_like, segment, split, trimmed


def sentences_of(corpus, prefix):
    return [s.text for s in split(article_named(corpus, prefix))]


def test_abbreviations_do_not_end_a_sentence(seed_corpus):
    texts = sentences_of(seed_corpus, "000")
    assert any(t.endswith("News.Az reports, citing CNN.") for t in texts)
    texts = sentences_of(seed_corpus, "004")
    assert any(t.startswith("The agreement was reached during a Feb. 3 meeting") for t in texts)
    assert any("U.S. Secretary of State Marco Rubio said on Monday" in t for t in texts)


def test_a_quote_with_an_ellipsis_stays_one_sentence(seed_corpus):
    texts = sentences_of(seed_corpus, "002")
    rubio = [t for t in texts if "act of extraordinary friendship" in t]
    assert rubio == [
        "“In an act of extraordinary friendship to our country … (El Salvador) has agreed to the"
        " most unprecedented and extraordinary migratory agreement anywhere in the world,”"
        " Rubio told reporters Monday."
    ]


def test_a_paragraph_of_several_sentences_is_cut_between_them(seed_corpus):
    texts = sentences_of(seed_corpus, "003")
    assert (
        "The country will continue accepting Salvadoran deportees who illegally entered the U.S.,"
        " he said." in texts
    )
    assert any(
        t.startswith("In a controversial move") and t.endswith("living in the U.S.") for t in texts
    )
    assert any(t.startswith("That means in just 60 days") for t in texts)


def test_every_span_is_the_exact_text_of_its_block(seed_corpus):
    for article in seed_corpus.articles:
        for sentence in split(article):
            block = article.blocks[sentence.block - 1]
            assert block.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()


def test_headings_bullets_and_embed_attribution_are_not_sentences(seed_corpus):
    blog = article_named(seed_corpus, "001")
    found = split(blog)
    headings = {n for n, b in enumerate(blog.blocks, 1) if b.kind == "heading"}
    assert not {s.block for s in found} & headings
    assert (
        "El Salvador will accept deported criminals of any nationality, even if they have no"
        " ties to the country." in [s.text for s in found]
    )
    assert not any(s.text.startswith(("🔹", "🚨")) for s in found)
    hub = [s.text for s in split(article_named(seed_corpus, "003"))]
    assert not any("@nayibbukele" in t for t in hub)
    assert (
        "We are willing to take in only convicted criminals (including convicted U.S. citizens)"
        " into our mega-prison (CECOT) in exchange for a fee." in hub
    )


def test_sentence_numbers_follow_reading_order(seed_corpus):
    found = split(article_named(seed_corpus, "002"))
    assert [s.index for s in found] == list(range(1, len(found) + 1))
    assert [(s.block, s.start) for s in found] == sorted((s.block, s.start) for s in found)


@pytest.mark.parametrize(
    "text",
    [
        "Share and Follow",
        "pic.twitter.com/HTNwtp35Aq",
        "Read more: El Salvador deal",
        "Bukele Confirms the Deal",
        "https://example.com/a-very-long-link-that-is-not-a-sentence-at-all",
        "Subscribe to our newsletter for more stories like this one today",
    ],
)
def test_boilerplate_and_fragments_are_not_claims(text):
    assert not is_claim_like(text)


def test_a_statement_is_claim_like():
    assert is_claim_like("El Salvador will accept deportees of any nationality, Rubio said.")


def test_segment_trims_spaces_and_keeps_offsets():
    text = "  He came.  She left.  "
    assert [text[s:e] for s, e in segment(text)] == ["He came.", "She left."]


def _pysbd_spans(text):
    """What segment gave when pysbd located the sentences itself (char_span=True)."""
    import pysbd

    located = pysbd.Segmenter(language="en", clean=False, char_span=True).segment(text)
    return trimmed(text, [(piece.start, piece.end) for piece in located])


def test_sentences_are_located_exactly_where_pysbd_puts_them(seed_corpus):
    lines = [line for a in seed_corpus.articles for b in a.blocks for line in b.text.split("\n")]
    tricky = [
        "He said no. He said no. He said no.",
        "Yes.  Yes.\tYes. No… “Really?” she asked. U.S. officials said so. Feb. 3 it was.",
        "A.  A. B. A.",
    ]
    checked = 0
    for text in [*lines, *tricky]:
        if text.strip():
            assert segment.__wrapped__(text) == _pysbd_spans(text), text
            checked += 1
    assert checked > 60
