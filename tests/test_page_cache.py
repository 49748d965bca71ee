"""The record of published pages: a page is reused only when nothing it was made from changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coverage.page_cache import (
    PageCache,
    folder_digest,
    read_record,
    settings_digest,
    write_record,
)

NAME = "reuse/a--b.html"


def published(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A published site with one page, an empty staging folder, and where the record goes."""
    output, staging = tmp_path / "out", tmp_path / "out.building"
    (output / "reuse").mkdir(parents=True)
    staging.mkdir()
    (output / NAME).write_text("<p>a and b</p>")
    return output, staging, tmp_path / "cache" / "pages.json"


def recorded(record: Path, output: Path, inputs: str = "pair-1", context: str = "ctx") -> None:
    """What a build that rendered the page with these inputs leaves behind."""
    pages = PageCache(record, output, context)
    assert not pages.reuse(NAME, inputs, output.with_name("elsewhere"))
    pages.save()


def test_an_unchanged_page_is_linked_from_the_published_site(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, "ctx")
    assert pages.reuse(NAME, "pair-1", staging)
    assert os.path.samefile(staging / NAME, output / NAME)
    assert pages.reused == 1


@pytest.mark.parametrize(
    "inputs, context",
    [("pair-2", "ctx"), ("pair-1", "other settings or theme or code")],
    ids=["its inputs changed", "the settings, theme or code changed"],
)
def test_a_page_is_rendered_again_when_what_it_is_made_from_changed(tmp_path, inputs, context):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, context)
    assert not pages.reuse(NAME, inputs, staging)
    assert not (staging / NAME).exists()


def test_a_published_file_edited_since_is_not_trusted(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    (output / NAME).write_text("<p>edited by hand on the server copy</p>")
    assert not PageCache(record, output, "ctx").reuse(NAME, "pair-1", staging)


def test_a_published_file_removed_since_is_rendered_again(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    (output / NAME).unlink()
    assert not PageCache(record, output, "ctx").reuse(NAME, "pair-1", staging)


def test_a_record_made_for_another_output_folder_is_ignored(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    other = tmp_path / "other"
    (other / "reuse").mkdir(parents=True)
    os.link(output / NAME, other / NAME)
    assert not PageCache(record, other, "ctx").reuse(NAME, "pair-1", staging)


@pytest.mark.parametrize("damage", ["", "{not json", '{"format": 1}', '{"format": 1, "output": 3}'])
def test_an_unreadable_record_means_every_page_is_rendered(tmp_path, damage):
    output, staging, record = published(tmp_path)
    record.parent.mkdir(parents=True)
    record.write_text(damage)
    assert not PageCache(record, output, "ctx").reuse(NAME, "pair-1", staging)


def test_a_cache_turned_off_neither_reuses_nor_records(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, "ctx", enabled=False)
    assert not pages.reuse(NAME, "pair-1", staging)
    record.unlink()
    pages.save()
    assert not record.exists()


def test_a_page_is_decided_once_and_its_entry_let_go(tmp_path):
    # The last record is held beside the one a build makes; at 10,000 articles each has
    # 287,111 pages, so an entry is dropped once its page is decided.
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, "ctx")
    assert pages.reuse(NAME, "pair-1", staging)
    assert pages._last == {}
    assert not pages.reuse(NAME, "pair-1", staging)  # asked twice: rendered, never stale


def test_a_reused_page_is_recorded_as_published_and_reused_again(tmp_path):
    # Its entry is made when it is reused, from the record's size and time (the swap keeps
    # the very file), not from a stat after the swap.
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, "ctx")
    assert pages.reuse(NAME, "pair-1", staging)
    pages.save()
    stat = (output / NAME).stat()
    [key, size, mtime] = read_record(record, 1, output, "pages")[NAME]
    assert (key, size, mtime) == (pages.key(NAME, "pair-1"), stat.st_size, stat.st_mtime_ns)
    again = PageCache(record, output, "ctx")
    assert again.reuse(NAME, "pair-1", tmp_path / "next.building")


def test_the_record_is_read_when_the_first_page_is_decided(tmp_path):
    # Not when the build starts: the analysis runs in between, and at 10,000 articles the
    # record would be held through it for nothing.
    output, staging, record = published(tmp_path)
    recorded(record, output)
    pages = PageCache(record, output, "ctx")
    record.unlink()
    assert not pages.reuse(NAME, "pair-1", staging)


def test_the_record_keeps_only_the_pages_of_the_last_build(tmp_path):
    output, staging, record = published(tmp_path)
    recorded(record, output)
    PageCache(record, output, "ctx").save()  # a build that wrote no pair page
    assert not PageCache(record, output, "ctx").reuse(NAME, "pair-1", staging)


def test_pages_are_recorded_as_last_decided_whatever_their_names(tmp_path):
    output, staging, record = published(tmp_path)
    odd = 'reuse/a\tb\n"c".html'
    (output / odd).write_text("odd")
    pages = PageCache(record, output, "ctx")
    for name, inputs in ((NAME, "first"), (odd, "x"), (NAME, "pair-1")):
        assert not pages.reuse(name, inputs, staging)
    pages.save()
    # The names and keys were kept in an unnamed file: nothing is left beside the record.
    assert list(record.parent.iterdir()) == [record]
    again = PageCache(record, output, "ctx")
    assert again.reuse(odd, "x", staging)
    assert again.reuse(NAME, "pair-1", staging)
    assert again.reused == 2


def test_a_record_written_an_entry_at_a_time_is_the_json_of_the_whole(tmp_path):
    entries = {"articles/é.html": ["k1", 10, 1], 'a "b".html': ["k2", 0, 2]}
    # More than one batch of entries, ending part-way through a batch.
    many = {f"reuse/{n}.html": [f"k{n}", n, n] for n in range(2_345)}
    path = tmp_path / "record.json"
    cases = ((entries, entries), (iter(entries.items()), entries), ({}, {}), (many, many))
    for given, listed in cases:
        write_record(path, 3, tmp_path, "pages", given)
        whole = {"format": 3, "output": str(tmp_path.resolve()), "pages": listed}
        assert path.read_text(encoding="utf-8") == json.dumps(whole)
        assert read_record(path, 3, tmp_path, "pages") == listed


def test_settings_are_digested_by_value_and_code_by_its_type():
    def a_filter(text):
        return text

    base = {"SITENAME": "One story", "PAGINATED_TEMPLATES": {"claims": 50}, "lowercase": 1}
    assert settings_digest(base) == settings_digest(dict(reversed(base.items())))
    assert settings_digest(base) != settings_digest({**base, "SITENAME": "Two stories"})
    assert settings_digest(base) != settings_digest({**base, "PAGINATED_TEMPLATES": {"claims": 5}})
    # Only UPPER_CASE names are settings; a repr with a memory address never enters the key.
    assert settings_digest(base) == settings_digest({**base, "lowercase": 2})
    assert settings_digest({"F": a_filter}) == settings_digest({"F": lambda t: t})
    assert settings_digest({"F": a_filter}) != settings_digest({"F": "a_filter"})


def test_a_theme_file_changed_added_or_renamed_changes_the_folder_digest(tmp_path):
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    page = theme / "templates" / "reuse_pair.html"
    page.write_text("{{ view }}")
    before = folder_digest([theme])
    assert folder_digest([theme]) == before
    page.write_text("{{ view }}!")
    edited = folder_digest([theme])
    page.rename(theme / "templates" / "pair.html")
    renamed = folder_digest([theme])
    (theme / "static.css").write_text("")
    assert len({before, edited, renamed, folder_digest([theme])}) == 4
