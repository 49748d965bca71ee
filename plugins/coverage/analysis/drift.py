"""Quote groups and drift: which quotes are one utterance, and how each outlet changed it.

Quotes are read in publication order. Each joins the group it belongs to:
- a fragment ("most unprecedented") joins the group whose words contain it,
  word for word;
- a fuller or reworded version joins the group it is most similar to, by the
  claims matcher's measure, if that reaches `THRESHOLD`;
- else it starts a group. A sentence of an editor-given primary source (a
  post as its speaker published it) starts a group of its own before any
  article is read, so versions are compared with what was really said.

Each version is then compared word by word with the group's reference (the
primary source, else the fullest version at least two outlets agree on) and
labelled; the labels, most serious first:
  attributed-differently  the words are given to another speaker
  reworded                words changed or added inside the quote marks
  trimmed                 words dropped from inside, or a sentence end moved
                          inside the marks ("… in his jails.")
  spelling                only "U.S." / "US" differ
  verbatim-fragment       a word-for-word piece of the reference
  verbatim                the reference, word for word
  paraphrase              the same content in an article's own sentence,
                          outside quote marks (found through the claims)
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache, partial

from ..cache_keys import digest
from ..findings import Claim, Claims, Quote, QuoteGroup, QuoteLabel, QuoteVersion, Sentence
from ..model import PrimarySource, Story
from ..pipeline import PLAIN, Runner
from . import similarity
from .claims import unique_id
from .sentences import segment
from .speakers import speaker_key

THRESHOLD = 0.30
# A quote this short is a fragment only if its words are found in the group,
# in order; one word alone ("significant") is too common to place by itself,
# so it joins only a group that a quote of the same paragraph joined
# (“relatively low for the U.S.” but “significant”).
MIN_FRAGMENT = 2
_WORD = re.compile(r"\w+(?:[’'.]\w+)*")
_ENDS_SENTENCE = re.compile(r"[.!?][”\"’')\]]*\s*$")
# "… for the U.S." ends on an abbreviation's dot, not a full stop.
_ENDS_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}\s*$")
_SPELLINGS = {"u.s": "us", "u.s.a": "usa"}
_SEVERITY: tuple[QuoteLabel, ...] = (
    "attributed-differently",
    "reworded",
    "trimmed",
    "spelling",
    "verbatim-fragment",
    "verbatim",
    "paraphrase",
)


@dataclass(frozen=True, slots=True)
class _Words:
    """A text's words as written (`raw`), as compared (`norm`), and where each starts."""

    text: str
    starts: tuple[int, ...]
    raw: tuple[str, ...]
    norm: tuple[str, ...]
    ends_sentence: bool

    def run(self, first: int, last: int) -> str:
        """Words first..last-1 as printed, with the punctuation between and after them."""
        start = 0 if first == 0 else self.starts[first]
        end = self.starts[last] if last < len(self.starts) else len(self.text)
        return self.text[start:end].strip()


# Labelling a group reads its quotes' words again, soon after they are placed. Sixty-five
# thousand kept held 46 MB at 3,000 articles, for the full build's labelling alone.
@lru_cache(maxsize=8192)
def words(text: str) -> _Words:
    found = list(_WORD.finditer(text))
    raw = tuple(m.group(0) for m in found)
    norm = tuple(_SPELLINGS.get(w.lower(), w.lower().replace("’", "'")) for w in raw)
    ends = bool(_ENDS_SENTENCE.search(text)) and not _ENDS_ABBREVIATION.search(text)
    return _Words(text, tuple(m.start() for m in found), raw, norm, ends)


