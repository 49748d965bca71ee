"""Incremental builds: a rebuild with a warm cache gives the clean build's bytes.

Every comparison leaves out `pagefind/`: Pagefind writes its filter indexes in
a different byte order from run to run (upstream issue #638), whatever we do.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import CONTENT, ROOT, run_build
from conftest import build_report as report

from coverage import search_index, slim_pages

LEFT_OUT = "003_979046fa02e13a40"


def files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).parts[0] != "pagefind"
    }


def differences(a: Path, b: Path) -> list[str]:
    left, right = files(a), files(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def built(content: Path, output: Path, *settings: str, **env: str) -> Path:
    done = run_build(content, output, *settings, env=env or None)
    assert done.returncode == 0, done.log
    return output


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """Four seeds built, then the fifth added and built again with the same cache.

    The editor's claims and notes files name the fifth article, so they are left out.
    """
    work = tmp_path_factory.mktemp("incremental")
    content = work / "content"
    shutil.copytree(CONTENT, content)
    for editors in ("claims.yaml", "notes.yaml"):
        (content / editors).unlink()
    for suffix in (".txt", ".yaml"):
        (content / f"{LEFT_OUT}{suffix}").unlink()
    site = built(content, work / "site")
    first = report(site)
    for suffix in (".txt", ".yaml"):
        shutil.copyfile(CONTENT / f"{LEFT_OUT}{suffix}", content / f"{LEFT_OUT}{suffix}")
    built(content, site)
    return {"site": site, "first": first, "second": report(site), "content": content, "work": work}


def test_adding_an_article_gives_the_clean_builds_bytes(grown):
    clean = built(grown["content"], grown["work"] / "clean")
    assert differences(grown["site"], clean) == []


def test_a_build_without_the_cache_gives_the_cached_builds_bytes(grown):
    # A cached build holds each pair's outline and reads its passages back for its page
    # and data records; without the cache the pairs are held whole.
    uncached = built(grown["content"], grown["work"] / "uncached", "COVERAGE_CACHE=false")
    assert not (grown["work"] / "uncached-cache" / "coverage").exists()
    assert differences(grown["site"], uncached) == []


def test_adding_an_article_builds_only_that_article_afresh(grown):
    cache = grown["second"]["cache"]
    assert "article 4 cached / 1 new" in cache
    assert "sentences 4 cached / 1 new" in cache
    assert "words 4 cached / 1 new" in cache


def test_the_first_build_has_nothing_cached(grown):
    assert "article 0 cached / 4 new" in grown["first"]["cache"]


def test_every_stage_is_timed(grown):
    names = [stage["name"] for stage in grown["second"]["stages"]]
    for stage in ("read and normalise", "claims", "quotes and figures", "reuse", "write pages"):
        assert stage in names
    assert "search index" in names
    assert all(stage["seconds"] >= 0 for stage in grown["second"]["stages"])


def test_a_rebuild_of_the_same_content_rewrites_no_page(tmp_path):
    site = built(CONTENT, tmp_path / "site")
    page = site / "index.html"
    before = page.stat()
    built(CONTENT, site)
    after = page.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    again = report(site)
    # Not even the search index: every part of it is kept as published.
    assert again["files_changed"] == 0
    assert again["search_parts_indexed"] == 0 < again["search_parts"]
    assert "article 5 cached / 0 new" in again["cache"]
    assert "html 5 cached / 0 new" in again["cache"]


def test_an_editors_note_edit_converts_only_the_post_it_is_on(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = built(content, tmp_path / "site")
    notes = content / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    said = "El Salvador is in Central America, not South America."
    assert text.count(said) == 1
    notes.write_text(text.replace(said, "El Salvador lies in Central America."), encoding="utf-8")
    built(content, site)
    # The note is printed inside the article's text, so that one post is converted again.
    assert "html 4 cached / 1 new" in report(site)["cache"]
    page = next(p for p in article_pages(site) if shows(p, LEFT_OUT))
    assert "El Salvador lies in Central America." in page.read_text(encoding="utf-8")
    assert differences(site, built(content, tmp_path / "clean")) == []


def test_a_sidecar_edit_rebuilds_to_the_clean_builds_bytes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = built(content, tmp_path / "site")
    before = page_keys(site)
    sidecar = content / f"{LEFT_OUT}.yaml"
    sidecar.write_bytes(sidecar.read_bytes() + b"notes: checked against the archived page\n")
    built(content, site)
    assert "article 4 cached / 1 new" in report(site)["cache"]
    after = page_keys(site)
    kept = {name for name, key in after.items() if before.get(name) == key}
    assert report(site)["pages_reused"] == len(kept) > 0
    # Rendered again: the pages that show the edited article (its own, its pairs') or link
    # to it (the quotes it has a version of, its outlet's), which are keyed by the digests of
    # their articles, and the claim pages of its story, keyed by the story's articles (every
    # seed claim is on the one story). No feed prints an article's notes, nor does the
    # matrix or the sitemap: they are published as they were. Of the evidence, the
    # article's post is new (it carries the sidecar's fields), its raw file is not.
    feeds, evidence = feed_files(site), evidence_files(site)
    linking = [p for p in quote_pages(site) + outlet_pages(site) if links_to(p, LEFT_OUT)]
    assert len(linking) > 1 and any(shows(f, LEFT_OUT) for f in feeds)
    shown = [p for p in keyed_pages(site) if p not in feeds + evidence and shows(p, LEFT_OUT)]
    [post] = [p for p in evidence if p.parent.name == "posts" and LEFT_OUT in p.read_text()]
    rendered = {str(p.relative_to(site)) for p in shown + linking + claim_pages(site) + [post]}
    assert set(after) - kept == rendered
    assert differences(site, built(content, tmp_path / "clean")) == []


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(tmp_path):
    site = built(CONTENT, tmp_path / "site")
    cache = tmp_path / "site-cache" / "coverage" / "article"
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    built(CONTENT, site)
    assert "article 0 cached / 5 new" in report(site)["cache"]
    assert differences(site, built(CONTENT, tmp_path / "clean")) == []


def test_two_clean_builds_are_byte_identical(tmp_path):
    first = built(CONTENT, tmp_path / "one", PYTHONHASHSEED="1", SOURCE_DATE_EPOCH="0")
    second = built(CONTENT, tmp_path / "two", PYTHONHASHSEED="2", SOURCE_DATE_EPOCH="1738540800")
    assert differences(first, second) == []
    # And nothing of the build machine's clock leaks into a page.
    today = date.today().isoformat()
    assert not [name for name, data in files(first).items() if today.encode() in data]


def pair_pages(site: Path) -> list[Path]:
    return sorted((site / "reuse").glob("*.html"))


def article_pages(site: Path) -> list[Path]:
    return sorted((site / "articles").glob("*.html"))


def shows(page: Path, raw: str) -> bool:
    """Whether the page shows the raw file: its pair page, its article page, or a feed with
    an entry for it (an entry links to the article's page, named for its headline)."""
    text = page.read_text(encoding="utf-8")
    if page.name.endswith(".atom.xml"):
        site = next(p for p in page.parents if (p / "articles").is_dir())
        article = next(a for a in article_pages(site) if shows(a, raw))
        return f"/articles/{article.name}" in text
    return raw in page.name or f"<code>{raw}.txt</code>" in text


def links_to(page: Path, raw: str) -> bool:
    """Whether a quote's or an outlet's page links to the raw file's article page (named
    for its headline): it has a version from it, or lists it."""
    site = page.parent.parent
    article = next(a for a in article_pages(site) if shows(a, raw))
    return f"/articles/{article.name}" in page.read_text(encoding="utf-8")


def claim_pages(site: Path) -> list[Path]:
    return sorted((site / "claims").glob("*.html"))


def quote_pages(site: Path) -> list[Path]:
    return sorted((site / "quotes").glob("*.html"))


def outlet_pages(site: Path) -> list[Path]:
    return sorted((site / "outlets").glob("*.html"))


def feed_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.atom.xml"))


def evidence_files(site: Path) -> list[Path]:
    """Each article's raw file and normalised post, published beside the pages."""
    return sorted((site / "raw").iterdir()) + sorted((site / "posts").iterdir())


def matrix_pages(site: Path) -> list[Path]:
    """The pages of the claim matrix, in both orders."""
    return sorted(
        p for p in site.glob("claims*.html") if re.fullmatch(r"claims(-by-time)?\d*\.html", p.name)
    )


def keyed_pages(site: Path) -> list[Path]:
    """The pages, feeds and sitemap the build publishes as they were when nothing they show
    changed."""
    keyed = pair_pages(site) + article_pages(site) + claim_pages(site) + quote_pages(site)
    keyed += outlet_pages(site) + feed_files(site) + evidence_files(site)
    return [*keyed, *matrix_pages(site), site / "sitemap.xml"]


def test_pair_pages_of_unchanged_articles_are_published_as_they_were(grown):
    untouched = [p for p in pair_pages(grown["site"]) if LEFT_OUT not in p.name]
    assert untouched, "the four seeds share text: their pairs have pages"
    # So are the feeds without an entry for the added article (other outlets, other claims).
    feeds = [p for p in feed_files(grown["site"]) if not shows(p, LEFT_OUT)]
    assert feeds and len(feeds) < len(feed_files(grown["site"]))
    # And the quotes' pages the added article does not quote in (the fifth seed is quoted
    # in every group with a page; test_quote_pages_… adds one that quotes no one).
    quotes = [p for p in quote_pages(grown["site"]) if not links_to(p, LEFT_OUT)]
    # And the other four articles' raw files and posts.
    evidence = [
        p for p in evidence_files(grown["site"]) if LEFT_OUT not in f"{p.name} {p.read_text()}"
    ]
    assert len(evidence) == 8
    reused = len(untouched) + len(feeds) + len(quotes) + len(evidence)
    assert grown["second"]["pages_reused"] == reused
    assert grown["first"]["pages_reused"] == 0


def claims_on(site: Path, name: str) -> tuple[list[dict], list[dict]]:
    """Every claim in the site's claims.json, and those the article `name` carries or omits."""
    claims = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))["claims"]
    on_it = [
        c
        for c in claims
        if any(name in a["article"] for a in c["appearances"])
        or any(name in other for other in c["omitted_by"])
    ]
    return claims, on_it


