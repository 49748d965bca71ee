"""Data files written again: a keyed record is copied from the last file only when in no doubt."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from coverage.export import Keyed, text_of
from coverage.record_cache import RecordCache, Written


def pieces(records: dict[str, str], made: list[str] | None = None) -> list:
    """A small file: a header, then one keyed record per line, noting which were made."""

    def make(key: str) -> str:
        if made is not None:
            made.append(key)
        return records[key]

    return ["head\n", *(Keyed(key, lambda key=key: make(key)) for key in records), "tail\n"]


RECORDS = {"ab": "pair a–b\n", "ac": "pair a–c, «quoted»\n", "bc": "pair b–c\n"}


def written(cache: RecordCache, folder: Path, records: dict[str, str], name: str = "f.csv"):
    """Write the file as a build does, into a fresh output folder; its text and what was made."""
    folder.mkdir(parents=True)
    made: list[str] = []
    result = cache.write(name, folder / name, pieces(records, made))
    return (folder / name).read_text(encoding="utf-8"), made, result


def test_a_file_written_again_copies_every_unchanged_record(tmp_path):
    cache = RecordCache(tmp_path / "cache", "v1")
    first, made, result = written(cache, tmp_path / "one", RECORDS)
    assert first == text_of(pieces(RECORDS)) and made == list(RECORDS)
    assert result == Written(copied=0, made=3)
    again, made, result = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS)
    assert again == first and made == []
    assert result == Written(copied=3, made=0)


def test_only_the_new_records_are_made_wherever_they_fall(tmp_path):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    grown = {"ab": RECORDS["ab"], "aa": "a new pair\n", "ac": RECORDS["ac"], "bc": RECORDS["bc"]}
    text, made, result = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", grown)
    assert text == text_of(pieces(grown))
    assert made == ["aa"] and result == Written(copied=3, made=1)
    # The file just written is the one kept: the third build copies the new record too.
    _, made, _ = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "three", grown)
    assert made == []


def test_records_kept_by_other_export_code_are_made_again(tmp_path):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    _, made, _ = written(RecordCache(tmp_path / "cache", "v2"), tmp_path / "two", RECORDS)
    assert made == list(RECORDS)


def test_a_kept_file_changed_since_is_not_trusted(tmp_path):
    cache = RecordCache(tmp_path / "cache", "v1")
    written(cache, tmp_path / "one", RECORDS)
    # The kept file is the published file (a link): an edit in place reaches both.
    published = tmp_path / "one" / "f.csv"
    published.write_text(published.read_text().replace("pair", "paire"))
    text, made, _ = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS)
    assert made == list(RECORDS) and text == text_of(pieces(RECORDS))


def test_the_kept_file_outlives_the_published_one(tmp_path):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    (tmp_path / "one" / "f.csv").unlink()
    text, made, _ = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS)
    assert made == [] and text == text_of(pieces(RECORDS))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not a pickle",
        pickle.dumps({"format": 1}),
        pickle.dumps(["format", 1]),
        pickle.dumps({"format": 1, "version": "v1", "file": [1], "records": 3}),
    ],
)
def test_an_unreadable_index_means_every_record_is_made(tmp_path, damage):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    (tmp_path / "cache" / "f.csv.index").write_bytes(damage)
    text, made, _ = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS)
    assert made == list(RECORDS) and text == text_of(pieces(RECORDS))


def test_each_file_keeps_its_own_records(tmp_path):
    cache = RecordCache(tmp_path / "cache", "v1")
    written(cache, tmp_path / "one", RECORDS, "a.json")
    _, made, _ = written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS, "b.json")
    assert made == list(RECORDS)


def test_a_cache_turned_off_keeps_nothing_and_makes_every_record(tmp_path):
    off = RecordCache(tmp_path / "cache", "v1", enabled=False)
    written(off, tmp_path / "one", RECORDS)
    assert not (tmp_path / "cache").exists()
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "two", RECORDS)
    _, made, _ = written(off, tmp_path / "three", RECORDS)
    assert made == list(RECORDS)


def test_counts_add_up_over_the_files_of_a_build(tmp_path):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    cache = RecordCache(tmp_path / "cache", "v1")
    written(cache, tmp_path / "two", RECORDS)
    written(cache, tmp_path / "three", {"zz": "new\n"}, "g.csv")
    assert (cache.copied, cache.made) == (3, 1)


def test_the_kept_file_is_a_link_to_the_written_one_where_links_work(tmp_path):
    written(RecordCache(tmp_path / "cache", "v1"), tmp_path / "one", RECORDS)
    assert os.path.samefile(tmp_path / "one" / "f.csv", tmp_path / "cache" / "f.csv")
