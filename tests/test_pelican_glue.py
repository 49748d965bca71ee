"""The Pelican glue's writer: what it keeps of the files it wrote, and how it renders a page."""

from __future__ import annotations

import io
import os
import tracemalloc
from types import SimpleNamespace

import jinja2
import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import FileOverwriteFailedError

from coverage import forked
from coverage.cache import DiskCache
from coverage.pelican_glue import ArchiveWriter, WrittenNames, _PostHeader, _Run, _Streamed
from coverage.progress import Progress


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


def test_files_a_part_of_the_build_wrote_apart_count_as_written_and_twice_is_refused(tmp_path):
    writer = ArchiveWriter(str(tmp_path), settings={})
    with writer._open_w(str(tmp_path / "index.html"), "utf-8") as file:
        file.write("the build's")
    pair = str(tmp_path / "pair-1.html")
    # As a forked part records what it writes:
    with writer.own_record() as apart, writer._open_w(pair, "utf-8") as file:
        file.write("the part's")
    assert pair in apart and str(tmp_path / "index.html") not in apart
    assert pair not in writer._written_files  # not told yet

    writer.written_beside(apart)
    with pytest.raises(FileOverwriteFailedError):
        writer._open_w(pair, "utf-8")
    with writer.own_record() as again, writer._open_w(pair, "utf-8") as file:
        file.write("another part's")
    with pytest.raises(FileOverwriteFailedError, match="give each page its own"):
        writer.written_beside(again)


LISTING = jinja2.Environment(autoescape=True).from_string(
    "<ul>{% for r in rows %}<li id=d{{ r.n }}><a href='{{ r.url }}'>{{ r.title }}</a>"
    " — {{ r.outlet }}</li>\n{% endfor %}</ul>\r\n"
)


def a_long_listing() -> dict:
    rows = [
        {"n": n, "url": f"a{n}.html", "title": f"“{n}” <&> more", "outlet": "Outlet"}
        for n in range(100_000)
    ]
    return {"rows": rows}


def peak_while(render) -> tuple[str, int]:
    tracemalloc.start()
    try:
        page = render()
        return page, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_page_is_rendered_into_one_buffer_not_from_all_its_fragments_at_once():
    # A listing of 100,000 rows, as the discrepancies page is at 10,000 articles: Jinja's
    # render holds every fragment until it joins them (83 MB for this page, measured).
    context = a_long_listing()
    streamed, peak = peak_while(lambda: _Streamed(LISTING).render(context))
    rendered, joined_peak = peak_while(lambda: LISTING.render(context))
    assert streamed == rendered  # escaping, line ends and all
    page = 2 * len(streamed)  # bytes: the curly quotes make it two bytes a character
    assert peak < 2.5 * page < joined_peak


def test_a_computation_apart_runs_in_a_child_and_its_cache_entries_count_here(tmp_path):
    cache = DiskCache(tmp_path, {"sentences": "v1"})
    progress = Progress(io.StringIO(), live=False)
    run = _Run(progress=progress, cache=cache)

    def split_both():
        return [run.memo("sentences", key, os.getpid) for key in ("a", "b")]

    with progress.stage("claims", 2):
        made = run.apart(split_both)

    assert made[0] == made[1] != os.getpid()
    assert progress.times[0].items == 2  # the child's steps moved this process's bar
    assert "sentences 0 cached / 2 new" in cache.summary()
    assert cache.prune() == 0  # what the child wrote counts as used: kept
    again = DiskCache(tmp_path, {"sentences": "v1"})
    assert again.memo("sentences", "a", os.getpid) == made[0]


@pytest.mark.parametrize("cores", [{0, 1}, {0, 1, 2}])
def test_parts_run_side_by_side_one_a_core_and_their_cache_entries_count_here(
    tmp_path, monkeypatch, cores
):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)
    cache = DiskCache(tmp_path, {"sentences": "v1"})
    cache.memo("sentences", "before", os.getpid)  # counted before the parts begin
    progress = Progress(io.StringIO(), live=False)
    run = _Run(progress=progress, cache=cache)

    def part_of(part, parts):
        keys = [key for n, key in enumerate("abcdefg") if n % parts == part]
        return [(key, run.memo("sentences", key, os.getpid)) for key in keys], parts

    with progress.stage("reuse", 7):
        made = run.in_parts(part_of)

    assert [parts for _, parts in made] == [len(cores)] * len(cores)
    assert sorted(key for found, _ in made for key, _ in found) == list("abcdefg")
    pids = {part: {pid for _, pid in found} for part, (found, _) in enumerate(made)}
    assert pids[0] == {os.getpid()}  # the first part here, each other in a child of its own
    assert all(len(pids[n]) == 1 and pids[n] != pids[0] for n in pids if n)
    assert len(set().union(*pids.values())) == len(cores)
    assert "sentences 0 cached / 8 new" in cache.summary()  # each part's, once, and the first
    assert cache.prune() == 0  # what the children wrote counts as used: kept


def test_a_part_whose_child_dies_is_computed_here_with_a_warning(monkeypatch, caplog):
    def died(compute, step):
        def result():
            raise forked.NoAnswerError("the forked child ended without an answer (exit status 1)")

        return SimpleNamespace(result=result, stop=lambda: None)

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(forked, "start", died)
    run = _Run(progress=Progress(io.StringIO(), live=False))

    assert run.in_parts(lambda part, parts: (part, parts, os.getpid())) == [
        (0, 2, os.getpid()),
        (1, 2, os.getpid()),
    ]
    assert "(exit status 1); computing its part in the build's own process" in caplog.text


def test_with_one_core_there_is_one_part_computed_here(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr(forked, "start", None)  # never called
    run = _Run(progress=Progress(io.StringIO(), live=False))

    assert run.in_parts(lambda part, parts: (part, parts, os.getpid())) == [(0, 1, os.getpid())]


def test_when_the_child_dies_the_computation_runs_here_with_a_warning(monkeypatch, caplog):
    def died(compute, step):
        raise forked.NoAnswerError("the forked child ended without an answer (killed by signal 9)")

    monkeypatch.setattr(forked, "call", died)
    run = _Run(progress=Progress(io.StringIO(), live=False))

    assert run.apart(os.getpid) == os.getpid()
    assert "killed by signal 9); computing in the build's own process" in caplog.text


def test_one_header_reader_parses_every_posts_header_as_pelican_reads_the_whole_post(tmp_path):
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extensions": ["markdown.extensions.meta"]}}
    header = _PostHeader({**settings, "MARKDOWN": dict(settings["MARKDOWN"])})
    posts = [
        "Title: Bukele offers CECOT\nDate: 2025-02-04\nOutlet: News.Az\n\nBody one.\n",
        "Title: Rubio signs\nDate: 2025-02-05\nByline: A. Reporter\n  second line\n\nTwo.\n",
        "Title: No byline\nDate: 2025-02-06\n\nThree.\n",
    ]
    for n, text in enumerate(posts + posts):
        post = tmp_path / f"{n}.md"
        post.write_text(text, encoding="utf-8")
        whole = MarkdownReader({**settings, "MARKDOWN": dict(settings["MARKDOWN"])}).read(post)[1]
        assert header.metadata(text.partition("\n\n")[0]) == whole
    assert set(whole) == {"title", "date"}
