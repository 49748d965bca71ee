"""How long the whole build takes, against vanilla Pelican on the same articles.

    python bench/build_bench.py                  # or: make bench (100, 1,000 and 10,000)
    BENCH_N=100,1000 python bench/build_bench.py # other sizes

For each N, `bench/synth.py` (seed 0, stories of 100 articles, 50 outlets)
writes N articles with sidecars, and these builds run, each in a child process:

- **vanilla**: the same articles as plain Markdown posts (title, date, outlet as
  author and category, the raw text as the body), built by Pelican with no
  plugins, the default theme and no feeds: the baseline of issue 8.
- **full**: the archive's build, like `make html`, with a fresh cache.
- **add one** (3 times, `BENCH_ADD_ONE=` another count): the next article of the
  same synthetic stream, rebuilt into the same output with the same (warm) cache,
  then the next: what adding a capture to a big archive costs. The median build
  is the one reported; one build's time varies more from run to run than the
  target's margin.
- **add one joining a story** (once, `BENCH_JOIN=` another count, 0 for none): the
  stream's next article told as part of a story that already holds its 100
  articles (`synth.joining`), rebuilt the same way. The stream's next article
  starts a story of its own, which changes little; most captures added to a real
  archive join a story, and change the pages of the claims it already has.
- **clean N+k**: the same N+k articles from nothing (fresh output, fresh cache).
  The output of the k add-one builds must equal it byte for byte.
- **clean N+k again** (N ≤ 1,000): a second clean build, which must equal the
  first byte for byte (the build is reproducible).

The disk is flushed (`sync`) before each build, outside its time: a build that
wrote gigabytes leaves them to the kernel, and the next build would pay for them.

Each build's wall time, peak RSS, pages and bytes written are measured, and the
archive's builds report their stage times in `<cache>/coverage-build.json`.
The tables are printed and written to `bench/results/build.md` after every size,
so a long run that is stopped still leaves the sizes it finished.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from statistics import median_low

import synth
import yaml
from claims_bench import HERE, ROOT, machine, save, sizes

RESULTS = HERE / "results" / "build.md"
DEFAULT_SIZES = "100,1000,10000"
SEED = 0
PER_STORY = 100  # many stories of 100 articles, as a real archive follows many stories
# Pelican next to this interpreter: `.venv/bin/pelican` when run as `make bench` does.
PELICAN = str(Path(sys.executable).with_name("pelican"))
BUILD_ENV = {
    **os.environ,
    "CI": "1",  # the build prints one line per stage instead of progress bars
    "SOURCE_DATE_EPOCH": "1738540800",
}
UNDATED = "2025-02-03"  # the story's first day, for an article whose sidecar has no date
REPRODUCIBLE_UP_TO = 1000  # a second clean build is run only up to this size
ADD_ONES = "3"  # add-one builds per size, one article each, unless BENCH_ADD_ONE says otherwise
JOINS = "1"  # add-one builds joining a story, unless BENCH_JOIN says otherwise
# Pagefind's filter files differ from run to run (Pagefind issue #638), so the
# byte-for-byte comparisons leave its folder out.
UNCOMPARED = "pagefind"
ANALYSIS = ("read and normalise", "claims", "quotes and figures", "reuse")
LOG_TAIL = 40
SHOWN = 5  # differing paths listed per comparison
MB = 1024 * 1024

# Issue 8's targets.
TARGET_N = 10_000
MAX_RATIO = 1.25  # full build time / vanilla build time
MAX_RSS_MB = 1024
MAX_ADD_ONE = 0.15  # add-one build time / full build time
GROWTH_FROM, MAX_GROWTH = 1000, 12.0  # analysis time at TARGET_N / at GROWTH_FROM

# Runs one build and reports it as JSON on stdout. A wrapper process per build,
# because RUSAGE_CHILDREN accumulates over every child a process has waited for:
# in its own wrapper, each build's peak RSS is its own. The build's output goes
# to a log file, so stdout holds only the JSON.
WRAPPER = """
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as log:
    started = time.perf_counter()
    done = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "returncode": done.returncode,
    "seconds": seconds,
    "cpu": used.ru_utime + used.ru_stime,
    "peak_kb": used.ru_maxrss,  # KB on Linux
}))
"""


# --- vanilla Pelican's input -----------------------------------------------------------------


def markdown_post(name: str, raw: bytes, sidecar: bytes | None) -> str:
    """One synthetic article as a plain Markdown post: front matter, then its lines as paragraphs.

    Nothing is escaped: the baseline needs the same words to render, not faithful markup.
    """
    meta = (yaml.safe_load(sidecar) if sidecar else None) or {}
    stem = name.rsplit(".", 1)[0]
    outlet = str(meta.get("outlet") or "Unknown outlet")
    published = meta.get("published") or UNDATED
    front = [
        f"Title: {meta.get('headline') or stem}",
        f"Date: {published}",
        f"Author: {outlet}",
        f"Category: {outlet}",
        # Headlines repeat across articles; the stem keeps each post's URL its own.
        f"Slug: {stem}",
    ]
    text = raw.decode("utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(front) + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_vanilla_content(articles: Path, posts: Path) -> int:
    """Every `*.txt` article of `articles` as a `.md` post in `posts`; how many were written."""
    posts.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(articles.glob("*.txt")):
        sidecar = path.with_suffix(".yaml")
        post = markdown_post(
            path.name, path.read_bytes(), sidecar.read_bytes() if sidecar.exists() else None
        )
        (posts / f"{path.stem}.md").write_text(post, encoding="utf-8")
        count += 1
    return count


def vanilla_settings(content: Path, cache: Path) -> str:
    """Pelican's defaults, minus anything that needs a URL (feeds) or caches between builds."""
    return f"""SITENAME = "Vanilla Pelican"
SITEURL = ""
PATH = {str(content)!r}
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
# An empty list, not None: None would load every installed namespace plugin.
PLUGINS = []
CACHE_PATH = {str(cache)!r}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


# --- running and measuring one build ---------------------------------------------------------


def run(label: str, command: list[str], cwd: Path, log: Path) -> dict:
    """Run `command` in its own measuring wrapper: wall and CPU seconds, peak RSS (MB)."""
    # The last build's written pages (9 GB at 10,000 articles) would otherwise still be
    # going to disk while this one runs: a likely part of why two add-one builds of the
    # same article and code took 291 s and 201 s in runs without this.
    os.sync()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(log), *command],
        cwd=cwd,
        env=BUILD_ENV,
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"build_bench: could not measure the {label} (wrapper exit {done.returncode})")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    if measured["returncode"] != 0:
        print(log_tail(log), file=sys.stderr)
        sys.exit(
            f"build_bench: the {label} failed (exit {measured['returncode']}); "
            f"the last {LOG_TAIL} lines of its log are above"
        )
    return {
        "seconds": measured["seconds"],
        "cpu": measured["cpu"],
        "rss_mb": measured["peak_kb"] / 1024,
        # Other work on the machine inflates wall time more than CPU time: this says how much.
        "load": os.getloadavg()[0],
    }


def log_tail(log: Path, lines: int = LOG_TAIL) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {log})"


def written(output: Path) -> tuple[int, int]:
    """Pages (`*.html`) and bytes of every file in a built site."""
    files = [p for p in output.rglob("*") if p.is_file()]
    return sum(p.suffix == ".html" for p in files), sum(p.stat().st_size for p in files)


def stage_seconds(report: dict) -> dict[str, float]:
    """Seconds per stage, in the build's order; a stage reported twice counts once, summed."""
    stages: dict[str, float] = {}
    for stage in report.get("stages", []):
        stages[stage["name"]] = stages.get(stage["name"], 0.0) + stage["seconds"]
    return stages