def test_records_the_added_article_leaves_alone_are_copied_from_the_last_files(grown):
    """reuse.json and reuse.csv: only the pairs the added article is in are encoded;
    claims.json and claims.csv: only the claims it carries or omits (in the seeds, all)."""
    data = grown["site"] / "data"
    pairs = json.loads((data / "reuse.json").read_text(encoding="utf-8"))["pairs"]
    new = [p for p in pairs if LEFT_OUT in p["a"] + p["b"]]
    assert new and len(new) < len(pairs)
    claims, on_it = claims_on(grown["site"], LEFT_OUT)
    # Each pair and each claim has a record in a JSON and in a CSV file.
    assert grown["second"]["records_made"] == 2 * (len(new) + len(on_it))
    assert grown["second"]["records_copied"] == 2 * (
        len(pairs) - len(new) + len(claims) - len(on_it)
    )
    assert grown["first"]["records_copied"] == 0


def test_a_template_edit_renders_every_pair_page_again(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    site = built(CONTENT, tmp_path / "site", f'THEME="{theme}"')
    template = theme / "templates" / "reuse_pair.html"
    template.write_text(template.read_text().replace("Which came first:", "Which was first:"))
    built(CONTENT, site, f'THEME="{theme}"')
    assert report(site)["pages_reused"] == 0
    assert all("Which was first:" in p.read_text() for p in pair_pages(site))


def test_a_published_pair_page_edited_by_hand_is_rendered_again(tmp_path):
    site = built(CONTENT, tmp_path / "site")
    damaged = pair_pages(site)[0]
    damaged.write_text("<p>edited on the server</p>")
    built(CONTENT, site)
    assert report(site)["pages_reused"] == len(keyed_pages(site)) - 1
    assert differences(site, built(CONTENT, tmp_path / "clean")) == []


def test_a_minified_site_reuses_its_pages_and_still_equals_a_clean_build(tmp_path):
    site = built(CONTENT, tmp_path / "site", "COVERAGE_MINIFY=true")
    built(CONTENT, site, "COVERAGE_MINIFY=true")
    assert report(site)["pages_reused"] == len(keyed_pages(site)) > len(pair_pages(site))
    assert differences(site, built(CONTENT, tmp_path / "clean", "COVERAGE_MINIFY=true")) == []


def test_keyed_pages_see_only_the_settings_and_their_own_entries(tmp_path):
    """What a page's key digests is all its template can read; the site's views are not."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    names = ("claims_of", "claim_views", "articles", "jsonld", "outlet_claims", "SITENAME")
    probe = "{{ (" + ", ".join(f"{n} is defined" for n in names) + ") | join(',') }}"
    for template in ("article.html", "claim.html", "quote.html", "outlet.html"):
        path = theme / "templates" / template
        text = path.read_text()
        path.write_text(
            text.replace("{% block content %}", "{% block content %}<p id=probe>" + probe + "</p>")
        )
    site = built(CONTENT, tmp_path / "site", f'THEME="{theme}"')
    pages = article_pages(site) + claim_pages(site) + quote_pages(site) + outlet_pages(site)
    seen = {p.read_text().split("<p id=probe>")[1].split("<")[0] for p in pages}
    assert seen == {"False,False,False,False,False,True"}


def test_pelicans_articles_hold_no_html_and_the_page_prints_it_whole(tmp_path):
    # Pelican keeps every article to the end of the build; the page reads the HTML back.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / "article.html"
    path.write_text(
        path.read_text().replace(
            "{% block content %}",
            "{% block content %}<p id=probe>{{ article.content|length }}</p>",
        )
    )
    site = built(CONTENT, tmp_path / "site", f'THEME="{theme}"')
    linked = 0
    for page in article_pages(site):
        html = page.read_text()
        assert html.split("<p id=probe>")[1].split("<")[0] == "0"
        body = BeautifulSoup(html, "html.parser").select_one(".article-body")
        assert body.select("p[id^=p]")
        # Its claim links are rooted as the page is saved, so each reaches its claim's page.
        for link in body.select("a[href]"):
            target = link["href"].split("#")[0]
            if target and "://" not in target:
                assert (page.parent / target).resolve().is_file(), link["href"]
                linked += 1
    assert linked > 10


def add_ferry_notice(content: Path) -> None:
    """An article that makes no claim of the archive's and quotes no one, from an outlet
    already in it."""
    (content / "005_ferry.txt").write_text(
        "Ferry terminal to close\n\nThe harbour board said the old ferry terminal will close"
        " for twelve weeks of repairs to its pier.\n",
        encoding="utf-8",
    )
    outlet = (content / f"{LEFT_OUT}.yaml").read_text(encoding="utf-8").splitlines()[0]
    (content / "005_ferry.yaml").write_text(f"{outlet}\n", encoding="utf-8")


def page_keys(site: Path) -> dict[str, str]:
    """Each page's key as the build recorded it (page_cache.py), by its path in the site."""
    record = site.parent / f"{site.name}-cache" / "coverage-pages.json"
    return {name: kept[0] for name, kept in json.loads(record.read_text())["pages"].items()}


def test_quote_and_outlet_pages_that_did_not_change_are_published_as_they_were(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = built(content, tmp_path / "site")
    before = page_keys(site)
    add_ferry_notice(content)
    built(content, site)
    after = page_keys(site)
    # A page whose key did not change is published as it was, not rendered.
    kept = {name for name, key in after.items() if before.get(name) == key}
    assert report(site)["pages_reused"] == len(kept)
    # Each quote page is keyed by its group and its versions' articles, which the notice
    # does not change; an outlet page by what it lists, so only the notice's outlet is new.
    quotes = {f"quotes/{p.name}" for p in quote_pages(site)}
    outlets = {f"outlets/{p.name}" for p in outlet_pages(site)}
    assert quotes and quotes <= kept
    listing = {o for o in outlets if links_to(site / o, "005_ferry")}
    assert len(listing) == 1 and outlets - kept == listing
    # The claims it neither carries nor omits keep their records in the data files.
    claims, on_it = claims_on(site, "005_ferry")
    assert len(on_it) < len(claims)
    assert report(site)["records_made"] == 2 * len(on_it)
    assert differences(site, built(content, tmp_path / "clean")) == []


def rows_of(page: Path) -> int:
    """How many claims' rows a page of the claim matrix shows."""
    return page.read_text(encoding="utf-8").count('<th scope="row">')


def test_a_template_edit_renders_every_matrix_row_again(tmp_path):
    """Rows of the claim matrix come from the cache only for the theme they were made with."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    split = 'PAGINATED_TEMPLATES={"claims": 4}'
    site = built(CONTENT, tmp_path / "site", f'THEME="{theme}"', split)
    template = theme / "templates" / "claims.html"
    text = template.read_text(encoding="utf-8")
    old, new = 'data-label="Outlets">', 'data-label="Outlets carrying it">'
    assert text.count(old) == 1
    template.write_text(text.replace(old, new), encoding="utf-8")
    built(CONTENT, site, f'THEME="{theme}"', split)
    claims = len(json.loads((site / "data" / "claims.json").read_text())["claims"])
    assert f"matrix_row {claims} cached / {claims} new" in report(site)["cache"]
    pages = matrix_pages(site)
    rows = sum(rows_of(p) for p in pages)
    assert rows == 2 * claims
    assert sum(p.read_text(encoding="utf-8").count(new) for p in pages) == rows


def test_matrix_pages_whose_claims_did_not_change_are_published_as_they_were(tmp_path):
    """An article that makes no claim of the archive's, from an outlet already in it, changes
    no row of the matrix: only its first page, which counts the unmatched sentences, is new."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    split = 'PAGINATED_TEMPLATES={"claims": 4}'
    site = built(content, tmp_path / "site", split)
    pages = matrix_pages(site)
    assert {"claims.html", "claims2.html", "claims-by-time2.html"} <= {p.name for p in pages}
    # Each claim's row is rendered once and taken from the cache for its other order's page.
    claims = len(json.loads((site / "data" / "claims.json").read_text())["claims"])
    assert f"matrix_row {claims} cached / {claims} new" in report(site)["cache"]
    before = {p.name: p.stat().st_ino for p in pages}
    add_ferry_notice(content)
    built(content, site, split)
    kept = {p.name for p in matrix_pages(site) if before.get(p.name) == p.stat().st_ino}
    assert kept == set(before) - {"claims.html", "claims-by-time.html"}
    # The two first pages are rendered again, their unchanged rows taken from the cache.
    rows = sum(rows_of(site / name) for name in ("claims.html", "claims-by-time.html"))
    assert f"matrix_row {rows} cached / 0 new" in report(site)["cache"]
    # The rows of the pages published as they were are not read, and stay cached for the
    # build that renders those pages again (a claim added anywhere changes their count).
    cached = tmp_path / "site-cache" / "coverage" / "matrix_row"
    assert len(list(cached.rglob("*.pickle"))) == claims
    # Each page is keyed by its own rows, not rendered and compared.
    keyed = json.loads((tmp_path / "site-cache" / "coverage-pages.json").read_text())["pages"]
    assert set(before) <= set(keyed)
    assert report(site)["pages_reused"] >= len(kept)
    first = (site / "claims.html").read_text(encoding="utf-8")
    assert "see <a" in first and "claim-like sentence" in first
    # Later pages say where the unmatched sentences are without counting them.
    assert "Claim-like sentences that appear in one article only" in (
        site / "claims2.html"
    ).read_text(encoding="utf-8")
    assert differences(site, built(content, tmp_path / "clean", split)) == []


def test_a_matrix_on_one_page_published_as_it_was_keeps_its_rows_cached(tmp_path):
    whole = "PAGINATED_TEMPLATES={}"
    site = built(CONTENT, tmp_path / "site", whole)
    page = site / "claims.html"
    before = page.stat().st_ino
    built(CONTENT, site, whole)
    assert page.stat().st_ino == before
    # No row was read or made, and none was let go.
    assert "matrix_row" not in report(site)["cache"]
    claims = len(json.loads((site / "data" / "claims.json").read_text())["claims"])
    cached = tmp_path / "site-cache" / "coverage" / "matrix_row"
    assert len(list(cached.rglob("*.pickle"))) == claims


def _parts(site: Path) -> dict[int, dict[str, int]]:
    """Each part of the search index: its pages and their inodes, as the site lists them."""
    shapes = search_index.page_shapes(["articles/*.html", "claims/*.html", "quotes/*.html",
                                       "outlets/*.html"])  # fmt: skip
    listed = json.loads((site / "pagefind" / "parts.json").read_text())["parts"]
    names = search_index.searched_pages(site, shapes)
    parts = search_index.split(names, 4)
    assert [f"{part.number}/" for part in parts] == listed
    return {part.number: {n: (site / n).stat().st_ino for n in part.pages} for part in parts}


def _copies(cache: Path, site: Path, parts: dict[int, dict[str, int]]) -> dict[str, int]:
    """Each searched page's cut copy (its inode), which must be all the copies kept."""
    folder = cache / "coverage-search-pages"
    named = {
        n: slim_pages._named(search_index.identity(site / n)) for p in parts.values() for n in p
    }
    assert sorted(os.listdir(folder)) == sorted(named.values())
    return {n: (folder / copy).stat().st_ino for n, copy in named.items()}


def test_an_edit_indexes_again_only_the_parts_holding_a_page_it_changed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = built(content, tmp_path / "site", "COVERAGE_SEARCH_PART_PAGES=4")
    before = _parts(site)
    entry = {n: (site / "pagefind" / str(n) / "pagefind-entry.json").stat().st_ino for n in before}
    copied = _copies(tmp_path / "site-cache", site, before)
    notes = content / "notes.yaml"
    said = "El Salvador is in Central America, not South America."
    notes.write_text(notes.read_text().replace(said, "El Salvador lies in Central America."))
    built(content, site, "COVERAGE_SEARCH_PART_PAGES=4")
    after = _parts(site)
    changed = {n for n in after if after[n] != before.get(n)}
    assert 0 < len(changed) < len(after)
    for number in after:
        bundle = site / "pagefind" / str(number)
        rebuilt = (bundle / "pagefind-entry.json").stat().st_ino != entry[number]
        assert rebuilt == (number in changed), number
        # Each part indexes all of its pages, kept or rebuilt.
        entry_json = json.loads((bundle / "pagefind-entry.json").read_text())
        assert sum(x["page_count"] for x in entry_json["languages"].values()) == len(after[number])
    again = report(site)
    assert again["search_parts_indexed"] == len(changed)
    assert again["search_parts"] == len(after)
    # Pagefind read cut copies of the pages (slim_pages.py): one kept per searched page, and
    # only a page written again was cut again.
    now = _copies(tmp_path / "site-cache", site, after)
    pages = [(n, page) for part in after.values() for n, page in part.items()]
    unchanged = [n for n, page in pages if any(before[p].get(n) == page for p in before)]
    assert 0 < len(unchanged) < len(pages)
    for name, _ in pages:
        assert (now[name] == copied.get(name)) == (name in unchanged), name
