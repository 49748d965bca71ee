"""Data files written again: a keyed record is copied from the published file only when in no
doubt that the file is the one recorded."""

from __future__ import annotations

import errno
import os
import pickle
import shutil
import tracemalloc
from array import array
from pathlib import Path

import pytest

from coverage.export import Keyed, text_of
from coverage.record_cache import RecordCache, Written, spans_from

NAME = "data/f.csv"
RECORDS = {"ab": "pair a–b\n", "ac": "pair a–c, «quoted»\n", "bc": "pair b–c\n"}


def pieces(records: dict[str, str], made: list[str] | None = None) -> list:
    """A small file: a header, then one keyed record per line, noting which were made."""

    def make(key: str) -> str:
        if made is not None:
            made.append(key)
        return records[key]

    return ["head\n", *(Keyed(key, lambda key=key: make(key)) for key in records), "tail\n"]


def built(tmp_path: Path, *files: tuple[str, dict[str, str]], version="v1", enabled=True):
    """One build as the glue runs it: write into the staging folder, swap it in, save.

    Returns the cache, and for each file its published text and the keys it made.
    """
    output, staging = tmp_path / "out", tmp_path / "out.building"
    cache = RecordCache(tmp_path / "cache" / "records.pickle", output, version, enabled)
    made: dict[str, list[str]] = {}
    for name, records in files:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        made[name] = []
        cache.write(name, staging / name, pieces(records, made[name]))
    if output.exists():
        shutil.rmtree(output)
    staging.rename(output)
    cache.save()
    texts = {name: (output / name).read_text(encoding="utf-8") for name, _ in files}
    return cache, texts, made


def test_a_file_written_again_copies_every_unchanged_record(tmp_path):
    first, texts, made = built(tmp_path, (NAME, RECORDS))
    assert texts[NAME] == text_of(pieces(RECORDS)) and made[NAME] == list(RECORDS)
    assert (first.copied, first.made) == (0, 3)
    again, texts, made = built(tmp_path, (NAME, RECORDS))
    assert texts[NAME] == text_of(pieces(RECORDS)) and made[NAME] == []
    assert (again.copied, again.made) == (3, 0)


def recorded(tmp_path: Path, name: str) -> bytes:
    """The pickled spans the record holds for one file, found through its index."""
    record = (tmp_path / "cache" / "records.pickle").read_bytes()
    index = pickle.loads(record[int.from_bytes(record[-8:], "big") : -8])
    _, offset, length = index["files"][name]
    return record[offset : offset + length]


def test_the_record_points_at_each_record_s_bytes_with_one_number(tmp_path):
    # One int per record: reuse.json and reuse.csv have half a million records each.
    built(tmp_path, (NAME, RECORDS))
    spans = spans_from(pickle.loads(recorded(tmp_path, NAME)))
    published = (tmp_path / "out" / NAME).read_bytes()
    assert all(type(place) is int for place in spans.values())
    assert {
        key: published[place >> 32 : (place >> 32) + (place & 0xFFFFFFFF)].decode()
        for key, place in spans.items()
    } == RECORDS


