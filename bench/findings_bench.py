"""How long quote and figure extraction take for 100 and 1,000 articles.

    python bench/findings_bench.py                 # or: make bench
    BENCH_N=100 python bench/findings_bench.py     # other sizes

For each N, the synthetic archive of `bench/synth.py` (seed 0, the same one
the claims benchmark uses) is built into a corpus and its claims are found
(not timed here; see claims_bench.py). Then four stages are timed, each once,
in a fresh process per size so its peak RSS is its own:
  quotes    quotes.extract on every article (quotes and their speakers)
  groups    drift.group_quotes (groups, drift labels, paraphrases via claims)
  figures   ledger.mentions on every article
  ledger    ledger.quantities (grouping figures into quantities)

The table is printed and written to `bench/results/findings.md`.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime

from claims_bench import HERE, corpus_of, machine, measure_in_child, sizes

from coverage.analysis import drift, ledger, quotes
from coverage.analysis.claims import publication_order
from coverage.analysis.detect import detect

RESULTS = HERE / "results" / "findings.md"
DEFAULT_SIZES = "100,1000"
STAGES = ("quotes", "groups", "figures", "ledger")


def measure(n: int) -> dict:
    corpus, _ = corpus_of(n)
    claims = detect(corpus.articles, corpus.story)
    ordered = publication_order(corpus.articles)
    seconds = {}

    start = time.perf_counter()
    found = [q for article in ordered for q in quotes.extract(article)]
    seconds["quotes"] = time.perf_counter() - start

    start = time.perf_counter()
    groups = drift.group_quotes(found, corpus.story, claims)
    seconds["groups"] = time.perf_counter() - start

    start = time.perf_counter()
    mentions = [m for article in ordered for m in ledger.mentions(article, corpus.story)]
    seconds["figures"] = time.perf_counter() - start

    start = time.perf_counter()
    quantities = ledger.quantities(mentions, claims, corpus.story, [a.id for a in ordered])
    seconds["ledger"] = time.perf_counter() - start

    return {
        "n": n,
        "articles": len(corpus.articles),
        "quotes": len(found),
        "groups": len(groups),
        "drifted": sum(1 for g in groups for v in g.versions if v.label in ("reworded", "trimmed")),
        "mentions": len(mentions),
        "quantities": len(quantities),
        "disagree": sum(1 for q in quantities if not q.agree),
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | quotes | groups | reworded or trimmed | figures | quantities | disagree "
        "| quotes (s) | groups (s) | figures (s) | ledger (s) | ms per article | peak RSS (MB) |",
        "|" + "---:|" * 13,
    ]
    for r in rows:
        s = r["seconds"]
        per_article = 1000 * sum(s.values()) / r["articles"]
        lines.append(
            f"| {r['articles']:,} | {r['quotes']:,} | {r['groups']:,} | {r['drifted']:,} "
            f"| {r['mentions']:,} | {r['quantities']:,} | {r['disagree']:,} "
            + " ".join(f"| {s[stage]:.2f}" for stage in STAGES)
            + f" | {per_article:.1f} | {r['rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    rows = []
    for n in sizes(DEFAULT_SIZES):
        rows.append(measure_in_child(n, __file__))
        print(f"N={n}: done", file=sys.stderr)
    report = "\n\n".join(
        [
            "# Quote and figure extraction benchmark",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `make bench`.",
            machine(),
            table(rows),
        ]
    )
    print(report)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
