"""Words, shingles and winnowed fingerprints: what reuse detection matches on."""

from __future__ import annotations

import io
from array import array
from dataclasses import replace

from conftest import under_hash_seeds
from hypothesis import given
from hypothesis import strategies as st

from coverage.analysis.shingles import (
    SHINGLE,
    WINDOW,
    interned,
    normal_form,
    shingle_hashes,
    winnow,
    words,
)
from coverage.cache import dumps, load
from coverage.corpus import build_article
from coverage.options import Options
from coverage.sources import decode, source_from


def article(text: str, name: str = "case.txt"):
    raw = text.encode("utf-8")
    return build_article(source_from(name, raw, decode(raw, name)), None, None, Options())


def test_a_copy_editors_spellings_match():
    assert {normal_form(w) for w in ("U.S.", "US", "u.s", "USA")} == {"us"}
    assert normal_form("Salvador’s") == normal_form("Salvador's") == "salvador's"
    assert normal_form("MS-13") == "ms-13"


def test_each_word_knows_its_paragraph_and_place():
    found = words(article("El Salvador’s deal.\n\nThe U.S. agreed on 80,000 jailed."))
    assert found.normal == (
        "el",
        "salvador's",
        "deal",
        "the",
        "us",
        "agreed",
        "on",
        "80,000",
        "jailed",
    )
    text = "The U.S. agreed on 80,000 jailed."
    n = found.normal.index("80,000")
    block, start, end = found.place(n)
    assert (block, text[start:end]) == (2, "80,000")
    # Words are ordered by place, which is what bisecting for a sentence's words needs.
    assert list(found.key) == sorted(found.key)
    assert [found.place(m)[0] for m in range(len(found))] == [1, 1, 1] + [2] * 6
    assert len(found.hashes) == len(found.normal) - SHINGLE + 1


def test_the_numbers_of_an_article_s_words_are_packed_in_arrays():
    # The reuse stage holds every article's words at once.
    found = words(article("El Salvador’s deal was agreed.\n\nThe U.S. agreed on 80,000 jailed."))
    numbers = (found.key, found.end, found.hashes, found.fingerprints)
    assert all(isinstance(n, array) for n in numbers)
    assert [n.itemsize for n in numbers] == [4, 4, 8, 8]
    assert list(found.fingerprints) == list(winnow(found.hashes))


def test_an_article_too_large_for_32_bit_keys_keeps_64_bit_ones_with_the_same_places():
    # A paragraph of over a million characters leaves no room for its first characters
    # below the block number in 32 bits.
    long = "Bukele " * 150_000 + "jailed 80,000."
    found = words(article(f"El Salvador’s deal.\n\n{long}"))
    assert found.key.itemsize == 8 and found.shift == 32
    n = found.normal.index("80,000")
    block, start, end = found.place(n)
    assert (block, long[start:end]) == (2, "80,000")
    assert found.key[n] == found.key_at(block, start)
    assert list(found.key) == sorted(found.key)
    small = words(article("El Salvador’s deal.\n\nBukele jailed 80,000."))
    assert small.key.itemsize == 4 and small.shift == 20
    assert small.place(small.normal.index("80,000"))[:2] == (2, len("Bukele jailed "))


def test_words_read_back_from_the_cache_share_one_string_per_spelling():
    # Each article is its own pickle; the cache shares the strings it reads back.
    one, two = (
        load(io.BytesIO(dumps(words(article(text, name)))))
        for text, name in (("The deal was agreed.", "a.txt"), ("The deal was signed.", "b.txt"))
    )
    assert one.normal[1] is two.normal[1]


def test_words_made_afresh_share_one_string_per_spelling_once_interned():
    # Spellings the memo of normal forms has let go are made again, as new strings.
    one, two = (
        replace(words(article(text, name)), normal=("The", "".join(["de", "al"])))
        for text, name in (("The deal", "a.txt"), ("The deal", "b.txt"))
    )
    assert one.normal[1] is not two.normal[1]
    shared_one, shared_two = interned(one), interned(two)
    assert shared_one.normal[1] is shared_two.normal[1]
    assert shared_one == one and shared_two == two


runs = st.lists(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=40)


@given(
    runs, runs, st.lists(st.sampled_from("abcdefgh"), min_size=WINDOW + SHINGLE - 1, max_size=20)
)
def test_any_shared_run_of_eight_words_shares_a_fingerprint(left, right, shared):
    # Winnowing's guarantee, which is why a pair sharing eight words is always found.
    a = shingle_hashes([*left, *shared, *left])
    b = shingle_hashes([*right, *shared])
    assert set(winnow(a)) & set(winnow(b))


def test_fingerprints_are_the_same_in_every_process():
    # Python's own string hash changes per process; the fingerprints must not, or a
    # rebuild could find other pairs.
    script = (
        "import sys; sys.path.insert(0, 'plugins');"
        "from coverage.analysis.shingles import shingle_hashes, winnow;"
        "print(winnow(shingle_hashes("
        "'el salvador has agreed to house violent us criminals'.split())))"
    )
    outputs = under_hash_seeds(script, "1", "2", "3")
    assert len(outputs) == 1


def test_short_texts_have_a_fingerprint_or_none():
    assert len(winnow(shingle_hashes(["a", "b"]))) == 0
    assert len(winnow(shingle_hashes(["one", "two", "three", "four"]))) == 1
