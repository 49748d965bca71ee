"""The copies of the searched pages that Pagefind reads: its skipped elements cut out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from coverage import minify, search_index, slim_pages
from coverage.slim_pages import Copies, slim

PAGE = (
    b'<!DOCTYPE html><html lang="en"><body><main data-pagefind-body>'
    b"<h1>Bukele offers CECOT</h1>"
    b'<section class="claims" data-pagefind-ignore><h2>Claims</h2>'
    b"<section><p>nested</p></section><ul><li>listed</li></ul></section>"
    b"<p>The article's own words.</p>"
    b'<div\ndata-pagefind-ignore="all"><div>also cut</div></div>'
    b"</main></body></html>"
)


def test_the_ignored_elements_are_cut_and_every_other_byte_is_kept():
    assert slim(PAGE) == (
        b'<!DOCTYPE html><html lang="en"><body><main data-pagefind-body>'
        b"<h1>Bukele offers CECOT</h1>"
        b"<p>The article's own words.</p>"
        b"</main></body></html>"
    )


def test_a_page_without_ignored_elements_is_given_back_as_it_is():
    page = b"<main data-pagefind-body><h1>Rubio</h1><p>data-pagefind-ignore</p></main>"
    assert slim(page) is page


def test_the_mark_in_text_or_in_an_attributes_value_cuts_nothing():
    page = (
        b'<main data-pagefind-body><p title="x data-pagefind-ignore-me">'
        b"Text about data-pagefind-ignore attributes</p></main>"
    )
    assert slim(page) == page


def test_an_element_whose_end_a_page_may_leave_out_is_left_for_pagefind_to_skip():
    # Minified pages drop optional end tags: where this <li> ends is the parser's business.
    page = b"<main><ul><li data-pagefind-ignore>Shares 40 %<li>Next</ul></main>"
    assert slim(page) == page
    void = b'<main><img data-pagefind-ignore src="x.png"><p>kept</p></main>'
    assert slim(void) == void


def test_a_paragraph_is_cut_only_where_its_end_tag_ends_it():
    line = b'<p class=shares data-pagefind-ignore>Shares <a href="x">40 %</a> with <b>Y</b></p>'
    assert slim(b"<main>" + line + b"<p>kept</p></main>") == b"<main><p>kept</p></main>"
    # Left open (minified), it ends at the next block: the next `</p>` is another's.
    for opened in (
        b"<main><p data-pagefind-ignore>Shares 40 %<h2>Next</h2><p>kept</p></main>",
        b"<section><p data-pagefind-ignore>Shares 40 %</section><p>kept</p>",
        b"<main><p data-pagefind-ignore>Shares 40 %</main>",
    ):
        assert slim(opened) == opened


def test_an_element_that_never_ends_is_left_whole():
    page = b"<main><section data-pagefind-ignore><p>cut off</p></main>"
    assert slim(page) == page


def test_an_ignored_element_holding_a_filter_or_meta_is_left_whole():
    # Pagefind reads those even inside an element it skips.
    for read in (b"data-pagefind-filter", b"data-pagefind-meta", b"data-pagefind-sort"):
        page = (
            b"<main><section data-pagefind-ignore><span " + read + b'="x">y</span></section></main>'
        )
        assert slim(page) == page


def test_sections_of_a_real_article_page_are_cut_minified_or_not(seed_build):
    name = next(p for p in sorted((seed_build.output / "articles").glob("*.html")))
    page = name.read_bytes()
    for html in (page, minify.html(page.decode("utf-8")).encode("utf-8")):
        cut = slim(html)
        marked = re.findall(rb"<(\w+)[^<>]*\sdata-pagefind-ignore", html)
        assert marked.count(b"section") > 1
        # Not one ignored element is left, minified pages' open paragraphs aside.
        left = re.findall(rb"<(\w+)[^<>]*\sdata-pagefind-ignore", cut)
        assert left == [] if html is page else set(left) <= {b"p"}
        assert cut.count(b"<section") == html.count(b"<section") - marked.count(b"section")
        assert b"data-pagefind-body" in cut and b"data-pagefind-filter" in cut


def _index(tree: Path, bundle: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(tree), "--output-path", str(bundle),
         *search_index._OPTIONS],
        check=True, capture_output=True,
    )  # fmt: skip
    # Pagefind does not fix the order of its filter files (upstream issue #638), which the
    # meta file and the entry name by hash: the words and fragments must be the same.
    return {
        str(p.relative_to(bundle)): p.read_bytes()
        for p in bundle.rglob("*")
        if p.is_file() and p.parent.name in ("fragment", "index")
    }


def test_pagefind_makes_the_same_index_from_the_cut_copies_as_from_the_pages(seed_build, tmp_path):
    site = seed_build.output
    shapes = ["articles/*.html", "claims/*.html", "quotes/*.html", "outlets/*.html"]
    names = search_index.searched_pages(site, shapes)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    for name in names:
        for tree, data in (
            (whole, (site / name).read_bytes()),
            (cut, slim((site / name).read_bytes())),
        ):
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_bytes(data)
    assert sum(f.stat().st_size for f in cut.rglob("*.html")) < 0.7 * sum(
        f.stat().st_size for f in whole.rglob("*.html")
    )
    from_whole = _index(whole, tmp_path / "whole-index")
    assert len(from_whole) > 20
    assert _index(cut, tmp_path / "cut-index") == from_whole


def test_a_copy_is_cut_once_per_page_file_and_again_when_the_file_changes(tmp_path, monkeypatch):
    cuts = []
    monkeypatch.setattr(slim_pages, "slim", lambda html: cuts.append(html) or html.upper())
    page = tmp_path / "site" / "a.html"
    page.parent.mkdir()
    page.write_bytes(b"<p>one</p>")
    copies = Copies(tmp_path / "copies")
    first = copies.of(page, search_index.identity(page))
    assert first.read_bytes() == b"<P>ONE</P>"
    assert copies.of(page, search_index.identity(page)) == first
    assert cuts == [b"<p>one</p>"]
    os.unlink(page)  # a page written again is a new file
    page.write_bytes(b"<p>two!</p>")
    second = copies.of(page, search_index.identity(page))
    assert second != first and second.read_bytes() == b"<P>TWO!</P>"
    assert copies.keep_only([search_index.identity(page)]) == 1
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == [second.name]


def test_a_copy_is_named_by_this_modules_code_too(tmp_path, monkeypatch):
    page = tmp_path / "a.html"
    page.write_bytes(b"<p>one</p>")
    before = Copies(tmp_path / "copies").of(page, search_index.identity(page))
    monkeypatch.setattr(slim_pages, "VERSION", "changed")
    after = Copies(tmp_path / "copies").of(page, search_index.identity(page))
    assert after != before
    part = search_index.Part(0, ("a.html",))
    files = {"a.html": search_index.identity(page)}
    changed = search_index.fingerprint(part, files)
    monkeypatch.setattr(slim_pages, "VERSION", "again")
    assert search_index.fingerprint(part, files) != changed


def test_with_nowhere_to_keep_them_the_copies_are_cut_for_the_run_and_go_with_it(tmp_path):
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "articles" / "a.html").write_bytes(PAGE)
    search_index.start(site, [search_index.Part(0, ("articles/a.html",))]).wait()
    assert (site / "pagefind" / "0" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (site / "articles" / "a.html").read_bytes() == PAGE
