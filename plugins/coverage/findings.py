"""What the analysis finds in the archive: sentences, claims, quotes, figures and notes.

Like `model.py`, these are small frozen records with no behaviour beyond
naming their own parts (and `Reuse.whole`, which reads back what a pair's
outline leaves out); the analysis modules make them, the pages show them.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .model import Problem

# How one article carries one claim (see analysis/stance.py for the rules).
Stance = Literal["states", "qualifies", "differs", "omits"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, pinned to its block (`#pN`) and its span in that block."""

    article: str
    block: int
    start: int
    end: int
    text: str
    index: int

    @property
    def anchor(self) -> str:
        return f"p{self.block}"


@dataclass(frozen=True, slots=True)
class Appearance:
    """A sentence that carries a claim, with how it carries it and why we say so.

    `marks` are the spans of its words shared with the claim's other
    appearances (what the claim page highlights), packed (`packed`, `matched`);
    `pinned` means an editor put it here rather than the matcher.
    """

    sentence: Sentence
    stance: Stance
    reason: str
    score: float
    marks: bytes = b""
    pinned: bool = False

    @property
    def matched(self) -> tuple[tuple[int, int], ...]:
        return unpacked(self.marks)


def packed(spans: Iterable[tuple[int, int]]) -> bytes:
    """Character spans as bytes, each (start, end) two unsigned 32-bit numbers.

    Every appearance of every claim keeps the spans of its marked words through the
    build: at 10,000 articles 1.45 million of them, which took 178 MB as pairs of ints
    in tuples and take 12 MB packed.
    """
    return array("I", [n for span in spans for n in span]).tobytes()


def unpacked(marks: bytes) -> tuple[tuple[int, int], ...]:
    """The spans `packed` packed, in their order."""
    flat = array("I")
    flat.frombytes(marks)
    return tuple(zip(flat[::2], flat[1::2], strict=True))


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement that two or more articles make, each in its own words.

    `id` is stable: it comes from the sentence that first made the claim (in
    publication order) or from the editor, so adding later articles keeps it.
    `omitted_by` lists the articles on the claim's story that do not carry it
    (an article on another story omits nothing; see analysis/stories.py).
    """

    id: str
    title: str
    title_by: Literal["editor", "inferred"]
    appearances: tuple[Appearance, ...]
    omitted_by: tuple[str, ...]
    note: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.sentence.article for a in self.appearances))


@dataclass(frozen=True, slots=True)
class Claims:
    """Every claim of the archive, and the claim-like sentences no other article shares."""

    claims: tuple[Claim, ...]
    unmatched: tuple[Sentence, ...]
    problems: tuple[Problem, ...] = ()


# How a quote came to be in the article:
#   quoted - words inside quotation marks in the text
#   embed  - a line of an embedded post (the post is its author's words)
QuoteKind = Literal["quoted", "embed"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Words an article presents as someone's own, with who it says spoke them.

    `spans` are the (start, end) offsets inside block `#pN`'s text of each part
    (a quote interrupted by "he said –" has two); `text` is the parts joined by
    a space. `speaker` is None when the article does not say; `cue` is the words
    that told ("Rubio told reporters", "he added"), `confidence` how sure the
    attribution is (1.0 for an embedded post's author).
    """

    article: str
    block: int
    spans: tuple[tuple[int, int], ...]
    text: str
    kind: QuoteKind
    speaker: str | None
    confidence: float
    cue: str
    index: int

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    @property
    def anchor(self) -> str:
        return f"p{self.block}"


# How one version of a quote compares with the reference version (see analysis/drift.py).
QuoteLabel = Literal[
    "verbatim",
    "verbatim-fragment",
    "trimmed",
    "spelling",
    "reworded",
    "paraphrase",
    "attributed-differently",
]
# One step of a word diff: kept, deleted from the reference, or inserted by the article.
DiffOp = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class QuoteVersion:
    """One article's version of a quote, labelled against the group's reference.

    `diff` runs over the reference's words: what the article kept, dropped and
    put in. A paraphrase (the same content outside quote marks) has no `quote`;
    its passage is the sentence that carries it.
    """

    article: str
    block: int
    start: int
    end: int
    text: str
    speaker: str | None
    label: QuoteLabel
    reason: str
    diff: tuple[tuple[DiffOp, str], ...]
    quote: Quote | None = None

    @property
    def anchor(self) -> str:
        return f"p{self.block}"


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """Every version of one utterance across the archive.

    `reference` is the text the versions are compared with: the editor's primary
    source where the story gives one, else the fullest version quoted verbatim.
    `reference_from` says which, in words; `reference_quote` is that version's
    quote (None for a primary source). `claim` is the claim its versions belong to.
    """

    id: str
    speaker: str | None
    reference: str
    reference_from: str
    versions: tuple[QuoteVersion, ...]
    claim: str | None = None
    reference_quote: Quote | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.article for v in self.versions))


# What a figure is: a count ("80,000 people"), an amount of money or a share
# ("$6 billion", "40%"), a year ("since 2022") or a day ("on Monday").
FigureKind = Literal["count", "amount", "year", "day"]


@dataclass(frozen=True, slots=True)
class FigureMention:
    """A number or date as an article writes it, read as a value.

    `text` is the exact words in block `#pN` at (start, end); `value` is the
    number (for a year, the year), `day` the resolved day of a date. `counts`
    is what the figure counts, in the article's words ("people jailed");
    `reason` says how a relative date was resolved. `claim` is the claim whose
    sentence carries it, if any.
    """

    article: str
    block: int
    start: int
    end: int
    text: str
    kind: FigureKind
    value: float | None
    day: date | None
    unit: str
    counts: str
    reason: str = ""
    claim: str | None = None

    @property
    def anchor(self) -> str:
        return f"p{self.block}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity the archive's articles give a value for ("people jailed"), and their values.

    `agree` is False when two articles give different values (80,000 and
    81,000; 3 February and 4 February).
    """

    id: str
    name: str
    kind: FigureKind
    mentions: tuple[FigureMention, ...]
    agree: bool
    claim: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article for m in self.mentions))


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    """A passage picked by quoting it, as in the W3C Web Annotation model."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """An editor's note on an exact passage of an article (from content/notes.yaml).

    `article` is the raw file's name; `verdict` (e.g. "incorrect") is given only
    where the editor rules on the passage. `line` is the note's line in the file.
    """

    id: str
    article: str
    selector: TextQuoteSelector
    body: str
    line: int
    verdict: str | None = None


@dataclass(frozen=True, slots=True)
class AnchoredNote:
    """A note and the one place in its article where its quoted passage is."""

    note: Note
    article: str
    block: int
    start: int
    end: int

    @property
    def anchor(self) -> str:
        return f"p{self.block}"

    @property
    def text(self) -> str:
        return self.note.selector.exact


# How two articles share text (see analysis/reuse.py):
#   near-duplicate - the same page twice (a re-scrape), not reuse between outlets
#   copy           - passages taken word for word, perhaps lightly edited
#   reworded       - one retells the other sentence by sentence in other words
#   incidental     - a few shared words (a common quote), below the reuse threshold
ReuseKind = Literal["near-duplicate", "copy", "reworded", "incidental"]


@dataclass(frozen=True, slots=True)
class SpanSide:
    """One article's side of a shared span: its parts as (block, start, end), and its words."""

    article: str
    parts: tuple[tuple[int, int, int], ...]
    text: str

    @property
    def anchor(self) -> str:
        return f"p{self.parts[0][0]}"

    @property
    def block(self) -> int:
        return self.parts[0][0]

    @property
    def start(self) -> int:
        return self.parts[0][1]

    @property
    def end(self) -> int:
        return self.parts[-1][2]


@dataclass(frozen=True, slots=True)
class SharedSpan:
    """A passage two articles share: word for word (with small edits) or reworded.

    `similarity` is the share of equal words for a verbatim span, the cosine of
    the two sentences for a reworded one.
    """

    id: str
    kind: Literal["verbatim", "reworded"]
    a: SpanSide
    b: SpanSide
    similarity: float


@dataclass(frozen=True, slots=True)
class ReusePair:
    """What two articles share; `a` is the earlier in publication order.

    `overlap_a` is the share of a's words inside passages shared word for word
    with b (likewise `overlap_b`); `reworded_a` the share inside sentences b
    retells in other words. `earlier` is "a" only where the dates show it
    (`analysis.reuse.direction` says why, or why they cannot).

    `spans` is None in a pair's outline: everything but its passages, which
    `Reuse.whole` reads back when a page or data file needs them.
    """

    a: str
    b: str
    kind: ReuseKind
    overlap_a: float
    overlap_b: float
    reworded_a: float
    reworded_b: float
    spans: tuple[SharedSpan, ...] | None
    earlier: Literal["a"] | None

    @property
    def id(self) -> str:
        return f"{self.a}--{self.b}"


@dataclass(frozen=True, slots=True)
class Credit:
    """A source an article names, and the archived articles it measurably shares text with.

    `through` lists the articles (from that source, or crediting it too) that
    share text with this one; empty means the credit has no shared text in the
    archive.
    """

    article: str
    source: str
    phrase: str
    block: int | None
    through: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Uncredited:
    """Text an article shares with an earlier or undatable one whose sources it never names."""

    article: str
    other: str
    share: float
    other_credits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sourcing:
    """What one article says it is based on, beside what it measurably shares."""

    article: str
    credits: tuple[Credit, ...]
    uncredited: tuple[Uncredited, ...]


@dataclass(frozen=True, slots=True)
class PairKeys:
    """The cache keys of one article's pairs with earlier articles, packed.

    `earlier` holds the earlier articles' ids, sorted; `digests` their pairs' keys, 32
    bytes each, in the same order. Held as a dict of one `bytes` per pair, the keys of
    449,074 pairs at 10,000 articles took 42 MB (a dict per article and a bytes object
    per pair); packed, they take a tuple and one bytes object per article.
    """

    earlier: tuple[str, ...]
    digests: bytes

    @classmethod
    def of(cls, keys: Iterable[tuple[str, str]]) -> PairKeys:
        """Packed from (earlier article's id, key in hexadecimal) pairs."""
        ordered = sorted(keys)
        return cls(tuple(a for a, _ in ordered), b"".join(bytes.fromhex(k) for _, k in ordered))

    def key(self, earlier: str) -> str | None:
        """The key of the pair with `earlier`, in hexadecimal, or None if there is none."""
        n = bisect_left(self.earlier, earlier)
        if n == len(self.earlier) or self.earlier[n] != earlier:
            return None
        return self.digests[32 * n : 32 * (n + 1)].hex()


@dataclass(frozen=True, slots=True)
class Reuse:
    """Every pair of articles that share text, and each article's sourcing.

    `keys` gives a pair's cache key, when a cache keyed it: a digest of everything
    the pair was computed from (see analysis/reuse.py). It is held by later, then
    earlier, article, whose ids the pairs already hold, rather than by pair id: at
    10,000 articles a string per pair for 449,074 pairs took 41 MB. Each article's keys
    are packed (`PairKeys`); `key` looks one up and spells it out.
    """

    pairs: tuple[ReusePair, ...]
    sourcing: tuple[Sourcing, ...]
    keys: Mapping[str, PairKeys] = field(default_factory=dict)
    # Reads an outline back whole, when `pairs` are outlines (see `whole`).
    recall: Callable[[ReusePair], ReusePair] | None = field(default=None, compare=False, repr=False)

    def key(self, pair: ReusePair) -> str | None:
        """The pair's cache key, or None when no cache keyed it."""
        held = self.keys.get(pair.b)
        return None if held is None else held.key(pair.a)

    def whole(self, pair: ReusePair) -> ReusePair:
        """The pair with its passages.

        A build with a cache keeps only outlines in `pairs`: at 1,000 articles the
        passages were 344 MB of the 368 MB the pairs held, and only the pages and
        data-file records made again read them. Each such reader asks for the pair
        here, uses it and lets it go.
        """
        if pair.spans is not None or self.recall is None:
            return pair
        return self.recall(pair)


@dataclass(frozen=True, slots=True)
class Findings:
    """Everything the analysis found in the corpus, and the editor-file problems met on the way."""

    claims: Claims
    quotes: tuple[QuoteGroup, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    notes: tuple[AnchoredNote, ...] = ()
    reuse: Reuse = Reuse((), ())
    problems: tuple[Problem, ...] = ()
    # Article id → the digest of the article, which keys what is cached of it
    # and the pages made from it (page_cache.py).
    article_keys: Mapping[str, str] = field(default_factory=dict)
