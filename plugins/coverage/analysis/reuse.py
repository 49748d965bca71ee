"""Who shares text with whom: every pair of articles with the passages they share.

Pairs are found without comparing every article with every other. Articles
are read in publication order; each one's winnowed fingerprints are looked up
in an index of the earlier articles' fingerprints, and only the articles that
come back are aligned with it (`passages.shared`). Pairs that share no
passage but retell the same claims in the same order come from the claims
stage (`reworded.chains`). The cost therefore grows with the text the archive
shares, not with the number of pairs of articles.

A shingle printed by more than `COMMON` articles of the archive is stock
phrasing (a standard sign-off, a boilerplate line): it neither finds pairs nor
counts as shared text, so articles that share such a line are not reuse.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import cast

from ..cache_keys import digest
from ..findings import (
    Claims,
    PairKeys,
    ReuseKind,
    ReusePair,
    Sentence,
    SharedSpan,
    SpanSide,
)
from ..model import Article, DateValue
from ..pipeline import PLAIN, Kept, Runner
from . import passages, reworded, similarity
from .claims import publication_order
from .shingles import Words, words

COMMON = 200
# A pair is reuse when this share of either article's words is shared (a whole
# paragraph of a 400-word article); below it, shared words are a common quote.
THRESHOLD = 0.15
NEAR_DUPLICATE = 0.9  # both articles this much the same: one page captured twice
COPIED_SENTENCE = 0.5  # a sentence this much inside verbatim passages is copied, not reworded


def find(
    articles: Sequence[Article], claims: Claims, threshold: float = THRESHOLD
) -> tuple[ReusePair, ...]:
    """Every pair that shares at least one passage, earliest pairs first, computed afresh
    (`find_keyed` is the same with a cache)."""
    return find_keyed(articles, claims, threshold)[0]


Recall = Callable[[ReusePair], ReusePair]
# Each article's pairs' keys, by the later article's id (see `Reuse.keys`).
KeysByArticle = dict[str, PairKeys]


def find_keyed(
    articles: Sequence[Article],
    claims: Claims,
    threshold: float = THRESHOLD,
    texts: Mapping[str, Words] | None = None,
    run: Runner = PLAIN,
    keys: Mapping[str, str] | None = None,
) -> tuple[tuple[ReusePair, ...], KeysByArticle, Recall | None]:
    """Every pair that shares at least one passage, earliest pairs first; each pair's key;
    and, when `run` keeps the pairs, how to read an outline back whole.

    `texts` gives each article's words when a cache has them. With `keys` (each
    article's digest, covering its sentences as split for the claims), each pair
    gets a key covering both articles, the stock shingles they print, the claim
    sentences they share and the threshold. The keys come back by later, then
    earlier, article (`Reuse.key` looks one up): with
    the code, a key determines its pair, so a page made from the pair can be
    keyed by it without digesting the pair itself.

    When `run` keeps the "pairs" stage, the pairs an article makes with earlier
    ones are kept together, in one entry named by the article and made for one
    digest of what their keys cover (`_pack_key`), and looked up before any is
    aligned: a build reads one cache entry per article, not one per pair (at
    10,000 articles, 10,000 reads instead of 509,765). Adding an article aligns
    its own pairs, and revises the entries of the later articles it shares text
    with by aligning their pairs with it alone. Each pair comes back as an
    outline, without its passages, with its key kept in the entry, and the third
    value reads the passages back (`Reuse.whole`).
    """
    ordered = publication_order(articles)
    by_id = {a.id: a for a in ordered}
    texts = {a.id: texts[a.id] if texts and a.id in texts else words(a) for a in ordered}
    packed = keys is not None and run.keeps("pairs")
    stock = _stock(texts)
    # The stock shingles each article prints, digested once per article rather than per pair.
    stock_in = (
        {i: repr(sorted(stock.intersection(t.hashes))) for i, t in texts.items()} if keys else {}
    )
    aligning = _Aligning(ordered, by_id, texts, stock, stock_in, claims, threshold, run, keys)
    # Each part aligns every `parts`-th article with its earlier ones: aligning is nine
    # tenths of the stage, and each article's pairs are found from the articles alone.
    parts = [list(part) for part in run.in_parts(aligning.part)]
    found: list[ReusePair] = []
    pair_keys: KeysByArticle = {}
    for n, later in enumerate(ordered):
        part, at = parts[n % len(parts)], n // len(parts)
        pairs, made = part[at]
        # Let go as it is taken: held beside what it becomes, the outlines of 10,000
        # articles would be in memory twice at the stage's peak.
        part[at] = None
        if packed and len(parts) > 1:
            # A part's answer, read back in this process: made the build's own again.
            pairs = tuple(_held(pair, by_id) for pair in pairs)
            if made is not None:
                made = PairKeys(tuple(by_id[a].id for a in made.earlier), made.digests)
        found.extend(pairs)
        if made is not None:
            pair_keys[later.id] = made
    return tuple(found), pair_keys, reader(run) if packed else None


# One article's pairs with earlier ones, and their keys, packed (None when `find_keyed`
# was given no keys, or the article has no pair). Packed in the part: held as (earlier id,
# key in hexadecimal) until merged, they took the stage's peak at 10,000 articles to 977 MB
# (903 MB packed).
_Found = tuple[tuple[ReusePair, ...], PairKeys | None]


@dataclass(frozen=True)
class _Aligning:
    """What every article's pairs are found from (`find_keyed`)."""

    ordered: Sequence[Article]
    by_id: Mapping[str, Article]
    texts: Mapping[str, Words]
    stock: frozenset[int]
    stock_in: Mapping[str, str]
    claims: Claims
    threshold: float
    run: Runner
    keys: Mapping[str, str] | None

    @property
    def packed(self) -> bool:
        return self.keys is not None and self.run.keeps("pairs")

    def part(self, part: int, parts: int) -> tuple[_Found, ...]:
        """The pairs of every `parts`-th article from the `part`-th on, in order.

        Every part indexes every article's fingerprints (a later article's candidates
        are found among all the earlier ones) and aligns only its own: indexing is
        cheap, aligning is not.
        """
        retold = _ClaimLinks(self.claims)
        index: _Index = {}
        rank = {a.id: n for n, a in enumerate(self.ordered)}
        found: list[_Found] = []
        for n, later in enumerate(self.ordered):
            text = self.texts[later.id]
            if n % parts == part:
                told = retold.of(later.id)
                earlier_ids = _candidates(text, index, self.stock)
                earlier_ids.update(a for a in told if a not in earlier_ids)
                others = [self.by_id[i] for i in sorted(earlier_ids, key=rank.__getitem__)]
                found.append(self.pairs_of(later, others, told) if others else ((), None))
            for value in text.fingerprints:
                if value not in self.stock:
                    _post(index, value, later.id)
        return tuple(found)

    def pairs_of(
        self,
        later: Article,
        others: Sequence[Article],
        told: Mapping[str, Sequence[tuple[Sentence, Sentence]]],
    ) -> _Found:
        """The later article's pairs with the earlier `others`, and their keys."""
        keys, stock_in, threshold = self.keys, self.stock_in, self.threshold
        align = partial(_pairs_with_earlier, later, self.texts, self.stock, told, threshold)
        if keys is None:
            return tuple(pair for pair in align(others) if pair is not None), None
        if not self.packed:
            aligned = tuple(pair for pair in align(others) if pair is not None)
            key_of = partial(_pair_key, keys, stock_in, told, threshold)
            made = [(pair.a, key_of(pair.a, pair.b)) for pair in aligned]
            return aligned, PairKeys.of(made) if made else None
        earlier = [o.id for o in others]
        pack = _pack_key(keys, later.id, earlier, stock_in, told, threshold)
        key_of = partial(_pair_key, keys, stock_in, told, threshold, b=later.id)
        revise = partial(_outlined, others, align, key_of)
        entry = self.run.memo_revised("pairs", later.id, pack, revise)
        # Made the build's own at once: held as the entries were read, every outline of
        # the part kept a float of its own for each share until the parts were merged.
        by_id = self.by_id
        outlines = tuple(_held(pair, by_id) for pair, _ in entry.pairs)
        made = [(by_id[pair.a].id, key) for pair, key in entry.pairs]
        return outlines, PairKeys.of(made) if made else None


