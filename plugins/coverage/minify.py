"""Minified pages and stylesheets for `make publish`, by minify-html.

minify-html is a whole HTML parser (with lightningcss for CSS), so it knows where
whitespace matters and which tags may be left out; a regex minifier does not.
"""

from __future__ import annotations

import minify_html

# `<html lang=…>` must stay: screen readers pick the voice from it. Everything else
# minify-html may drop (optional end tags, attribute quotes) is still valid HTML.
_OPTIONS = {"keep_html_and_head_opening_tags": True, "minify_css": True, "minify_js": True}
_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"


def html(text: str) -> str:
    return minify_html.minify(text, **_OPTIONS)


def css(text: str) -> str:
    """A stylesheet, minified as the body of a <style> element (minify-html's only CSS door)."""
    wrapped = minify_html.minify(f"{_STYLE_OPEN}{text}{_STYLE_CLOSE}", minify_css=True)
    if not (wrapped.startswith(_STYLE_OPEN) and wrapped.endswith(_STYLE_CLOSE)):
        # Never publish a stylesheet cut in the wrong place: keep the original.
        return text
    return wrapped[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]
