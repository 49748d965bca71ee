"""How each article carries a claim: states it, qualifies it, differs on it, or omits it.

- `differs`: it gives another value than the other appearances for the same
  figure ("81,000" where the others say "80,000") or day ("February 4" where
  the others' "Monday" and "February 3" both mean 3 February), or quotes the
  same words differently.
- `qualifies`: it hedges ("it is unclear whether", "what officials are
  calling", "reportedly").
- `states`: neither.
`omits` is decided by the claims stage (no sentence of the article carries it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..model import Sentence, Stance, Story
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
    differs = _different_figure(sentence, others) or _different_day(sentence, others, story)
    differs = differs or _different_quote(sentence, others)
    if differs:
        return "differs", differs
    hedge = _HEDGE.search(sentence.text)
    if hedge:
        return "qualifies", f"hedged: “{hedge.group(0)}”"
    return "states", ""


def _different_figure(sentence: Sentence, others: Sequence[Sentence]) -> str:
    for figure in figures.numbers(sentence.text):
        theirs = [
            f
            for other in others
            for f in figures.numbers(other.text)
            if figures.same_quantity(f.value, figure.value)
        ]
        other = _odd_one_out(figure.value, [f.value for f in theirs])
        if other is not None:
            written = next(f.text for f in theirs if f.value == other)
            count = sum(f.value == other for f in theirs)
            return f"gives {figure.text} where {_others(count)} {written}"
    return ""


def _different_day(sentence: Sentence, others: Sequence[Sentence], story: Story | None) -> str:
    theirs = [day for other in others for day in figures.days(other.text, story)]
    for words, value in figures.days(sentence.text, story):
        other = _odd_one_out(value, [v for _, v in theirs])
        if other is not None:
            said = sorted({w for w, v in theirs if v == other})
            count = sum(v == other for _, v in theirs)
            return (
                f"“{words}” is {value:%-d %B %Y}; {_others(count)} "
                f"{' / '.join(f'“{w}”' for w in said)} ({other:%-d %B %Y})"
            )
    return ""


def _different_quote(sentence: Sentence, others: Sequence[Sentence]) -> str:
    """The same quotation in other words: this version is not the one most articles give."""
    for mine in _quotes(sentence.text):
        versions = [q for other in others for q in _quotes(other.text) if _overlap(mine, q) >= 0.5]
        plain = _plain(mine)
        if any(plain in _plain(v) or _plain(v) in plain for v in versions):
            continue  # someone quotes it as we do (or as a fragment of it)
        other = _odd_one_out(plain, [_plain(v) for v in versions])
        if other is not None:
            shown = next(v for v in versions if _plain(v) == other)
            return f"quotes “{mine}” where others quote “{shown}”"
    return ""


def _quotes(text: str) -> list[str]:
    return [m.group(1).strip(" ,.") for m in _QUOTE.finditer(text)]


def _plain(quote: str) -> str:
    words = _WORDS.findall(_US.sub("us", quote.lower()))
    return " ".join(words)


def _overlap(a: str, b: str) -> float:
    """Share of the shorter quote's longer words found in the other ("our", "to" don't count)."""
    left = {w for w in _plain(a).split() if len(w) > 3}
    right = {w for w in _plain(b).split() if len(w) > 3}
    return len(left & right) / min(len(left), len(right)) if left and right else 0.0


def _odd_one_out(mine: object, theirs: list) -> object | None:
    """The value the others agree on, when this appearance's value is not it.

    With a clear majority (counting this appearance), only the minority
    differs; in a tie, every side differs from the other.
    """
    if not theirs:
        return None
    counts = Counter([mine, *theirs]).most_common()
    top = [value for value, count in counts if count == counts[0][1]]
    if mine in top and len(top) == 1:
        return None
    rivals = Counter(v for v in theirs if v != mine).most_common(1)
    return rivals[0][0] if rivals else None


def _others(count: int) -> str:
    return "another says" if count == 1 else f"{count} others say"
