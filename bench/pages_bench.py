"""How heavy the built pages are: the seeds, and a synthetic archive of N articles.

    python bench/pages_bench.py                # or: make bench (the seeds and 100 articles)
    BENCH_N=100,500 python bench/pages_bench.py

Each archive is built like `make html` (not minified: the budget is for what a
page weighs before any compression) into a temporary folder. A page's weight
is its HTML plus the stylesheets it links, as `tests/sitecheck.py` measures it
for the budget test; the build is the tests' own `run_build`. The heaviest
pages are listed against the 60 KB budget. The table is printed and written to
`bench/results/pages.md`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import synth
from claims_bench import HERE, ROOT, machine, sizes

sys.path.insert(0, str(ROOT / "tests"))
from conftest import run_build
from sitecheck import weights

RESULTS = HERE / "results" / "pages.md"
DEFAULT_SIZES = "100"
PER_STORY = 25
BUDGET = 60 * 1024
SHOWN = 5


def build(content: Path, output: Path) -> float:
    """Build `content` into `output` as `make html` does; the wall time in seconds."""
    started = time.perf_counter()
    done = run_build(content, output)
    if done.returncode != 0:
        sys.exit(f"the build of {content} failed:\n{done.log}")
    return time.perf_counter() - started


def measure(label: str, content: Path, work: Path) -> list[str]:
    seconds = build(content, work / "output")
    found = weights(work / "output")
    heaviest = sorted(found.items(), key=lambda item: -item[1])[:SHOWN]
    over = sum(1 for size in found.values() if size > BUDGET)
    rows = [
        f"| {label} | {len(found):,} | {seconds:.1f} | {over} | "
        + "<br>".join(f"`{page}` {size / 1024:.1f} KB" for page, size in heaviest)
        + " |"
    ]
    print(rows[0])
    return rows


def main() -> None:
    header = [
        "| archive | pages | build (s) | over 60 KB | heaviest pages (HTML + CSS) |",
        "|---|---:|---:|---:|---|",
    ]
    print("\n".join(header))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += measure("the 5 seeds", ROOT / "content", Path(tmp) / "seeds")
    for n in sizes(DEFAULT_SIZES):
        with tempfile.TemporaryDirectory() as tmp:
            content = synth.write(Path(tmp) / "content", n, per_story=PER_STORY)
            rows += measure(f"{n:,} synthetic", content, Path(tmp))
    RESULTS.write_text(
        "\n".join(
            [
                "# Page weight",
                "",
                f"Measured {datetime.now(UTC):%Y-%m-%d} by `python bench/pages_bench.py`.",
                "",
                machine(),
                "",
                *header,
                *rows,
                "",
            ]
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
