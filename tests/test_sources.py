import codecs
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from coverage.model import Problem
from coverage.sources import decode, read_folder, source_from


def test_utf8_is_read_as_utf8():
    decoded = decode("Rubio’s “deal” — 3 Feb\n".encode(), "a.txt")
    assert decoded.encoding == "utf-8"
    assert decoded.text == "Rubio’s “deal” — 3 Feb\n"


def test_byte_order_marks_name_the_encoding():
    text = "Bukele’s post\n"
    assert decode(codecs.BOM_UTF8 + text.encode(), "a.txt").encoding == "utf-8-sig"
    utf16 = decode(text.encode("utf-16"), "a.txt")
    assert (utf16.encoding, utf16.text) == ("utf-16", text)


def test_cp1252_capture_is_decoded_and_recorded():
    decoded = decode("Rubio’s “deal” – café\r\n".encode("cp1252"), "a.txt")
    assert decoded.encoding == "cp1252"
    assert decoded.text == "Rubio’s “deal” – café\r\n"


def test_damaged_utf8_is_refused_with_its_line():
    raw = "line one\nRubio’s deal\n".encode() + b"broken \xe2\x80 here\n"
    problem = decode(raw, "content/x.txt")
    assert isinstance(problem, Problem)
    assert problem.line == 3
    assert "invalid utf-8" in problem.message
    assert str(problem).startswith("content/x.txt:3: ")


def test_empty_and_blank_files_are_refused():
    for raw in (b"", b"  \n\n"):
        problem = decode(raw, "content/e.txt")
        assert isinstance(problem, Problem) and "empty" in problem.message


def test_binary_files_are_refused():
    for raw in (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(0, 32)) * 20):
        problem = decode(raw, "content/b.txt")
        assert isinstance(problem, Problem) and "binary" in problem.message


def test_source_records_hash_and_line_endings():
    raw = b"one\r\ntwo\r\n"
    source = source_from("x.txt", raw, decode(raw, "x.txt"))
    assert source.line_endings == "CRLF"
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.stem == "x"


def test_a_source_s_text_is_its_bytes_decoded_as_they_were_read():
    text = "Rubio’s “deal” – café\r\n"
    for raw in (
        text.encode(),
        codecs.BOM_UTF8 + text.encode(),
        text.encode("utf-16"),
        codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
        text.encode("cp1252"),
    ):
        source = source_from("x.txt", raw, decode(raw, "x.txt"))
        assert source.text == text
        assert source.raw == raw


# A text that starts with U+FEFF starts, in UTF-8, with the byte-order mark: read as one.
@given(
    st.text(min_size=1).filter(
        lambda t: t.strip() and "\x00" not in t and not t.startswith("\ufeff")
    )
)
def test_any_utf8_text_round_trips_or_is_called_binary(text):
    decoded = decode(text.encode(), "t.txt")
    if isinstance(decoded, Problem):
        assert "binary" in decoded.message
    else:
        assert decoded.text == text


def test_read_folder_sorts_files_by_kind(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "a.yaml").write_text("outlet: A")
    (tmp_path / "story.yaml").write_text("title: T")
    (tmp_path / "c.md").write_text("c")
    (tmp_path / "d.html").write_text("d")
    (tmp_path / "notes.docx").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text("x")
    folder = read_folder(tmp_path)
    assert [name for name, _ in folder.articles] == ["a.txt", "b.txt", "c.md", "d.html"]
    assert [name for name, _ in folder.sidecars] == ["a.yaml"]
    assert folder.story == b"title: T"
    assert folder.others == ("notes.docx", "old/a.txt")
