"""How each article carries a claim: states it, qualifies it, differs on it, or omits it.

- `differs`: it gives another value than the other appearances for the same
  figure ("81,000" where the others say "80,000"), day ("February 4" where
  the others' "Monday" and "February 3" both mean 3 February) or place ("the
  South American country" where others say "the Central American country"),
  or quotes the same words differently.
- `qualifies`: it hedges ("it is unclear whether", "what officials are
  calling", "reportedly").
- `states`: neither.
`omits` is decided by the claims stage (no sentence of the article carries it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..findings import Sentence, Stance
from ..model import Story
from . import figures

# Hedges mark a claim as reported but not asserted. General English cues only.
HEDGES = (
    r"\b(?:it is|it['’]s|remains?) unclear (?:whether|if|how|when)\b",
    r"\bwhat (?:\w+ )?(?:officials|critics|he|she|they|experts) (?:are|is|were|was) calling\b",
    r"\b(?:officials|critics|experts) (?:are|were) calling\b",
    r"\breportedly\b",
    r"\ballegedly\b",
    r"\bunconfirmed\b",
    r"\b(?:is|are|was|were) (?:said|believed|thought) to\b",
    r"\bit remains to be seen\b",
    r"\bclaims? (?:that|this)\b",
)
_HEDGE = re.compile("|".join(HEDGES), re.IGNORECASE)
_QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
_WORDS = re.compile(r"[\w’']+")
_US = re.compile(r"\bu\.s\b\.?")


def judge(
    sentence: Sentence, others: Sequence[Sentence], story: Story | None
) -> tuple[Stance, str]:
    """The stance of one appearance, compared with the claim's other appearances."""
    return judge_all([sentence, *others], story)[0]


def judge_all(members: Sequence[Sentence], story: Story | None) -> list[tuple[Stance, str]]:
    """The stance of every appearance of one claim, each compared with the other articles'.

    Each sentence is read once and the claim's values are pooled, so a claim with
    k appearances costs k readings, not k² comparisons.
    """
    read = [_read(m.text, story) for m in members]
    pools = _Pools()
    for member, said in zip(members, read, strict=True):
        pools.add(member.article, said)
    judged = []
    for member, said in zip(members, read, strict=True):
        theirs = pools.without(member.article)
        differs = (
            _different_figure(said, theirs)
            or _different_day(said, theirs)
            or _different_place(said, theirs)
            or _different_quote(said, theirs)
        )
        if differs:
            judged.append(("differs", differs))
            continue
        hedge = _HEDGE.search(member.text)
        judged.append(("qualifies", f"hedged: “{hedge.group(0)}”") if hedge else ("states", ""))
    return judged


@dataclass(frozen=True, slots=True)
class _Said:
    """What one sentence states that can be compared as a value."""

    figures: tuple[figures.Figure, ...]
    days: tuple[tuple[str, date], ...]
    places: tuple[tuple[str, str], ...]
    quotes: tuple[tuple[str, str], ...]  # (as written, plain words)


@lru_cache(maxsize=65536)
def _read(text: str, story: Story | None) -> _Said:
    return _Said(
        figures=figures.numbers(text),
        days=figures.days(text, story),
        places=figures.places(text),
        quotes=tuple((q, _plain(q)) for q in _quotes(text)),
    )


@dataclass
class _Pool:
    """Counts of values (and how each was first written) across some appearances."""

    counts: Counter = field(default_factory=Counter)
    written: dict = field(default_factory=dict)

    def add(self, value: object, words: str) -> None:
        self.counts[value] += 1
        self.written.setdefault(value, words)


