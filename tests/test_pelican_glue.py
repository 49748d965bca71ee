"""The Pelican glue's writer: what it keeps of the files it wrote."""

from __future__ import annotations

import pytest
from pelican.writers import FileOverwriteFailedError

from coverage.pelican_glue import ArchiveWriter, WrittenNames


def test_written_names_answer_by_name_without_holding_the_names():
    written = WrittenNames()
    name = "/site/output.building/reuse/pairs/001-002/index.html"
    written.add(name)
    assert "".join(["/site/output.building/reuse/pairs/", "001-002/index.html"]) in written
    assert "/site/output.building/reuse/pairs/001-003/index.html" not in written
    assert None not in written
    assert len(written) == 1
    assert name not in vars(written).get("_seen", set())


def test_the_writer_still_refuses_to_write_one_file_twice(tmp_path):
    writer = ArchiveWriter(str(tmp_path), settings={})
    page = str(tmp_path / "index.html")
    with writer._open_w(page, "utf-8") as file:
        file.write("first")
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(page, "utf-8")
    with writer._open_w(page, "utf-8", override=True) as file:
        file.write("second, as asked")
    assert (tmp_path / "index.html").read_text() == "second, as asked"
