"""The search index: Pagefind reads the finished pages and writes `pagefind/` beside them.

Pagefind's binary ships in the `pagefind[bin]` wheel, so the index is built with
no server and no download. Only pages whose <main> carries `data-pagefind-body`
(articles, claims, quotes, outlets) are indexed; see base.html.

Pagefind runs beside the build, on every core but the build's: the glue starts
it as soon as the searched pages are written and collects it once the rest of
the site (pair and index pages, data files, feeds), which Pagefind does not
read, is written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# The page kinds whose template marks <main> for the index (`search_kind` in base.html).
SEARCHED = (
    "ARTICLE_SAVE_AS",
    "ARTICLE_LANG_SAVE_AS",
    "CLAIM_SAVE_AS",
    "QUOTE_SAVE_AS",
    "OUTLET_SAVE_AS",
)


# Where Pagefind writes the index, inside the site.
FOLDER = "pagefind"


class SearchIndexError(SystemExit):
    """Pagefind could not index the site; the build stops and the published site stays."""


def pages_glob(save_as: Iterable[str]) -> str:
    """A glob for Pagefind that matches every page saved at these `*_SAVE_AS` patterns.

    Pagefind would otherwise parse every page only to skip those without
    `data-pagefind-body`: at 1,000 articles, 11,000 reuse pairs and the index
    pages, 40 % of its time and memory. The glob only narrows what Pagefind
    opens; the marked <main> still decides what is indexed.
    """
    shapes = sorted({re.sub(r"\{[^}]*\}", "*", p) for p in save_as if p})
    return "{" + ",".join(shapes) + "}" if len(shapes) > 1 else "".join(shapes) or "**/*.html"


@dataclass
class Indexing:
    """Pagefind at work on a site, beside the build; `wait` collects it, `stop` ends it early.

    Its output goes to a temporary file rather than a pipe: nothing reads a pipe
    while the build goes on, and a full one would stall Pagefind.
    """

    site: Path
    process: subprocess.Popen
    said: IO[bytes]

    def wait(self) -> None:
        """Return when the index is written; raise SearchIndexError if Pagefind failed."""
        code = self.process.wait()
        self.said.seek(0)
        lines = self.said.read().decode("utf-8", "replace").strip().splitlines()
        self.said.close()
        if code != 0:
            raise SearchIndexError(
                f"search index: Pagefind failed on {self.site}"
                f" ({lines[-1] if lines else 'no message'})"
                " — run `make install` to reinstall it; the published site was left as it was"
            )

    def stop(self) -> None:
        """End Pagefind if it still runs (the build failed before waiting for it); after
        `wait`, it only lets the output file go."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.said.close()


def start(site: Path, glob: str = "**/*.html") -> Indexing:
    """Start indexing the pages under `site` that match `glob`; the caller goes on meanwhile."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--glob",
        glob,
        "--silent",
        # Pages link to `index.html` by name so they also work from file://.
        "--keep-index-url",
    ]
    # The build goes on beside Pagefind: it gets every core but the build's own.
    # Given them all, it took the build's core too (at 1,000 articles on 2 cores,
    # writing pages beside it took 7 s longer), and the overlap saved little.
    environment = dict(os.environ)
    environment.setdefault("RAYON_NUM_THREADS", str(max(1, len(os.sched_getaffinity(0)) - 1)))
    said = tempfile.TemporaryFile()  # noqa: SIM115 (open while Pagefind runs; wait or stop closes it)
    try:
        process = subprocess.Popen(command, stdout=said, stderr=subprocess.STDOUT, env=environment)
    except OSError as error:
        said.close()
        raise SearchIndexError(
            f"search index: could not run Pagefind ({error}) — run `make install`, or set"
            " COVERAGE_SEARCH = False in pelicanconf.py to build without search"
        ) from None
    return Indexing(site, process, said)
