"""An article as a dated Markdown post (`YYYY-MM-DD-slug.md`) that Pelican's Markdown reader reads.

The post is the normalised article a person can read and diff: a metadata
header (every date with its provenance) and the body as Markdown. Source text is
escaped so that nothing in it can act as Markdown or HTML: `*emphasis*`,
`[links](…)`, `<script>` and a `#` at the start of a line all come out literally.
"""

from __future__ import annotations

import re

from .model import Article, DateValue, Field

# Characters Python-Markdown gives meaning to anywhere in a line.
_INLINE = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Both as one table for str.translate, which escapes a whole article in C rather than a
# character at a time in Python (3.2 million characters at 1,000 articles, every build).
_ESCAPES = str.maketrans({**_INLINE, **_HTML})
# What Markdown reads as block syntax at the start of a line.
_BLOCK_START = re.compile(r"^(#|-|\+|\d+(?=[.)]))")
_FORMATS = {
    "text": "text capture, the whole file is the article",
    "markdown": "Markdown file, front matter then the article's text (line numbers are the file's)",
    "html": "saved web page, the article's text extracted from it (line numbers count its lines)",
}


def escape(text: str) -> str:
    """Markdown source that renders exactly `text`, whatever characters it holds."""
    out = text.translate(_ESCAPES)
    out = out.strip(" \t")
    # Markdown strips any whitespace at a line's ends, so a no-break space there
    # (it is evidence too) goes in as a character reference.
    lead = len(out) - len(out.lstrip())
    trail = len(out) - len(out.rstrip())
    if lead or trail:
        middle = out[lead : len(out) - trail]
        out = _references(out[:lead]) + middle + _references(out[len(out) - trail :])
    match = _BLOCK_START.match(out)
    if match:
        head = match.group(1)
        # "1. " would start a list: escape the punctuation after the number, not the number.
        out = head + "\\" + out[len(head) :] if head[0].isdigit() else "\\" + out
    return out


def _references(spaces: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in spaces)


def render(article: Article, sort_date: str) -> str:
    """The whole post: metadata header, a blank line, then the body."""
    return _header(article, sort_date) + "\n" + body(article) + "\n"


def body(article: Article) -> str:
    parts: list[str] = []
    previous = None
    for block in article.blocks:
        if block.kind == "heading":
            parts.append("## " + escape(block.text))
        elif block.kind == "list-item":
            line = "- " + escape(block.text)
            if previous == "list-item":
                parts[-1] += "\n" + line
                previous = block.kind
                continue
            parts.append(line)
        elif block.kind == "embed":
            lines = [("> " + escape(line)) for line in block.text.split("\n")]
            parts.append("\n>\n".join(lines))
        else:
            parts.append(escape(block.text))
        previous = block.kind
    return "\n\n".join(parts)


def _header(article: Article, sort_date: str) -> str:
    source = article.source
    rows: list[tuple[str, str]] = [
        ("Title", article.headline.value or article.id),
        ("Date", sort_date),
        ("Slug", article.slug),
        ("Outlet", _field(article.outlet)),
        ("Byline", _field(article.byline)),
        ("Source_url", _field(article.url)),
        ("Headline_provenance", _provenance(article.headline)),
        ("Published", _date(article.published)),
        ("Retrieved", _date(article.retrieved)),
        ("Attribution", article.status),
        ("Source_file", source.name),
        ("Source_format", _FORMATS[article.format]),
        ("Sha256", source.sha256),
        ("Encoding", f"{source.encoding}, line endings {source.line_endings}"),
    ]
    if article.notes:
        rows.append(("Editor_notes", article.notes))
    for item in article.furniture:
        rows.append(
            (item.role.replace("-", "_").capitalize(), f"{item.text.strip()} (line {item.line})")
        )
    for number, block in enumerate(article.blocks, start=1):
        if block.embed:
            e = block.embed
            rows.append(
                (
                    f"Embed_p{number}",
                    f"post on {e.platform} by {e.author} ({e.handle}), {_date(e.date)}"
                    + (", truncated in the capture" if e.truncated else ""),
                )
            )
    markers = sorted({b.marker for b in article.blocks if b.marker})
    if markers:
        rows.append(("List_markers", " ".join(markers)))
    return "".join(f"{key}: {_one_line(value)}\n" for key, value in rows)


def _field(field: Field) -> str:
    return f"{field.value or 'unknown'} [{_provenance(field)}]"


def _provenance(field: Field) -> str:
    return f"{field.provenance}: {field.reason}" if field.reason else field.provenance


def _date(value: DateValue) -> str:
    day = value.value.isoformat() if value.value else "unknown"
    if value.bound == "not-before":
        day = "no earlier than " + day
    return f"{day} [{value.provenance}: {value.reason}]"


def _one_line(value: str) -> str:
    return " ".join(value.split())
