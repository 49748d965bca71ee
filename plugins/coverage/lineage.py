"""The lineage graph's geometry: an arc diagram, laid out at build time for a static SVG.

Articles stand in one column in publication order, earliest at the top, so
time runs down the page and an arrow can only point down. Each reuse pair is
an arc on the right joining its two articles: wider for more shared text,
solid for copying, dashed for rewording, dotted for a re-scrape. An arc has an
arrowhead only where the dates show which came first. The template draws what
this computes; the same facts are in the matrix table for readers who cannot
see the picture.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Article
from .reuse_pages import Share

ROW = 56  # px between two articles
TOP = 24
LABEL_X = 8
NODE_X = 196  # labels sit left of here, arcs to the right
LABEL_CHARS = 24  # per line; longer outlet names wrap onto a second line
REACH = 44  # px an arc bulges per row it spans
MIN_REACH = 40


@dataclass(frozen=True, slots=True)
class Node:
    article: Article
    url: str
    y: int
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    share: Share  # seen from the earlier article
    path: str
    label_x: int
    label_y: int
    width: float
    directed: bool


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    node_x: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def layout(
    articles: Sequence[Article],
    shares: Mapping[str, Sequence[Share]],
    urls: Mapping[str, str],
) -> Graph:
    """Nodes for `articles` (already in publication order) and arcs for their reuse pairs."""
    row = {a.id: n for n, a in enumerate(articles)}
    nodes = tuple(
        Node(a, urls.get(a.id, ""), TOP + n * ROW, _lines(a.outlet.value or a.source.name))
        for n, a in enumerate(articles)
    )
    edges, widest = [], 0
    for article in articles:
        for share in shares.get(article.id, ()):
            other = share.other.id
            if other in row and row[other] > row[article.id]:
                edges.append(_edge(share, row[article.id], row[other]))
                widest = max(widest, row[other] - row[article.id])
    width = NODE_X + int((MIN_REACH + REACH * widest) * 0.75) + 48
    height = TOP * 2 + max(len(articles) - 1, 0) * ROW
    return Graph(width, height, NODE_X, nodes, tuple(edges))


def _edge(share: Share, first: int, last: int) -> Edge:
    top, bottom = TOP + first * ROW, TOP + last * ROW
    reach = MIN_REACH + REACH * (last - first)
    # A cubic curve with both control points `reach` to the right peaks at 3/4 of it.
    path = f"M{NODE_X},{top} C{NODE_X + reach},{top} {NODE_X + reach},{bottom} {NODE_X},{bottom}"
    pair = share.view.pair
    width = round(
        1 + 6 * max(pair.overlap_a + pair.reworded_a, pair.overlap_b + pair.reworded_b), 1
    )
    return Edge(
        share=share,
        path=path,
        label_x=NODE_X + int(reach * 0.75) + 4,
        label_y=(top + bottom) // 2 + 4,
        width=width,
        directed=pair.earlier == "a",
    )


def _lines(name: str) -> tuple[str, ...]:
    lines = textwrap.wrap(name, LABEL_CHARS) or [name]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_CHARS, placeholder="…")]
    return tuple(lines)