def contains(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """`part` occurs in `whole` as a run of consecutive words."""
    if not part or len(part) > len(whole):
        return False
    first = part[0]
    return any(
        whole[i : i + len(part)] == part
        for i in range(len(whole) - len(part) + 1)
        if whole[i] == first
    )


@dataclass
class _Group:
    founder: str
    source: PrimarySource | None = None
    quotes: list[Quote] = field(default_factory=list)
    # The distinct word runs seen in the group, longest first: fragments are
    # looked for in these.
    runs: list[tuple[str, ...]] = field(default_factory=list)
    vector: similarity.Vector = field(default_factory=dict)

    def add_run(self, norm: tuple[str, ...]) -> None:
        if norm not in self.runs:
            self.runs.append(norm)
            self.runs.sort(key=len, reverse=True)
            del self.runs[4:]


def group_quotes(
    quotes: Sequence[Quote],
    story: Story | None,
    claims: Claims | None = None,
    run: Runner = PLAIN,
) -> tuple[QuoteGroup, ...]:
    """Every quote of the archive (in publication order) in its group, each version labelled.

    Grouping reads every quote in order, but each group is labelled through
    `run.memo`, keyed by what labelling reads (`_group_key`): adding an article
    labels again only the groups it quotes in or whose claim it carries. At
    10,000 articles labelling was 60 % of the stage.
    """
    groups = [_Group(founder=text, source=source) for source, text in _source_sentences(story)]
    for g in groups:
        g.add_run(words(g.founder).norm)
        g.vector = similarity.vectorise(g.founder)
    index: dict[str, set[int]] = {}
    for n, g in enumerate(groups):
        _index(index, g.runs[0], n)
    placed: dict[tuple[str, int], list[int]] = {}
    for quote in quotes:
        said = words(quote.text)
        nearby = placed.setdefault((quote.article, quote.block), [])
        if len(said.norm) < MIN_FRAGMENT:
            n = next((n for n in nearby if _holds(groups[n], said)), None)
        else:
            n = _place(quote, said, groups, index)
        if n is None:
            n = len(groups)
            groups.append(_Group(founder=quote.text, vector=similarity.vectorise(quote.text)))
        nearby.append(n)
        groups[n].quotes.append(quote)
        groups[n].add_run(said.norm)
        _index(index, said.norm, n)
    spans = _claim_spans(claims)
    claim_by_id = {c.id: c for c in claims.claims} if claims else {}
    # Many groups can belong to one broad claim: each sentence is vectorised once.
    vectors: dict[Sentence, similarity.Vector] = {}
    taken: set[str] = set()
    found = []
    for g in groups:
        if g.quotes:
            claim = _claim_of(g.quotes, spans)
            retold = _retellings(g, claim_by_id.get(claim or ""))
            group_id = unique_id(g.founder, taken)
            key = _group_key(g, retold, group_id, claim)
            found.append(
                run.memo("quote_group", key, partial(_made, g, retold, group_id, claim, vectors))
            )
    return tuple(found)


def _group_key(g: _Group, retold: Sequence[Sentence], group_id: str, claim: str | None) -> str:
    """Everything labelling a group reads (`_made`): its founding words and primary source,
    its quotes, the sentences where a paraphrase may be, its id and its claim."""
    return digest(group_id, g.founder, repr(g.source), repr(g.quotes), repr(retold), claim or "")


def _made(
    g: _Group,
    retold: Sequence[Sentence],
    group_id: str,
    claim: str | None,
    vectors: dict[Sentence, similarity.Vector],
) -> QuoteGroup:
    return _labelled(g, _paraphrases(g, retold, vectors), group_id, claim)


def _source_sentences(story: Story | None) -> Iterable[tuple[PrimarySource, str]]:
    for source in story.sources if story else ():
        for start, end in segment(source.text):
            yield source, source.text[start:end].strip()


def _index(index: dict[str, set[int]], norm: tuple[str, ...], n: int) -> None:
    for key in _keys(norm):
        index.setdefault(key, set()).add(n)


def _keys(norm: tuple[str, ...]) -> set[str]:
    """Each pair of neighbouring words (or the one word): what a fragment is looked up by."""
    if len(norm) < 2:
        return set(norm)
    return {f"{a} {b}" for a, b in itertools.pairwise(norm)}


def _place(quote: Quote, said: _Words, groups: list[_Group], index: dict) -> int | None:
    keys = _keys(said.norm)
    # The three rarest word pairs it shares with the groups: enough to find its
    # group, and few enough that a common pair ("of the") costs nothing.
    # Ties are broken by the pair itself, so the result never depends on hash order.
    rarest = sorted((len(index[k]), k) for k in keys if k in index)[:3]
    candidates = sorted(set().union(*(index[k] for _, k in rarest)))
    for n in candidates:
        if _holds(groups[n], said):
            return n
    vector = similarity.vectorise(quote.text)
    scored = [(similarity.cosine(vector, groups[n].vector), n) for n in candidates]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= THRESHOLD else None


def _holds(g: _Group, said: _Words) -> bool:
    return any(contains(run, said.norm) for run in g.runs)


def _claim_spans(claims: Claims | None) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    """Where each claim's sentences are: (article, block) → (start, end, claim id)."""
    spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for claim in claims.claims if claims else ():
        for appearance in claim.appearances:
            s = appearance.sentence
            spans.setdefault((s.article, s.block), []).append((s.start, s.end, claim.id))
    return spans


def _claim_of(quotes: Sequence[Quote], spans: dict) -> str | None:
    """The claim most of the group's quotes sit in, if any."""
    votes = Counter(
        claim
        for q in quotes
        for start, end, claim in spans.get((q.article, q.block), ())
        if start <= q.start < end
    )
    return votes.most_common(1)[0][0] if votes else None


def _retellings(g: _Group, claim: Claim | None) -> list[Sentence]:
    """The sentences of the group's claim in articles that do not quote it: where its words
    may be carried outside quote marks."""
    if claim is None:
        return []
    quoting = {q.article for q in g.quotes}
    return [a.sentence for a in claim.appearances if a.sentence.article not in quoting]


def _paraphrases(
    g: _Group, retold: Sequence[Sentence], vectors: dict[Sentence, similarity.Vector]
) -> list[Sentence]:
    """Of the sentences retelling the group's claim, those that carry its words: close
    enough to the quote itself by the claims matcher, as a claim is broader than a quote.
    """
    found = []
    for sentence in retold:
        if sentence not in vectors:
            vectors[sentence] = similarity.vectorise(sentence.text)
        if similarity.cosine(vectors[sentence], g.vector) >= THRESHOLD:
            found.append(sentence)
    return found


def _labelled(
    g: _Group, paraphrases: Sequence[Sentence], group_id: str, claim: str | None
) -> QuoteGroup:
    reference, reference_from, reference_quote = _reference(g)
    ref = words(reference)
    speaker = g.source.speaker if g.source else _majority_speaker(g.quotes)
    versions = [_version(q, ref, speaker, q is reference_quote) for q in g.quotes]
    versions += [_paraphrase(s, ref) for s in paraphrases]
    return QuoteGroup(
        id=group_id,
        speaker=speaker,
        reference=reference,
        reference_from=reference_from,
        versions=tuple(versions),
        claim=claim,
        reference_quote=reference_quote,
    )


def _reference(g: _Group) -> tuple[str, str, Quote | None]:
    """The primary source, else the fullest version another outlet's version agrees with."""
    if g.source:
        return g.founder, f"primary source: {g.source.where}", None
    said = [(q, words(q.text).norm) for q in g.quotes]
    corroborated = [
        (q, norm)
        for q, norm in said
        if any(o.article != q.article and contains(norm, other) for o, other in said)
    ]
    if corroborated:
        # Of the fullest, the one most outlets print alike, down to its last mark.
        ending = Counter((norm, words(q.text).ends_sentence) for q, norm in said)
        q, _ = max(
            corroborated,
            key=lambda pair: (len(pair[1]), ending[(pair[1], words(pair[0].text).ends_sentence)]),
        )
        return q.text, "the fullest version outlets agree on", q
    first = g.quotes[0]
    return first.text, "the earliest version; no two outlets quote it alike", first


def _majority_speaker(quotes: Sequence[Quote]) -> str | None:
    weight: Counter[str] = Counter()
    names: dict[str, str] = {}
    for q in quotes:
        key = speaker_key(q.speaker)
        if key:
            weight[key] += q.confidence
            if len(q.speaker or "") > len(names.get(key, "")):
                names[key] = q.speaker or ""
    return names[weight.most_common(1)[0][0]] if weight else None


def _version(quote: Quote, ref: _Words, speaker: str | None, is_reference: bool) -> QuoteVersion:
    said = words(quote.text)
    diff = word_diff(ref, said)
    label, reason = _compare(ref, said, diff)
    if is_reference:
        reason = "the version the others are compared with"
    mine, theirs = speaker_key(quote.speaker), speaker_key(speaker)
    if mine and theirs and mine != theirs:
        reason = (
            f"gives these words to {quote.speaker}; the others give them to {speaker} ({label})"
        )
        label = "attributed-differently"
    return QuoteVersion(
        article=quote.article,
        block=quote.block,
        start=quote.start,
        end=quote.end,
        text=quote.text,
        speaker=quote.speaker,
        label=label,
        reason=reason,
        diff=diff,
        quote=quote,
    )


def _paraphrase(sentence: Sentence, ref: _Words) -> QuoteVersion:
    return QuoteVersion(
        article=sentence.article,
        block=sentence.block,
        start=sentence.start,
        end=sentence.end,
        text=sentence.text,
        speaker=None,
        label="paraphrase",
        reason="says it in the article's own words, outside quote marks",
        diff=word_diff(ref, words(sentence.text)),
    )


def word_diff(ref: _Words, said: _Words) -> tuple[tuple[str, str], ...]:
    """The reference's words against the version's: kept, deleted and inserted runs."""
    ops: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, ref.norm, said.norm, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", said.run(j1, j2)))
            continue
        if i2 > i1:
            ops.append(("delete", ref.run(i1, i2)))
        if j2 > j1:
            ops.append(("insert", said.run(j1, j2)))
    return tuple(ops)


def _compare(
    ref: _Words, said: _Words, diff: tuple[tuple[str, str], ...]
) -> tuple[QuoteLabel, str]:
    inserted = [text for op, text in diff if op == "insert"]
    deleted = [(n, text) for n, (op, text) in enumerate(diff) if op == "delete"]
    if inserted:
        return "reworded", _changes(diff)
    inner = [text for n, text in deleted if 0 < n < len(diff) - 1]
    if inner:
        return "trimmed", "drops " + ", ".join(f"“{t}”" for t in inner) + " from inside the quote"
    fragment = bool(deleted)
    if said.ends_sentence and not ref.ends_sentence:
        return "trimmed", "ends the quote with a full stop where the fuller version runs on"
    spelt = sorted({f"“{b}” for “{a}”" for a, b in _respelt(ref, said)})
    if spelt:
        return "spelling", "writes " + ", ".join(spelt) + (" (a fragment)" if fragment else "")
    if fragment:
        return (
            "verbatim-fragment",
            f"quotes {len(said.norm)} of the reference's {len(ref.norm)} words, word for word",
        )
    return "verbatim", "word for word as the reference"


def _respelt(ref: _Words, said: _Words) -> list[tuple[str, str]]:
    """(reference spelling, version spelling) of the words equal only once normalised."""
    matcher = SequenceMatcher(None, ref.norm, said.norm, autojunk=False)
    pairs = []
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            a, b = ref.raw[block.a + k], said.raw[block.b + k]
            if a != b:
                # The word pattern leaves an abbreviation's last dot out: U.S → U.S.
                pairs.append((a + "." if "." in a else a, b + "." if "." in b else b))
    return pairs


def _changes(diff: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for n, (op, text) in enumerate(diff):
        before = diff[n - 1] if n else None
        if op == "insert" and before and before[0] == "delete":
            parts.append(f"“{before[1]}” → “{text}”")
        elif op == "insert":
            parts.append(f"adds “{text}”")
        elif op == "delete" and 0 < n < len(diff) - 1 and diff[n + 1][0] != "insert":
            parts.append(f"drops “{text}”")
    return "changes the words inside the quote marks: " + "; ".join(parts)


def by_article(groups: Sequence[QuoteGroup]) -> Mapping[str, list[tuple[QuoteGroup, QuoteVersion]]]:
    found: dict[str, list[tuple[QuoteGroup, QuoteVersion]]] = {}
    for g in groups:
        for v in g.versions:
            found.setdefault(v.article, []).append((g, v))
    return found


def severity(label: QuoteLabel) -> int:
    return _SEVERITY.index(label)
