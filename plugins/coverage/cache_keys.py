"""What a cached result depends on, as one digest, and the code version of each stage.

A per-article result (an article built from its raw file, its sentences, its
quotes, its figures, its words for reuse) is a pure function of its inputs and
of the code that computes it. Its key is a digest of both: the inputs' bytes
(raw file, sidecar, story file, the settings the stage reads) and the stage's
code version, which is the digest of the source of the stage's entry module and
of every module of the plugin it imports, directly or not. Editing
`analysis/quotes.py` therefore invalidates cached quotes and nothing else;
editing `model.py`, which every stage imports, invalidates everything.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Mapping

# The per-article stages and the module each one starts from.
STAGES = {
    "article": "corpus",
    "sidecar": "corpus",
    "sentences": "analysis.sentences",
    "features": "analysis.claims",
    # The archive's grouping trace, kept under one name (`detect._grouped`).
    "grouping": "analysis.claims",
    "claim": "analysis.detect",
    "quotes": "analysis.quotes",
    "quote_group": "analysis.drift",
    "mentions": "analysis.ledger",
    "words": "analysis.shingles",
    "pairs": "analysis.reuse",
    # A post's HTML: the Markdown extension, and the glue that sets it up (so every module).
    "html": "pelican_glue",
    # A row of the claim matrix: the glue renders it (its key covers the theme and settings).
    "matrix_row": "pelican_glue",
}


def digest(*parts: bytes | str) -> str:
    """One hex digest of the parts, each length-prefixed so ("ab", "c") ≠ ("a", "bc")."""
    return digest_of(parts)


def digest_of(parts: Iterable[bytes | str]) -> str:
    """`digest` of parts made one at a time (a page's hundreds of thousands of URLs)."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def of_value(value: object) -> str:
    """The digest of a result, for the keys of the stages that read it.

    It digests the value's `repr`: for the archive's frozen dataclasses (tuples,
    strings, numbers, dates and bytes; no sets, no field hidden from repr) that
    is a canonical form, so an unchanged article gives the same digest whether
    it was just built or read back from the cache. Pickle bytes are not: they
    record which equal strings happen to be one object.
    """
    return digest(repr(value))


def code_versions(sources: Mapping[str, str], stages: Mapping[str, str] = STAGES) -> dict[str, str]:
    """Stage name → the digest of its entry module and every plugin module it reaches.

    `sources` maps dotted module names inside the plugin ("analysis.quotes") to
    their source text.
    """
    graph = {name: _imports(name, text, sources) for name, text in sources.items()}
    return {
        stage: digest(*(f"{name}\n{sources[name]}" for name in sorted(_reach(entry, graph))))
        for stage, entry in stages.items()
    }


def _reach(entry: str, graph: Mapping[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


def _imports(module: str, source: str, known: Iterable[str]) -> set[str]:
    """The plugin modules `module` imports at run time (not under `if TYPE_CHECKING:`)."""
    known = set(known)
    package = module.split(".")[:-1]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            prefix = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:
                candidate = f"{prefix}.{alias.name}" if prefix else alias.name
                # `from . import dates` names a module; `from .model import Article` does not.
                found.add(candidate if candidate in known else prefix)
    return found & known


def _runtime_nodes(node: ast.AST):
    """Every node of the tree except what sits under `if TYPE_CHECKING:`."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield from (n for branch in child.orelse for n in _runtime_nodes(branch))
        else:
            yield from _runtime_nodes(child)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )
