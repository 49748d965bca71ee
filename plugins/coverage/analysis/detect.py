"""From articles to the archive's claims: sentences → groups → editor overlay → stances.

This is the one entry point the site needs. A group becomes a claim when two
or more articles carry it, or when the editor has touched it; a claim-like
sentence that no other article shares is "new" in its article, listed for the
editor to review rather than published as a claim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import partial

from ..cache_keys import digest, of_value
from ..findings import Appearance, Claim, Claims, Sentence, packed
from ..model import Article, Story
from ..pipeline import PLAIN, Kept, Runner
from . import similarity, stance
from .claims import (
    DEFAULT_THRESHOLD,
    Features,
    Group,
    Trace,
    group,
    publication_order,
    regroup,
    text_features,
)
from .overlay import Overlay, apply
from .sentences import is_claim_like, split
from .stories import stories


def detect(
    articles: Sequence[Article],
    story: Story | None,
    overlay: Overlay | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    split_into: Mapping[str, tuple[Sentence, ...]] | None = None,
    features: Features = text_features,
    run: Runner = PLAIN,
) -> Claims:
    """The claims of the articles, from their sentences and the sentences' features.

    When a cache has them, `split_into` gives each article's sentences (by its
    id) and `features` each claim-like sentence's features; what is not given
    is computed here. Each claim is made through
    `run.memo`, keyed by its group and its story's articles: adding an article
    judges the stances of the claims it joins or whose story it is on, not all.
    """
    ordered = publication_order(articles)
    given = split_into or {}
    sentences = {
        a.source.name: given[a.id] if a.id in given else split(a) for a in ordered
    }  # fmt: skip
    claim_like = [s for a in ordered for s in sentences[a.source.name] if is_claim_like(s.text)]
    groups = _grouped(claim_like, threshold, features, run)
    problems: tuple = ()
    if overlay is not None:
        groups, problems = apply(overlay, groups, sentences)
    rank = {a.id: n for n, a in enumerate(ordered)}
    kept, unmatched = [], []
    for found in groups:
        members = sorted(found.members, key=lambda s: (rank[s.article], s.index))
        if len(found.articles) > 1 or found.by_editor:
            kept.append((found, members))
        else:
            unmatched.extend(members)
    story_of = stories(list(rank), ({s.article for s in members} for _, members in kept))
    on_story: dict[int, list[str]] = {}
    for article, number in story_of.items():
        on_story.setdefault(number, []).append(article)
    claims = []
    story_key = of_value(story)
    for found, members in kept:
        # A claim no article makes (an editor's, unmatched) is the whole archive's to omit.
        scope = on_story[story_of[members[0].article]] if members else list(rank)
        key = _claim_key(found, members, scope, story_key)
        claims.append(run.memo("claim", key, partial(_claim, found, members, scope, story)))
    claims.sort(key=lambda c: _first(c, rank))
    unmatched.sort(key=lambda s: (rank[s.article], s.index))
    return Claims(tuple(claims), tuple(unmatched), problems)


def _grouped(
    claim_like: Sequence[Sentence],
    threshold: float,
    features: Features,
    run: Runner,
) -> tuple[Group, ...]:
    """The archive's grouping, resumed from the last build's trace when the runner keeps it.

    Grouping reads every claim-like sentence in order; at 10,000 articles it was the
    costliest step of adding one. The trace is kept under one name and revised, so an
    added article is grouped afresh only where it changes a claim (see `regroup`).
    """
    if not run.keeps("grouping"):
        return group(claim_like, threshold, features)
    made: list[tuple[Group, ...]] = []

    def revise(kept: Kept | None) -> tuple[Trace, None]:
        previous = kept.outline if kept and isinstance(kept.outline, Trace) else None
        groups, trace = regroup(claim_like, threshold, features, previous)
        made.append(groups)
        return trace, None

    parts = (f"{s.article}\0{s.index}\0{s.text}" for s in claim_like)
    made_for = digest(repr(threshold), *parts)
    trace = run.memo_revised("grouping", "archive", made_for, revise)
    # Unchanged sentences: the kept trace is replayed whole, without one comparison.
    return made[0] if made else regroup(claim_like, threshold, features, trace)[0]


def _first(claim: Claim, rank: dict[str, int]) -> tuple[int, int]:
    first = claim.appearances[0].sentence if claim.appearances else None
    return (rank[first.article], first.index) if first else (len(rank), 0)


def _claim_key(found: Group, members: list[Sentence], scope: list[str], story_key: str) -> str:
    """Everything `_claim` reads, as plain values in a fixed order: the members with their
    scores and pins, what the editor gave the group, the story's articles, the story."""
    score = dict(zip(found.members, found.scores, strict=True))
    parts = [
        (s.article, s.block, s.start, s.end, s.index, s.text, score[s], s in found.pinned)
        for s in members
    ]
    given = (found.id, found.title, found.note, found.by_editor)
    return digest(repr(given), repr(parts), repr(scope), story_key)


def _claim(found: Group, members: list[Sentence], scope: list[str], story: Story | None) -> Claim:
    """The claim of one group; `scope` is its story's articles, in publication order."""
    score = dict(zip(found.members, found.scores, strict=True))
    stances = stance.judge_all(members, story)
    elsewhere = _words_elsewhere(members)
    appearances = []
    for sentence, (position, why) in zip(members, stances, strict=True):
        appearances.append(
            Appearance(
                sentence=sentence,
                stance=position,
                reason=why,
                score=score[sentence],
                marks=packed(similarity.shared_with(sentence.text, elsewhere[sentence.article])),
                pinned=sentence in found.pinned,
            )
        )
    carried = {s.article for s in members}
    return Claim(
        id=found.id,
        title=found.title or _title(members),
        title_by="editor" if found.title else "inferred",
        appearances=tuple(appearances),
        omitted_by=tuple(a for a in scope if a not in carried),
        note=found.note,
    )


def _words_elsewhere(members: list[Sentence]) -> dict[str, frozenset[str]]:
    """For each article, the words the claim's other articles use (what its passage highlights).

    Counted once per claim: a word is elsewhere when more articles use it than this one alone.
    """
    texts: dict[str, list[str]] = {}
    for sentence in members:
        texts.setdefault(sentence.article, []).append(sentence.text)
    words = {article: similarity.words_of(found) for article, found in texts.items()}
    articles_using = Counter(word for found in words.values() for word in found)
    return {
        article: frozenset(w for w, n in articles_using.items() if n > (w in own))
        for article, own in words.items()
    }


def _title(members: list[Sentence]) -> str:
    """The shortest sentence that states it: the claim in one line, in an outlet's own words."""
    return min(members, key=lambda s: (len(s.text), s.index)).text
