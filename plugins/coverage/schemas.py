"""The public schema of every file under data/, field by field, as data.

Researchers script against these files, so what each field means is written
once, here: data.html shows it, and tests/test_schemas.py fails the moment a
built file carries a key or column this does not list, or lacks one it does.
A JSON field is its dotted path from the top of the document, `[]` standing for
each item of a list (`claims[].appearances[].article`); a CSV field is a column,
listed in the header's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Column:
    """One field: a JSON key path or a CSV column, the kind of value it holds, and what it is."""

    name: str
    type: str
    meaning: str


@dataclass(frozen=True, slots=True)
class DataFile:
    name: str
    format: Literal["json", "csv"]
    description: str
    fields: tuple[Column, ...]


def _fields(*rows: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


# Meanings several files share, written once so the files cannot drift apart in their docs.
_ARTICLE = "the article's source file name in content/: its id in articles.json"
_OUTLET = "the outlet's name as the archive gives it"
_PARAGRAPH = "the paragraph's anchor on the article page (p7 is #p7)"
_EXACT = "the exact text of the source, every character kept"
_DATE = (
    ("value", "ISO date or null", "the day (YYYY-MM-DD); null when nothing says"),
    ("provenance", "string", "where it came from: stated, editor, inferred or unknown"),
    ("bound", "string", "exact (the day itself), not-before (a lower bound) or unknown"),
    ("reason", "string", "why the build holds this value"),
)


def _date(path: str, what: str) -> tuple[tuple[str, str, str], ...]:
    return ((path, "object", what), *((f"{path}.{key}", k, m) for key, k, m in _DATE))


ARTICLES_JSON = DataFile(
    "articles.json",
    "json",
    "Every archived article, in source file name order: its metadata, each value with where it "
    "came from, and its text block by block under the anchors the other files point at.",
    _fields(
        ("articles", "list of objects", "one per archived article"),
        (
            "articles[].id",
            "string",
            "the source file name in content/: what every other file's article field holds",
        ),
        ("articles[].outlet", "string or null", _OUTLET),
        (
            "articles[].title",
            "string or null",
            "the headline, stated by the page or given by the editor; null when nothing gives one",
        ),
        *_date("articles[].published", "when the outlet published it"),
        *_date("articles[].retrieved", "when the page was captured"),
        ("articles[].url", "object", "the address the article was captured from"),
        ("articles[].url.value", "string or null", "the URL; null when nothing says"),
        ("articles[].url.provenance", "string", "stated, editor, inferred or unknown"),
        ("articles[].url.reason", "string", "why the build holds this value (may be empty)"),
        (
            "articles[].sha256",
            "string",
            "SHA-256 of the raw file's bytes, as captured and as published under raw/",
        ),
        (
            "articles[].page",
            "string",
            "the article's page in this archive, relative to the site root",
        ),
        ("articles[].paragraphs", "list of objects", "the body's blocks in reading order"),
        (
            "articles[].paragraphs[].anchor",
            "string",
            "p1, p2, …: the block's id on the article page; paragraph in the other files",
        ),
        (
            "articles[].paragraphs[].kind",
            "string",
            "paragraph, heading, list-item or embed (an embedded social-media post)",
        ),
        (
            "articles[].paragraphs[].text",
            "string",
            _EXACT + "; an embed's lines are joined by newlines",
        ),
    ),
)

ARTICLES_CSV = DataFile(
    "articles.csv",
    "csv",
    "One row per article: articles.json without the text, with the number of paragraphs.",
    _fields(
        ("article", "text", "the source file name: what the other files' article column holds"),
        ("outlet", "text", _OUTLET),
        ("title", "text", "the headline; empty when nothing gives one"),
        ("published", "ISO date or empty", "the publication day"),
        ("published_provenance", "text", "stated, editor, inferred or unknown"),
        ("published_bound", "text", "exact, not-before (a lower bound) or unknown"),
        ("published_reason", "text", "why the build holds this date"),
        ("retrieved", "ISO date or empty", "the day the page was captured"),
        ("retrieved_provenance", "text", "stated, editor, inferred or unknown"),
        ("retrieved_bound", "text", "exact, not-before (a lower bound) or unknown"),
        ("retrieved_reason", "text", "why the build holds this date"),
        ("url", "text", "the address it was captured from; empty when nothing says"),
        ("url_provenance", "text", "stated, editor, inferred or unknown"),
        ("sha256", "text", "SHA-256 of the raw file's bytes"),
        ("page", "text", "the article's page, relative to the site root"),
        ("paragraphs", "integer", "how many blocks the body has (p1 to pN)"),
    ),
)

CLAIMS_JSON = DataFile(
    "claims.json",
    "json",
    "Statements two or more articles make, each in its own words: where each article makes it, "
    "how, and which articles leave it out. Appearances are in publication order.",
    _fields(
        ("claims", "list of objects", "one per claim"),
        ("claims[].id", "string", "a slug, stable as later articles are added"),
        ("claims[].title", "string", "the claim in one sentence"),
        (
            "claims[].title_by",
            "string",
            "editor, or inferred (the shortest sentence making the claim)",
        ),
        ("claims[].note", "string or null", "the editor's note on the claim"),
        (
            "claims[].appearances",
            "list of objects",
            "each sentence that makes the claim; the first is the claim's first appearance",
        ),
        ("claims[].appearances[].article", "string", _ARTICLE),
        ("claims[].appearances[].outlet", "string", _OUTLET),
        ("claims[].appearances[].paragraph", "string", _PARAGRAPH),
        ("claims[].appearances[].text", "string", "the sentence: " + _EXACT),
        ("claims[].appearances[].stance", "string", "states, qualifies or differs"),
        ("claims[].appearances[].reason", "string", "why, for qualifies or differs; else empty"),
        ("claims[].appearances[].pinned", "boolean", "placed in the claim by the editor"),
        (
            "claims[].omitted_by",
            "list of strings",
            "the articles on the claim's story that do not make it (articles on other stories"
            " omit nothing; a story is the articles linked by the claims they share)",
        ),
        ("unmatched", "list of objects", "claim-like sentences only one article makes"),
        ("unmatched[].article", "string", _ARTICLE),
        ("unmatched[].paragraph", "string", _PARAGRAPH),
        ("unmatched[].text", "string", "the sentence: " + _EXACT),
    ),
)

CLAIMS_CSV = DataFile(
    "claims.csv",
    "csv",
    "One row per claim and article: a row per appearance, and an omits row (empty text) for each "
    "article on the claim's story that leaves the claim out.",
    _fields(
        ("claim", "text", "the claim's id"),
        ("title", "text", "the claim in one sentence"),
        ("article", "text", _ARTICLE),
        ("outlet", "text", _OUTLET),
        ("paragraph", "text", _PARAGRAPH + "; empty for omits"),
        ("stance", "text", "states, qualifies, differs or omits"),
        ("reason", "text", "why, for qualifies or differs"),
        ("text", "text", "the sentence: " + _EXACT),
    ),
)

QUOTES_JSON = DataFile(
    "quotes.json",
    "json",
    "Every quotation, grouped by utterance, with each outlet's version compared word by word with "
    "a reference version.",
    _fields(
        ("quotes", "list of objects", "one per utterance"),
        ("quotes[].id", "string", "a slug of its first quote, stable as articles are added"),
        ("quotes[].speaker", "string or null", "whom most outlets name; null if none says"),
        ("quotes[].reference", "string", "the version the others are compared with"),
        (
            "quotes[].reference_from",
            "string",
            "the fullest version outlets agree on, or “primary source: …”",
        ),
        ("quotes[].claim", "string or null", "the claim the quote belongs to"),
        ("quotes[].versions", "list of objects", "each article's version, in publication order"),
        ("quotes[].versions[].article", "string", _ARTICLE),
        ("quotes[].versions[].outlet", "string", _OUTLET),
        ("quotes[].versions[].paragraph", "string", _PARAGRAPH),
        (
            "quotes[].versions[].text",
            "string",
            "the exact words inside the marks, the parts joined by a space",
        ),
        (
            "quotes[].versions[].spans",
            "list of [start, end]",
            "each part's character offsets in the paragraph's text",
        ),
        ("quotes[].versions[].quoted", "boolean", "false for a paraphrase"),
        ("quotes[].versions[].speaker", "string or null", "the speaker as this article gives it"),
        (
            "quotes[].versions[].label",
            "string",
            "verbatim, verbatim-fragment, trimmed, spelling, reworded, paraphrase or "
            "attributed-differently",
        ),
        ("quotes[].versions[].reason", "string", "why the label"),
        (
            "quotes[].versions[].diff",
            "list of [op, words]",
            "the version against the reference: equal (kept), delete (left out), insert (put in)",
        ),
    ),
)

QUOTES_CSV = DataFile(
    "quotes.csv",
    "csv",
    "One row per version of each quote.",
    _fields(
        ("quote", "text", "the quote's id"),
        ("speaker", "text", "whom most outlets name"),
        ("article", "text", _ARTICLE),
        ("outlet", "text", _OUTLET),
        ("paragraph", "text", _PARAGRAPH),
        ("label", "text", "how the version compares with the reference (see quotes.json)"),
        ("reason", "text", "why the label"),
        ("speaker_given", "text", "the speaker as this article gives it"),
        ("text", "text", "the exact words inside the marks"),
    ),
)

FIGURES_JSON = DataFile(
    "figures.json",
    "json",
    "Numbers, amounts, years and days the articles give, grouped into quantities, with whether the "
    "outlets agree.",
    _fields(
        ("figures", "list of objects", "one per quantity"),
        ("figures[].id", "string", "a slug of the quantity and its first figure's words"),
        ("figures[].quantity", "string", "what is counted, in the articles' words"),
        ("figures[].kind", "string", "count, amount, year or day"),
        ("figures[].claim", "string or null", "the claim whose sentences carry it"),
        ("figures[].agree", "boolean", "true only when every outlet gives the same value"),
        ("figures[].values", "list of objects", "each figure as an article gives it"),
        ("figures[].values[].article", "string", _ARTICLE),
        ("figures[].values[].outlet", "string", _OUTLET),
        ("figures[].values[].paragraph", "string", _PARAGRAPH),
        (
            "figures[].values[].value",
            "number, ISO date or null",
            "the value read (a day as YYYY-MM-DD)",
        ),
        ("figures[].values[].unit", "string", "its unit (people, $, %, …)"),
        ("figures[].values[].counts", "string", "what it counts, in this article's words"),
        ("figures[].values[].text", "string", "the exact words"),
        ("figures[].values[].reason", "string", "how it was read: a bound, a resolved day"),
    ),
)

FIGURES_CSV = DataFile(
    "figures.csv",
    "csv",
    "One row per figure as an article gives it.",
    _fields(
        ("figure", "text", "the quantity's id"),
        ("quantity", "text", "what is counted"),
        ("kind", "text", "count, amount, year or day"),
        ("agree", "yes or no", "whether every outlet gives the same value"),
        ("article", "text", _ARTICLE),
        ("outlet", "text", _OUTLET),
        ("paragraph", "text", _PARAGRAPH),
        ("value", "number or ISO date", "the value read; empty when none"),
        ("unit", "text", "its unit"),
        ("text", "text", "the exact words"),
    ),
)

NOTES_JSON = DataFile(
    "notes.json",
    "json",
    "The editor's notes on exact passages of articles (from content/notes.yaml). A passage is "
    "picked as a W3C TextQuoteSelector picks it.",
    _fields(
        ("notes", "list of objects", "one per note"),
        ("notes[].id", "string", "a slug; the note's anchor (#note-…) on the article page"),
        ("notes[].article", "string", _ARTICLE),
        ("notes[].paragraph", "string", _PARAGRAPH),
        ("notes[].exact", "string", "the passage, character for character"),
        ("notes[].prefix", "string", "the text just before it, where the passage occurs twice"),
        ("notes[].suffix", "string", "the text just after it, likewise"),
        ("notes[].note", "string", "the editor's note"),
        (
            "notes[].verdict",
            "string or null",
            "incorrect, misleading, misattributed or unsupported; null if the editor gives none",
        ),
    ),
)

REUSE_JSON = DataFile(
    "reuse.json",
    "json",
    "Every pair of articles that share text, word for word or reworded, and what each article says "
    "it is based on beside what it measurably shares.",
    _fields(
        ("pairs", "list of objects", "one per pair that shares text"),
        ("pairs[].id", "string", "the two articles' stems joined by --; stable across rebuilds"),
        ("pairs[].a", "string", "the earlier in publication order: " + _ARTICLE),
        ("pairs[].b", "string", "the later: " + _ARTICLE),
        ("pairs[].a_outlet", "string", "a's outlet"),
        ("pairs[].b_outlet", "string", "b's outlet"),
        ("pairs[].kind", "string", "near-duplicate, copy, reworded or incidental"),
        ("pairs[].overlap_a", "number", "share of a's words in passages shared word for word"),
        ("pairs[].overlap_b", "number", "likewise for b"),
        ("pairs[].reworded_a", "number", "share of a's words in sentences b retells"),
        ("pairs[].reworded_b", "number", "likewise for b"),
        (
            "pairs[].earlier",
            "string or null",
            "a's file name where the dates show it came first, else null",
        ),
        ("pairs[].direction", "string", "why the dates do or do not show which came first"),
        ("pairs[].spans", "list of objects", "the shared passages, in a's reading order"),
        (
            "pairs[].spans[].id",
            "string",
            "v1, v2, … (verbatim) or r1, … (reworded) in a's reading order",
        ),
        ("pairs[].spans[].kind", "string", "verbatim or reworded"),
        (
            "pairs[].spans[].similarity",
            "number",
            "share of equal words (verbatim), or the sentences' cosine (reworded)",
        ),
        (
            "pairs[].spans[].a_text",
            "string",
            "a's words; parts in several paragraphs joined by a newline",
        ),
        ("pairs[].spans[].a_paragraphs", "list of strings", "the paragraphs of a it runs across"),
        ("pairs[].spans[].b_text", "string", "b's words"),
        ("pairs[].spans[].b_paragraphs", "list of strings", "the paragraphs of b it runs across"),
        ("sources", "list of objects", "one per article: its stated sources and uncredited reuse"),
        ("sources[].article", "string", _ARTICLE),
        ("sources[].outlet", "string", _OUTLET),
        ("sources[].credits", "list of objects", "the sources the article names"),
        ("sources[].credits[].source", "string", "the source named (CNN, Reuters, …)"),
        ("sources[].credits[].phrase", "string", "the words that name it (“citing CNN”)"),
        (
            "sources[].credits[].paragraph",
            "string or null",
            _PARAGRAPH + "; null for the page's furniture (a dateline)",
        ),
        (
            "sources[].credits[].shared_with",
            "list of strings",
            "the articles that bear the credit out; empty means no shared text",
        ),
        (
            "sources[].uncredited",
            "list of objects",
            "articles it shares text with but whose outlet and sources it never names",
        ),
        ("sources[].uncredited[].other", "string", "the other article: " + _ARTICLE),
        (
            "sources[].uncredited[].share",
            "number",
            "share of this article's words shared with it, word for word or reworded",
        ),
        (
            "sources[].uncredited[].other_credits",
            "list of strings",
            "the sources the other article names",
        ),
    ),
)

REUSE_CSV = DataFile(
    "reuse.csv",
    "csv",
    "One row per shared passage, with its pair's columns repeated.",
    _fields(
        ("pair", "text", "the pair's id"),
        ("a", "text", "the earlier in publication order: " + _ARTICLE),
        ("b", "text", "the later: " + _ARTICLE),
        ("kind", "text", "near-duplicate, copy, reworded or incidental"),
        ("overlap_a", "number", "share of a's words shared word for word"),
        ("overlap_b", "number", "likewise for b"),
        ("reworded_a", "number", "share of a's words in sentences b retells"),
        ("reworded_b", "number", "likewise for b"),
        ("earlier", "text", "a's file name where the dates show it came first, else empty"),
        ("span", "text", "the passage's id within the pair (v1, r1, …)"),
        ("span_kind", "text", "verbatim or reworded"),
        ("similarity", "number", "share of equal words, or the sentences' cosine"),
        ("a_paragraphs", "text", "the paragraphs of a, separated by spaces"),
        ("a_text", "text", "a's words"),
        ("b_paragraphs", "text", "the paragraphs of b, separated by spaces"),
        ("b_text", "text", "b's words"),
    ),
)

FILES: tuple[DataFile, ...] = (
    ARTICLES_JSON,
    ARTICLES_CSV,
    CLAIMS_JSON,
    CLAIMS_CSV,
    QUOTES_JSON,
    QUOTES_CSV,
    FIGURES_JSON,
    FIGURES_CSV,
    NOTES_JSON,
    REUSE_JSON,
    REUSE_CSV,
)