def _pairs_with_earlier(
    later: Article,
    texts: Mapping[str, Words],
    stock: frozenset[int],
    told: Mapping[str, Sequence[tuple[Sentence, Sentence]]],
    threshold: float,
    others: Sequence[Article],
) -> list[ReusePair | None]:
    """The later article aligned with each earlier one (None where they share nothing)."""
    text = texts[later.id]
    at = passages.positions(text)
    return [
        _pair(other, later, texts[other.id], text, at, stock, told.get(other.id, ()), threshold)
        for other in others
    ]


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the cache keeps of one article's pairs with earlier ones: each pair's outline
    with its key, and the keys of the candidates that turned out to share nothing."""

    pairs: tuple[tuple[ReusePair, str], ...]
    nothing: frozenset[str]


def _outlined(
    others: Sequence[Article],
    align: Callable[[Sequence[Article]], list[ReusePair | None]],
    key_of: Callable[[str], str],
    kept: Kept | None,
) -> tuple[_Entry, dict[str, tuple[SharedSpan, ...]]]:
    """One article's pairs with the earlier `others`, as an entry and the passages by
    pair id. Pairs the `kept` entry holds under the same key are taken from it: adding an
    article to a story revises the entries of the later articles that share text with it,
    and aligning each of them again whole took 22,758 alignments at 1,000 articles where
    124 were new."""
    entry = cast(_Entry, kept.outline) if kept else _Entry((), frozenset())
    before = {key: pair for pair, key in entry.pairs}
    keyed = [(other, key_of(other.id)) for other in others]
    todo = [o for o, key in keyed if key not in before and key not in entry.nothing]
    aligned = dict(zip((o.id for o in todo), align(todo), strict=True))
    old_spans: Mapping[str, tuple[SharedSpan, ...]] = (
        cast(dict, kept.rest()) if kept and any(key in before for _, key in keyed) else {}
    )
    pairs, spans, nothing = [], {}, set()
    for other, key in keyed:
        if key in before:
            pair = before[key]
            spans[pair.id] = old_spans[pair.id]
        elif other.id in aligned and aligned[other.id] is not None:
            whole = aligned[other.id]
            spans[whole.id] = whole.spans
            pair = replace(whole, spans=None)
        else:
            nothing.add(key)
            continue
        pairs.append((pair, key))
    return _Entry(tuple(pairs), frozenset(nothing)), spans


def _held(pair: ReusePair, by_id: Mapping[str, Article]) -> ReusePair:
    """An outline read back from the cache, made of the strings and shares the build
    holds already: the articles' ids, one interned string per kind and one float per
    share. Read back as stored, every outline had its own copies, 103 MB of an add-one
    build at 10,000 articles (449,074 outlines)."""
    share = _SHARES.setdefault
    return ReusePair(
        a=by_id[pair.a].id,
        b=by_id[pair.b].id,
        kind=sys.intern(pair.kind),
        overlap_a=share(pair.overlap_a, pair.overlap_a),
        overlap_b=share(pair.overlap_b, pair.overlap_b),
        reworded_a=share(pair.reworded_a, pair.reworded_a),
        reworded_b=share(pair.reworded_b, pair.reworded_b),
        spans=pair.spans,
        earlier=pair.earlier,
    )


def reader(run: Runner) -> Recall:
    """How to read an outline back whole from what `run` keeps (`find_keyed`)."""
    return partial(_whole, run)


def _whole(run: Runner, pair: ReusePair) -> ReusePair:
    """An outline with its passages, read back from the entry of its later article."""
    if pair.spans is not None:
        return pair
    return replace(pair, spans=run.recall("pairs", pair.b)[pair.id])


def _pack_key(
    keys: Mapping[str, str],
    later: str,
    earlier: Sequence[str],
    stock_in: Mapping[str, str],
    told: Mapping[str, Sequence[tuple[Sentence, Sentence]]],
    threshold: float,
) -> str:
    """What the pairs of `later` with the `earlier` articles are computed from: what each
    pair's key covers (`_pair_key`), for them all, in one digest. Digesting each of the
    509,765 pairs took 13.4 s of a profiled build at 10,000 articles."""
    parts = [keys[later], stock_in[later], repr(threshold)]
    for other in earlier:
        parts += (keys[other], stock_in[other], _told_indices(told.get(other, ())))
    return digest(*parts)


def _pair_key(
    keys: Mapping[str, str],
    stock_in: Mapping[str, str],
    told: Mapping[str, Sequence[tuple[Sentence, Sentence]]],
    threshold: float,
    a: str,
    b: str,
) -> str:
    """Everything the pair of earlier article `a` and later article `b` is computed from:
    both articles, the stock shingles they print, the claim sentences they share (`told`,
    by earlier article) and the threshold."""
    retold = _told_indices(told.get(a, ()))
    return digest(keys[a], keys[b], stock_in[a], stock_in[b], retold, repr(threshold))


def _told_indices(sentence_pairs: Sequence[tuple[Sentence, Sentence]]) -> str:
    # Sentences by their index alone: each article's key covers its sentences (see
    # find_keyed), and a pair of articles that retell a story shares hundreds of sentence
    # pairs, looked up for every build.
    return repr([(earlier.index, later.index) for earlier, later in sentence_pairs])


def _stock(texts: dict[str, Words]) -> frozenset[int]:
    """Shingles printed by more than COMMON articles."""
    printed: Counter[int] = Counter()
    for text in texts.values():
        printed.update(set(text.hashes))
    return frozenset(value for value, count in printed.items() if count > COMMON)


# Each fingerprint → the id of the one article that prints it, or the ids of all that do.
# At 2,000 articles 27,022 of 52,350 fingerprints were printed by one article, and a list
# of one id takes 88 bytes more than the id the article holds already.
_Index = dict[int, str | list[str]]


def _post(index: _Index, value: int, article: str) -> None:
    held = index.get(value)
    if held is None:
        index[value] = article
    elif type(held) is str:
        index[value] = [held, article]
    else:
        held.append(article)


def _candidates(text: Words, index: _Index, stock: frozenset[int]) -> set[str]:
    """Earlier articles sharing a fingerprint with this one (stock phrasing excluded)."""
    found: set[str] = set()
    for value in text.fingerprints:
        if value not in stock:
            held = index.get(value)
            if type(held) is str:
                found.add(held)
            elif held is not None:
                found.update(held)
    return found


class _ClaimLinks:
    """The pairs of sentences carrying one claim that an article shares with each earlier
    one, made for one article at a time. Made for every article up front, they were held
    through the whole stage, and a story's articles retell the same claims: 685,369
    objects, 48 MB of a 2,000-article build at the stage's peak."""

    def __init__(self, claims: Claims) -> None:
        # Each claim's sentences by article; appearances are in publication order, so the
        # grouping keeps articles in that order.
        self._claims: list[dict[str, list[Sentence]]] = []
        self._carried: dict[str, list[int]] = defaultdict(list)
        for claim in claims.claims:
            by_article: dict[str, list[Sentence]] = {}
            for appearance in claim.appearances:
                by_article.setdefault(appearance.sentence.article, []).append(appearance.sentence)
            for article in by_article:
                self._carried[article].append(len(self._claims))
            self._claims.append(by_article)

    def of(self, later: str) -> dict[str, list[tuple[Sentence, Sentence]]]:
        """Earlier article → pairs of its sentence and one of `later`'s carrying one claim."""
        links: dict[str, list[tuple[Sentence, Sentence]]] = {}
        for n in self._carried.get(later, ()):
            by_article = self._claims[n]
            for earlier, sentences in by_article.items():
                if earlier == later:
                    break
                found = links.setdefault(earlier, [])
                found.extend((e, s) for e in sentences for s in by_article[later])
        return links


def _pair(
    a: Article,
    b: Article,
    a_words: Words,
    b_words: Words,
    b_positions: dict[int, list[int]],
    stock: frozenset[int],
    sentence_pairs: Sequence[tuple[Sentence, Sentence]],
    threshold: float,
) -> ReusePair | None:
    matches = [_flip(m) for m in passages.shared(b_words, b_positions, a_words, stock)]
    a_copied, b_copied = _covered(len(a_words), matches, "a"), _covered(len(b_words), matches, "b")
    links = _retold(sentence_pairs, a_words, b_words, a_copied, b_copied)
    if not matches and not links:
        return None
    overlap_a, overlap_b = (
        sum(a_copied) / max(len(a_words), 1),
        sum(b_copied) / max(len(b_words), 1),
    )
    reworded_a = _retold_words(a_words, a_copied, [link.a for link in links]) / max(len(a_words), 1)
    reworded_b = _retold_words(b_words, b_copied, [link.b for link in links]) / max(len(b_words), 1)
    spans = _verbatim(a, b, a_words, b_words, matches) + _reworded(a, b, links)
    return ReusePair(
        a=a.id,
        b=b.id,
        kind=_kind(overlap_a, overlap_b, reworded_a, reworded_b, threshold),
        overlap_a=_share(overlap_a),
        overlap_b=_share(overlap_b),
        reworded_a=_share(reworded_a),
        reworded_b=_share(reworded_b),
        spans=spans,
        earlier="a" if _came_first(a, b) else None,
    )


