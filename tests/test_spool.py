"""Rows written down as they come and read back in order."""

from __future__ import annotations

from coverage.spool import Spool


def test_rows_come_back_in_order_whatever_they_hold(tmp_path):
    spool = Spool(tmp_path / "cache")
    rows = [["index.html", None], ['raw/a\tb\n"c".txt', "2025-02-03"], ["é", 3]]
    for row in rows:
        spool.add(*row)
    assert list(spool) == rows
    # Read twice (a key, then the file it keys), and added to after a read.
    assert list(spool) == rows
    spool.add("last", None)
    assert list(spool) == [*rows, ["last", None]]
    half = iter(spool)
    assert next(half) == rows[0]
    half.close()
    spool.add("after a read left half-way", None)
    assert list(spool)[-2:] == [["last", None], ["after a read left half-way", None]]
    spool.close()


def test_the_file_is_unnamed_and_made_only_for_a_first_row(tmp_path):
    folder = tmp_path / "cache"
    spool = Spool(folder)
    assert list(spool) == []
    assert not folder.exists()
    spool.add("a", 1)
    assert folder.is_dir() and list(folder.iterdir()) == []
    spool.close()
    assert list(spool) == []
