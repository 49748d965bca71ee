"""The public data files: articles, claims, quotes, figures and reuse, each as JSON and as CSV.

Researchers script against these, so their shape is a contract, documented field
by field in schemas.py (shown on data.html; tests/test_schemas.py holds these files
to it): add fields if needed, never rename or remove one. Articles are named by
their source file name, the one name that never changes.

The big files come in pieces, so no build holds one whole. A piece is text, or a
`Keyed` piece whose key determines its text: a writer that kept the text it wrote
under that key last time may copy it instead of making it again (record_cache.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice

from .analysis.reuse import direction
from .findings import (
    AnchoredNote,
    Claim,
    Claims,
    FigureMention,
    Quantity,
    QuoteGroup,
    Reuse,
    ReusePair,
    SpanSide,
)
from .model import Article, DateValue, Field

CSV_COLUMNS = ("claim", "title", "article", "outlet", "paragraph", "stance", "reason", "text")
QUOTE_COLUMNS = (
    "quote",
    "speaker",
    "article",
    "outlet",
    "paragraph",
    "label",
    "reason",
    "speaker_given",
    "text",
)
FIGURE_COLUMNS = (
    "figure",
    "quantity",
    "kind",
    "agree",
    "article",
    "outlet",
    "paragraph",
    "value",
    "unit",
    "text",
)

REUSE_COLUMNS = (
    "pair",
    "a",
    "b",
    "kind",
    "overlap_a",
    "overlap_b",
    "reworded_a",
    "reworded_b",
    "earlier",
    "span",
    "span_kind",
    "similarity",
    "a_paragraphs",
    "a_text",
    "b_paragraphs",
    "b_text",
)

# `article` is the same value as the `article` column of every other CSV, so the files join on it.
ARTICLE_COLUMNS = (
    "article",
    "outlet",
    "title",
    "published",
    "published_provenance",
    "published_bound",
    "published_reason",
    "retrieved",
    "retrieved_provenance",
    "retrieved_bound",
    "retrieved_reason",
    "url",
    "url_provenance",
    "sha256",
    "page",
    "paragraphs",
)


@dataclass(frozen=True, slots=True)
class Keyed:
    """A piece of a data file whose text `key` determines, given the plugin's code.

    A reuse pair's record is keyed by the pair's cache key (analysis/reuse.py),
    which covers both articles whole: adding an article leaves every other
    pair's key, and so its record, as it was.
    """

    key: str
    make: Callable[[], str]


Piece = str | Keyed


def text_of(pieces: Iterable[Piece]) -> str:
    """The whole file, every keyed piece made afresh."""
    return "".join(p if isinstance(p, str) else p.make() for p in pieces)


def _keyed(key: str | None, make: Callable[[], str]) -> Piece:
    """A keyed piece, or the text itself when no cache keyed what it is made from."""
    return Keyed(key, make) if key else make()


def _where(article: Article, anchor: str) -> dict:
    """Where a passage is: the article by its source file name, its outlet and paragraph."""
    return {"article": article.source.name, "outlet": article.outlet.value, "paragraph": anchor}


# Without `indent`: json uses its C encoder only then, and pretty-printing a 150 MB
# reuse.json in pure Python took longer than finding the reuse.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _records(document: Mapping[str, Iterable[dict | Piece]]) -> Iterator[Piece]:
    """A JSON object of lists, in pieces, with each record of each list on a line of its own.

    A record is encoded once it is made, so no file is ever held whole, and a reader can
    still `grep` a file for a record or page through it a record at a time. A record
    already made into a piece is passed on as it is; the comma before it is a piece
    of its own, as it depends on where the record falls.
    """
    yield "{"
    for n, (name, records) in enumerate(document.items()):
        yield f"{',' if n else ''}\n{_ENCODER.encode(name)}: ["
        for m, record in enumerate(records):
            yield ",\n" if m else "\n"
            yield record if isinstance(record, str | Keyed) else _ENCODER.encode(record)
        yield "\n]"
    yield "\n}\n"


def _dump(document: Mapping[str, Iterable[dict]]) -> str:
    return text_of(_records(document))


def _date(value: DateValue) -> dict:
    day = value.value.isoformat() if value.value else None
    return {
        "value": day,
        "provenance": value.provenance,
        "bound": value.bound,
        "reason": value.reason,
    }


def _field(field: Field) -> dict:
    return {"value": field.value, "provenance": field.provenance, "reason": field.reason}


def articles_json(articles: Sequence[Article], urls: Mapping[str, str]) -> str:
    return text_of(articles_json_chunks(articles, urls))


def articles_json_chunks(articles: Sequence[Article], urls: Mapping[str, str]) -> Iterator[Piece]:
    """Each article's metadata with provenance, and its body blocks under their page anchors,
    an article at a time (at 10,000 articles the file is 47 MB, with every article's text).

    `urls` maps an article's id to its page, relative to the site root. `id` is the
    source file name, as `article` is in every other file.
    """
    return _records(
        {
            "articles": (
                {
                    "id": a.source.name,
                    "outlet": a.outlet.value,
                    "title": a.headline.value,
                    "published": _date(a.published),
                    "retrieved": _date(a.retrieved),
                    "url": _field(a.url),
                    "sha256": a.source.sha256,
                    "page": urls[a.id],
                    # Numbered as the article page numbers its blocks (markdown_ext), from p1.
                    "paragraphs": [
                        {"anchor": f"p{number}", "kind": block.kind, "text": block.text}
                        for number, block in enumerate(a.blocks, start=1)
                    ],
                }
                for a in articles
            )
        }
    )


def articles_csv(articles: Sequence[Article], urls: Mapping[str, str]) -> str:
    return text_of(articles_csv_chunks(articles, urls))


def articles_csv_chunks(articles: Sequence[Article], urls: Mapping[str, str]) -> Iterator[Piece]:
    """One row per article, with a count of its paragraphs rather than their text.

    Whole articles in one cell are unwieldy in a spreadsheet (and can pass its cell
    limit); the texts, by anchor, are in articles.json, and a row per paragraph
    would repeat the metadata a dozen times.
    """
    rows = (
        (
            a.source.name,
            a.outlet.value,
            a.headline.value,
            *_date_cells(a.published),
            *_date_cells(a.retrieved),
            a.url.value,
            a.url.provenance,
            a.source.sha256,
            urls[a.id],
            len(a.blocks),
        )
        for a in articles
    )
    return _csv_chunks(ARTICLE_COLUMNS, _by(_ROWS, rows))


def _date_cells(value: DateValue) -> tuple[str, str, str, str]:
    as_json = _date(value)
    return as_json["value"] or "", value.provenance, value.bound, value.reason


def claims_json(claims: Claims, articles: Sequence[Article]) -> str:
    return text_of(claims_json_chunks(claims, articles))


def claims_json_chunks(
    claims: Claims, articles: Sequence[Article], keys: Mapping[str, str] | None = None
) -> Iterator[Piece]:
    """claims.json in pieces, for the same reason as claims.csv (its omitted_by lists).

    `keys` (claim id → a key that determines the claim and the names and outlets of the
    articles on its story, like its page's) key each claim's record, as a reuse pair's
    record is keyed: an added article changes only the records of its own story's claims.
    """
    by_id = {a.id: a for a in articles}
    keys = keys or {}
    document = {
        "claims": (
            _keyed(keys.get(claim.id), partial(_claim_record, claim, by_id))
            for claim in claims.claims
        ),
        "unmatched": (
            {
                "article": by_id[s.article].source.name,
                "paragraph": s.anchor,
                "text": s.text,
            }
            for s in claims.unmatched
        ),
    }
    return _records(document)


def _claim_record(claim: Claim, by_id: Mapping[str, Article]) -> str:
    return _ENCODER.encode(
        {
            "id": claim.id,
            "title": claim.title,
            "title_by": claim.title_by,
            "note": claim.note,
            "appearances": [
                {
                    **_where(by_id[a.sentence.article], a.sentence.anchor),
                    "text": a.sentence.text,
                    "stance": a.stance,
                    "reason": a.reason,
                    "pinned": a.pinned,
                }
                for a in claim.appearances
            ],
            "omitted_by": [by_id[name].source.name for name in claim.omitted_by],
        }
    )


def claims_csv(claims: Claims, articles: Sequence[Article]) -> str:
    """One row per (claim, article): its appearances, then one `omits` row per omitting article."""
    return text_of(claims_csv_chunks(claims, articles))


def claims_csv_chunks(
    claims: Claims, articles: Sequence[Article], keys: Mapping[str, str] | None = None
) -> Iterator[Piece]:
    """claims.csv a claim at a time: with a row per claim and article, the whole file is
    claims × articles rows (800 MB at 1,000 synthetic articles), too big to hold at once.
    Each claim's rows are keyed as its claims.json record is (`claims_json_chunks`)."""
    by_id = {a.id: a for a in articles}
    keys = keys or {}
    return _csv_chunks(
        CSV_COLUMNS,
        (
            _keyed(keys.get(claim.id), partial(_csv_text, _claim_rows(claim, by_id)))
            for claim in claims.claims
        ),
    )


def _claim_rows(claim: Claim, by_id: Mapping[str, Article]) -> Iterator[tuple]:
    for a in claim.appearances:
        article = by_id[a.sentence.article]
        yield (
            claim.id,
            claim.title,
            article.source.name,
            article.outlet.value,
            a.sentence.anchor,
            a.stance,
            a.reason,
            a.sentence.text,
        )
    for name in claim.omitted_by:
        article = by_id[name]
        yield (
            claim.id,
            claim.title,
            article.source.name,
            article.outlet.value,
            "",
            "omits",
            "",
            "",
        )


def quotes_json_chunks(
    groups: Sequence[QuoteGroup], articles: Sequence[Article]
) -> Iterator[Piece]:
    """Each quote group with its versions, a group at a time."""
    by_id = {a.id: a for a in articles}
    return _records(
        {
            "quotes": (
                {
                    "id": g.id,
                    "speaker": g.speaker,
                    "reference": g.reference,
                    "reference_from": g.reference_from,
                    "claim": g.claim,
                    "versions": [
                        {
                            **_where(by_id[v.article], v.anchor),
                            "text": v.text,
                            "spans": [list(span) for span in v.quote.spans]
                            if v.quote
                            else [[v.start, v.end]],
                            "quoted": v.quote is not None,
                            "speaker": v.speaker,
                            "label": v.label,
                            "reason": v.reason,
                            "diff": [list(step) for step in v.diff],
                        }
                        for v in g.versions
                    ],
                }
                for g in groups
            )
        }
    )


def quotes_csv_chunks(groups: Sequence[QuoteGroup], articles: Sequence[Article]) -> Iterator[Piece]:
    """One row per version of each quote."""
    by_id = {a.id: a for a in articles}
    rows = (
        (
            g.id,
            g.speaker,
            by_id[v.article].source.name,
            by_id[v.article].outlet.value,
            v.anchor,
            v.label,
            v.reason,
            v.speaker,
            v.text,
        )
        for g in groups
        for v in g.versions
    )
    return _csv_chunks(QUOTE_COLUMNS, _by(_ROWS, rows))


def _value(m: FigureMention) -> float | int | str | None:
    if m.kind == "day":
        return m.day.isoformat() if m.day else None
    if m.value is not None and m.value.is_integer():
        return int(m.value)
    return m.value


def figures_json_chunks(
    quantities: Sequence[Quantity], articles: Sequence[Article]
) -> Iterator[Piece]:
    """Each quantity with the values the articles give it, a quantity at a time."""
    by_id = {a.id: a for a in articles}
    return _records(
        {
            "figures": (
                {
                    "id": q.id,
                    "quantity": q.name,
                    "kind": q.kind,
                    "claim": q.claim,
                    "agree": q.agree,
                    "values": [
                        {
                            **_where(by_id[m.article], m.anchor),
                            "value": _value(m),
                            "unit": m.unit,
                            "counts": m.counts,
                            "text": m.text,
                            "reason": m.reason,
                        }
                        for m in q.mentions
                    ],
                }
                for q in quantities
            )
        }
    )


def figures_csv_chunks(
    quantities: Sequence[Quantity], articles: Sequence[Article]
) -> Iterator[Piece]:
    """One row per figure as an article gives it."""
    by_id = {a.id: a for a in articles}
    rows = (
        (
            q.id,
            q.name,
            q.kind,
            "yes" if q.agree else "no",
            by_id[m.article].source.name,
            by_id[m.article].outlet.value,
            m.anchor,
            _value(m),
            m.unit,
            m.text,
        )
        for q in quantities
        for m in q.mentions
    )
    return _csv_chunks(FIGURE_COLUMNS, _by(_ROWS, rows))


def notes_json(notes: Sequence[AnchoredNote], articles: Sequence[Article]) -> str:
    by_id = {a.id: a for a in articles}
    return _dump(
        {
            "notes": [
                {
                    "id": n.note.id,
                    "article": by_id[n.article].source.name,
                    "paragraph": n.anchor,
                    "exact": n.note.selector.exact,
                    "prefix": n.note.selector.prefix,
                    "suffix": n.note.selector.suffix,
                    "note": n.note.body,
                    "verdict": n.note.verdict,
                }
                for n in notes
            ]
        }
    )


def reuse_json_chunks(reuse: Reuse, articles: Sequence[Article]) -> Iterator[Piece]:
    """reuse.json a pair at a time: at 1,000 articles its 45,000 pairs are 135 MB of text.

    Each pair's record is keyed by the pair's cache key, when the build has one.
    """
    by_id = {a.id: a for a in articles}
    pairs = (
        _keyed(reuse.key(pair), partial(_pair_record, reuse, pair, by_id)) for pair in reuse.pairs
    )
    name = {a.id: a.source.name for a in articles}
    sources = (
        {
            "article": name[s.article],
            "outlet": by_id[s.article].outlet.value,
            "credits": [
                {
                    "source": c.source,
                    "phrase": c.phrase,
                    "paragraph": f"p{c.block}" if c.block else None,
                    "shared_with": [name[other] for other in c.through],
                }
                for c in s.credits
            ],
            "uncredited": [
                {"other": name[u.other], "share": u.share, "other_credits": list(u.other_credits)}
                for u in s.uncredited
            ],
        }
        for s in reuse.sourcing
    )
    return _records({"pairs": pairs, "sources": sources})


def _pair_record(reuse: Reuse, pair: ReusePair, by_id: Mapping[str, Article]) -> str:
    pair = reuse.whole(pair)  # an outline has no passages; the record lists them
    a, b = by_id[pair.a], by_id[pair.b]
    return _ENCODER.encode(
        {
            "id": pair.id,
            "a": a.source.name,
            "b": b.source.name,
            "a_outlet": a.outlet.value,
            "b_outlet": b.outlet.value,
            "kind": pair.kind,
            "overlap_a": pair.overlap_a,
            "overlap_b": pair.overlap_b,
            "reworded_a": pair.reworded_a,
            "reworded_b": pair.reworded_b,
            "earlier": a.source.name if pair.earlier == "a" else None,
            "direction": direction(a, b),
            "spans": [
                {
                    "id": span.id,
                    "kind": span.kind,
                    "similarity": span.similarity,
                    "a_text": span.a.text,
                    "a_paragraphs": _paragraphs(span.a),
                    "b_text": span.b.text,
                    "b_paragraphs": _paragraphs(span.b),
                }
                for span in pair.spans
            ],
        }
    )


def reuse_csv_chunks(reuse: Reuse, articles: Sequence[Article]) -> Iterator[Piece]:
    """reuse.csv a pair at a time, for the same reason as reuse.json, keyed as it is."""
    name = {a.id: a.source.name for a in articles}
    pairs = (_keyed(reuse.key(pair), partial(_pair_csv, reuse, pair, name)) for pair in reuse.pairs)
    return _csv_chunks(REUSE_COLUMNS, pairs)


def _pair_csv(reuse: Reuse, pair: ReusePair, name: Mapping[str, str]) -> str:
    pair = reuse.whole(pair)  # a row per passage
    return _csv_text(
        (
            pair.id,
            name[pair.a],
            name[pair.b],
            pair.kind,
            pair.overlap_a,
            pair.overlap_b,
            pair.reworded_a,
            pair.reworded_b,
            name[pair.a] if pair.earlier == "a" else "",
            span.id,
            span.kind,
            span.similarity,
            " ".join(_paragraphs(span.a)),
            span.a.text,
            " ".join(_paragraphs(span.b)),
            span.b.text,
        )
        for span in pair.spans
    )


def _paragraphs(side: SpanSide) -> list[str]:
    return [f"p{block}" for block, _, _ in side.parts]


def _csv_chunks(
    columns: Sequence[str], groups: Iterable[Iterable[Sequence] | Piece]
) -> Iterator[Piece]:
    """A CSV file in pieces: the header, then a group of rows at a time, so a big file is
    never held whole. A group already made into a piece is passed on as it is."""
    yield _csv_text((columns,))
    for rows in groups:
        yield rows if isinstance(rows, str | Keyed) else _csv_text(rows)


# Rows to a piece of a CSV file made from one long run of rows: few enough that no file is
# held whole, many enough that writing is not a call per row.
_ROWS = 1000


def _by(size: int, rows: Iterable[Sequence]) -> Iterator[list[Sequence]]:
    """The rows in runs of `size`."""
    rows = iter(rows)
    while run := list(islice(rows, size)):
        yield run


def _csv_text(rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