# A share rounded to three places is one of 1,001 numbers, and every pair keeps four. Made
# afresh for each pair, at 10,000 articles they were 1.8 million float objects (41 MB).
_SHARES: dict[float, float] = {}


def _share(value: float) -> float:
    rounded = round(value, 3)
    return _SHARES.setdefault(rounded, rounded)


def _verbatim(
    a: Article, b: Article, a_words: Words, b_words: Words, matches: Sequence[passages.Match]
) -> tuple[SharedSpan, ...]:
    return tuple(
        SharedSpan(
            id=f"v{n}",
            kind="verbatim",
            a=_side(a, a_words, m.a_start, m.a_end),
            b=_side(b, b_words, m.b_start, m.b_end),
            similarity=round(m.same / max(m.a_words, m.b_words), 3),
        )
        for n, m in enumerate(matches, start=1)
    )


def _reworded(a: Article, b: Article, links: Sequence[reworded.Link]) -> tuple[SharedSpan, ...]:
    return tuple(
        SharedSpan(
            id=f"r{n}",
            kind="reworded",
            a=_sentence_side(a, link.a),
            b=_sentence_side(b, link.b),
            similarity=round(link.similarity, 3),
        )
        for n, link in enumerate(links, start=1)
    )


def _flip(match: passages.Match) -> passages.Match:
    """A match found from the later article's side, seen from the earlier one's."""
    return passages.Match(match.b_start, match.b_end, match.a_start, match.a_end, match.same)