class _Pools:
    """The claim's figures, days and quotes, in total and per article."""

    def __init__(self) -> None:
        self.total = {kind: _Pool() for kind in ("figures", "days", "places", "quotes")}
        self.by_article: dict[str, dict[str, _Pool]] = {}

    def add(self, article: str, said: _Said) -> None:
        own = self.by_article.setdefault(article, {k: _Pool() for k in self.total})
        for pools in (self.total, own):
            for figure in said.figures:
                pools["figures"].add(figure.value, figure.text)
            for words, day in said.days:
                pools["days"].add(day, words)
            for words, region in said.places:
                pools["places"].add(region, words)
            for quote, plain in said.quotes:
                pools["quotes"].add(plain, quote)

    def without(self, article: str) -> dict[str, _Pool]:
        """The other articles' values: the totals minus this article's own."""
        own = self.by_article[article]
        return {
            kind: _Pool(pool.counts - own[kind].counts, pool.written)
            for kind, pool in self.total.items()
        }


def _different_figure(said: _Said, theirs: dict[str, _Pool]) -> str:
    pool = theirs["figures"]
    for figure in said.figures:
        near = Counter(
            {v: n for v, n in pool.counts.items() if figures.same_quantity(v, figure.value)}
        )
        other = _odd_one_out(figure.value, near)
        if other is not None:
            return f"gives {figure.text} where {_others(near[other])} {pool.written[other]}"
    return ""


def _different_day(said: _Said, theirs: dict[str, _Pool]) -> str:
    return _first_odd(
        said.days,
        theirs["days"],
        lambda words, value, other, count, written: (
            f"“{words}” is {value:%-d %B %Y}; {_others(count)} “{written}” ({other:%-d %B %Y})"
        ),
    )


def _different_place(said: _Said, theirs: dict[str, _Pool]) -> str:
    return _first_odd(
        said.places,
        theirs["places"],
        lambda words, _, __, count, written: (
            f"calls it “{words}” where {_others(count)} “{written}”"
        ),
    )


def _first_odd(items: Sequence[tuple[str, object]], pool: _Pool, describe) -> str:
    """Why the first of these (words, value) pairs that the other articles disagree with differs."""
    for words, value in items:
        other = _odd_one_out(value, pool.counts)
        if other is not None:
            return describe(words, value, other, pool.counts[other], pool.written[other])
    return ""


def _different_quote(said: _Said, theirs: dict[str, _Pool]) -> str:
    """The same quotation in other words: this version is not the one most articles give."""
    pool = theirs["quotes"]
    for mine, plain in said.quotes:
        versions = Counter({v: n for v, n in pool.counts.items() if _overlap(plain, v) >= 0.5})
        if any(plain in v or v in plain for v in versions):
            continue  # someone quotes it as we do (or as a fragment of it)
        other = _odd_one_out(plain, versions)
        if other is not None:
            return f"quotes “{mine}” where others quote “{pool.written[other]}”"
    return ""


def _quotes(text: str) -> list[str]:
    return [m.group(1).strip(" ,.") for m in _QUOTE.finditer(text)]


def _plain(quote: str) -> str:
    words = _WORDS.findall(_US.sub("us", quote.lower()))
    return " ".join(words)


def _overlap(a: str, b: str) -> float:
    """Share of the shorter (plain) quote's longer words found in the other ("our", "to" don't)."""
    left = {w for w in a.split() if len(w) > 3}
    right = {w for w in b.split() if len(w) > 3}
    return len(left & right) / min(len(left), len(right)) if left and right else 0.0


def _odd_one_out(mine: object, theirs: Counter) -> object | None:
    """The value the other articles agree on, when this appearance's value is not it.

    With a clear majority (counting this appearance), only the minority
    differs; in a tie, every side differs from the other.
    """
    if not theirs:
        return None
    counts = (theirs + Counter({mine: 1})).most_common()
    top = [value for value, count in counts if count == counts[0][1]]
    if mine in top and len(top) == 1:
        return None
    rivals = Counter({v: n for v, n in theirs.items() if v != mine}).most_common(1)
    return rivals[0][0] if rivals else None


def _others(count: int) -> str:
    return "another says" if count == 1 else f"{count} others say"
