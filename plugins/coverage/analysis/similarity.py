"""How alike two sentences are: sparse word vectors compared by cosine.

A sentence becomes a bag of Snowball stems (stopwords dropped, "U.S." and
"US" spelled alike, numbers bucketed by magnitude so that "80,000" and
"81,000" still count as the same figure), plus the pairs of neighbouring stems
so that word order carries a little weight. Each feature is weighted by its
inverse document frequency over the archive's sentences, so the names every
article repeats ("El Salvador", "Rubio") count for less than the words that
tell one statement from another.

The claims stage needs nothing but `vectorise` and `cosine`, so a stronger
matcher (an embedding model) can replace this one behind the same interface.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

Vector = dict[str, float]

_STEMMER = Stemmer.Stemmer("english")
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:[.’'][^\W\d_]+)*\.?", re.UNICODE)
_US = {"u.s.", "u.s", "us", "usa", "u.s.a.", "america", "american", "americans"}
# Function words carry no claim. A short, general list (not tuned to this story).
_STOPWORDS = frozenset(
    """a an the and or but nor so yet of to in on at by for with from into onto over under about
    as than then that this these those there here it its it’s it's he him his she her hers they them
    their theirs we us our ours you your i me my is are was were be been being am do does did has
    have had having will would shall should can could may might must also not no only just very
    who whom whose which what when where why how all any both each few more most other some such
    own same too s t said says say told according while after before during since until up down out
    off again further once""".split()  # noqa: SIM905 - a word list reads better as prose
)
_BIGRAM_WEIGHT = 0.5


@dataclass(frozen=True)
class Weights:
    """Inverse document frequencies learnt from a set of sentences."""

    idf: dict[str, float]
    default: float

    def of(self, feature: str) -> float:
        return self.idf.get(feature, self.default)


def features(text: str) -> tuple[str, ...]:
    """The stems, number buckets and stem pairs a sentence is compared by."""
    return _features(text)


@lru_cache(maxsize=65536)
def _features(text: str) -> tuple[str, ...]:
    stems = [s for s in (_stem(t) for t in _TOKEN.findall(text)) if s]
    pairs = [f"{a}_{b}" for a, b in itertools.pairwise(stems)]
    return tuple(stems + pairs)


def _stem(token: str) -> str | None:
    word = token.lower().rstrip(".") if not token[0].isdigit() else token
    if word[0].isdigit():
        return _bucket(word)
    if word in _US or token.lower() in _US:
        return "#us"
    if word in _STOPWORDS or len(word) < 2:
        return None
    return _STEMMER.stemWord(word.replace("’", "'").split("'")[0])


def _bucket(number: str) -> str | None:
    """Numbers match by order of magnitude and first digit: 80,000 ≈ 81,000, not 40,000."""
    digits = number.replace(",", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    if 1900 <= value <= 2100 and "," not in number:
        return f"#year{int(value)}"
    if value == 0:
        return "#n0"
    magnitude = math.floor(math.log10(value))
    return f"#n{int(value / 10**magnitude)}e{magnitude}"


def learn(texts: Iterable[str]) -> Weights:
    """Smoothed IDF over the given sentences (each counted once per feature)."""
    document_frequency: Counter[str] = Counter()
    total = 0
    for text in texts:
        total += 1
        document_frequency.update(set(features(text)))
    idf = {f: math.log((1 + total) / (1 + df)) + 1 for f, df in document_frequency.items()}
    return Weights(idf, math.log(1 + total) + 1)


def vectorise(text: str, weights: Weights) -> Vector:
    """A unit-length vector of the sentence's features."""
    vector: Vector = {}
    for feature in features(text):
        scale = _BIGRAM_WEIGHT if "_" in feature else 1.0
        vector[feature] = vector.get(feature, 0.0) + scale * weights.of(feature)
    return _unit(vector)


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(f, 0.0) for f, w in a.items())


def add(total: Vector, vector: Vector) -> Vector:
    """The sum of two vectors (a claim's centroid is the unit sum of its members)."""
    merged = dict(total)
    for feature, weight in vector.items():
        merged[feature] = merged.get(feature, 0.0) + weight
    return merged


def unit(vector: Vector) -> Vector:
    return _unit(vector)


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {f: w / norm for f, w in vector.items()} if norm else {}


def shared_words(text: str, others: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the words in `text` whose stem also occurs in any of `others`."""
    elsewhere = {f for other in others for f in features(other) if "_" not in f}
    spans = []
    for match in _TOKEN.finditer(text):
        stem = _stem(match.group(0))
        if stem and stem in elsewhere:
            spans.append((match.start(), match.end() - (match.group(0).endswith(".") and 1)))
    return tuple(spans)
