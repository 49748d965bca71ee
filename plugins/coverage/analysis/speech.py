"""The English of attribution: speech verbs, titles, role and document nouns, and the cue shapes.

Everything here is general English, never a story's people: the words that say
someone spoke ("said", "warned", "according to"), the nouns that stand for a
speaker ("The state secretary", "The webpage"), and the compiled patterns that
find a cue around a quote. Kept apart from the attribution logic in
`speakers.py` so the vocabulary can grow without touching how it is used, and so
`names.py` and `quotes.py` can share the same patterns.
"""

from __future__ import annotations

import re


def _either(words: str) -> str:
    """A regex for any of the space-separated `words` ("_" for a space), as a prefix tree:
    "said says saying" → "sa(?:id|y(?:s|ing))". A flat alternation of a hundred words is
    tried word by word at every position; the tree fails at the first letter."""
    tree: dict = {}
    for word in words.split():
        node = tree
        for ch in word.replace("_", " "):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else f"(?:{'|'.join(alts)})"
        return body + "?" if "" in node else body

    return f"(?:{emit(tree)})"


# --- vocabulary: general English, no names ---------------------------------------------
_SAID_WORDS = "said says told tells stated states wrote writes added adds"
_SPEECH_WORDS = (
    f"{_SAID_WORDS} say saying telling stating writing adding explained explains noted noting"
    " insisted insists argued argues arguing claimed claims claiming declared declares warned"
    " warns warning announced announces confirmed confirms confirming described describes"
    " describing called calls calling hailed hails hailing tweeted posted replied responded"
    " acknowledged admitted stressed emphasized emphasised urged urges promised vowed pledged"
    " labelled labeled dubbed termed branded praised praises remarked commented recalled asked"
    " asks continued predicted suggested"
)
# "agreed" reports speech only with a clause ("agreed that …"), not in "agreed to house".
_SPEECH = rf"{_either(_SPEECH_WORDS)}|agree(?:d|s|ing)(?=\s+that\b)"
_VERB_AFTER = _either(
    f"{_SAID_WORDS} explained noted insisted argued claimed continued replied responded"
    " declared warned tweeted posted recalled remarked commented asked announced confirmed"
    " acknowledged admitted stressed"
)
_ROLE_WORDS = (
    "president secretary minister premier spokesperson spokesman spokeswoman professor"
    " senator governor mayor ambassador official leader chief director lawyer attorney judge"
    " analyst expert researcher economist chair chairman chairwoman commissioner envoy"
    " diplomat chancellor king queen pope general commander representative congressman"
    " congresswoman lawmaker adviser advisor aide activist founder executive prosecutor"
    " negotiator"
)
ROLES = _either(_ROLE_WORDS)
TITLES = _either(
    "Secretary_of_State Attorney_General Vice_President Prime_Minister Foreign_Minister"
    " President Secretary Minister Premier Spokesperson Spokesman Spokeswoman Professor"
    " Senator Governor Mayor Ambassador Director Judge Chancellor King Queen Pope Prince"
    " Princess General Commander Representative Congressman Congresswoman Commissioner"
    " Chairman Chairwoman Envoy Prosecutor Speaker Sen. Rep. Gov. Gen. Prof. Dr. Mr. Mrs. Ms."
)
# Whose words a document's are: "The State Department’s travel advisory … warns".
_DOCS = _either(
    "advisory webpage website site page statement report release account letter notice memo"
    " document announcement bulletin readout spokesperson spokesman spokeswoman post"
)
_SPEECH_NOUNS = _either(
    "promise pledge vow words slogan motto message post tweet statement remarks phrase mantra"
    " rallying_cry catchphrase call description"
)
# A cue ends on a content word: these left at its end belong to what follows.
DANGLING = frozenset(
    {"in", "on", "at", "a", "an", "the", "to", "of", "over", "with", "for", "from", "by"}
)
SAID_FORMS = frozenset(_SAID_WORDS.split())

# --- fragments shared by the patterns below and by `names.py` ----------------------------
NAME = r"[A-Z][\w’'-]*[a-z][\w’'-]*"  # a capitalised word with a lowercase letter: not "CNN"
_SEQ = r"[A-Z][\w.’'-]*(?:\s+(?:of\s+)?[A-Z][\w.’'-]*){0,5}"
_SUBJ = rf"(?:[Hh]e|[Ss]he|[Tt]hey|(?:[Tt]he|[Aa]n?)\s+(?:[\w.’'-]+\s+){{0,3}}?(?:{ROLES})|{_SEQ})"
ADVERBS = r"(?:(?:also|later|then|again|has|have|had)\s+)*"

VERB = re.compile(rf"(?<![\w-])(?:{_SPEECH})\b")
# Mentions inside a sentence (run on text whose quoted words are blanked out).
CAPSEQ = re.compile(_SEQ)
# "he", "The state secretary", "The webpage": one pass finds all three.
NOUN_PHRASE = re.compile(  # the lookahead lets the scanner skip to likely first letters
    rf"(?=[HhSsTt])\b(?:(?P<pronoun>[Hh]e|[Ss]he)|[Tt]he\s+(?P<mods>(?:[\w.’'-]+\s+){{0,3}}?)"
    rf"(?:(?P<head>{ROLES})|(?P<doc>{_DOCS})))\b"
)
DOC_AFTER = re.compile(rf"\s+(?:[a-z-]+\s+){{0,2}}?(?P<doc>{_DOCS})\b")

# --- the cues around a quote ---------------------------------------------------------------
_OBJECT = (
    r"(?:\s+(?!(?:after|before|while|when|as|referring|that|and|but|which|who)\b)[\w.’'-]+){0,4}"
)
AFTER = re.compile(
    rf"\s*[,.!?]?\s*(?:[–—-]\s*)?"
    rf"(?:(?P<subj>{_SUBJ})(?P<appos>,\s[^,“”\"]{{2,120}}?,)?\s+{ADVERBS}(?P<verb>{_VERB_AFTER})"
    rf"|(?P<verb2>said|says|wrote|writes|added|adds|asked|continued)\s+(?P<subj2>{_SUBJ}))\b{_OBJECT}"
)
# `“A,” he said – “B.”`: the words between two quotes that make them one.
CONTINUES = re.compile(
    rf"\s*(?:(?:{_SUBJ})\s+(?:also\s+)?{_VERB_AFTER}|(?:said|added)\s+(?:{_SUBJ}))\b"
    rf"[^.!?“”\"]{{0,40}}?\s*[,:–—-]\s*"
)
CUE = re.compile(rf"(?<![\w-])(?:[Aa]ccording\s+to\s+(?P<subj>{_SUBJ})|(?:{_SPEECH})\b)")
POSSESSIVE = re.compile(
    rf"(?P<owner>\b(?:[Hh]is|[Hh]er|[Tt]heir)|{_SEQ}(?=’s|'s))(?:’s|'s)?\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{_SPEECH_NOUNS})(?:\s+(?:of|that|was|is|as))?\s*[,:]?\s*$"
)
CLOSING = re.compile(  # searched after a sentence's last quote only
    rf"[,;]\s+(?P<subj>{_SUBJ})\s+(?:(?:also|later)\s+)?{_VERB_AFTER}\b(?!\s+(?:that\b|[“\"]))"
)
TRAIL = re.compile(r"(?:\s+(?!that\b)[a-z][\w’'-]*){0,4}")
CLAUSE_BREAKS = ",;:–—("