def test_only_the_new_records_are_made_wherever_they_fall(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    grown = {"ab": RECORDS["ab"], "aa": "a new pair\n", "ac": RECORDS["ac"], "bc": RECORDS["bc"]}
    cache, texts, made = built(tmp_path, (NAME, grown))
    assert texts[NAME] == text_of(pieces(grown))
    assert made[NAME] == ["aa"] and (cache.copied, cache.made) == (3, 1)
    # What this build published is what the next one copies from.
    _, _, made = built(tmp_path, (NAME, grown))
    assert made[NAME] == []


def test_write_says_what_it_copied_and_made_for_one_file(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    cache = RecordCache(tmp_path / "cache" / "records.pickle", tmp_path / "out", "v1")
    staged = tmp_path / "elsewhere.csv"
    assert cache.write(NAME, staged, pieces({**RECORDS, "cd": "new\n"})) == Written(3, 1)


def test_records_published_by_other_plugin_code_are_made_again(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    _, _, made = built(tmp_path, (NAME, RECORDS), version="v2")
    assert made[NAME] == list(RECORDS)


def test_a_published_file_edited_since_is_not_trusted(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    published = tmp_path / "out" / NAME
    published.write_text(published.read_text().replace("pair", "paire"))
    _, texts, made = built(tmp_path, (NAME, RECORDS))
    assert made[NAME] == list(RECORDS) and texts[NAME] == text_of(pieces(RECORDS))


def test_a_published_file_removed_since_means_its_records_are_made(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    (tmp_path / "out" / NAME).unlink()
    _, texts, made = built(tmp_path, (NAME, RECORDS))
    assert made[NAME] == list(RECORDS) and texts[NAME] == text_of(pieces(RECORDS))


def test_a_record_made_for_another_output_folder_is_ignored(tmp_path):
    built(tmp_path / "a", (NAME, RECORDS))
    shutil.copytree(tmp_path / "a" / "out", tmp_path / "b" / "out")
    (tmp_path / "b" / "cache").mkdir(parents=True)
    shutil.copy(tmp_path / "a" / "cache" / "records.pickle", tmp_path / "b" / "cache")
    _, _, made = built(tmp_path / "b", (NAME, RECORDS))
    assert made[NAME] == list(RECORDS)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not a pickle",
        pickle.dumps({"format": 2}),
        pickle.dumps(["format", 2]),
    ],
)
def test_an_unreadable_record_means_every_record_is_made(tmp_path, damage):
    built(tmp_path, (NAME, RECORDS))
    (tmp_path / "cache" / "records.pickle").write_bytes(damage)
    _, texts, made = built(tmp_path, (NAME, RECORDS))
    assert made[NAME] == list(RECORDS) and texts[NAME] == text_of(pieces(RECORDS))


def test_each_file_is_copied_from_its_own_published_file(tmp_path):
    built(tmp_path, (NAME, RECORDS), ("data/g.json", {"zz": "another\n"}))
    moved = {"zz": "another\n", **RECORDS}  # the same keys, in a file that did not hold them
    cache, texts, made = built(tmp_path, ("data/g.json", moved))
    assert made["data/g.json"] == list(RECORDS) and texts["data/g.json"] == text_of(pieces(moved))
    assert (cache.copied, cache.made) == (1, 3)


def test_a_file_lets_go_of_its_last_spans_once_written(tmp_path):
    # reuse.json and reuse.csv hold 509,765 records each at 10,000 articles: the spans of the
    # one written are dropped before the next is written, the other's kept until then.
    built(tmp_path, (NAME, RECORDS), ("data/g.json", {"zz": "another\n"}))
    output, staging = tmp_path / "out", tmp_path / "out.building"
    cache = RecordCache(tmp_path / "cache" / "records.pickle", output, "v1")
    (staging / "data").mkdir(parents=True)
    assert cache.write(NAME, staging / NAME, pieces(RECORDS)) == Written(3, 0)
    assert list(cache._last) == ["data/g.json"]


def test_a_written_file_s_spans_wait_on_disk_not_in_memory_until_saved(tmp_path):
    # reuse.json's spans took 32 MB at 10,000 articles, held while reuse.csv and the feeds
    # were written. Set aside, a file's spans cost the build a few bytes until the swap.
    records = {f"pair {n:05}": f"record {n}\n" for n in range(20_000)}
    output, staging = tmp_path / "out", tmp_path / "out.building"
    cache = RecordCache(tmp_path / "cache" / "records.pickle", output, "v1")
    (staging / "data").mkdir(parents=True)
    written = pieces(records)
    tracemalloc.start()
    try:
        held = tracemalloc.get_traced_memory()[0]
        cache.write(NAME, staging / NAME, written)
        kept = tracemalloc.get_traced_memory()[0] - held
    finally:
        tracemalloc.stop()
    assert kept < 100_000  # held as a dict, 20,000 spans take over a megabyte
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
    staging.rename(output)
    cache.save()
    assert len(spans_from(pickle.loads(recorded(tmp_path, NAME)))) == len(records)
    assert list((tmp_path / "cache").iterdir()) == [tmp_path / "cache" / "records.pickle"]


def test_a_file_s_spans_take_no_object_per_record_while_it_is_written(tmp_path):
    # reuse.json's keys are made for each record as it is written (64 hex digits), and a
    # dict of them to their places, pickled at the end, raised a 10,000-article build's
    # peak by about 130 MB. Kept in flat buffers, 20,000 such spans peak at about 2 MB
    # (keys and places, 80 bytes a record); as a dict they peaked at 5.7 MB.
    def fresh():
        yield "head\n"
        for n in range(20_000):
            yield Keyed(f"{n:064x}", lambda n=n: f"record {n}\n")

    cache = RecordCache(tmp_path / "cache" / "records.pickle", tmp_path / "out", "v1")
    (tmp_path / "staged").mkdir()
    tracemalloc.start()
    try:
        cache.write(NAME, tmp_path / "staged" / "f.csv", fresh())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000
    (tmp_path / "out" / "data").mkdir(parents=True)
    shutil.move(tmp_path / "staged" / "f.csv", tmp_path / "out" / NAME)
    cache.save()
    spans = spans_from(pickle.loads(recorded(tmp_path, NAME)))
    assert list(spans)[:2] == [f"{0:064x}", f"{1:064x}"] and len(spans) == 20_000


@pytest.mark.parametrize(
    "recorded_spans",
    [
        {"ab": 1},  # a dict, as an older record held
        (bytearray(b"ab"), array("Q", [2]), array("Q")),  # fewer places than keys
        (bytearray(b"ab"), array("Q", [3]), array("Q", [1])),  # a key past the bytes
        (bytearray(b"\xff"), array("Q", [1]), array("Q", [1])),  # not UTF-8
    ],
)
def test_spans_not_well_formed_are_not_read(recorded_spans):
    assert spans_from(recorded_spans) is None


def test_the_record_is_read_when_the_first_file_is_written(tmp_path):
    # Not when the build starts: the analysis and the pages come in between.
    built(tmp_path, (NAME, RECORDS))
    output, staging = tmp_path / "out", tmp_path / "out.building"
    cache = RecordCache(tmp_path / "cache" / "records.pickle", output, "v1")
    (tmp_path / "cache" / "records.pickle").unlink()
    (staging / "data").mkdir(parents=True)
    assert cache.write(NAME, staging / NAME, pieces(RECORDS)) == Written(0, 3)


def test_a_cache_turned_off_records_nothing_and_makes_every_record(tmp_path):
    built(tmp_path, (NAME, RECORDS), enabled=False)
    assert not (tmp_path / "cache").exists()
    built(tmp_path, (NAME, RECORDS))
    _, _, made = built(tmp_path, (NAME, RECORDS), enabled=False)
    assert made[NAME] == list(RECORDS)


def test_a_file_that_did_not_change_is_the_published_file_itself(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    before = (tmp_path / "out" / NAME).stat()
    cache = RecordCache(tmp_path / "cache" / "records.pickle", tmp_path / "out", "v1")
    staged = tmp_path / "out.building" / NAME
    staged.parent.mkdir(parents=True)
    assert cache.write(NAME, staged, pieces(RECORDS)) == Written(3, 0)
    after = staged.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize(
    "changed",
    [
        {**RECORDS, "cd": "appended at the end\n"},  # a new record after every kept one
        {"ab": RECORDS["ab"], "ac": RECORDS["ac"]},  # the last record gone: a shorter file
        {"ac": RECORDS["ac"], "ab": RECORDS["ab"], "bc": RECORDS["bc"]},  # kept, but moved
        {"ab": RECORDS["ab"], "ad": "a new pair\n", "bc": RECORDS["bc"]},  # one replaced
    ],
)
def test_a_file_that_changed_part_way_keeps_its_start_and_gets_the_rest_right(tmp_path, changed):
    built(tmp_path, (NAME, RECORDS))
    _, texts, _ = built(tmp_path, (NAME, changed))
    assert texts[NAME] == text_of(pieces(changed))
    # The next build copies every record from what this one published.
    _, texts, made = built(tmp_path, (NAME, changed))
    assert texts[NAME] == text_of(pieces(changed)) and made[NAME] == []


def _kernel_copies_then_fails(after: int):
    """An `os.copy_file_range` that copies at most `after` bytes, a few at a time, then
    fails as another file system would."""
    real = os.copy_file_range

    def copy(source, target, count, at_source, at_target):
        if at_source >= after:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real(source, target, min(count, 5, after - at_source), at_source, at_target)

    return copy


@pytest.mark.skipif(not hasattr(os, "copy_file_range"), reason="Linux only")
@pytest.mark.parametrize("after", [0, 7, 10**6], ids=["at once", "part way", "never"])
def test_the_unchanged_start_is_copied_whether_or_not_the_kernel_can(tmp_path, after, monkeypatch):
    built(tmp_path, (NAME, RECORDS))
    monkeypatch.setattr(os, "copy_file_range", _kernel_copies_then_fails(after))
    changed = {**RECORDS, "cd": "appended at the end\n"}
    _, texts, made = built(tmp_path, (NAME, changed))
    assert texts[NAME] == text_of(pieces(changed)) and made[NAME] == ["cd"]


def test_the_unchanged_start_is_copied_where_the_kernel_cannot_copy(tmp_path, monkeypatch):
    built(tmp_path, (NAME, RECORDS))
    monkeypatch.delattr(os, "copy_file_range", raising=False)
    changed = {"ab": RECORDS["ab"], "ad": "a new pair\n", "bc": RECORDS["bc"]}
    _, texts, _ = built(tmp_path, (NAME, changed))
    assert texts[NAME] == text_of(pieces(changed))


def test_text_between_records_that_changed_is_written_as_it_now_is(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    cache = RecordCache(tmp_path / "cache" / "records.pickle", tmp_path / "out", "v1")
    staged = tmp_path / "staged.csv"
    edited = [p.replace("tail", "end") if isinstance(p, str) else p for p in pieces(RECORDS)]
    cache.write(NAME, staged, edited)
    assert staged.read_text(encoding="utf-8") == text_of(pieces(RECORDS)).replace("tail", "end")


def test_each_file_s_spans_are_read_on_their_own(tmp_path):
    # A build reads one file's spans at a time, so damage to one file's leaves the other's.
    other = {"x": "pair x\n", "y": "pair y\n"}
    built(tmp_path, (NAME, RECORDS), ("data/other.csv", other))
    record = tmp_path / "cache" / "records.pickle"
    damaged = recorded(tmp_path, NAME)
    record.write_bytes(record.read_bytes().replace(damaged, b"\0" * len(damaged)))
    _, texts, made = built(tmp_path, (NAME, RECORDS), ("data/other.csv", other))
    assert made == {NAME: list(RECORDS), "data/other.csv": []}
    assert texts[NAME] == text_of(pieces(RECORDS))


def test_a_record_cut_short_means_every_record_is_made(tmp_path):
    built(tmp_path, (NAME, RECORDS))
    record = tmp_path / "cache" / "records.pickle"
    record.write_bytes(record.read_bytes()[:-20])
    _, texts, made = built(tmp_path, (NAME, RECORDS))
    assert made[NAME] == list(RECORDS) and texts[NAME] == text_of(pieces(RECORDS))


@pytest.mark.skipif(not hasattr(os, "copy_file_range"), reason="Linux only")
def test_kept_records_after_a_change_are_copied_a_run_at_a_time(tmp_path, monkeypatch):
    records = {f"k{n}": f"record {n}\n" for n in range(8)}
    built(tmp_path, (NAME, records))
    real, copies = os.copy_file_range, []

    def copy(source, target, count, at_source, at_target):
        copies.append((at_source, count))
        return real(source, target, count, at_source, at_target)

    monkeypatch.setattr(os, "copy_file_range", copy)
    # k2 replaced and k5 gone: the records between and after them are two runs of the
    # published file, each copied whole, after the unchanged start.
    changed = {(k if k != "k2" else "new"): v for k, v in records.items() if k != "k5"}
    changed["new"] = "a new record\n"
    _, texts, made = built(tmp_path, (NAME, changed))
    assert texts[NAME] == text_of(pieces(changed)) and made[NAME] == ["new"]
    published = text_of(pieces(records)).encode()
    assert [published[a : a + n] for a, n in copies] == [
        b"head\nrecord 0\nrecord 1\n",
        b"record 3\nrecord 4\n",
        b"record 6\nrecord 7\n",
    ]
