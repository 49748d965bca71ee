"""The archive's vocabulary: small frozen records that every stage passes along.

Nothing here reads files or knows about Pelican. Each stage takes some of these
and returns new ones, so a stage's result depends only on its inputs and can be
cached by their hash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

# Where a metadata value came from. Readers are shown this beside every value.
#   stated   - printed in the captured page itself
#   editor   - given by an editor in the article's sidecar file
#   inferred - worked out by the build, with the reason shown
#   unknown  - nothing says; shown as unknown, never guessed
Provenance = Literal["stated", "editor", "inferred", "unknown"]

# What a date value promises: the day itself, or only a lower bound.
Bound = Literal["exact", "not-before", "unknown"]

BlockKind = Literal["paragraph", "heading", "list-item", "embed"]

FurnitureRole = Literal["capture-stamp", "date-line", "headline", "caption", "dateline"]

Level = Literal["warning", "error"]

# The kinds of raw file an article can be added as (see sources.ARTICLE_SUFFIXES):
#   text     - a .txt capture, the whole file is the article's text
#   markdown - a .md file: YAML front matter (editor metadata), then the text
#   html     - a saved web page: the text and metadata are extracted from it
Format = Literal["text", "markdown", "html"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the content, said the way a user can act on it."""

    path: str
    message: str
    action: str
    line: int | None = None
    level: Level = "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.action}"


@dataclass(frozen=True, slots=True)
class Source:
    """A raw article exactly as captured, plus how its bytes were read."""

    name: str
    raw: bytes
    sha256: str
    encoding: str  # a Python codec name: the one the raw bytes were read with
    line_endings: str

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]

    @property
    def text(self) -> str:
        """The raw bytes decoded as they were read (`sources.decode`), byte-order mark dropped.

        Decoded when asked, not kept: the articles are built from it once, and at
        10,000 articles the decoded texts held 78 MB through the whole build.
        """
        return self.raw.decode(self.encoding).lstrip("\ufeff")


@dataclass(frozen=True, slots=True)
class Field:
    """A text metadata value and where it came from."""

    value: str | None
    provenance: Provenance
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date and where it came from; `evidence` is the source text it was read from."""

    value: date | None
    provenance: Provenance
    reason: str
    bound: Bound = "exact"
    evidence: str | None = None


UNKNOWN_DATE = DateValue(None, "unknown", "nothing in the page or its sidecar says", "unknown")
UNKNOWN_BYLINE = Field(None, "unknown", "the capture does not name its author")


@dataclass(frozen=True, slots=True)
class Embed:
    """A post from a social network embedded in the article (e.g. on X)."""

    platform: str
    author: str
    handle: str
    date: DateValue
    attribution: str
    link: str | None
    truncated: bool


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the article's body, with its exact source text.

    `text` keeps every character of the source line(s): typographic quotes,
    dashes, ellipses and double spaces are evidence. `lines` are the 1-based
    source lines it came from; `marker` is the bullet character a list item
    carried in the source (e.g. an emoji).
    """

    kind: BlockKind
    text: str
    lines: tuple[int, ...]
    marker: str | None = None
    embed: Embed | None = None

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass(frozen=True, slots=True)
class Furniture:
    """Page debris lifted out of the body, kept verbatim with the rule that classified it."""

    role: FurnitureRole
    text: str
    line: int
    rule: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A source the article says it relies on ("citing CNN").

    `block` is the 1-based body block it appears in (the page's `#pN` anchor),
    or None when it comes from the page furniture (a dateline's credit).
    """

    source: str
    phrase: str
    block: int | None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date the text mentions, resolved to a day where possible."""

    text: str
    value: date | None
    reason: str
    block: int


@dataclass(frozen=True, slots=True)
class EditorMeta:
    """The editor's sidecar for one raw article. Every field is optional."""

    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    headline: str | None = None
    retrieved: date | None = None
    status: Literal["confirmed", "unverified"] | None = None
    notes: str | None = None
    date_order: Literal["DMY", "MDY"] | None = None
    path: str | None = None
    # A .md file's front matter gives these fields too; the names of the fields whose
    # value comes from the front matter rather than from a sidecar.
    front_matter: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a saved web page states about itself, and where in the page it says so.

    `evidence` pairs each field that is set with the tag it was read from, e.g.
    ("headline", '<meta property="og:title">'). Values the page does not state are None.
    """

    headline: str | None = None
    published: date | None = None
    url: str | None = None
    site_name: str | None = None
    byline: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()

    def where(self, field: str) -> str:
        """Where the page states `field`, as readers are shown it ("the page's <h1>")."""
        found = next((where for name, where in self.evidence if name == field), "")
        if found.startswith(("<", "JSON-LD")):
            return f"the page's {found}"
        return found or "stated in the page"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a raw file gives the normaliser: the article's text and what the page states.

    `text` is what the normaliser reads. For a .txt it is the whole file; for a
    .md, the file with its front matter blanked out, so that line numbers stay
    the file's own; for a saved page, the text extracted from it (line numbers
    then count that text's lines, not the HTML's).
    `page` is what a saved page states about itself (None for .txt and .md).
    """

    format: Format
    text: str
    page: PageMeta | None = None


@dataclass(frozen=True, slots=True)
class StoryEvent:
    date: date
    label: str


@dataclass(frozen=True, slots=True)
class PrimarySource:
    """Words as their speaker published them (a post, a statement), given by the editor.

    Quotes of these words are compared with this text rather than with the
    fullest version an outlet printed.
    """

    id: str
    speaker: str
    text: str
    where: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """The one story the archive follows, with the dates relative mentions resolve against."""

    title: str
    summary: str
    events: tuple[StoryEvent, ...] = ()
    sources: tuple[PrimarySource, ...] = ()


@dataclass(frozen=True, slots=True)
class Normalised:
    """What the normaliser makes of a source text, before metadata is decided."""

    blocks: tuple[Block, ...]
    furniture: tuple[Furniture, ...]

    def furniture_of(self, role: FurnitureRole) -> Furniture | None:
        return next((f for f in self.furniture if f.role == role), None)


@dataclass(frozen=True, slots=True)
class Article:
    """One archived article: its source, its metadata with provenance, and its body."""

    id: str
    slug: str
    source: Source
    outlet: Field
    outlet_slug: str
    headline: Field
    url: Field
    status: Literal["confirmed", "unverified", "no editor metadata"]
    notes: str | None
    published: DateValue
    retrieved: DateValue
    blocks: tuple[Block, ...]
    furniture: tuple[Furniture, ...]
    citations: tuple[Citation, ...] = ()
    date_mentions: tuple[DateMention, ...] = ()
    byline: Field = UNKNOWN_BYLINE
    format: Format = "text"

    @property
    def post_name(self) -> str:
        """The dated Markdown post's file name, `YYYY-MM-DD-slug.md` (or `undated-slug.md`)."""
        day = self.published.value.isoformat() if self.published.value else "undated"
        return f"{day}-{self.slug}.md"


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    slug: str
    articles: tuple[Article, ...]

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(sorted({a.status for a in self.articles}))

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for a in self.articles for c in a.citations)


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything the site is built from, with what had to be left out and why."""

    articles: tuple[Article, ...]
    outlets: tuple[Outlet, ...]
    story: Story | None
    problems: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()
