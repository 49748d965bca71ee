"""The search index: Pagefind reads the finished pages and writes `pagefind/` beside them.

Pagefind's binary ships in the `pagefind[bin]` wheel, so the index is built with
no server and no download. Only pages whose <main> carries `data-pagefind-body`
(articles, claims, quotes, outlets) are indexed; see base.html.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

# The page kinds whose template marks <main> for the index (`search_kind` in base.html).
SEARCHED = (
    "ARTICLE_SAVE_AS",
    "ARTICLE_LANG_SAVE_AS",
    "CLAIM_SAVE_AS",
    "QUOTE_SAVE_AS",
    "OUTLET_SAVE_AS",
)


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


def build(site: Path, glob: str = "**/*.html") -> None:
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
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(
            f"search index: could not run Pagefind ({error}) — run `make install`, or set"
            " COVERAGE_SEARCH = False in pelicanconf.py to build without search"
        ) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(
            f"search index: Pagefind failed on {site} ({said[-1] if said else 'no message'})"
            " — run `make install` to reinstall it; the published site was left as it was"
        )
