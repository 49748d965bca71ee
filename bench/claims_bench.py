"""How long claim detection takes for 5, 100 and 1,000 articles, and how that time grows.

    python bench/claims_bench.py                 # or: make bench
    BENCH_N=5,100 python bench/claims_bench.py   # other sizes
    python bench/claims_bench.py --profile 100   # where detect spends its time at N=100

For each N, synthetic articles from `bench/synth.py` (seed 0) are built into a
corpus ("normalise": decoding, sidecars, normaliser, metadata), then
`detect` groups their sentences into claims. Each N runs in a fresh process,
so its peak RSS is its own. Before each timed `detect` run the analysis
stage's memo caches (sentence segmentation, similarity features) are cleared,
so every run costs what the first run of a build costs; the median of 3 runs
is reported for N ≤ 100, a single run above.

The table is printed and written to `bench/results/claims.md`, with the date,
machine and growth exponents between sizes.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import json
import math
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

from coverage.analyse import forget_memos  # noqa: E402
from coverage.analysis import sentences  # noqa: E402
from coverage.analysis.detect import detect  # noqa: E402
from coverage.corpus import build_corpus  # noqa: E402
from coverage.model import Corpus  # noqa: E402
from coverage.options import Options  # noqa: E402
from coverage.sources import Folder  # noqa: E402

DEFAULT_SIZES = "5,100,1000"
SEED = 0
RESULTS = HERE / "results" / "claims.md"
MEDIAN_UP_TO = 100  # sizes up to this are timed 3 times, larger ones once
TARGET_N, TARGET_SECONDS = 1000, 60.0


def sizes(default: str = DEFAULT_SIZES) -> list[int]:
    raw = os.environ.get("BENCH_N", "").strip() or default
    try:
        found = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError:
        sys.exit(f"BENCH_N: expected sizes like 5,100,1000, got {raw!r}")
    if not found or found[0] < 1:
        sys.exit(f"BENCH_N: expected positive sizes like 5,100,1000, got {raw!r}")
    return found


def folder(n: int, seed: int = SEED, per_story: int | None = None) -> Folder:
    """The synthetic articles, sidecars and story as the build would read them from content/."""
    made = synth.synthesise(n, seed, per_story)
    return Folder(
        root="content",
        articles=tuple((name, raw) for name, raw, _ in made),
        sidecars=tuple((synth.sidecar_name(name), sidecar) for name, _, sidecar in made),
        story=(synth.CONTENT / synth.STORY_FILE).read_bytes(),
        others=(),
    )


def corpus_of(n: int, per_story: int | None = None) -> tuple[Corpus, float]:
    files = folder(n, per_story=per_story)
    start = time.perf_counter()
    corpus = build_corpus(files, Options())
    return corpus, time.perf_counter() - start


def measure(n: int) -> dict:
    """One size, in this process: corpus time, detect times, counts and peak RSS."""
    corpus, normalise_seconds = corpus_of(n)
    runs = 3 if n <= MEDIAN_UP_TO else 1
    times, cpu_times, found = [], [], None
    for _ in range(runs):
        forget_memos()  # each run starts cold, like a build's first
        start, cpu_start = time.perf_counter(), time.process_time()
        found = detect(corpus.articles, corpus.story)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    split = [s for a in corpus.articles for s in sentences.split(a)]
    largest = max((len(c.appearances) for c in found.claims), default=0)
    return {
        "n": n,
        "articles": len(corpus.articles),
        "problems": len(corpus.problems),
        "sentences": len(split),
        "claim_like": sum(sentences.is_claim_like(s.text) for s in split),
        "claims": len(found.claims),
        "unmatched": len(found.unmatched),
        "largest": largest,
        "normalise": normalise_seconds,
        "detect": statistics.median(times),
        "detect_cpu": statistics.median(cpu_times),
        "runs": times,
        "load": os.getloadavg()[0],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_in_child(n: int, script: str = __file__) -> dict:
    """`script --one n` in a fresh process, so each size's peak RSS is its own."""
    done = subprocess.run(
        [sys.executable, script, "--one", str(n)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(n: int, top: int = 25) -> None:
    corpus, _ = corpus_of(n)
    forget_memos()  # profiled cold, like a build's first
    print_profile(f"detect, N={n}", lambda: detect(corpus.articles, corpus.story), top)


def print_profile(title: str, call, top: int = 25) -> None:
    """Run `call` under cProfile and print its top functions by own and by total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    for order in ("tottime", "cumulative"):
        print(f"\n## {title}, top {top} by {order}\n")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(top)


# --- the report ----------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    head = (
        "| articles | sentences | claim-like | claims | unmatched | largest claim "
        "| normalise (s) | detect (s) | detect runs (s) | detect CPU (s) | peak RSS (MB) "
        "| load avg |"
    )
    lines = [head, "|" + "---:|" * 12]
    for r in rows:
        runs = ", ".join(f"{t:.2f}" for t in r["runs"])
        timing = f"median of {runs}" if len(r["runs"]) > 1 else "1 run"
        lines.append(
            f"| {r['articles']:,} | {r['sentences']:,} | {r['claim_like']:,} | {r['claims']:,} "
            f"| {r['unmatched']:,} | {r['largest']:,} | {r['normalise']:.2f} "
            f"| {r['detect']:.2f} | {timing} | {r['detect_cpu']:.2f} | {r['rss_mb']:.0f} "
            f"| {r['load']:.1f} |"
        )
    return "\n".join(lines)


def growth(rows: list[dict]) -> str:
    """Exponent k in t ∝ n^k between neighbouring sizes, against what n log n allows."""
    if len(rows) < 2:
        return "One size only: no growth to compute."
    lines = [
        "| from → to | detect time ratio | growth exponent | CPU time ratio | CPU exponent "
        "| n log n ratio | within n log n? |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for a, b in itertools.pairwise(rows):
        measured, exponent = _ratio(a, b, "detect")
        cpu, cpu_exponent = _ratio(a, b, "detect_cpu")
        allowed = nlogn_ratio(a["n"], b["n"])
        verdict = "yes" if measured <= allowed else "**no**"
        lines.append(
            f"| {a['n']:,} → {b['n']:,} | {measured:.1f}× | {exponent:.2f} | {cpu:.1f}× "
            f"| {cpu_exponent:.2f} | {allowed:.1f}× | {verdict} |"
        )
    return "\n".join(lines)


def _ratio(a: dict, b: dict, key: str) -> tuple[float, float]:
    """t(b) / t(a), and log(t(b) / t(a)) / log(n(b) / n(a))."""
    ratio = b[key] / a[key]
    return ratio, math.log(ratio) / math.log(b["n"] / a["n"])


def nlogn_ratio(n1: int, n2: int) -> float:
    """(n2 log n2) / (n1 log n1); 15 from 100 to 1,000. Any log base gives the same ratio."""
    return (n2 * math.log(n2)) / (n1 * math.log(n1)) if n1 > 1 else float("inf")


def verdicts(rows: list[dict]) -> str:
    by_n = {r["n"]: r for r in rows}
    lines = []
    if 100 in by_n and 1000 in by_n:
        ratio = by_n[1000]["detect"] / by_n[100]["detect"]
        cpu = by_n[1000]["detect_cpu"] / by_n[100]["detect_cpu"]
        lines.append(
            f"- t(1,000) / t(100) = {ratio:.1f} (CPU time: {cpu:.1f}); n log n allows "
            f"{nlogn_ratio(100, 1000):.0f} (linear 10, quadratic 100): "
            + ("no worse than n log n." if ratio <= nlogn_ratio(100, 1000) else "**worse**.")
        )
    if TARGET_N in by_n:
        seconds = by_n[TARGET_N]["detect"]
        met = "met" if seconds < TARGET_SECONDS else "**not met**"
        lines.append(
            f"- Target: {TARGET_N:,} articles in under {TARGET_SECONDS:.0f} s on 2 cores: "
            f"{seconds:.1f} s, {met}."
        )
    return "\n".join(lines)


def save(results: Path, text: str, announce: bool = True) -> None:
    """Write a bench's table to its results file, and (when finished) show it."""
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(text, encoding="utf-8")
    if announce:
        print(text)
        print(f"written to {results.relative_to(ROOT)}", file=sys.stderr)


def machine() -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cpu = _cpu_model()
    return "\n".join(
        [
            f"- platform: `{platform.platform()}` ({platform.machine()})",
            f"- CPU: {cpu}" if cpu else "- CPU: unknown",
            f"- CPU count: {os.cpu_count()}"
            + (f" ({usable} usable by this process)" if usable else ""),
            f"- Python: {platform.python_implementation()} {platform.python_version()}",
            f"- code: {_code_version()}",
        ]
    )


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _code_version() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    sources = hashlib.sha256()
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        sources.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    fingerprint = f"plugins/**/*.py sha256 {sources.hexdigest()[:12]}"
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return fingerprint
    changed = git("status", "--porcelain", "plugins")
    dirty = " with uncommitted changes under plugins/" if changed else ""
    return f"commit {commit}{dirty}, {fingerprint}"


def report(rows: list[dict]) -> str:
    problems = sum(r["problems"] for r in rows)
    measured = ",".join(str(r["n"]) for r in rows)
    return f"""# Claim detection benchmark

Measured {datetime.now(UTC):%Y-%m-%d} by `bench/claims_bench.py` (`BENCH_N={measured}`).
Regenerate with `make bench`; this file is overwritten.

{machine()}

Input: `bench/synth.py`, seed {SEED}: the five seed articles recombined (paragraphs dropped,
reordered and borrowed from other seeds, words reworded, figures and days changed) plus
made-up paragraphs on other topics, each with a sidecar (50 outlets, published over four weeks
from 2025-02-03). The build reported {problems} problem(s) with them.

- **normalise**: `build_corpus` (decode, sidecars, normaliser, metadata, citations), one run.
- **detect**: `coverage.analysis.detect.detect` (sentences, grouping, stances), median of 3
  runs up to {MEDIAN_UP_TO:,} articles, 1 run above, each with the analysis caches cleared first.
- **claim-like**: sentences long enough to state a claim, the ones grouped; **largest
  claim**: appearances in the biggest claim. **peak RSS**: the whole process for that size
  (synthesis, corpus and detect), from `resource.getrusage`. **load avg**: the machine's
  1-minute load average when that size finished; other work on the machine inflates wall time
  more than CPU time, so compare the two when they differ.

{table(rows)}

## Growth of detect time

Exponent k in t ∝ n^k between neighbouring sizes (1 is linear, 2 quadratic). At 5 articles
fixed costs dominate, so the first step understates the growth.

{growth(rows)}

{verdicts(rows)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: one size
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile detect at N articles")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    if args.profile is not None:
        profile(args.profile)
        return
    rows = []
    for n in sizes():
        print(f"claims_bench: {n:,} articles …", file=sys.stderr, flush=True)
        rows.append(measure_in_child(n))
        print(
            f"claims_bench: {n:,} articles: detect {rows[-1]['detect']:.2f} s",
            file=sys.stderr,
            flush=True,
        )
    save(RESULTS, report(rows))


if __name__ == "__main__":
    main()
