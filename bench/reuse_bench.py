"""How long reuse detection takes for 100, 1,000 and 10,000 articles, and for one very long article.

    python bench/reuse_bench.py                   # or: make bench
    BENCH_N=100,1000 python bench/reuse_bench.py  # other sizes
    python bench/reuse_bench.py --profile 1000    # where reuse.find spends its time at N=1,000

For each N, the synthetic archive of `bench/synth.py` (seed 0) is cut into
stories of PER_STORY articles, each story in a vocabulary of its own, and built
into a corpus; `detect` finds its claims (timed and reported on its own, as
"claims"); then `reuse.find` is timed once. Each N runs in a fresh process, so
its peak RSS is its own.

The long-article runs build the five seed articles plus one article of 0.5 MB,
then of 1 MB, made of synthetic articles of the seeds' story run together: a
live blog retelling the story many times over. If reuse detection is linear in
the text, doubling the long article doubles its time; quadratic, it quadruples.

The tables are printed and written to `bench/results/reuse.md`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import synth
from claims_bench import (
    HERE,
    corpus_of,
    machine,
    measure_in_child,
    print_profile,
    save,
    sizes,
)

from coverage.analysis import reuse
from coverage.analysis.detect import detect
from coverage.corpus import build_corpus
from coverage.model import Corpus
from coverage.options import Options
from coverage.sources import Folder

RESULTS = HERE / "results" / "reuse.md"
DEFAULT_SIZES = "100,1000,10000"
# Articles per story. The seeds' story has 5 articles; the issue's newsroom follows "dozens of
# stories with hundreds of articles each". Nearly every pair of synthetic articles in a story
# shares a passage, as few pairs do in a real story where most articles are reported
# independently, so 25 synthetic articles make a story as dense in reuse as a real one of hundreds.
PER_STORY = 25
KINDS = ("copy", "reworded", "near-duplicate", "incidental")
LONG_BYTES = (500_000, 1_000_000)
# Synthetic articles average about 3 KB; this many per byte asked for leaves a wide margin.
_LONG_ARTICLES_PER_BYTE = 1 / 1000
TARGET_N, TARGET_SECONDS, TARGET_RSS_MB, TARGET_GROWTH = 10_000, 300.0, 2048, 15.0


def measure(n: int) -> dict:
    """One size, in this process: claims, then reuse, timed; pairs by kind; peak RSS."""
    corpus, _ = corpus_of(n, per_story=PER_STORY)
    row = _timed(corpus)
    return {"n": n, "articles": len(corpus.articles), "stories": -(-n // PER_STORY), **row}


def measure_long(size: int) -> dict:
    """The seeds and one article of about `size` bytes, in this process."""
    files = long_folder(size)
    long_raw = files.articles[-1][1]
    corpus = build_corpus(files, Options())
    return {"bytes": len(long_raw), "words": len(long_raw.split()), **_timed(corpus)}


def _timed(corpus: Corpus) -> dict:
    start = time.perf_counter()
    claims = detect(corpus.articles, corpus.story)
    claims_seconds = time.perf_counter() - start
    rss_before = _peak_rss_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    pairs = reuse.find(corpus.articles, claims)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    kinds = Counter(pair.kind for pair in pairs)
    return {
        "problems": len(corpus.problems),
        "pairs": len(pairs),
        "kinds": {kind: kinds[kind] for kind in KINDS},
        "claims_seconds": claims_seconds,
        "seconds": seconds,
        "cpu": cpu,
        "rss_before_mb": rss_before,
        "rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def long_folder(size: int) -> Folder:
    """The five seed articles with their sidecars, and one long article after them."""
    seeds = sorted(synth.CONTENT.glob(synth.SEED_GLOB))
    raw, sidecar = long_article(size)
    name = f"900_{hashlib.sha256(raw).hexdigest()[:16]}.txt"
    return Folder(
        root="content",
        articles=(*((p.name, p.read_bytes()) for p in seeds), (name, raw)),
        sidecars=(
            *((synth.sidecar_name(p.name), p.with_suffix(".yaml").read_bytes()) for p in seeds),
            (synth.sidecar_name(name), sidecar),
        ),
        story=(synth.CONTENT / synth.STORY_FILE).read_bytes(),
        others=(),
    )


def long_article(size: int) -> tuple[bytes, bytes]:
    """Synthetic articles of the seeds' story, run together until `size` bytes, and a sidecar.

    Drawn from one stream, so the 0.5 MB article is the first half of the 1 MB one.
    """
    made = synth.synthesise(max(1, int(size * _LONG_ARTICLES_PER_BYTE)))
    parts, total = [], 0
    for _, raw, _ in made:
        part = "\n".join(raw.decode("utf-8").splitlines()).strip()
        parts.append(part)
        total += len(part.encode("utf-8")) + 2
        if total >= size:
            return "\n\n".join(parts).encode("utf-8") + b"\n", made[0][2]
    raise ValueError(f"{len(made)} synthetic articles make only {total:,} bytes, not {size:,}")


def in_child(*args: str) -> dict:
    """This script with `args` in a fresh process, so its peak RSS is its own."""
    done = subprocess.run(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(n: int, top: int = 25) -> None:
    corpus, _ = corpus_of(n, per_story=PER_STORY)
    claims = detect(corpus.articles, corpus.story)
    print_profile(f"reuse.find, N={n}", lambda: reuse.find(corpus.articles, claims), top)


# --- the report ----------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | stories | pairs | copy | reworded | near-duplicate | incidental "
        "| claims (s) | reuse (s) | reuse CPU (s) | ms per article | peak RSS before reuse (MB) "
        "| peak RSS (MB) |",
        "|" + "---:|" * 13,
    ]
    for r in rows:
        kinds = " | ".join(f"{r['kinds'][kind]:,}" for kind in KINDS)
        lines.append(
            f"| {r['articles']:,} | {r['stories']:,} | {r['pairs']:,} | {kinds} "
            f"| {r['claims_seconds']:.2f} | {r['seconds']:.2f} | {r['cpu']:.2f} "
            f"| {1000 * r['seconds'] / r['articles']:.1f} | {r['rss_before_mb']:.0f} "
            f"| {r['rss_mb']:.0f} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[dict]) -> str:
    by_n = {r["n"]: r for r in rows}
    lines = []
    for small, large in ((100, 1000), (1000, TARGET_N)):
        if small in by_n and large in by_n:
            ratio = by_n[large]["seconds"] / by_n[small]["seconds"]
            pairs = by_n[large]["pairs"] / max(by_n[small]["pairs"], 1)
            line = (
                f"- t({large:,}) / t({small:,}) = {ratio:.1f}× "
                f"(pairs found: {pairs:.1f}×; linear is 10×)"
            )
            if large == TARGET_N:
                met = "met" if ratio < TARGET_GROWTH else "**not met**"
                line += f"; target under {TARGET_GROWTH:.0f}×: {met}"
            lines.append(line + ".")
    if TARGET_N in by_n:
        r = by_n[TARGET_N]
        fast = "met" if r["seconds"] < TARGET_SECONDS else "**not met**"
        small = "met" if r["rss_mb"] < TARGET_RSS_MB else "**not met**"
        lines.append(
            f"- Target: {TARGET_N:,} articles in under {TARGET_SECONDS / 60:.0f} minutes on 2 "
            f"cores: {r['seconds']:.1f} s, {fast}; peak memory under {TARGET_RSS_MB / 1024:.0f} "
            f"GB: {r['rss_mb']:.0f} MB, {small}. Of that peak, {r['rss_before_mb']:.0f} MB was "
            f"reached before `reuse.find` (corpus and claims); reuse raised it by "
            f"{r['rss_mb'] - r['rss_before_mb']:.0f} MB."
        )
    return "\n".join(lines)


def long_table(rows: list[dict]) -> str:
    lines = [
        "| long article (bytes) | words | pairs | claims (s) | reuse (s) | reuse CPU (s) "
        "| peak RSS (MB) |",
        "|" + "---:|" * 7,
    ]
    for r in rows:
        lines.append(
            f"| {r['bytes']:,} | {r['words']:,} | {r['pairs']:,} | {r['claims_seconds']:.2f} "
            f"| {r['seconds']:.2f} | {r['cpu']:.2f} | {r['rss_mb']:.0f} |"
        )
    if len(rows) == 2:
        ratio = rows[1]["seconds"] / rows[0]["seconds"]
        size = rows[1]["bytes"] / rows[0]["bytes"]
        lines.append(
            f"\n- t(long) / t(half as long) = {ratio:.1f}× for {size:.1f}× the text "
            "(linear 2×, quadratic 4×)."
        )
    return "\n".join(lines)


def report(rows: list[dict], long_rows: list[dict]) -> str:
    problems = sum(r["problems"] for r in rows + long_rows)
    measured = ",".join(str(r["n"]) for r in rows)
    return f"""# Reuse detection benchmark

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/reuse_bench.py` (`BENCH_N={measured}`).
Regenerate with `make bench`; this file is overwritten.

{machine()}

Input: `bench/synth.py`, seed 0, in stories of {PER_STORY} articles: every story recombines and
edits the five seed articles, and every story but the first is respelled into a vocabulary of
its own, so articles of different stories share no passage. The build reported {problems}
problem(s) with them.

- **claims**: `detect` on the corpus, which reuse needs; timed apart, not part of reuse.
- **reuse**: `coverage.analysis.reuse.find`, one run; **ms per article** is its wall time.
- **peak RSS**: the whole process (synthesis, corpus, claims and reuse), from
  `resource.getrusage`; **before reuse**: the same, measured just before `reuse.find`.

{table(rows)}

{verdicts(rows)}

## One very long article

The five seed articles and one article of synthetic coverage of their story run together.

{long_table(long_rows)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size
    parser.add_argument("--long", type=int, help=argparse.SUPPRESS)  # a child: one long article
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile reuse.find at N")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    if args.long is not None:
        print(json.dumps(measure_long(args.long)))
        return
    if args.profile is not None:
        profile(args.profile)
        return
    rows = []
    for n in sizes(DEFAULT_SIZES):
        rows.append(measure_in_child(n, __file__))
        print(f"reuse_bench: {n:,} articles: reuse {rows[-1]['seconds']:.2f} s", file=sys.stderr)
    long_rows = []
    for size in LONG_BYTES:
        long_rows.append(in_child("--long", str(size)))
        print(f"reuse_bench: {size:,}-byte article: done", file=sys.stderr)
    save(RESULTS, report(rows, long_rows))


if __name__ == "__main__":
    main()
