"""Who an article says spoke a quote, and a key to tell two namings of one speaker apart.

The attribution reads an article as a reader does. It first learns the people the
article names, with their titles (`names.py`), then walks the sentences in order
keeping who is in focus (for "he added"). For each quote it takes the nearest words
that say who spoke it: a cue after it (`,” Rubio told reporters`), a possessive
(`his campaign promise of “…”`), "According to X," or a speech verb before it
(`Rubio said that …`, `saying in a post, “…”`) whose subject may be a name, a
pronoun, a role noun ("The state secretary" → the person given that title) or a
document ("The webpage" → the State Department, whose webpage it was); then a cue
closing the sentence (`…, Bruce stated.`); then the reported speech of the sentence
before. Words none of these reach (scare quotes such as “third country” agreements)
have no speaker. Nothing here knows this story's people: the English it recognises
(titles, role nouns, speech verbs, the shapes of attribution) is in `speech.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article
from .names import LEADING, ORG_HEADS, akin, bare, clean_name, learn_people, norm
from .speech import (
    AFTER,
    CAPSEQ,
    CLAUSE_BREAKS,
    CLOSING,
    CUE,
    DANGLING,
    DOC_AFTER,
    NOUN_PHRASE,
    POSSESSIVE,
    SAID_FORMS,
    TRAIL,
    VERB,
)

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Words that only place an organisation: "the U.S. State Department" is the State Department.
_COUNTRY = frozenset(
    {"the", "us", "u.s", "u.s.", "usa", "uk", "u.k", "eu", "un", "american", "united", "states"}
)
_KEY_WORD = re.compile(r"[\w.'-]+")

# How sure each kind of cue is, times how sure its subject is (a name more than a pronoun).
_AFTER_W, _ACCORDING_W, _SAID_W, _VERB_W, _CLOSING_W, _POSSESSIVE_W, _INHERITED_W = (
    0.95, 0.9, 0.9, 0.8, 0.8, 0.6, 0.5,
)  # fmt: skip
_KIND_W = {"name": 1.0, "org": 1.0, "new": 0.9, "pronoun": 0.8, "role": 0.75, "doc": 0.75}
# A quote this short with no cue of its own is a term ("third country"), not reported speech.
_MIN_INHERITED_WORDS = 4
# How far before a quote its cue is looked for (characters).
_WINDOW = 300


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    confidence: float
    cue: str


NOBODY = Attribution(None, 0.0, "")


@dataclass(frozen=True, slots=True)
class Site:
    """Where a quote sits in its block: `open` its opening mark, `close` just after its
    first part's closing mark (where a cue after it starts), `end` just after its last part."""

    open: int
    close: int
    end: int
    words: int


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    kind: str  # name, org, pronoun, role, doc
    speaker: str | None


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence of a block and who it names, ordered by position."""

    start: int
    end: int
    mentions: list[Mention]
    starts: list[int]

    @property
    def subject(self) -> Mention | None:
        """Its first named person: the grammatical subject more often than not."""
        return next((m for m in self.mentions if m.kind == "name"), None)

    def between(self, lo: int, hi: int) -> list[Mention]:
        return self.mentions[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


class Attributor:
    """Attribution state for one article, fed its blocks in reading order."""

    def __init__(self, article: Article) -> None:
        self.people = learn_people(article)
        self.docs: dict[str, str] = {}  # a document noun ("webpage") → whose it is
        self.seen: dict[str, int] = {}  # surname → when last mentioned (breaks role-noun ties)
        self.clock = 0
        self.focus: str | None = None  # whom "he"/"she" refers to now
        self.previous: Attribution | None = None  # the last sentence's reported speaker
        self.carry = False  # the last block ended on a colon, introducing what follows

    def embed(self, author: str | None) -> None:
        """An embedded post puts its author in focus."""
        self.previous, self.carry = None, False
        person = self.people.get(speaker_key(author) or "")
        self.focus = person.name if person else author or self.focus

    def read(
        self, masked: str, sentences: Sequence[tuple[int, int]], sites: Sequence[Site]
    ) -> list[Attribution]:
        """Attribute each of a block's quotes; `masked` is its text with quoted words blanked."""
        found = [NOBODY] * len(sites)
        if not self.carry:  # reported speech carries on within a paragraph, or past a colon
            self.previous = None
        k = 0
        for s, e in sentences:
            quoted = k < len(sites) and sites[k].open < e
            said = None if quoted else _last(VERB.finditer(masked, s, e))
            sent = self._sentence(masked, s, e, names_only=not quoted and not said)
            reporter = self._by_verb(masked, sent, said) if said else None
            while k < len(sites) and sites[k].open < e:
                last = k + 1 == len(sites) or sites[k + 1].open >= e
                found[k] = self._attribute(masked, sent, sites[k], last)
                reporter = found[k] if found[k].speaker else reporter
                k += 1
            subject = sent.subject
            if reporter and (speaker_key(reporter.speaker) or "") in self.people:
                self.focus = reporter.speaker
            elif subject:
                self.focus = subject.speaker
            self.previous = reporter
        self.carry = masked.rstrip().endswith(":")  # "Rubio said:" then a quoted paragraph
        return found

    def _sentence(self, masked: str, s: int, e: int, names_only: bool) -> _Sentence:
        """Who the sentence names outside its quotes; learns whose documents are whose.
        `names_only` skips pronouns and role nouns where no cue could use them."""
        found: list[Mention] = []
        for m in CAPSEQ.finditer(masked, s, e):
            tokens = m.group().split()
            lead = 0
            while lead < len(tokens) and tokens[lead].lower() in LEADING:
                lead += 1
            if lead == len(tokens):
                continue
            start = m.start() + m.group().index(tokens[lead])
            person = next(
                (self.people[k] for t in reversed(tokens) if (k := norm(t)) in self.people), None
            )
            if person:
                speaker, kind = person.name, "name"
                self.clock += 1
                self.seen[norm(person.name.split()[-1])] = self.clock
            elif any(norm(t) in ORG_HEADS for t in tokens):
                speaker, kind = bare(masked[start : m.end()]), "org"
            else:
                continue
            found.append(Mention(start, kind, speaker))
            doc = DOC_AFTER.match(masked, m.end(), e) if m.group().endswith(("’s", "'s")) else None
            if doc:
                self.docs[doc["doc"]] = speaker
        if not names_only:
            for n in NOUN_PHRASE.finditer(masked, s, e):
                if n["pronoun"]:
                    found.append(Mention(n.start(), "pronoun", None))
                elif n["head"]:
                    holder = self._holder(n["mods"].split(), n["head"])
                    found.append(Mention(n.start(), "role", holder))
                elif n["doc"] in self.docs and (not n["mods"] or n["mods"].islower()):
                    found.append(Mention(n.start(), "doc", self.docs[n["doc"]]))
            found.sort(key=lambda x: x.start)
        return _Sentence(s, e, found, [m.start for m in found])

    def _holder(self, mods: list[str], head: str) -> str | None:
        """Who holds a role: "The El Salvadorian president" is the president given El Salvador."""
        best, score = None, (-1, -1)
        for key, person in self.people.items():
            if head.lower() not in person.roles:
                continue
            hits = [any(akin(norm(m), r) for r in person.roles) for m in mods]
            if not all(h for h, m in zip(hits, mods, strict=True) if m[:1].isupper()):
                continue  # a proper adjective ("Salvadorian") must fit
            if (sum(hits), self.seen.get(key, -1)) > score:
                best, score = person.name, (sum(hits), self.seen.get(key, -1))
        return best

    def _attribute(self, masked: str, sent: _Sentence, site: Site, last: bool) -> Attribution:
        """The nearest cue: after the quote, before it, closing the sentence (only after its
        last quote), then the reported speech of the sentence before."""
        found = (
            self._after(masked, sent, site)
            or self._before(masked, sent, site.open)
            or (self._closing(masked, sent, site) if last else None)
        )
        if found:
            return found
        before = self.previous
        if before and before.speaker and site.words >= _MIN_INHERITED_WORDS:
            return Attribution(before.speaker, _INHERITED_W, before.cue)
        return NOBODY

    def _after(self, masked: str, sent: _Sentence, site: Site) -> Attribution | None:
        """`,” Rubio told reporters`, `,” he added`, `,” Leti Volpp, a …, told CNN over email`."""
        m = AFTER.match(masked, site.close, sent.end)
        if not m:
            return None
        subj = "subj2" if m["verb2"] else "subj"
        who = self._who(masked, sent, m.start(subj), m.end(subj), None)
        cue_start = m.start("verb2") if m["verb2"] else m.start("verb" if m["appos"] else "subj")
        return _credit(who, _AFTER_W, _trim_cue(masked[cue_start : m.end()]))

    def _before(self, masked: str, sent: _Sentence, pos: int) -> Attribution | None:
        """The nearest cue before the quote, within a window (a cue further back is not
        this quote's, and a bounded search keeps a block of many quotes linear)."""
        lo = max(sent.start, pos - _WINDOW)
        poss = POSSESSIVE.search(masked, max(lo, pos - 120), pos)
        if poss:
            who = self._who(masked, sent, poss.start("owner"), poss.end("owner"), pos)
            return _credit(who, _POSSESSIVE_W, masked[poss.start() : poss.end()].strip(" ,:"))
        cue = _last(CUE.finditer(masked, lo, pos))
        if cue is None:
            return None
        if cue["subj"]:  # According to Bukele,
            who = self._who(masked, sent, cue.start("subj"), cue.end("subj"), pos)
            return _credit(who, _ACCORDING_W, cue.group())
        return self._by_verb(masked, sent, cue)

    def _by_verb(self, masked: str, sent: _Sentence, verb: re.Match) -> Attribution | None:
        """A speech verb's subject: the nearest in its clause; a participle's is the sentence's."""
        at = verb.start()
        weight = _SAID_W if verb.group() in SAID_FORMS else _VERB_W
        main = sent.mentions[0] if sent.mentions and sent.mentions[0].start < at else None
        if verb.group().endswith("ing"):  # "…, saying in a post," speaks for the main subject
            trail = TRAIL.match(masked, verb.end()).end()
            return _credit(self._resolve(main, sent, at), weight, masked[at:trail])
        window = max(sent.start, at - _WINDOW)
        lo = max(max(masked.rfind(c, window, at) for c in CLAUSE_BREAKS) + 1, window)
        near = sent.between(lo, at)
        if near:
            who = self._resolve(near[-1], sent, at)
            return _credit(who, weight, masked[near[-1].start : verb.end()])
        if masked[lo:at].strip():  # a subject we cannot name ("which critics called")
            return None
        return _credit(self._resolve(main, sent, at), weight, verb.group())

    def _closing(self, masked: str, sent: _Sentence, site: Site) -> Attribution | None:
        """`… from anywhere in the world, American Secretary of State Marco Rubio said after …`."""
        m = CLOSING.search(masked, site.end, sent.end)
        if not m:
            return None
        who = self._who(masked, sent, m.start("subj"), m.end("subj"), None)
        return _credit(who, _CLOSING_W, masked[m.start("subj") : m.end()])

    def _who(self, masked, sent: _Sentence, start, end, before) -> tuple[str | None, str]:
        """The speaker the words at (start, end) name: a mention there, or a new name."""
        here = sent.between(start, end)
        if here:
            return self._resolve(here[-1], sent, before)
        if masked[start:end].lower() in ("his", "her"):  # "his campaign promise of “…”"
            return self._resolve(Mention(start, "pronoun", None), sent, before)
        name = clean_name(masked[start:end])
        return (name, "new") if name else (None, "")

    def _resolve(self, mention, sent: _Sentence, before) -> tuple[str | None, str]:
        """A pronoun before its quote is the sentence's subject if one came first ("Rubio
        said … what he called"); otherwise, and after a quote, whoever is in focus."""
        if mention is None:
            return None, ""
        if mention.kind != "pronoun":
            return mention.speaker, mention.kind
        subject = sent.subject
        if before is not None and subject and subject.start < before:
            return subject.speaker, "pronoun"
        return self.focus, "pronoun"


