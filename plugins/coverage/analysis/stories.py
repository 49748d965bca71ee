"""Which articles tell the same story: those linked by the claims they share.

An archive can follow many stories. An article about another story does not
"omit" a claim; only an article on the claim's own story can. Two articles are
on one story when they carry a common claim, directly or through a chain of
other articles (the connected parts of the article–claim graph).

Kept apart from the matching so the rule is easy to read and to test, and
because it decides the size of every omission list: scoped to a story, the
lists grow with the story, not with the whole archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def stories(articles: Sequence[str], carriers: Iterable[Iterable[str]]) -> dict[str, int]:
    """Each article's story, numbered by its first article in `articles`' order.

    `carriers` are the article sets of the claims. An article that carries no
    claim is a story of its own.
    """
    parent = {a: a for a in articles}

    def root(article: str) -> str:
        while parent[article] != article:
            # Path halving keeps the chains short without recursion.
            parent[article] = parent[parent[article]]
            article = parent[article]
        return article

    for found in carriers:
        roots = [root(a) for a in found]
        for other in roots[1:]:
            if other != roots[0]:
                parent[other] = roots[0]
    numbers: dict[str, int] = {}
    return {a: numbers.setdefault(root(a), len(numbers)) for a in articles}