def _covered(length: int, matches: Sequence[passages.Match], side: str) -> bytearray:
    covered = bytearray(length)
    for m in matches:
        start, end = (m.a_start, m.a_end) if side == "a" else (m.b_start, m.b_end)
        covered[start:end] = b"\1" * (end - start)
    return covered


def _kind(
    overlap_a: float, overlap_b: float, reworded_a: float, reworded_b: float, threshold: float
) -> ReuseKind:
    copied, retold = max(overlap_a, overlap_b), max(reworded_a, reworded_b)
    if min(overlap_a, overlap_b) >= NEAR_DUPLICATE:
        return "near-duplicate"
    if retold >= threshold and retold > copied:
        return "reworded"
    if copied + retold >= threshold:
        return "copy" if copied >= retold else "reworded"
    return "incidental"


def _retold(
    sentence_pairs: Sequence[tuple[Sentence, Sentence]],
    a_words: Words,
    b_words: Words,
    a_copied: bytearray,
    b_copied: bytearray,
) -> tuple[reworded.Link, ...]:
    """The sentence pairs that form reworded passages (copied sentences left out)."""
    if not sentence_pairs:
        return ()
    a_sentences = {s for s, _ in sentence_pairs}
    b_sentences = {s for _, s in sentence_pairs}
    a_done = {s for s in a_sentences if _copied(a_words, a_copied, s)}
    b_done = {s for s in b_sentences if _copied(b_words, b_copied, s)}
    vectors: dict[Sentence, similarity.Vector] = {}
    for sentence in (*a_sentences, *b_sentences):
        vectors[sentence] = similarity.vectorise(sentence.text)
    links = [
        reworded.Link(sa, sb, similarity.cosine(vectors[sa], vectors[sb]))
        for sa, sb in sentence_pairs
        if sa not in a_done and sb not in b_done
    ]
    return reworded.chains(
        [link for link in links if link.similarity > reworded.FLOOR],
        _open_before(a_done, a_sentences),
        _open_before(b_done, b_sentences),
    )


