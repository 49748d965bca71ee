"""The search index: Pagefind reads the finished pages and writes `pagefind/` beside them.

Pagefind's binary ships in the `pagefind[bin]` wheel, so the index is built with
no server and no download. Only pages whose <main> carries `data-pagefind-body`
(articles, claims, quotes, outlets) are indexed; see base.html.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(SystemExit):
    """Pagefind could not index the site; the build stops and the published site stays."""


def build(site: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
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
