"""An article's body as words to match, their shingles and their fingerprints.

Text reuse is found the way plagiarism and "churnalism" detectors find it:
each run of `SHINGLE` consecutive words (a shingle) is hashed, and a few of
those hashes are kept as the article's fingerprints by winnowing (Schleimer,
Wilkerson and Aiken, SIGMOD 2003): the smallest hash of every `WINDOW`
consecutive shingles. Winnowing guarantees that two articles sharing any run of
WINDOW + SHINGLE - 1 = 8 words share a fingerprint, while keeping only about
2 / (WINDOW + 1) of the hashes, which is what lets an index over the whole
archive stay small.

Words are compared in a normal form that forgets what a copy editor changes
without changing the words: case, curly or straight apostrophes, and the
spellings of "U.S.". Everything here depends on one article alone, so a cache
can keep it per article.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Article

SHINGLE = 4
WINDOW = 5
# Numbers keep their inner commas and points ("80,000", "3.5"); words keep
# inner apostrophes, hyphens and points ("Salvador’s", "MS-13", "U.S").
_WORD = re.compile(r"\d[\d,.]*\d|\w+(?:[’'.\-]\w+)*")
_US = frozenset({"u.s", "us", "u.s.a", "usa"})


@dataclass(frozen=True, slots=True)
class Words:
    """The words of an article's body in reading order, each with where it is printed.

    `key` says where word n starts, as its block number (the page's `#pN`) shifted
    above its first character in that block's text (`key_at`), and so orders words by
    place for bisecting; `end` is the character after it (`place` reads both). `hashes`
    has one hash per shingle (shingle n starts at word n); `fingerprints` are the
    winnowed ones, without repeats.

    The numbers are arrays, not tuples of ints: the reuse stage holds every article's
    words at once, and at 10,000 articles the fingerprints alone were 1.4 million int
    objects (59 MB as tuples, 11 MB as arrays). Block and start are kept in the key
    alone: as arrays of their own too they took 34 MB more.
    """

    article: str
    normal: tuple[str, ...]
    key: array  # "I", or "q" for an article too large for 32-bit keys (see `_NARROW`)
    end: array  # "i"
    hashes: array  # "q"
    fingerprints: array  # "q"

    def __len__(self) -> int:
        return len(self.normal)

    @property
    def shift(self) -> int:
        """How far up a key holds the block number (`key_at`)."""
        return _NARROW if self.key.typecode == "I" else 32

    def key_at(self, block: int, start: int) -> int:
        """The key of a word of block `block` starting at character `start`."""
        return (block << self.shift) | start

    def place(self, n: int) -> tuple[int, int, int]:
        """Word n's block number and its character span in that block's text."""
        key, shift = self.key[n], self.shift
        return key >> shift, key & ((1 << shift) - 1), self.end[n]


# A key fits in 32 bits, the block number above the first character's 20, when the
# article has fewer than 4,096 blocks of under a million characters, which is every
# article a newsroom prints; others keep 64-bit keys. Every article's words are held
# through the reuse stage: at 10,000 articles, 4 bytes a word less is about 28 MB.
_NARROW = 20


def words(article: Article) -> Words:
    normal: list[str] = []
    narrow = len(article.blocks) < 1 << (32 - _NARROW) and all(
        len(part.text) < 1 << _NARROW for part in article.blocks
    )
    shift = _NARROW if narrow else 32
    key, end = array("I" if narrow else "q"), array("i")
    for number, part in enumerate(article.blocks, start=1):
        for match in _WORD.finditer(part.text):
            normal.append(normal_form(match.group(0)))
            key.append((number << shift) | match.start())
            end.append(match.end())
    hashes = shingle_hashes(normal)
    return Words(
        article=article.id,
        normal=tuple(normal),
        key=key,
        end=end,
        hashes=hashes,
        fingerprints=winnow(hashes),
    )


def interned(text: Words) -> Words:
    """The same words, each spelling one string shared with every other article's.

    At 10,000 articles the words have 83,534 spellings, more than the memo of normal
    forms keeps, so a spelling it let go is made again as a string of its own; held all
    through the reuse stage, each article's own copy of "the" was 2.5 million strings
    (about 140 MB). Words read back from the cache come shared already (`cache._Unpickler`).
    """
    return replace(text, normal=tuple(map(sys.intern, text.normal)))


@lru_cache(maxsize=1 << 16)
def normal_form(word: str) -> str:
    word = word.lower().replace("’", "'")
    return "us" if word.rstrip(".") in _US else word


def shingle_hashes(normal: list[str] | tuple[str, ...]) -> array:
    """One 64-bit hash per run of SHINGLE words, the same in every process.

    Python's own string hash changes with each interpreter (PYTHONHASHSEED);
    a hash of CRC-32 word codes does not, so winnowing keeps the same
    fingerprints, and finds the same pairs, on every build.
    """
    codes = [_code(word) for word in normal]
    return array(
        "q", (hash(tuple(codes[n : n + SHINGLE])) for n in range(len(codes) - SHINGLE + 1))
    )


@lru_cache(maxsize=1 << 16)
def _code(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def winnow(hashes: array) -> array:
    """The smallest hash of each window of WINDOW shingles (the rightmost on ties), once each."""
    if len(hashes) <= WINDOW:
        return array("q", [min(hashes)] if hashes else [])
    chosen: dict[int, None] = {}
    last = -1
    for first in range(len(hashes) - WINDOW + 1):
        if last < first:
            # The previous minimum left the window: scan the window again.
            last = first
            for n in range(first + 1, first + WINDOW):
                if hashes[n] <= hashes[last]:
                    last = n
        elif hashes[first + WINDOW - 1] <= hashes[last]:
            last = first + WINDOW - 1
        else:
            continue
        chosen[hashes[last]] = None
    return array("q", chosen)
