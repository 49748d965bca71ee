"""Many stories from one: each story respells the words of the seeds' story its own way.

A real archive follows many stories, and articles about different stories
share no passages; reuse is found within a story. The seeds tell one story, so
the synthesiser makes others by respelling: story k appends its own code to
every word of four or more letters ("Salvador" → "Salvadorbc" in story 1). Two
stories then share only short words ("the", "of", "US") and numbers, which
practically never make a run of eight words, while the articles of one story
share exactly what the seeds' recombinations share.
"""

from __future__ import annotations

import re

# Codes are made of consonants, so a respelled word never gains an English ending
# ("-er", "-ing", "-s") and never turns into another word of the seeds.
_LETTERS = "bcdfghjklmnpqrstvwxz"
_CODE_LENGTH = 2  # at least: two letters name stories 1 to 399, later ones get a third
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def code(story: int) -> str:
    """Story k's letters: its number in base 20, in consonants, at least two of them.

    The code depends on the story's number alone, never on how many stories a
    run has, so story k is spelt the same in every run.
    """
    if story < 1:
        raise ValueError(f"story 0 is the seeds' own spelling; codes start at 1, got {story}")
    letters = ""
    rest = story
    while rest or len(letters) < _CODE_LENGTH:
        rest, digit = divmod(rest, len(_LETTERS))
        letters = _LETTERS[digit] + letters
    return letters


def respell(text: str, story: int) -> str:
    """`text` as story `story` spells it (story 0: unchanged); capitals stay capitals."""
    if story == 0:
        return text
    suffix = code(story)
    return _LONG_WORD.sub(lambda m: m.group(0) + _cased(suffix, m.group(0)), text)


def _cased(suffix: str, word: str) -> str:
    """An acronym keeps shouting ("CECOT" → "CECOTBC"); other words end in lower case."""
    return suffix.upper() if word.isupper() else suffix
