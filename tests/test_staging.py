"""Publishing the staged site: unchanged files keep the published copy."""

from __future__ import annotations

from coverage.staging import keep_unchanged, swap


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


def test_the_first_build_has_nothing_to_keep(tmp_path):
    site = tmp_path / "out.building"
    site.mkdir()
    (site / "index.html").write_text("hello")
    kept = keep_unchanged(site, tmp_path / "out")
    assert (kept.unchanged, kept.changed) == (0, 1)
    swap(site, tmp_path / "out")
    assert (tmp_path / "out" / "index.html").read_text() == "hello"
