"""Claims: statements that several articles make, found by grouping their sentences.

The grouping is single-pass ("leader-follower") clustering, the method of
topic detection and tracking: sentences are read in publication order, and each
one joins the claim whose centroid it is most similar to, if that similarity
reaches the threshold, or else starts a claim of its own. Reading in
publication order is what keeps ids stable: an article added later can join
claims or start new ones but cannot change how earlier articles were grouped,
and a claim's id comes from the sentence that started it.

Candidates are found through an inverted index on each sentence's rarest
features, so a sentence is compared with the few claims that share them, not
with every claim: the cost grows with the archive, not with its square.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from slugify import slugify

from ..findings import Sentence
from ..model import Article
from . import similarity
from .sentences import is_claim_like, split

DEFAULT_THRESHOLD = 0.28
DEFINING_MEMBERS = 5
_PROBES = 8
_ID_LENGTH = 60
# "U.S." should slug to "us", and "Salvador’s" to "salvadors".
_SPELLINGS = [["U.S.", "US"], ["’", ""], ["'", ""]]


@dataclass(frozen=True)
class Group:
    """Sentences the matcher put together, in publication order; the first one founded it."""

    id: str
    members: tuple[Sentence, ...]
    scores: tuple[float, ...]
    pinned: frozenset[Sentence] = frozenset()
    title: str | None = None
    note: str | None = None
    by_editor: bool = False

    @property
    def founder(self) -> Sentence:
        return self.members[0]

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.article for s in self.members))


def publication_order(articles: Sequence[Article]) -> list[Article]:
    """Earliest first; undated articles last; ties by source file name."""
    return sorted(articles, key=lambda a: (a.published.value or date.max, a.source.name))


def claim_sentences(articles: Sequence[Article]) -> list[Sentence]:
    """The sentences that could state a claim, in publication then reading order."""
    return [s for a in publication_order(articles) for s in split(a) if is_claim_like(s.text)]


def claim_features(sentences: Sequence[Sentence]) -> tuple[tuple[int, similarity.Vector], ...]:
    """(index, features) of each of one article's sentences that could state a claim.

    A sentence's features depend on its words alone, so they are cached per article.
    """
    return tuple(
        (s.index, similarity.vectorise(s.text)) for s in sentences if is_claim_like(s.text)
    )


def group(
    sentences: Sequence[Sentence],
    threshold: float = DEFAULT_THRESHOLD,
    vectors: Mapping[tuple[str, int], similarity.Vector] | None = None,
) -> tuple[Group, ...]:
    """Cluster sentences (already in publication order) into groups with stable ids.

    `vectors` gives a sentence's features by (article, index) when a cache has them.

    Each sentence joins one claim, the one it is most similar to. A sentence
    that makes two claims at once ("house violent U.S. criminals and accept
    deportees of any nationality") is pinned to the second by the editor:
    letting it join every claim it matches made the broad claims swallow their
    neighbours on the synthetic archive.
    """
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = {}
    vectors = vectors or {}
    for sentence in sentences:
        known = vectors.get((sentence.article, sentence.index))
        vector = similarity.vectorise(sentence.text) if known is None else known
        ranked = _nearest(vector, clusters, index)
        if ranked and ranked[0][1] >= threshold:
            best = ranked[0][0]
            clusters[best].join(sentence, vector, ranked[0][1])
        else:
            best = len(clusters)
            clusters.append(_Cluster([sentence], [1.0], vector))
        for feature in vector:
            postings = index.setdefault(feature, [])
            if not postings or postings[-1] != best:
                postings.append(best)
    return tuple(_with_ids(clusters))


def _nearest(
    vector: similarity.Vector, clusters: list[_Cluster], index: dict[str, list[int]]
) -> list[tuple[int, float]]:
    """Candidate claims sharing one of the sentence's rarest features, most similar first."""
    rarest = heapq.nlargest(_PROBES, vector, key=vector.__getitem__)
    candidates = {c for feature in rarest for c in index.get(feature, ())}
    scored = [(c, similarity.cosine(vector, clusters[c].centroid)) for c in sorted(candidates)]
    return sorted(scored, key=lambda pair: -pair[1])


@dataclass
class _Cluster:
    members: list[Sentence]
    scores: list[float]
    total: similarity.Vector
    centroid: similarity.Vector = field(init=False)

    def __post_init__(self) -> None:
        self.centroid = similarity.unit(self.total)

    def join(self, sentence: Sentence, vector: similarity.Vector, score: float) -> None:
        self.members.append(sentence)
        self.scores.append(round(score, 3))
        # The first few members define the claim. Letting every joiner move the
        # centroid makes a big claim drift towards the story's common words until
        # it swallows its neighbours (measured on the synthetic archive).
        if len(self.members) <= DEFINING_MEMBERS:
            self.total = similarity.add(self.total, vector)
            self.centroid = similarity.unit(self.total)


def _with_ids(clusters: list[_Cluster]) -> list[Group]:
    taken: set[str] = set()
    groups = []
    for cluster in clusters:
        groups.append(
            Group(
                id=unique_id(cluster.members[0].text, taken),
                members=tuple(cluster.members),
                scores=tuple(cluster.scores),
            )
        )
    return groups


def unique_id(text: str, taken: set[str]) -> str:
    """A readable id from the founding sentence's words; -2, -3 … on a clash."""
    base = (
        slugify(
            text,
            max_length=_ID_LENGTH,
            word_boundary=True,
            save_order=True,
            replacements=_SPELLINGS,
        )
        or "claim"
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate
