"""What the analysis finds in the archive: sentences, claims, quotes, figures and notes.

Like `model.py`, these are small frozen records with no behaviour beyond
naming their own parts; the analysis modules make them, the pages show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from .model import Problem

# How one article carries one claim (see analysis/stance.py for the rules).
Stance = Literal["states", "qualifies", "differs", "omits"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Appearance:
    """A sentence that carries a claim, with how it carries it and why we say so.

    `matched` are the spans of its words shared with the claim's other
    appearances (what the claim page highlights); `pinned` means an editor put
    it here rather than the matcher.
    """

    sentence: Sentence
    stance: Stance
    reason: str
    score: float
    matched: tuple[tuple[int, int], ...] = ()
    pinned: bool = False


@dataclass(frozen=True)
class Claim:
    """A statement that two or more articles make, each in its own words.

    `id` is stable: it comes from the sentence that first made the claim (in
    publication order) or from the editor, so adding later articles keeps it.
    `omitted_by` lists the articles that do not carry it.
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


@dataclass(frozen=True)
class Claims:
    """Every claim of the archive, and the claim-like sentences no other article shares."""

    claims: tuple[Claim, ...]
    unmatched: tuple[Sentence, ...]
    problems: tuple[Problem, ...] = ()


# How a quote came to be in the article:
#   quoted - words inside quotation marks in the text
#   embed  - a line of an embedded post (the post is its author's words)
QuoteKind = Literal["quoted", "embed"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class TextQuoteSelector:
    """A passage picked by quoting it, as in the W3C Web Annotation model."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Findings:
    """Everything the analysis found in the corpus, and the editor-file problems met on the way."""

    claims: Claims
    quotes: tuple[QuoteGroup, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    notes: tuple[AnchoredNote, ...] = ()
    problems: tuple[Problem, ...] = ()
