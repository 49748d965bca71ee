"""Bad files dropped into content/: one clear line each, no traceback, the rest still builds."""

import codecs
import os
import shutil

import pytest
from conftest import copy_content, run_build, snapshot

from coverage.staging import hold

ORIGINAL = "000_11177d8c1a0bff24.txt"
TEXT = "Officials in San Salvador on Monday described the deal as unprecedented, CNN reported."


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    content = copy_content(root / "content")
    (content / "010_empty.txt").write_bytes(b"")
    (content / "011_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (content / "012_broken.txt").write_bytes(
        "First line is fine.\nRubio’s second line.\n".encode() + b"Bad \xe2\x80 bytes\n"
    )
    (content / "013_cp1252.txt").write_bytes(
        f"Cp1252 capture: “{TEXT}” – café\r\n".encode("cp1252")
    )
    (content / "014_crlf.txt").write_bytes(f"CRLF capture. {TEXT}\r\n\r\nSecond para.\r\n".encode())
    (content / "015_utf16.txt").write_bytes(f"UTF-16 capture. {TEXT}\n".encode("utf-16"))
    (content / "016_bom.txt").write_bytes(codecs.BOM_UTF8 + f"BOM capture. {TEXT}\n".encode())
    shutil.copy(content / ORIGINAL, content / "017_duplicate.txt")
    (content / "018_baddate.txt").write_text(f"Bad date sidecar. {TEXT}\n", encoding="utf-8")
    (content / "018_baddate.yaml").write_text(
        "outlet: X\npublished: 2025-02-30\n", encoding="utf-8"
    )
    (content / "019_malformed.txt").write_text(f"Malformed date. {TEXT}\n", encoding="utf-8")
    (content / "019_malformed.yaml").write_text(
        "outlet: X\nretrieved: last week\n", encoding="utf-8"
    )
    (content / "020_orphan.yaml").write_text("outlet: Nobody\n", encoding="utf-8")
    (content / "old").mkdir()
    shutil.copy(content / ORIGINAL, content / "old" / ORIGINAL)
    build = run_build(content, root / "output")
    return build


def log_line(build, fragment: str) -> str:
    lines = [line for line in build.log.splitlines() if fragment in line]
    assert len(lines) == 1, f"expected one line about {fragment!r} in:\n{build.log}"
    return lines[0]


def test_the_build_succeeds_without_a_traceback(bad_build):
    assert bad_build.returncode == 0, bad_build.log
    assert "Traceback" not in bad_build.log


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("010_empty.txt", "the file is empty"),
        ("011_binary.txt", "binary file"),
        ("012_broken.txt:3", "invalid utf-8"),
        ("017_duplicate.txt", "byte-identical duplicate of"),
        ("018_baddate.yaml:2", "'2025-02-30' is not a real calendar date"),
        ("019_malformed.yaml:2", "'last week' is not a real calendar date"),
        ("020_orphan.yaml", "sidecar for a missing article"),
        ("013_cp1252.txt", "decoded as cp1252"),
        (f"old/{ORIGINAL}", "not used by the build"),
    ],
)
def test_each_bad_file_gets_one_line_naming_it_and_what_to_do(bad_build, file, says):
    line = log_line(bad_build, file)
    assert says in line
    assert " — " in line, "every message says what to do after the dash"


def test_duplicate_names_the_original_and_is_not_published_twice(bad_build):
    assert ORIGINAL in log_line(bad_build, "017_duplicate.txt")
    raw = sorted(p.name for p in (bad_build.output / "raw").iterdir())
    assert "017_duplicate.txt" not in raw and ORIGINAL in raw


def test_good_and_decodable_articles_are_published(bad_build):
    raw = {p.name for p in (bad_build.output / "raw").iterdir()}
    for name in ("013_cp1252.txt", "014_crlf.txt", "015_utf16.txt", "016_bom.txt"):
        assert name in raw
    for name in ("010_empty.txt", "011_binary.txt", "012_broken.txt", "018_baddate.txt"):
        assert name not in raw
    assert len(list((bad_build.output / "articles").glob("*.html"))) == 5 + 4


@pytest.mark.parametrize(
    ("name", "encoding", "text"),
    [
        ("013_cp1252.txt", "cp1252", "Cp1252 capture: “Officials in San Salvador"),
        ("014_crlf.txt", "CRLF", "Second para."),
        ("015_utf16.txt", "utf-16", "UTF-16 capture."),
        ("016_bom.txt", "utf-8-sig", "BOM capture."),
    ],
)
def test_other_encodings_are_decoded_and_recorded(bad_build, name, encoding, text):
    for page in (bad_build.output / "articles").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        if f"raw/{name}" in html:
            assert encoding in html and text in html
            assert (bad_build.output / "raw" / name).read_bytes()
            return
    raise AssertionError(f"{name} has no article page")