def _trim_cue(cue: str) -> str:
    """ "he said in a statement on" → "he said in a statement": a cue ends on a content word."""
    words = cue.strip().rstrip(".,;:").split(" ")
    while len(words) > 2 and words[-1].lower() in DANGLING:
        words.pop()
    return " ".join(words)


def _last(matches):
    found = None
    for found in matches:  # noqa: B007 - the last one is the nearest to the quote
        pass
    return found


def _credit(who: tuple[str | None, str], weight: float, cue: str) -> Attribution | None:
    speaker, kind = who
    if not speaker:
        return None
    return Attribution(speaker, round(weight * _KIND_W.get(kind, 0.5), 2), cue)


def speaker_key(name: str | None) -> str | None:
    """A comparison key: a person's surname; an organisation's name without "the" or country.

    "US Secretary of State Marco Rubio", "Marco Rubio" and "Rubio’s" → "rubio";
    "the U.S. State Department" and "Department of State" → "state department".
    """
    words = [bare(w) for w in _KEY_WORD.findall((name or "").lower().replace("’", "'"))]
    words = [w for w in words if w]
    if not words:
        return None
    if any(w in ORG_HEADS for w in words):
        at = words.index("of") if "of" in words[1:-1] else 0
        if at and words[at - 1] in ORG_HEADS:  # "Department of State" → "state department"
            words = [*words[: at - 1], *words[at + 1 :], words[at - 1]]
        while len(words) > 1 and words[0] in _COUNTRY:
            words.pop(0)
        return " ".join(words)
    words = [w for w in words if w not in SUFFIXES] or words
    return words[-1]
