"""The public data files: `data/claims.json` and `data/claims.csv`.

Researchers script against these, so their shape is a contract (documented in
README.md): add fields if needed, never rename or remove one. Articles are named
by their source file name, the one name that never changes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from .findings import Claims
from .model import Article

CSV_COLUMNS = ("claim", "title", "article", "outlet", "paragraph", "stance", "reason", "text")


def claims_json(claims: Claims, articles: Sequence[Article]) -> str:
    by_id = {a.id: a for a in articles}
    document = {
        "claims": [
            {
                "id": claim.id,
                "title": claim.title,
                "title_by": claim.title_by,
                "note": claim.note,
                "appearances": [
                    {
                        "article": by_id[a.sentence.article].source.name,
                        "outlet": by_id[a.sentence.article].outlet.value,
                        "paragraph": a.sentence.anchor,
                        "text": a.sentence.text,
                        "stance": a.stance,
                        "reason": a.reason,
                        "pinned": a.pinned,
                    }
                    for a in claim.appearances
                ],
                "omitted_by": [by_id[name].source.name for name in claim.omitted_by],
            }
            for claim in claims.claims
        ],
        "unmatched": [
            {
                "article": by_id[s.article].source.name,
                "paragraph": s.anchor,
                "text": s.text,
            }
            for s in claims.unmatched
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def claims_csv(claims: Claims, articles: Sequence[Article]) -> str:
    """One row per (claim, article): its appearances, then one `omits` row per omitting article."""
    by_id = {a.id: a for a in articles}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in claims.claims:
        for a in claim.appearances:
            article = by_id[a.sentence.article]
            writer.writerow(
                (
                    claim.id,
                    claim.title,
                    article.source.name,
                    article.outlet.value,
                    a.sentence.anchor,
                    a.stance,
                    a.reason,
                    a.sentence.text,
                )
            )
        for name in claim.omitted_by:
            article = by_id[name]
            source, outlet = article.source.name, article.outlet.value
            writer.writerow((claim.id, claim.title, source, outlet, "", "omits", "", ""))
    return out.getvalue()
