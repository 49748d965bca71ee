"""Publishing the staged site: unchanged files keep the published copy."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from coverage.staging import BuildBusy, hold, keep_unchanged, minify_all, no_room, swap


def test_unchanged_files_keep_their_inode_and_changed_ones_are_new(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    for folder in (site, published):
        (folder / "a").mkdir(parents=True)
    (published / "a" / "same.html").write_text("same")
    (published / "a" / "edited.html").write_text("before")
    (published / "gone.html").write_text("removed from the site")
    (site / "a" / "same.html").write_text("same")
    (site / "a" / "edited.html").write_text("after!")
    (site / "new.html").write_text("new")
    inode = (published / "a" / "same.html").stat().st_ino
    kept = keep_unchanged(site, published)
    assert (kept.unchanged, kept.changed, kept.bytes_changed) == (1, 2, len("after!new"))
    swap(site, published)
    assert (published / "a" / "same.html").stat().st_ino == inode
    assert (published / "a" / "edited.html").read_text() == "after!"
    assert not (published / "gone.html").exists()
    assert not site.exists()
    assert not (tmp_path / "out.previous").exists()


def test_what_runs_meanwhile_sees_the_new_site_published_and_the_old_one_goes(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    for folder, text in ((site, "new"), (published, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    seen = []
    swap(site, published, meanwhile=lambda: seen.append((published / "index.html").read_text()))
    assert seen == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_old_site_is_removed_even_when_what_runs_meanwhile_fails(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    for folder in (site, published):
        folder.mkdir()

    def fails():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        swap(site, published, meanwhile=fails)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_first_build_has_nothing_to_keep(tmp_path):
    site = tmp_path / "out.building"
    site.mkdir()
    (site / "index.html").write_text("hello")
    kept = keep_unchanged(site, tmp_path / "out")
    assert (kept.unchanged, kept.changed) == (0, 1)
    swap(site, tmp_path / "out")
    assert (tmp_path / "out" / "index.html").read_text() == "hello"


def test_a_page_already_linked_from_the_published_site_counts_as_kept(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    for folder in (site, published):
        folder.mkdir()
    (published / "pair.html").write_text("reused, not rendered")
    os.link(published / "pair.html", site / "pair.html")
    kept = keep_unchanged(site, published)
    assert (kept.unchanged, kept.changed) == (1, 0)
    swap(site, published)
    assert (published / "pair.html").read_text() == "reused, not rendered"


def test_minifying_leaves_a_page_linked_from_the_published_site_alone(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    for folder in (site, published):
        folder.mkdir()
    loose = "<p>\n   spaced   out\n</p>\n"
    (published / "reused.html").write_text(loose)
    os.link(published / "reused.html", site / "reused.html")
    (site / "fresh.html").write_text(loose)
    minify_all(site)
    # Writing through the link would have changed the published site before the swap.
    assert (published / "reused.html").read_text() == loose
    assert (site / "fresh.html").read_text() != loose


def test_minifying_only_the_suffixes_asked_for(tmp_path):
    # Pages are minified before Pagefind reads them; the stylesheet, copied later, after.
    loose_page, loose_css = "<p>\n   spaced   out\n</p>\n", "a  {\n  color : red ;\n}\n"
    (tmp_path / "page.html").write_text(loose_page)
    (tmp_path / "site.css").write_text(loose_css)
    minify_all(tmp_path, suffixes=(".html",))
    assert (tmp_path / "page.html").read_text() != loose_page
    assert (tmp_path / "site.css").read_text() == loose_css
    minify_all(tmp_path, suffixes=(".css",))
    assert (tmp_path / "site.css").read_text() != loose_css


def test_a_second_hold_on_one_output_stops_with_what_to_do(tmp_path):
    output = tmp_path / "site" / "output"
    first = hold(output)
    with pytest.raises(BuildBusy) as busy:
        hold(output)
    message = str(busy.value)
    assert message.startswith(f"{output}: another build (process {os.getpid()})")
    assert "wait for it to finish" in message and "left as it was" in message
    hold(tmp_path / "site" / "other").close()  # another output is free: no BuildBusy
    first.close()
    hold(output).close()
    assert (tmp_path / "site" / "output.lock").read_text(encoding="utf-8") == f"{os.getpid()}\n"


def test_a_killed_build_lets_go_of_its_output(tmp_path):
    output = tmp_path / "output"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from coverage.staging import hold; h = hold({str(output)!r});"
            " print('held', flush=True); input()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(BuildBusy, match=f"process {holder.pid}"):
            hold(output)
    finally:
        holder.kill()
        holder.wait()
    hold(output).close()


def test_a_full_disk_removes_the_staging_folder_and_says_what_to_do(tmp_path):
    site, published = tmp_path / "out.building", tmp_path / "out"
    (site / "a").mkdir(parents=True)
    (site / "a" / "page.html").write_text("half a site")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(site / "a" / "page.html"))
    said = str(no_room(full, site))
    assert said.startswith(f"{site / 'a' / 'page.html'}: No space left on device — free some")
    assert "room for a second copy of the site" in said
    assert said.endswith("then build again; the published site was left as it was")
    assert not site.exists()
    # Once swapped in, the staging folder is the published site: it stays, and is named so.
    site.mkdir()
    site.rename(published)
    said = str(no_room(OSError(errno.EDQUOT, "Disk quota exceeded"), site))
    assert said.startswith(f"building {site}: Disk quota exceeded — free some of your disk quota")
    assert "the site was published, but not its record" in said
    assert published.exists()


def test_any_other_failed_write_is_not_taken_for_a_full_disk(tmp_path):
    site = tmp_path / "out.building"
    site.mkdir()
    assert no_room(OSError(errno.EACCES, "Permission denied"), site) is None
    assert site.exists()
