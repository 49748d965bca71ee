"""How alike two sentences are: sparse word vectors compared by cosine.

A sentence becomes a bag of Snowball stems (stopwords dropped, "U.S.", "US"
and "United States" spelled alike, numbers bucketed by magnitude so that
"80,000" and "81,000" count as the same figure), plus the pairs of neighbouring
stems so that word order carries a little weight.

Each word is weighted by how rare it is in English at large (wordfreq's Zipf
frequency), not by how rare it is in this archive. That keeps a sentence's
vector a function of the sentence alone: adding articles never changes how two
existing sentences compare, which is what lets claim ids stay put and lets a
cache keep vectors per article. On the labelled pairs (tests/fixtures/
claim_pairs.yaml) this scores as well as archive-wide TF-IDF; see README.md.

The claims stage needs nothing but `vectorise` and `cosine`, so another matcher
can replace this one behind the same interface.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
import unicodedata
from array import array
from functools import lru_cache

import Stemmer
import wordfreq
from wordfreq import zipf_frequency

Vector = dict[str, float]

_STEMMER = Stemmer.Stemmer("english")
_US = re.compile(r"\b(?:U\.S\.A\.?|U\.S\.?|USA|US|United States(?: of America)?)(?![a-z])")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_TOKEN = re.compile(r"[a-z0-9#]+")
_MONTHS = {
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
    "nov": "november", "dec": "december",
}  # fmt: skip
# Function words carry no claim. A general English list, not tuned to this story.
_STOPWORDS = frozenset(
    """a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at be became because become becomes been before beforehand behind being below
    beside besides between beyond both but by can cannot could did do does doing done down due
    during each either else elsewhere enough etc even ever every everyone everything everywhere
    except few for former formerly from further had has have having he hence her here hereafter
    hereby herein hers herself him himself his how however i if in indeed into is it its itself
    just last latter least less may me meanwhile might mine more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none nor not nothing now nowhere of
    off often on once one only onto or other others otherwise our ours ourselves out over own per
    perhaps rather s same several she should since so some somehow someone something sometime
    sometimes somewhere still such t than that the their theirs them themselves then thence there
    thereafter thereby therefore therein these they this those though through throughout thus to
    together too toward towards under until up upon us very via was we well were what whatever
    when whence whenever where whereas whether which while who whoever whole whom whose why will
    with within without would yet you your yours yourself yourselves said says say told""".split()  # noqa: SIM905 - a word list reads better as prose
)
_RARE = 8.0  # a word wordfreq has never seen (mostly names) weighs the most
_COMMON = 0.5
_NUMBER_WEIGHT = 3.0


def features(text: str) -> tuple[tuple[str, float], ...]:
    """(feature, weight) pairs: each stem, each number bucket, each neighbouring pair."""
    names, weights = _features(text)
    return tuple(zip(names, weights, strict=True))


# Claims, quotes and reuse each ask for a sentence's features again, many times over in
# reuse (a sentence is in every pair its article makes), so sixty-five thousand are kept.
# Kept compact: interned names and an array of weights take a quarter of the memory of
# (name, weight) tuples, which held 120 MB at 3,000 articles.
@lru_cache(maxsize=65536)
def _features(text: str) -> tuple[tuple[str, ...], array]:
    found = _features_of(text)
    return tuple(f for f, _ in found), array("d", (w for _, w in found))


def _features_of(text: str) -> tuple[tuple[str, float], ...]:
    words = [w for w in (_word(t) for t in _TOKEN.findall(_normal(text))) if w]
    # Interned: the archive's hundreds of thousands of vectors then share one string per
    # feature, not one per sentence that has it.
    pairs = [
        (sys.intern(f"{a}_{b}"), (wa + wb) / 2) for (a, wa), (b, wb) in itertools.pairwise(words)
    ]
    return tuple(words + pairs)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _US.sub(" usa ", text)
    text = _NUMBER.sub(lambda m: f" {_bucket(m.group(0))} ", text)
    text = text.lower().replace("’", "'").replace("'s ", " ")
    return re.sub(r"[‘'“”\"—–…]", " ", text)


def _word(token: str) -> tuple[str, float] | None:
    if token.startswith("#"):
        return token, _NUMBER_WEIGHT
    token = _MONTHS.get(token, token)
    if token in _STOPWORDS or len(token) < 2:
        return None
    weight = min(max(_RARE - zipf_frequency(token, "en"), _COMMON), _RARE)
    return sys.intern(_STEMMER.stemWord(token)), weight


def forget_frequencies() -> None:
    """Let wordfreq's English word list and its memo of looked-up words go.

    wordfreq keeps both for the life of the process: about 55 MB (the list as read, the
    dictionary made from it, and up to 100,000 words looked up), fixed whatever the archive's
    size, that only the claims and quotes stages read. A later lookup reads the list again.
    """
    wordfreq.get_frequency_list.cache_clear()
    wordfreq.get_frequency_dict.cache_clear()
    # Private, so pinned with wordfreq in pyproject.toml; a bounded dict, not an lru_cache.
    wordfreq._wf_cache.clear()


def _bucket(number: str) -> str:
    """80,000 and 81,000 share a bucket (8e4), 40,000 does not; 2022 stays a year."""
    digits = number.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return number
    if "," not in number and "." not in number and 1900 <= value <= 2099:
        return f"#y{int(value)}"
    if value < 10:
        return f"#n{digits}"
    magnitude = math.floor(math.log10(value))
    return f"#n{int(value / 10**magnitude)}e{magnitude}"


def vectorise(text: str) -> Vector:
    """A unit-length vector of the sentence's weighted features."""
    vector: Vector = {}
    for feature, weight in zip(*_features(text), strict=True):
        vector[feature] = vector.get(feature, 0.0) + weight
    return unit(vector)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Only shared features add to the sum, in a's order, so the result is the same float
    # as summing every product; a list is summed faster than a generator. Claim grouping
    # calls this half a million times at 1,000 articles.
    return sum([w * b[f] for f, w in a.items() if f in b])


def add(total: Vector, vector: Vector) -> Vector:
    """The sum of two vectors (a claim's centroid is the unit sum of its members)."""
    merged = dict(total)
    for feature, weight in vector.items():
        merged[feature] = merged.get(feature, 0.0) + weight
    return merged


def unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {f: w / norm for f, w in vector.items()} if norm else {}


_WORD_SPAN = re.compile(r"[\w’'.,-]+")


def shared_words(text: str, others: list[str] | tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Spans of the words in `text` whose stem (or number bucket) also occurs in `others`."""
    return shared_with(text, words_of(others))


def words_of(texts: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The single-word features (stems, number buckets) of some texts."""
    return frozenset(f for text in texts for f in _features(text)[0] if "_" not in f)


def shared_with(text: str, elsewhere: frozenset[str]) -> tuple[tuple[int, int], ...]:
    spans = []
    for match in _WORD_SPAN.finditer(text):
        word = match.group(0).strip(".,’'-")
        if not word:
            continue
        mine = _word_features(word)
        if mine and mine <= elsewhere:
            start = match.start() + match.group(0).index(word)
            spans.append((start, start + len(word)))
    return tuple(spans)


@lru_cache(maxsize=65536)
def _word_features(word: str) -> frozenset[str]:
    return frozenset(f for f, _ in _features_of(word))
