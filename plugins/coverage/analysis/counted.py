"""What a figure counts, in the article's own words.

`figures.py` reads a figure as a value; this module says what that value is
of, which the ledger shows beside each figure and uses to group mentions that
measure one thing. General English heuristics over the words around a
figure, no story words: the noun phrase after a count up to a clause
boundary ("80,000 people jailed under the state of emergency | are innocent"),
"X of N" ("a maximum capacity of 40,000 inmates"), the event before a year
("since launching a sweeping crackdown in 2022"), and the verb phrase around a
day ("Rubio told reporters Monday"). They choose among the article's words;
they never make words up.
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    """A word set written as prose, which reads better than a set of quoted words."""
    return frozenset(words.split())


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w’'-]*|\d[\d,.]*|\S")
_DETERMINERS = _set("a an the its his her their our this these those my your")
_PREPOSITIONS = _set(
    "of in on at by for with from under into over about against between through during"
    " without within among to across upon toward towards"
)
_AUXILIARIES = _set(
    "is are was were be been being am has have had will would can could may might must shall"
    " should do does did"
)
# Words that open a new clause: a phrase read backwards from a figure stops there.
_OPENERS = _set(
    "that which who whom whose since when while after before because although though if and"
    " but or as where whether than"
)
# Words that end the noun phrase after a count ("people jailed | are innocent").
_ENDERS = _AUXILIARIES | _OPENERS | _set("unless until so yet following despite according once")
_QUANTIFIERS = _set("many some most all none one each any several few both half")
_PRONOUNS = _set("it he she they we i you him them us me who its")
_FUNCTION = _DETERMINERS | _PREPOSITIONS | _AUXILIARIES | _OPENERS | _QUANTIFIERS | _PRONOUNS
# Past forms that do not end in -ed, for "Rubio told reporters Monday".
_IRREGULAR = _set(
    "said told met made took gave spoke wrote held began saw sent came went won lost left"
    " says tells meets"
)
_BEFORE_DAY = _set("on by since until from last this next before after")
_YEAR_WORDS = _set("in since from by until till during of before after")
_LOOSE = _DETERMINERS | _PREPOSITIONS | {"and", "or"}
_PLURAL = re.compile(r"\w\w[^su\W]s$")
_COMPOUND = re.compile(r"-([^\W\d_]+)")
_WINDOW = 160


def content_words(text: str) -> list[str]:
    """The words of `text` that carry meaning (not function words), as written."""
    return [t for t in _TOKEN.findall(text) if t[0].isalpha() and t.lower() not in _FUNCTION]


def count_phrase(text: str, start: int, end: int, unit: str = "") -> tuple[str, str]:
    """What the count or amount at text[start:end] counts, and its unit."""
    compound = _COMPOUND.match(text, end)  # "a five-nation tour", "a 60-day deadline"
    words = _forward(text, compound.end() if compound else end)
    if words and (words[0].lower() == "of" or (unit and words[0].lower() in {"in", "for"})):
        words = _trim(words[1:])  # "two of the gangs", "$6 billion in aid"
    unit = unit or (f"{compound.group(1)}s" if compound else _head(words))
    phrase = " ".join(words)
    owner = _owner(text, start)
    if compound:
        phrase = f"{phrase} ({unit})" if phrase else unit
    elif owner:
        phrase = f"{owner} ({phrase})" if phrase else owner
    if not phrase:
        back = _trim([w for w in _backward(text, start, 6)[0] if w.lower() not in _AUXILIARIES])
        phrase = " ".join(back)
    return phrase, unit


def year_phrase(text: str, start: int, end: int) -> tuple[str, str]:
    """The event the year at text[start:end] dates, and the word before it ("since", "in")."""
    tokens = _tokens_before(text, start)
    cue = tokens[-1].group(0).lower() if tokens else ""
    at = tokens[-1].start() if cue in _YEAR_WORDS else start
    cue = cue if cue in _YEAR_WORDS else ""
    words, stop, stop_at = _backward(text, at, 8)
    relative = stop in {"that", "which", "who"} and words
    if relative and (_is_verb(words[0]) or words[0] in _AUXILIARIES):
        # "the state of emergency that has ruled the country since 2022": a clause
        # with no subject of its own dates the noun phrase it belongs to.
        owner = _trim(_backward(text, stop_at, 5, nouns_only=True)[0])
        words = [*owner, stop, *words] if owner else words
    elif len(words) == 1 and stop in {"—", "–", "(", "-"}:
        # "state of emergency—declared in 2022—"
        words = _trim(_backward(text, stop_at, 5, nouns_only=True)[0]) + words
    if not words:  # "In 2019, Bukele won …": the event follows
        after = end + 1 if text[end : end + 1] == "," else end
        words = _forward(text, after, 6)
    return " ".join(_trim(words)), cue


def day_phrase(text: str, start: int, end: int) -> str:
    """What happened on the day at text[start:end]: "Rubio told reporters", "meeting"."""
    tokens = _tokens_before(text, start)
    before = tokens[-1].group(0).lower() if tokens else ""
    following = _forward(text, end, 6)
    if before in _DETERMINERS | {"last", "next"} and following and following[0].islower():
        return " ".join(following)  # "a Feb. 3 meeting between Rubio and Bukele"
    at = tokens[-1].start() if before in _BEFORE_DAY else start
    words = _backward(text, at, 6)[0]
    verbs = [i for i, w in enumerate(words) if _is_verb(w)]
    if verbs:  # "Rubio announced the deal on February 3": from the verb's subject on
        return " ".join(_trim(words[max(0, verbs[0] - 1) :]))
    after = end + 1 if text[end : end + 1] == "," else end
    return " ".join(_trim(words + _forward(text, after, 6)))


def _tokens_before(text: str, at: int) -> list[re.Match[str]]:
    line = text.rfind("\n", 0, at) + 1
    found = list(_TOKEN.finditer(text, max(line, at - _WINDOW), at))
    return found[1:] if at - _WINDOW > line else found  # the first may be a cut word


def _forward(text: str, at: int, limit: int = 8) -> list[str]:
    """The noun phrase starting at `at`, up to a clause boundary."""
    line_end = text.find("\n", at)
    tokens = _TOKEN.findall(text, at, min(at + _WINDOW, line_end if line_end >= 0 else len(text)))
    words: list[str] = []
    for i, token in enumerate(tokens):
        low = token.lower()
        # "and" ends the phrase, except between names ("between Rubio and Bukele").
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        names = low == "and" and words and words[-1][0].isupper() and following[:1].isupper()
        if not token[0].isalpha() or (low in _ENDERS and not names):
            break
        words.append(token)
        if len(words) == limit:
            break
    return _trim(words)


def _backward(
    text: str, at: int, limit: int, nouns_only: bool = False
) -> tuple[list[str], str, int]:
    """The words before `at` back to a clause boundary; with the boundary and where it is."""
    words: list[str] = []
    for token in reversed(_tokens_before(text, at)):
        word, low = token.group(0), token.group(0).lower()
        if not word[0].isalpha() or low in _OPENERS:
            return words[::-1], low, token.start()
        if nouns_only and (low in (_PREPOSITIONS - {"of"}) | _AUXILIARIES | _DETERMINERS):
            return words[::-1], low, token.start()
        words.append(word)
        if len(words) == limit:
            break
    return words[::-1], "", at


def _owner(text: str, start: int) -> str:
    """For "a maximum capacity of 40,000", the thing it measures: "maximum capacity"."""
    tokens = _tokens_before(text, start)
    if not tokens or tokens[-1].group(0).lower() != "of":
        return ""
    words = _trim(_backward(text, tokens[-1].start(), 4, nouns_only=True)[0])
    if not words or words[-1].lower() in _QUANTIFIERS or _is_verb(words[-1]):
        return ""
    return " ".join(words)


def _head(words: list[str]) -> str:
    """The noun a count is about: its first plural before a preposition ("public swimming
    pools in …"), else the word before a participle ("people jailed"), else the last."""
    run = next((words[:i] for i, w in enumerate(words) if i and w.lower() in _PREPOSITIONS), words)
    plural = next((w for w in run if _PLURAL.search(w)), None)
    if plural:
        return plural
    for i, word in enumerate(run[1:], start=1):
        if _is_participle(word):
            return run[i - 1]
    return run[-1] if run else ""


def _trim(words: list[str]) -> list[str]:
    """Drop the function words a phrase cannot start or end with ("under the", "a")."""
    start, end = 0, len(words)
    while start < end and words[start].lower() in _LOOSE:
        start += 1
    while end > start and words[end - 1].lower() in _LOOSE | _AUXILIARIES:
        end -= 1
    return words[start:end]


def _is_verb(word: str) -> bool:
    low = word.lower()
    return word[0].islower() and (low in _IRREGULAR or (len(low) > 4 and low.endswith("ed")))


def _is_participle(word: str) -> bool:
    return word[0].islower() and len(word) > 4 and word.endswith(("ed", "ing"))
