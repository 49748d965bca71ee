"""Reading the content folder: raw articles as bytes, decoded with their encoding recorded.

This is the only module that reads files. `decode` is pure and says why a file
cannot be read as text; `read_folder` gathers everything the build needs from
`content/` in one pass, so later stages never touch the disk.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .model import Format, Problem, Source

# A raw article is a text capture, a Markdown file with front matter, or a saved web page.
FORMATS: dict[str, Format] = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}
ARTICLE_SUFFIXES = tuple(FORMATS)
SIDECAR_SUFFIXES = (".yaml", ".yml")
# Raw files published under another name. A saved page published as .html would
# be served as a live page of the archive's own site, and its scripts would run
# there; as .txt, every static host serves it as plain text. The bytes are unchanged.
_PUBLISHED_AS_TEXT = (".html", ".htm")

# A text file has almost no control characters other than tab, newline and
# carriage return; a share above this means the file is binary.
_MAX_CONTROL_SHARE = 0.01
_TEXT_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Folder:
    """Every input file of a build, read once: articles, sidecars, and the editor's files
    (story, claims corrections, notes)."""

    root: str
    articles: tuple[tuple[str, bytes], ...]
    sidecars: tuple[tuple[str, bytes], ...]
    story: bytes | None
    others: tuple[str, ...]
    claims: bytes | None = None
    notes: bytes | None = None


def decode(raw: bytes, path: str) -> Decoded | Problem:
    """Decode a raw article, or explain why it is not readable text.

    The rule, in order: a byte-order mark names the encoding; otherwise strict
    UTF-8; otherwise, if the bytes hold no UTF-8 multi-byte sequence at all, the
    file is legacy Windows-1252 (cp1252), the usual encoding of old Western
    captures. A file that mixes valid UTF-8 sequences with invalid bytes is
    damaged UTF-8: decoding it any other way would silently change characters.
    """
    if not raw.strip():
        return Problem(path, "the file is empty", "delete it or replace it with the article's text")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(raw.decode(encoding), encoding, path)
            except UnicodeDecodeError as error:
                return _undecodable(raw, path, encoding, error)
    if b"\x00" in raw:
        return _binary(path)
    try:
        return _checked(raw.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError as error:
        if _has_utf8_sequences(raw):
            return _undecodable(raw, path, "utf-8", error)
    try:
        return _checked(raw.decode("cp1252"), "cp1252", path)
    except UnicodeDecodeError as error:
        return _undecodable(raw, path, "utf-8 or cp1252", error)


def format_of(name: str) -> Format:
    """The kind of raw article a file name says it is (see ARTICLE_SUFFIXES)."""
    return FORMATS.get(Path(name).suffix, "text")


def published_name(name: str) -> str:
    """The name a raw file is published under: its own, or `<name>.txt` for a saved page."""
    return f"{name}.txt" if name.endswith(_PUBLISHED_AS_TEXT) else name


def source_from(name: str, raw: bytes, decoded: Decoded) -> Source:
    text = decoded.text.lstrip("\ufeff")
    return Source(
        name=name,
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=decoded.encoding,
        line_endings=_line_endings(text),
    )


def read_folder(
    root: str | Path,
    story_name: str = "story.yaml",
    claims_name: str = "claims.yaml",
    notes_name: str = "notes.yaml",
) -> Folder:
    """Read every file the build uses from the content folder, sorted by name."""
    root = Path(root)
    articles, sidecars, others = [], [], []
    story = claims = notes = None
    for path in sorted(root.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            # Articles live at the top of content/; anything below is reported, not lost.
            others.extend(str(p.relative_to(root)) for p in sorted(path.rglob("*")) if p.is_file())
        elif path.name == story_name:
            story = path.read_bytes()
        elif path.name == claims_name:
            claims = path.read_bytes()
        elif path.name == notes_name:
            notes = path.read_bytes()
        elif path.suffix in ARTICLE_SUFFIXES:
            articles.append((path.name, path.read_bytes()))
        elif path.suffix in SIDECAR_SUFFIXES:
            sidecars.append((path.name, path.read_bytes()))
        else:
            others.append(path.name)
    return Folder(str(root), tuple(articles), tuple(sidecars), story, tuple(others), claims, notes)


def _checked(text: str, encoding: str, path: str) -> Decoded | Problem:
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(text):
        return _binary(path)
    return Decoded(text, encoding)


def _binary(path: str) -> Problem:
    return Problem(
        path,
        "this is a binary file, not the text of an article",
        "save the article as plain text (.txt, UTF-8) or remove the file",
    )


def _undecodable(raw: bytes, path: str, encoding: str, error: UnicodeDecodeError) -> Problem:
    line = raw.count(b"\n", 0, error.start) + 1
    return Problem(
        path,
        f"invalid {encoding}: byte 0x{raw[error.start]:02x} at offset {error.start} "
        "cannot be decoded",
        "re-save the file as UTF-8 from the original capture (nothing was published from it)",
        line=line,
    )


def _has_utf8_sequences(raw: bytes) -> bool:
    """True if some lead byte is followed by valid continuation bytes, i.e. the file meant UTF-8."""
    for i, byte in enumerate(raw[:-1]):
        if 0xC2 <= byte <= 0xF4:
            width = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            tail = raw[i + 1 : i + width]
            if len(tail) == width - 1 and all(0x80 <= b <= 0xBF for b in tail):
                return True
    return False


def _line_endings(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("LF", lf), ("CR", cr)) if n]
    return "+".join(kinds) if kinds else "none"