def stage_peaks(report: dict) -> dict[str, float]:
    """Pelican's peak RSS (MB) when each stage ended, where the build reports it."""
    return {
        stage["name"]: stage["peak_rss_mb"]
        for stage in report.get("stages", [])
        if stage.get("peak_rss_mb")
    }


def build_vanilla(posts: Path, work: Path) -> dict:
    settings = work / "vanilla-settings.py"
    settings.write_text(vanilla_settings(posts, work / "vanilla-cache"), encoding="utf-8")
    output = work / "vanilla-output"
    command = [PELICAN, "--log-handler", "plain", str(posts), "-o", str(output)]
    measured = run("vanilla build", [*command, "-s", str(settings)], work, work / "vanilla.log")
    pages, size = written(output)
    return {**measured, "pages": pages, "bytes": size, "stages": {}}


def build_archive(label: str, content: Path, output: Path, cache: Path) -> dict:
    """The archive's build, as `make html` runs it, from the repository root."""
    command = [
        PELICAN,
        "--log-handler",
        "plain",
        str(content),
        "-o",
        str(output),
        "-s",
        "pelicanconf.py",
        "-e",
        f'CACHE_PATH="{cache}"',
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    # One log per build: the add-one build writes into the full build's output folder.
    log = output.parent / (label.replace(" ", "-") + ".log")
    measured = run(label, command, ROOT, log)
    summary = cache / "coverage-build.json"
    if not summary.is_file():
        sys.exit(f"build_bench: the {label} succeeded but wrote no {summary.name} in its cache")
    report = json.loads(summary.read_text(encoding="utf-8"))
    pages, size = written(output)
    return {
        **measured,
        "pages": pages,
        "bytes": size,
        "stages": stage_seconds(report),
        "stage_peaks": stage_peaks(report),
        "files_changed": report.get("files_changed"),
        "files_unchanged": report.get("files_unchanged"),
        "pages_reused": report.get("pages_reused"),
        "search_parts": report.get("search_parts"),
        "search_parts_indexed": report.get("search_parts_indexed"),
        "cache": report.get("cache", ""),
    }


# --- comparing two sites ---------------------------------------------------------------------


def site_files(root: Path) -> dict[str, Path]:
    """Every file of a built site by its relative path, without Pagefind's folder."""
    found = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and relative.parts[0] != UNCOMPARED:
            found[relative.as_posix()] = path
    return found


def differing(left: Path, right: Path) -> list[str]:
    """Relative paths that are in one site only or whose bytes differ, sorted; [] when equal."""
    a, b = site_files(left), site_files(right)
    return sorted(
        name
        for name in a.keys() | b.keys()
        if name not in a or name not in b or not filecmp.cmp(a[name], b[name], shallow=False)
    )


# --- one size --------------------------------------------------------------------------------


def add_one(content: Path, n: int) -> str:
    """Write the next article of the synthetic stream into `content`, which holds its first n;
    the new article's file name."""
    made = synth.synthesise(n + 1, SEED, per_story=PER_STORY)
    existing = sorted(p.name for p in content.glob("*.txt"))
    # The first n of a longer stream are the n already written: the new one is the only change.
    if existing != sorted(name for name, _, _ in made[:n]):
        sys.exit("build_bench: synth.synthesise(n + 1) does not extend synthesise(n)")
    return _written(content, made[n])


def join(content: Path, index: int, story: int) -> str:
    """Write the stream's article `index` into `content`, told as part of `story`; its file name."""
    return _written(content, synth.joining(index, story, SEED))


def _written(content: Path, article: tuple[str, bytes, bytes]) -> str:
    """One synthetic (file name, raw bytes, sidecar bytes) written into `content`; its name."""
    name, raw, sidecar = article
    (content / name).write_bytes(raw)
    (content / synth.sidecar_name(name)).write_bytes(sidecar)
    return name


def joined_story(n: int) -> int:
    """The story an article joins in an archive of n: a full one, in the middle of them."""
    return n // PER_STORY // 2


def add_one_count() -> int:
    return _count("BENCH_ADD_ONE", ADD_ONES, 1, "add-one builds", "3")


def join_count() -> int:
    return _count("BENCH_JOIN", JOINS, 0, "joining builds", "1 or 0")


def _count(variable: str, default: str, least: int, builds: str, example: str) -> int:
    """How many builds of a kind to time: the variable's whole number, at least `least`."""
    raw = os.environ.get(variable, "").strip() or default
    if not raw.isdigit() or int(raw) < least:
        sys.exit(f"{variable}: expected how many {builds} to time, like {example}, got {raw!r}")
    return int(raw)


def measure(n: int, work: Path, add_ones: int, joins: int = 0) -> dict:
    def say(what: str) -> None:
        print(f"build_bench: {n:,} articles: {what}", file=sys.stderr, flush=True)

    content = synth.write(work / "content", n, SEED, per_story=PER_STORY)
    write_vanilla_content(content, work / "posts")
    builds = {}
    say("vanilla Pelican …")
    builds["vanilla"] = build_vanilla(work / "posts", work)
    say(f"vanilla Pelican: {builds['vanilla']['seconds']:.1f} s; full build …")
    full, cache = work / "full" / "output", work / "full" / "cache"
    builds["full"] = build_archive("full build", content, full, cache)
    say(f"full build: {builds['full']['seconds']:.1f} s; adding one article …")
    for k in range(1, add_ones + 1):
        add_one(content, n + k - 1)
        key = f"add_one_{k}"
        builds[key] = build_archive(f"add-one build {k}", content, full, cache)
        say(f"add one ({k} of {add_ones}): {builds[key]['seconds']:.1f} s")
    story = joined_story(n)
    for k in range(1, joins + 1):
        join(content, n + add_ones + k - 1, story)
        key = f"join_{k}"
        builds[key] = build_archive(f"joining build {k}", content, full, cache)
        say(f"add one joining story {story} ({k} of {joins}): {builds[key]['seconds']:.1f} s")
    say(f"clean build of {n + add_ones + joins:,} …")
    clean = work / "clean" / "output"
    builds["clean"] = build_archive("clean build", content, clean, work / "clean" / "cache")
    result = {
        "n": n,
        "builds": builds,
        "joined_story": story,
        "add_one_diff": differing(full, clean),
        "repro_diff": None,
    }
    if n <= REPRODUCIBLE_UP_TO:
        say(f"clean build: {builds['clean']['seconds']:.1f} s; second clean build …")
        again = work / "again" / "output"
        builds["again"] = build_archive(
            "second clean build", content, again, work / "again" / "cache"
        )
        result["repro_diff"] = differing(clean, again)
    # The temporary folder goes next, with no output of its own: at 10,000 articles its
    # 20 GB took two minutes to delete, which looked like a hang.
    say("done; deleting the temporary folder (about 2 GB per 1,000 articles) …")
    return result


# --- the report (pure functions of the result dicts) -----------------------------------------


def added(r: dict) -> list[dict]:
    """The add-one builds of one size, in the order they ran."""
    return [b for key, b in r["builds"].items() if key.startswith("add_one")]


def articles_added(r: dict) -> int:
    """How many articles the add-one builds of one size added (the k of "clean N+k")."""
    return len(added(r)) + len(joined(r))


def joined(r: dict) -> list[dict]:
    """The builds of one size that added an article joining a story, in the order they ran."""
    return [b for key, b in r["builds"].items() if key.startswith("join_")]


def typical_add_one(r: dict) -> dict:
    """The median add-one build (the lower middle one of an even count): a real build, so its
    stage times are shown as they were, not averaged."""
    runs = added(r)
    middle = median_low(b["seconds"] for b in runs)
    return next(b for b in runs if b["seconds"] == middle)


def add_one_share(r: dict) -> float:
    return typical_add_one(r)["seconds"] / r["builds"]["full"]["seconds"]


def join_cells(r: dict) -> tuple[str, str]:
    """The joining builds' seconds and their share of the full build, or dashes if none ran."""
    runs = joined(r)
    if not runs:
        return "–", "–"
    full = r["builds"]["full"]["seconds"]
    seconds = ", ".join(f"{b['seconds']:.1f}" for b in runs)
    return seconds, ", ".join(f"{100 * b['seconds'] / full:.1f} %" for b in runs)


def analysis_seconds(build: dict) -> float:
    return sum(build["stages"].get(name, 0.0) for name in ANALYSIS)


def same_cell(diff: list[str] | None) -> str:
    if diff is None:
        return "not run"
    return "yes" if not diff else f"no: {len(diff):,} files differ"


def summary_table(rows: list[dict]) -> str:
    lines = [
        "| articles | vanilla (s) | vanilla peak RSS (MB) | full (s) | full / vanilla "
        "| full peak RSS (MB) | pages | MB written | add one, median (s) | add one / full "
        "| each add-one build (s) | add one joining a story (s) | joining / full "
        "| add one = clean build | reproducible |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        vanilla, full = r["builds"]["vanilla"], r["builds"]["full"]
        each = ", ".join(f"{b['seconds']:.1f}" for b in added(r))
        joining, joining_share = join_cells(r)
        lines.append(
            f"| {r['n']:,} | {vanilla['seconds']:.1f} | {vanilla['rss_mb']:.0f} "
            f"| {full['seconds']:.1f} | {full['seconds'] / vanilla['seconds']:.2f}× "
            f"| {full['rss_mb']:.0f} | {full['pages']:,} | {full['bytes'] / MB:.1f} "
            f"| {typical_add_one(r)['seconds']:.1f} | {100 * add_one_share(r):.1f} % | {each} "
            f"| {joining} | {joining_share} "
            f"| {same_cell(r['add_one_diff'])} | {same_cell(r['repro_diff'])} |"
        )
    return "\n".join(lines)


def build_name(key: str, r: dict) -> str:
    """What the tables call a build: the clean builds say how many articles they hold."""
    extra = articles_added(r)
    if key.startswith("add_one_"):
        return f"add one, {key.removeprefix('add_one_')} of {len(added(r))}"
    if key.startswith("join_"):
        story = r.get("joined_story")
        return f"add one joining story {story}, {key.removeprefix('join_')} of {len(joined(r))}"
    names = {
        "vanilla": "vanilla Pelican",
        "full": "full",
        "clean": f"clean N+{extra}",
        "again": f"clean N+{extra} again",
    }
    return names.get(key, key)


def builds_table(rows: list[dict]) -> str:
    """Every build of every size, with what the archive's build reported about its cache."""
    lines = [
        "| articles | build | seconds | CPU (s) | load avg | peak RSS (MB) | pages "
        "| MB written | pages reused | files changed / kept | search parts indexed / all | cache |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        for key, b in r["builds"].items():
            kept = (
                f"{b['files_changed']:,} / {b['files_unchanged']:,}"
                if b.get("files_changed") is not None
                else ""
            )
            reused = f"{b['pages_reused']:,}" if b.get("pages_reused") is not None else ""
            parts = (
                f"{b['search_parts_indexed']} / {b['search_parts']}"
                if b.get("search_parts") is not None
                else ""
            )
            lines.append(
                f"| {r['n']:,} | {build_name(key, r)} | {b['seconds']:.1f} "
                f"| {b['cpu']:.1f} | {b['load']:.1f} | {b['rss_mb']:.0f} | {b['pages']:,} "
                f"| {b['bytes'] / MB:.1f} | {reused} | {kept} | {parts} | {b.get('cache', '')} |"
            )
    return "\n".join(lines)


def stages_table(rows: list[dict]) -> str:
    """Seconds per stage of the full build at each size, of the largest size's median
    add-one build and of its slowest joining build, and Pelican's peak RSS as each stage of
    the largest full build ended (which stage raised it).
    """
    if not rows:
        return ""
    largest = rows[-1]
    columns = [r["builds"]["full"] for r in rows] + [typical_add_one(largest)]
    joins = joined(largest)
    if joins:
        columns.append(max(joins, key=lambda b: b["seconds"]))
    names: dict[str, None] = {}  # every stage seen, in the order the builds ran them
    for build in columns:
        names.update(dict.fromkeys(build["stages"]))
    peaks = largest["builds"]["full"].get("stage_peaks", {})
    head = [f"full, {r['n']:,} (s)" for r in rows]
    head.append(f"add one, {largest['n']:,}, the median build (s)")
    if joins:
        head.append(f"add one joining a story, {largest['n']:,}, the slowest (s)")
    head.append(f"full, {largest['n']:,}: peak RSS at its end (MB)")
    lines = ["| stage | " + " | ".join(head) + " |", "|---|" + "---:|" * len(head)]

    def row(label: str, values: list[float | None], peak: float | None = None) -> str:
        cells = ["–" if v is None else f"{v:.2f}" for v in values]
        cells.append("" if peak is None else f"{peak:,.0f}")
        return f"| {label} | " + " | ".join(cells) + " |"

    for name in names:
        lines.append(row(name, [c["stages"].get(name) for c in columns], peaks.get(name)))
    lines.append(
        row("**analysis** (" + " + ".join(ANALYSIS) + ")", list(map(analysis_seconds, columns)))
    )
    lines.append(row("all stages", [sum(c["stages"].values()) for c in columns]))
    lines.append(row("wall time of the build", [c["seconds"] for c in columns]))
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "not run" if ok is None else ("met" if ok else "**not met**")


def targets(rows: list[dict]) -> list[tuple[str, str, str]]:
    """Issue 8's targets as (target, measured, verdict); "not run" where a size is missing."""
    by_n = {r["n"]: r for r in rows}
    found = []
    at = by_n.get(TARGET_N)
    if at:
        ratio = at["builds"]["full"]["seconds"] / at["builds"]["vanilla"]["seconds"]
        found.append((f"{ratio:.2f}×", ratio <= MAX_RATIO))
        builds = [at["builds"]["full"], at["builds"]["clean"], *added(at), *joined(at)]
        peak = max(b["rss_mb"] for b in builds)
        found.append((f"{peak:,.0f} MB", peak <= MAX_RSS_MB))
    else:
        found += [(f"{TARGET_N:,} not run", None)] * 2
    if rows:
        last = rows[-1]
        share, full = add_one_share(last), last["builds"]["full"]["seconds"]
        each = sorted(b["seconds"] / full for b in added(last))
        spread = (
            f" (median of {len(each)}: {100 * each[0]:.1f} to {100 * each[-1]:.1f} %)"
            if len(each) > 1
            else ""
        )
        again, said = against_clean(last, typical_add_one(last)["seconds"])
        found.append(
            (
                f"{100 * share:.1f} % at {last['n']:,} articles{spread}{said}",
                share <= MAX_ADD_ONE and again <= MAX_ADD_ONE,
            )
        )
    else:
        found.append(("not run", None))
    joins = joined(rows[-1]) if rows else []
    if joins:
        last = rows[-1]
        slowest = max(b["seconds"] for b in joins)
        worst = slowest / last["builds"]["full"]["seconds"]
        which = f" (the slowest of {len(joins)})" if len(joins) > 1 else ""
        again, said = against_clean(last, slowest)
        found.append(
            (
                f"{100 * worst:.1f} % at {last['n']:,} articles{which}{said}",
                worst <= MAX_ADD_ONE and again <= MAX_ADD_ONE,
            )
        )
    else:
        found.append(("not run", None))
    if at and GROWTH_FROM in by_n:
        growth = analysis_seconds(at["builds"]["full"]) / analysis_seconds(
            by_n[GROWTH_FROM]["builds"]["full"]
        )
        found.append((f"{growth:.1f}×", growth <= MAX_GROWTH))
    else:
        found.append((f"needs {GROWTH_FROM:,} and {TARGET_N:,}: not run", None))
    found.append(_all_same(rows, "add_one_diff"))
    found.append(_all_same(rows, "repro_diff"))
    names = [
        f"full build ≤ {MAX_RATIO} × vanilla Pelican at {TARGET_N:,} articles",
        f"peak RSS ≤ {MAX_RSS_MB / 1024:.0f} GB at {TARGET_N:,} articles "
        "(largest of the full, add-one, joining and clean builds)",
        f"adding one article ≤ {100 * MAX_ADD_ONE:.0f} % of a full build "
        "(largest size run, the median add-one build; against the full and the clean build)",
        f"adding one article that joins a story of {PER_STORY} ≤ {100 * MAX_ADD_ONE:.0f} % "
        "of a full build (largest size run, every joining build; against both full builds)",
        f"analysis time grows ≤ {MAX_GROWTH:.0f}× from {GROWTH_FROM:,} to {TARGET_N:,} articles",
        "add-one build byte-identical to a clean build (every size)",
        "two clean builds byte-identical (every size run)",
    ]
    return [(name, value, verdict(ok)) for name, (value, ok) in zip(names, found, strict=True)]


def against_clean(r: dict, seconds: float) -> tuple[float, str]:
    """`seconds` as a share of the clean build of N+k, the run's other full build, and how
    the targets table says it.

    The two full builds of a run are minutes apart, and this machine's speed drifts by a
    fifth over that time (964 s and 776 s at 10,000 in one run): an add-one build meets a
    target of "a full build" only if it meets it against both.
    """
    clean = r["builds"].get("clean")
    if clean is None:
        return 0.0, ""
    share = seconds / clean["seconds"]
    return share, f"; {100 * share:.1f} % of the clean build of N+{articles_added(r)}"


def _all_same(rows: list[dict], key: str) -> tuple[str, bool | None]:
    run = [r for r in rows if r[key] is not None]
    if not run:
        return "not run", None
    cells = ", ".join(f"{r['n']:,}: {same_cell(r[key])}" for r in run)
    return cells, all(not r[key] for r in run)


def targets_table(rows: list[dict]) -> str:
    lines = ["| target (issue 8) | measured | |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {ok} |" for name, value, ok in targets(rows)]
    return "\n".join(lines)


def differences(rows: list[dict]) -> str:
    """The first few differing paths of every comparison that found any."""
    lines = []
    for r in rows:
        for key, what in (("add_one_diff", "add one vs clean"), ("repro_diff", "clean vs clean")):
            diff = r[key] or []
            if diff:
                shown = ", ".join(f"`{p}`" for p in diff[:SHOWN])
                more = f" and {len(diff) - SHOWN:,} more" if len(diff) > SHOWN else ""
                lines.append(f"- {r['n']:,} articles, {what}: {shown}{more}")
    return "\n".join(lines) or "None: every compared file was identical."


def report(rows: list[dict], requested: list[int], when: datetime, where: str) -> str:
    finished = [r["n"] for r in rows]
    sizes_text = ",".join(map(str, requested))
    status = (
        ""
        if finished == requested
        else f" Finished so far: {', '.join(f'{n:,}' for n in finished) or 'none'}."
    )
    return f"""# Whole-build benchmark

Measured {when:%Y-%m-%d} by `bench/build_bench.py` (`BENCH_N={sizes_text}`).{status}
Regenerate with `make bench`; this file is overwritten.

{where}

Input: `bench/synth.py`, seed {SEED}: stories of {PER_STORY} synthetic articles each (the five
seeds recombined and edited, every story but the first respelled into a vocabulary of its own),
50 outlets, each article with a sidecar.

- **vanilla**: the same articles as plain Markdown posts (title, date, outlet as author and
  category, each line of the raw text a paragraph), built by Pelican with no plugins, the
  default theme, no feeds and no content cache.
- **full**: the archive's build like `make html` (`pelicanconf.py`), fresh cache, `CI=1`.
- **add one**: one more synthetic article, rebuilt into the full build's output with its cache;
  then the next one, and so on: k builds of one added article each. The tables report the
  median build; a single add-one build's time varied by 30 % between two runs of the same code.
- **add one joining a story**: then the stream's next article told as part of a story that
  already holds {PER_STORY} articles (`synth.joining`): the stream's next article starts a story
  of its own, while most captures added to an archive join one and change its claims' pages.
- **clean N+k**: the same N+k articles into a fresh output with a fresh cache; **add one =
  clean build** compares the two outputs byte for byte. **reproducible**: a second clean build
  compared with the first (only up to {REPRODUCIBLE_UP_TO:,} articles).
- Before each build the disk is flushed (`sync`, not timed), so that no build pays for
  writing out the last one's pages.
- Comparisons leave out `{UNCOMPARED}/`: Pagefind's filter files are not reproducible
  upstream (Pagefind issue #638).
- **seconds**: wall time of the build process; **CPU**: its user + system time, Pagefind's
  included; **load avg**: the machine's 1-minute load average when the build ended (other work
  on the machine inflates wall time more than CPU time, so compare the two when they differ).
  **peak RSS**: the largest resident set of any process of the build (`ru_maxrss` of a
  wrapper's children; Pelican, or Pagefind if larger). **pages**: `*.html` files in the output;
  **MB written**: every file's size (MB = 2²⁰ bytes); **pages reused**: pages published as
  the last build left them, without rendering (`page_cache.py`).

## Summary

{summary_table(rows)}

## Targets

{targets_table(rows)}

## Stages of the archive's build

From `coverage-build.json` in the build's cache folder. **analysis** is the sum of the four
analysis stages; the rest of the wall time is Pelican itself (start-up, reading posts, writing
Pelican's own pages).

{stages_table(rows)}

## Every build

{builds_table(rows)}

## Differing files

{differences(rows)}
"""


def main() -> None:
    requested = sizes(DEFAULT_SIZES)
    add_ones, joins = add_one_count(), join_count()
    where = machine()
    rows: list[dict] = []
    for n in requested:
        with tempfile.TemporaryDirectory(prefix=f"build-bench-{n}-") as work:
            rows.append(measure(n, Path(work), add_ones, joins))
        # Written after each size, so a long run leaves the sizes it finished.
        save(RESULTS, report(rows, requested, datetime.now(UTC), where), n == requested[-1])


if __name__ == "__main__":
    main()
