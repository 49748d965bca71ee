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

import hashlib
import heapq
from collections.abc import Callable, Sequence
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


@dataclass(frozen=True, slots=True)
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


def text_features(sentence: Sentence) -> similarity.Vector:
    """A sentence's features, made from its words."""
    return similarity.vectorise(sentence.text)


# Asked for each sentence once, in order: a cache can hand them over an article at a time.
Features = Callable[[Sentence], similarity.Vector]


def group(
    sentences: Sequence[Sentence],
    threshold: float = DEFAULT_THRESHOLD,
    features: Features = text_features,
) -> tuple[Group, ...]:
    """Cluster sentences (already in publication order) into groups with stable ids.

    `features` gives a sentence's features (a cache may have them).

    Each sentence joins one claim, the one it is most similar to. A sentence
    that makes two claims at once ("house violent U.S. criminals and accept
    deportees of any nationality") is pinned to the second by the editor:
    letting it join every claim it matches made the broad claims swallow their
    neighbours on the synthetic archive.
    """
    return regroup(sentences, threshold, features)[0]


Key = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Trace:
    """How one grouping decided, sentence by sentence, in reading order.

    Each step is (sentence key, print of its text, key of the sentence that founded
    the claim it joined or None when it founded one, similarity). A later grouping
    of the same sentences with others added among them replays a step wherever
    nothing it was decided on has changed (see `regroup`).
    """

    threshold: float
    steps: tuple[tuple[Key, int, Key | None, float], ...]


def text_print(text: str) -> int:
    """64 bits of the sentence's digest: a replayed step must be about the same words."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def regroup(
    sentences: Sequence[Sentence],
    threshold: float = DEFAULT_THRESHOLD,
    features: Features = text_features,
    previous: Trace | None = None,
) -> tuple[tuple[Group, ...], Trace]:
    """`group`, and its trace; given the trace of an earlier grouping, the same result
    in a fraction of the time when sentences were only added.

    A sentence is decided by the claims it could join (those in the postings of its
    rarest features) and their centroids, and both depend only on the sentences that
    joined each claim. So while the claims a sentence could join hold the same
    sentences as at this point of the earlier grouping, the earlier choice stands
    without a cosine computed. From the first sentence a claim gains or loses, it
    differs (`_Differences`), and a sentence that could join it is looked at again.
    The earlier trace is used only when its sentences all come again, with the same
    words, in the same order, and with the same threshold.
    """
    prints = [text_print(s.text) for s in sentences]
    earlier = _replayable(sentences, prints, threshold, previous)
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = {}
    differences = _Differences(clusters, index, threshold)
    steps = []
    for sentence, text in zip(sentences, prints, strict=True):
        key = (sentence.article, sentence.index)
        vector = features(sentence)
        last = earlier.get(key)
        chosen = differences.replayed(last, vector) if last else None
        if chosen is None:
            ranked = _nearest(vector, clusters, index)
            chosen = ranked[0] if ranked and ranked[0][1] >= threshold else (None, 1.0)
            if earlier:  # with nothing to replay, nothing can differ from it
                differences.note(chosen[0], last)
        best, score = chosen
        joined: Key | None = None
        if best is None:
            best = differences.founded[key] = len(clusters)
            clusters.append(_Cluster([sentence], [1.0], vector))
        else:
            clusters[best].join(sentence, vector, score)
            first = clusters[best].members[0]
            joined = (first.article, first.index)
        steps.append((key, text, joined, score))
        for feature in vector:
            postings = index.setdefault(feature, [])
            if not postings or postings[-1] != best:
                postings.append(best)
    return tuple(_with_ids(clusters)), Trace(threshold, tuple(steps))


def _replayable(
    sentences: Sequence[Sentence], prints: Sequence[int], threshold: float, trace: Trace | None
) -> dict[Key, tuple[Key | None, float]]:
    """The earlier steps by sentence, when they can be replayed; else none."""
    if trace is None or trace.threshold != threshold:
        return {}
    steps = trace.steps
    earlier = {key: (joined, score) for key, _, joined, score in steps}
    at = 0
    for sentence, text in zip(sentences, prints, strict=True):
        key = (sentence.article, sentence.index)
        if key not in earlier:
            continue
        if at == len(steps) or steps[at][0] != key or steps[at][1] != text:
            return {}
        at += 1
    return earlier if at == len(steps) else {}


@dataclass
class _Differences:
    """Where a resumed grouping differs so far from the one its trace recorded.

    A claim that differs in one of its first `DEFINING_MEMBERS` sentences, or that the
    earlier grouping did not have, has `moved`: its centroid is not the one the earlier
    choices were made against, so a choice of it is made again. A claim that differs
    only after them has `grown`: its centroid is the same, but its postings are not, so
    a sentence may find it among the claims it could join where it did not before.
    """

    clusters: list[_Cluster]
    index: dict[str, list[int]]
    threshold: float
    founded: dict[Key, int] = field(default_factory=dict)
    moved: set[int] = field(default_factory=set)
    grown: set[int] = field(default_factory=set)

    def replayed(
        self, last: tuple[Key | None, float], vector: similarity.Vector
    ) -> tuple[int | None, float] | None:
        """The earlier choice (claim number, or None to found one) if it still stands."""
        joined, score = last
        best = None if joined is None else self.founded.get(joined)
        if joined is not None and (best is None or best in self.moved):
            return None
        if not self.moved and not self.grown:
            return best, score
        candidates = _candidates(vector, self.index)
        if best is not None and best not in candidates:
            return None
        # Every other claim the sentence could join that is as it was scores what it
        # scored then, and lost. One that differs must not beat the earlier choice (or,
        # when the sentence founded a claim, reach the threshold).
        for number in candidates:
            if number == best or (number not in self.moved and number not in self.grown):
                continue
            now = similarity.cosine(vector, self.clusters[number].centroid)
            if best is None and now >= self.threshold:
                return None
            if best is not None and (now > score or (now == score and number < best)):
                return None
        return best, score

    def note(self, best: int | None, last: tuple[Key | None, float] | None) -> None:
        """Mark the claims a fresh choice leaves unlike the earlier grouping: the one the
        sentence joins or founds now, unless it did so then, and the one it joined then."""
        now = len(self.clusters) if best is None else best
        joined = last[0] if last else None
        then = None if joined is None else self.founded.get(joined)
        if last is not None and ((joined is None and best is None) or then == now):
            return
        for number in (now, then):
            if number is None or number in self.moved:
                continue
            new = number == len(self.clusters)
            # A claim that has grown keeps its first members: it cannot move later.
            if new or len(self.clusters[number].members) < DEFINING_MEMBERS:
                self.moved.add(number)
            else:
                self.grown.add(number)


def _nearest(
    vector: similarity.Vector, clusters: list[_Cluster], index: dict[str, list[int]]
) -> list[tuple[int, float]]:
    """Candidate claims, most similar first."""
    candidates = _candidates(vector, index)
    scored = [(c, similarity.cosine(vector, clusters[c].centroid)) for c in sorted(candidates)]
    return sorted(scored, key=lambda pair: -pair[1])


def _candidates(vector: similarity.Vector, index: dict[str, list[int]]) -> set[int]:
    """The claims sharing one of the sentence's rarest features."""
    rarest = heapq.nlargest(_PROBES, vector, key=vector.__getitem__)
    return {c for feature in rarest for c in index.get(feature, ())}


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