def _open_before(done: set[Sentence], known: set[Sentence]) -> list[int]:
    """open[n]: sentences with index ≤ n not copied word for word (unknown ones count as open)."""
    last = max((s.index for s in known), default=0)
    copied = {s.index for s in done}
    counts = [0]
    for n in range(1, last + 1):
        counts.append(counts[-1] + (n not in copied))
    return counts


def _word_range(text: Words, block: int, start: int, end: int) -> tuple[int, int]:
    """The words of `text` inside block `block` between characters start and end."""
    return bisect_left(text.key, text.key_at(block, start)), bisect_right(
        text.key, text.key_at(block, end - 1)
    )


def _copied(text: Words, covered: bytearray, sentence: Sentence) -> bool:
    first, last = _word_range(text, sentence.block, sentence.start, sentence.end)
    return last > first and sum(covered[first:last]) >= COPIED_SENTENCE * (last - first)


def _retold_words(text: Words, copied: bytearray, sentences: Sequence[Sentence]) -> int:
    """Words of the reworded sentences not already counted as copied."""
    total = 0
    for s in set(sentences):
        first, last = _word_range(text, s.block, s.start, s.end)
        total += (last - first) - sum(copied[first:last])
    return total


def _side(article: Article, text: Words, first: int, last: int) -> SpanSide:
    """Words first..last-1 as printed, one part per block they cross."""
    parts: list[tuple[int, int, int]] = []
    for n in range(first, last):
        block, start, end = text.place(n)
        if parts and parts[-1][0] == block:
            parts[-1] = (block, parts[-1][1], end)
        else:
            parts.append((block, start, end))
    printed = "\n".join(article.blocks[block - 1].text[start:end] for block, start, end in parts)
    return SpanSide(article.id, tuple(parts), printed)


def _sentence_side(article: Article, sentence: Sentence) -> SpanSide:
    return SpanSide(article.id, ((sentence.block, sentence.start, sentence.end),), sentence.text)


def direction(a: Article, b: Article) -> str:
    """Whether a's date shows it came first, and why or why not, in words.

    Made when a page or a data file prints it, not kept with the pair: it follows from
    the two articles alone. It names both outlets and dates, so even interned most pairs
    kept a sentence of their own (26,817 for 45,478 pairs at 1,000 articles, 7.9 MB), held
    from the reuse stage to the end of the build.
    """
    if _came_first(a, b):
        return f"{_dated(a)}, before {_dated(b)}"
    return f"the dates do not say: {_dated(a)}; {_dated(b)}"


def _came_first(a: Article, b: Article) -> bool:
    """Whether a's dates end before b's begin."""
    _, a_last = _interval(a.published)
    b_first, _ = _interval(b.published)
    return a_last is not None and b_first is not None and a_last < b_first


def _interval(published: DateValue) -> tuple[date | None, date | None]:
    """The first and last day the article can have been published (None: open)."""
    if published.value is None:
        return None, None
    if published.bound == "not-before":
        return published.value, None
    return published.value, published.value


def _dated(article: Article) -> str:
    published = article.published
    name = article.outlet.value or article.source.name
    if published.value is None:
        return f"{name} is undated"
    day = f"{published.value.day} {published.value:%B %Y}"
    if published.bound == "not-before":
        return f"{name} is no earlier than {day} ({published.provenance})"
    return f"{name} is dated {day} ({published.provenance})"