def test_the_build_report_lists_every_problem(bad_build):
    report = bad_build.page("report.html").get_text(" ")
    for name in ("010_empty.txt", "011_binary.txt", "012_broken.txt", "017_duplicate.txt"):
        assert f"content/{name}" in report
    assert "content/018_baddate.yaml:2" in report and "content/020_orphan.yaml" in report
    assert str(bad_build.output.parent) not in report, "no build-machine paths are published"


def test_home_page_counts_the_files_left_out(bad_build):
    notice = bad_build.page("index.html").find(class_="notice").get_text(" ")
    # empty, binary, damaged, duplicate, and two articles with bad sidecars
    assert notice.startswith("6 files were not published")


def test_hostile_text_is_shown_literally(tmp_path):
    content = copy_content(tmp_path / "content")
    hostile = [
        "<script>alert('x')</script> opens the capture.",
        "Some *emphasis* and [links](https://evil.example) in the text.",
        "# A hash at the start of a line",
        "Template {{ 7*7 }} and {% if true %}tags{% endif %} stay as typed.",
    ]
    (content / "030_hostile.txt").write_text("\n\n".join(hostile) + "\n", encoding="utf-8")
    (content / "030_hostile.yaml").write_text(
        "outlet: <b>Evil</b> Outlet\nheadline: <script>alert(2)</script> headline\n",
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    pages = [
        p for p in (build.output / "articles").glob("*.html") if "030_hostile" in p.read_text()
    ]
    (page,) = pages
    soup = build.page(str(page.relative_to(build.output)))
    # Only our JSON-LD, which is data: no script of the capture reaches the page.
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    body = soup.find(class_="article-body")
    assert body.find(["em", "h1", "b"]) is None and not body.find("a")
    text = soup.get_text()
    for line in hostile:
        assert line in text
    assert "<script>alert(2)</script> headline" in soup.find("h1").get_text()
    assert "<b>Evil</b> Outlet" in text
    assert "49" not in body.get_text()


def test_a_failed_build_leaves_the_previous_output_intact(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    assert run_build(content, output).returncode == 0
    before = snapshot(output)
    broken_theme = tmp_path / "templates"
    broken_theme.mkdir()
    (broken_theme / "outlet.html").write_text("{{ missing_function() }}", encoding="utf-8")
    (content / "005_new.txt").write_text("A new article that should not appear.\n")
    failed = run_build(content, output, f'THEME_TEMPLATES_OVERRIDES=["{broken_theme}"]')
    assert failed.returncode != 0
    after = snapshot(output)
    assert after == before


def test_a_build_that_runs_out_of_room_stops_with_one_line_and_leaves_the_site(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    assert run_build(content, output).returncode == 0
    before = snapshot(output)
    (content / "005_new.txt").write_text("A new article that should not appear.\n")
    # Past 16 KiB a write fails, as on a full disk: an outlet page or a data file gets there.
    failed = run_build(content, output, file_size_limit=16 * 1024)
    assert failed.returncode != 0
    said = failed.log.strip().splitlines()[-1]
    assert said.startswith(f"building {tmp_path / 'output.building'}: File too large — ")
    assert "raise the limit on a file's size" in said
    assert said.endswith("the published site was left as it was")
    assert "Traceback" not in failed.log
    assert snapshot(output) == before
    # The half-built copy is removed, to give back the room it took.
    assert not (tmp_path / "output.building").exists()
    assert run_build(content, output).returncode == 0
    assert (output / "raw" / "005_new.txt").exists()


def test_unsafe_settings_stop_the_build_with_one_line(tmp_path):
    output = tmp_path / "output"
    failed = run_build(
        copy_content(tmp_path / "content"), output, 'JINJA_ENVIRONMENT={"autoescape": false}'
    )
    assert failed.returncode != 0
    assert "JINJA_ENVIRONMENT has no autoescape" in failed.log
    assert "Traceback" not in failed.log
    assert not output.exists()


def test_a_build_into_an_output_another_build_is_writing_stops_with_one_line(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    assert run_build(content, output).returncode == 0
    before = snapshot(output)
    # This test stands for a build still running: it holds the lock and has a staging folder.
    running = hold(output)
    building = tmp_path / "output.building"
    building.mkdir()
    (building / "index.html").write_text("the running build's page", encoding="utf-8")
    (content / "005_new.txt").write_text("A new article that should not appear yet.\n")
    try:
        second = run_build(content, output)
    finally:
        running.close()
    assert second.returncode != 0
    assert f"another build (process {os.getpid()}) is writing this output" in second.log
    assert "Traceback" not in second.log
    assert snapshot(output) == before
    assert (building / "index.html").read_text(encoding="utf-8") == "the running build's page"
    # Once the first build has let go, the next one builds.
    assert run_build(content, output).returncode == 0
    assert snapshot(output) != before
