"""The people an article names, with their titles, learnt before any quote is attributed.

A reader knows "Rubio" in paragraph nine is the "US Secretary of State Marco
Rubio" of paragraph one, and that "The state secretary" is he. This module
gathers that knowledge from the whole article: each person by surname, at their
fullest name, with the titles and role nouns the article gives them ("Leti
Volpp, a law professor" → a professor). It also says which capitalised words can
never be a person's name (sentence openers, titles, organisations), which
`speakers.py` needs when it reads a sentence's mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Article
from .speech import ADVERBS, NAME, ROLES, TITLES, VERB


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


ORG_HEADS = _set(
    "department ministry agency office council commission committee court party"
    " organization organisation bureau administration government embassy police army navy"
    " foundation institute university service union association international watch"
    " congress senate parliament assembly cabinet authority board house coalition network"
    " company corporation bank fund center centre command forces guard press news"
)
# Capitalised words that start sentences or name times, and the words of titles: never
# a person's name ("State" in "US Secretary of State Marco Rubio said").
LEADING = _set(
    "the a an in it its he she his her they their we our i this that these those but and"
    " or as at on for with while when since after before according under over one if so"
    " yet also meanwhile however there here what who why how by from to of monday tuesday"
    " wednesday thursday friday saturday sunday january february march april may june july"
    " august september october november december"
)
_NOT_NAMES = LEADING | _set(
    "us u.s. american president secretary state minister prime foreign vice deputy senator"
    " sen. rep. representative governor gov. mayor ambassador professor prof. dr. mr. mrs."
    " ms. judge chancellor spokesperson spokesman spokeswoman commissioner director chairman"
    " chairwoman chair speaker pope king queen prince princess general gen. attorney"
)
# A name after one of these is an object ("the advisory for El Salvador warns"), not a speaker.
_OBJECT_OF = re.compile(
    r"\b(?:for|to|with|in|of|from|by|at|on|into|about|against|between|like|than|the|an?)\s+$"
)

# "Secretary of State Marco Rubio", "Minister of Justice Ana Ruiz", "President Bukele".
_TITLE_NAME = re.compile(
    rf"\b(?P<title>{TITLES}(?:\s+of\s+[A-Z][a-z]+)?)\s+(?P<name>{NAME}(?:\s+{NAME}){{0,2}})"
)
_TITLE_MODS = re.compile(r"(?:[A-Z][\w.’']*\s+){1,3}$")
# Both found backwards from their anchor (", a law professor", a speech verb): trying for a
# name at every capital letter is what makes such patterns slow.
_APPOSITION = re.compile(
    rf",\s+(?:a|an|the)\s+(?P<mods>(?:[\w’'-]+\s+){{0,3}}?)(?P<head>{ROLES})\b"
)
_FULL_NAME_BEFORE = re.compile(rf"(?<![\w’'-]){NAME}(?:\s+{NAME}){{1,2}}$")
_NAME_BEFORE = re.compile(rf"(?<![\w’'-]){NAME}(?:\s+{NAME}){{0,3}}(?=\s+{ADVERBS}$)")


@dataclass
class Person:
    name: str
    roles: set[str] = field(default_factory=set)


def learn_people(article: Article) -> dict[str, Person]:
    """Everyone the article names as a person, by surname, at their fullest, with titles."""
    people: dict[str, Person] = {}
    for block in article.blocks:
        if block.embed is not None:
            _learn(people, block.embed.author, ())
            continue
        text = block.text
        for m in _TITLE_NAME.finditer(text):
            mods = _TITLE_MODS.search(text, max(0, m.start() - 40), m.start())
            words = (mods.group() if mods else "").split() + m["title"].split()
            _learn(people, m["name"], words)
        for m in _APPOSITION.finditer(text):
            name = _FULL_NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if name:  # "Leti Volpp, a law professor at UC Berkeley"
                _learn(people, name.group(), [*m["mods"].split(), m["head"]])
        for m in VERB.finditer(text):
            name = _NAME_BEFORE.search(text, max(0, m.start() - 50), m.start())
            if name and not _OBJECT_OF.search(text, max(0, name.start() - 10), name.start()):
                _learn(people, name.group(), ())  # "Bruce stated", "Bukele later wrote"
    return people


def _learn(people: dict[str, Person], raw: str | None, roles: Sequence[str]) -> None:
    name = clean_name(raw or "")
    if not name:
        return
    person = people.setdefault(norm(name.split()[-1]), Person(name))
    if len(name.split()) > len(person.name.split()):
        person.name = name
    person.roles.update(norm(w) for w in roles if w.lower() not in ("of", "the"))


def clean_name(raw: str) -> str | None:
    """A person's name from the words that named them, without titles; None for an organisation."""
    words = [bare(w) for w in raw.split()]
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    if not words or not words[0][:1].isupper() or any(w.lower() in ORG_HEADS for w in words):
        return None  # "a law professor" is not a name; "State Department" is no person
    return " ".join(words)


def bare(word: str) -> str:
    return word.removesuffix("’s").removesuffix("'s").strip(",.")


@lru_cache(maxsize=8192)
def norm(word: str) -> str:
    return bare(word).lower().replace(".", "")


def akin(a: str, b: str) -> bool:
    """ "salvadorian" is akin to "salvador", "u.s." to "us"."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))
