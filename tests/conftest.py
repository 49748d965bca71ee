"""Shared fixtures: the seed content, and real site builds into temp folders."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).parent / "artifacts"  # screenshots for review; ignored by git
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CONTENT = ROOT / "content"
SEEDS = sorted(CONTENT.glob("*.txt"))


@dataclass
class Build:
    """A finished `pelican` run: its output folder and everything it printed."""

    output: Path
    returncode: int
    log: str

    def page(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")


def run_build(
    content: Path,
    output: Path,
    *settings: str,
    conf: str = "pelicanconf.py",
    env=None,
    file_size_limit: int | None = None,
    cores: int | None = None,
    pelican: tuple[str, ...] = ("-m", "pelican"),
) -> Build:
    """Build like `make html` does, but from `content` into `output`, with its own cache.

    `settings` are `KEY=JSON` overrides, given to the one `-e` flag: Pelican keeps
    only the last `-e` of a command, so a second one would drop the cache path.
    `conf="publishconf.py"` builds like `make publish`; `env` adds environment variables;
    `file_size_limit` (bytes) makes a write past it fail as a full disk's would; `cores`
    lets the build run on that many of this machine's cores only; `pelican` is how
    Python is told to run Pelican (a script that wraps it, say).
    """
    cache = output.parent / f"{output.name}-cache"
    command = [
        sys.executable,
        *pelican,
        str(content),
        "-o",
        str(output),
        "-s",
        str(ROOT / conf),
        "--log-handler",
        "plain",
        "-e",
        f'CACHE_PATH="{cache}"',
        *settings,
    ]
    env = {**os.environ, "COLUMNS": "200", **(env or {})}

    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
        if cores is not None:
            os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:cores])

    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=env, preexec_fn=limit
    )
    return Build(output, done.returncode, done.stdout + done.stderr)


def under_hash_seeds(script: str, *seeds: str) -> set[str]:
    """What a Python snippet prints (run from the repo root) under each PYTHONHASHSEED.

    One distinct output means the result does not depend on Python's hash order.
    """
    return {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in seeds
    }


def build_report(output: Path) -> dict:
    """The build's record of its stages and cache (`coverage-build.json` in `run_build`'s cache)."""
    return json.loads((output.parent / f"{output.name}-cache" / "coverage-build.json").read_text())


def snapshot(output: Path) -> dict[Path, bytes]:
    """Every file of a built site with its bytes, to show a failed build changed nothing."""
    return {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}


def copy_content(destination: Path) -> Path:
    shutil.copytree(CONTENT, destination)
    return destination


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Build:
    """The real archive, built once from content/ for every test that only reads it."""
    build = run_build(CONTENT, tmp_path_factory.mktemp("seed") / "output")
    assert build.returncode == 0, build.log
    return build


PUBLISHED_AT = "https://example.org/archive"


@pytest.fixture(scope="session")
def publish_build(tmp_path_factory) -> Build:
    """The real archive built like `make publish` (minified), for a host at PUBLISHED_AT."""
    output = tmp_path_factory.mktemp("publish") / "output"
    build = run_build(CONTENT, output, conf="publishconf.py", env={"SITEURL": PUBLISHED_AT})
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def seed_corpus():
    """The seed articles, normalised (no Pelican involved)."""
    from coverage.corpus import build_corpus
    from coverage.options import Options
    from coverage.sources import read_folder

    return build_corpus(read_folder(CONTENT), Options())


def with_ferry_story(outlets=("Harbour 0", "Harbour 1")):
    """The seeds plus two articles on another story (a ferry terminal), by these outlets."""
    from coverage.corpus import build_corpus
    from coverage.options import Options

    return build_corpus(ferry_folder(outlets), Options())


def ferry_folder(outlets=("Harbour 0", "Harbour 1")):
    """The seed content folder plus the two ferry articles of `with_ferry_story`."""
    from coverage.sources import Folder, read_folder

    said = (
        "The harbour authority of Valletta said the new ferry terminal will open on 1 March"
        " after two years of building work.\n"
    )
    named = (("090_ferry.txt", said), ("091_ferry.txt", said.replace("said", "announced that")))
    folder = read_folder(CONTENT)
    return Folder(
        folder.root,
        (*folder.articles, *((name, text.encode()) for name, text in named)),
        (
            *folder.sidecars,
            *(
                (f"09{n}_ferry.yaml", f"outlet: {outlet}\npublished: 2025-02-20\n".encode())
                for n, outlet in enumerate(outlets)
            ),
        ),
        folder.story,
        folder.others,
    )


@pytest.fixture(scope="session")
def two_stories():
    """The seeds plus two articles on another story (a ferry terminal), from two new outlets."""
    return with_ferry_story()


def article_named(corpus, prefix: str):
    return next(a for a in corpus.articles if a.source.name.startswith(prefix))


@pytest.fixture(scope="session")
def seeds():
    """The seed corpus (with the default news sources) and the reuse pairs found in it."""
    from coverage.analyse import build_claims
    from coverage.analysis import reuse
    from coverage.corpus import build_corpus
    from coverage.options import Options
    from coverage.settings import DEFAULTS
    from coverage.sources import read_folder

    options = Options(news_sources=tuple(DEFAULTS["COVERAGE_NEWS_SOURCES"]))
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, options)
    return corpus, reuse.find(corpus.articles, build_claims(folder, corpus, options))


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no browser download: it cannot work offline)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed: `apt-get install chromium` (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@contextlib.contextmanager
def serve(site: Path, under: str = "/"):
    """`site` over http on a free port, at the sub-path `under`; yields the site's base URL."""
    root = Path(tempfile.mkdtemp())
    shutil.copytree(site, root / under.strip("/") if under.strip("/") else root, dirs_exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{under.rstrip('/')}/"
    finally:
        server.shutdown()
        shutil.rmtree(root)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass
