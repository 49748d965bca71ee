"""From the corpus to what the archive finds in it: claims, quotes, figures and notes.

Each step reads the articles (and what earlier steps found) and nothing else,
so the order is the data flow: claims first, since quotes and figures belong
to the claim whose sentence carries them. The editor's files (claims.yaml,
notes.yaml) correct or annotate the result; their problems are errors, because
a rule or note that no longer matches would publish something false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from . import memory
from .analysis import (
    credits,
    drift,
    ledger,
    names,
    notes,
    overlay,
    quotes,
    reuse,
    sentences,
    shingles,
    similarity,
    stance,
)
from .analysis.claims import Features, claim_features, publication_order, text_features
from .analysis.detect import detect
from .cache_keys import digest, of_value
from .findings import (
    AnchoredNote,
    Claims,
    Findings,
    Quantity,
    QuoteGroup,
    Reuse,
    ReusePair,
    Sentence,
)
from .model import Article, Corpus, Problem
from .options import Options
from .pipeline import PLAIN, Runner
from .sources import Folder, decode


def analyse(folder: Folder, corpus: Corpus, options: Options, run: Runner = PLAIN) -> Findings:
    ordered = publication_order(corpus.articles)
    # Each article's digest keys what is cached of it.
    keys = {a.id: of_value(a) for a in ordered}

    with run.stage("claims", len(ordered)):
        # The stage passes through several times the memory of the claims it makes
        # (sentences, features, the grouping's indexes); apart, that memory goes with it.
        claims, sentence_digests = run.apart(partial(_claims, folder, corpus, options, keys, run))
    with run.stage("quotes and figures", len(ordered)):
        # So does this one, with every article's quotes and figures' mentions.
        groups, quantities = run.apart(partial(_quotes_and_figures, corpus, keys, claims, run))
        anchored, note_problems = build_notes(folder, corpus, options)
    # Reuse, the stage with the most to hold, reads none of the other memos: emptied
    # here, their memory goes to it rather than waiting for the end of the analysis.
    forget_memos(keep=_READ_BY_REUSE)
    with run.stage("reuse", len(ordered)):
        # The stage holds every article's words, an index of their fingerprints and each
        # pair's passages while it aligns them; apart, only the pairs' outlines come back.
        reused = partial(_reuse, corpus, keys, sentence_digests, claims, options, run)
        pairs, pair_keys, outlined = run.apart(reused)
        # A build with a cache holds each pair's outline; its passages stay on disk.
        recall = reuse.reader(run) if outlined else None
        sourcing = credits.sourcing(ordered, pairs)
    return Findings(
        claims=claims,
        quotes=groups,
        quantities=quantities,
        notes=anchored,
        reuse=Reuse(pairs, sourcing, pair_keys, recall),
        problems=claims.problems + note_problems,
        article_keys=keys,
    )


def _each(
    run: Runner, ordered: list[Article], keys: Mapping[str, str], stage: str, compute, *extra: str
) -> dict:
    """Each article's result of `stage` (by its id), through the runner's memo."""
    return {a.id: run.memo(stage, digest(keys[a.id], *extra), partial(compute, a)) for a in ordered}


def _claims(
    folder: Folder, corpus: Corpus, options: Options, keys: Mapping[str, str], run: Runner
) -> tuple[Claims, dict[str, str]]:
    """The claims, and the digest of each article's sentences (by its id), which the
    reuse stage's keys cover: the sentences themselves stay with the claims stage."""
    ordered = publication_order(corpus.articles)
    split_into = _each(run, ordered, keys, "sentences", sentences.split)

    def featured(article: str) -> tuple[tuple[int, similarity.Vector], ...]:
        compute = partial(claim_features, split_into[article])
        return run.memo("features", digest(keys[article]), compute)

    claims = build_claims(folder, corpus, options, split_into, _InTurn(featured), run)
    return claims, {a.id: of_value(split_into[a.id]) for a in ordered}


def _quotes_and_figures(
    corpus: Corpus, keys: Mapping[str, str], claims: Claims, run: Runner
) -> tuple[tuple[QuoteGroup, ...], tuple[Quantity, ...]]:
    """The quote groups and the figures' ledger: the quotes and mentions they are made
    from stay with the stage."""
    ordered = publication_order(corpus.articles)
    found = _each(run, ordered, keys, "quotes", quotes.extract)
    said = [q for a in ordered for q in found[a.id]]
    groups = drift.group_quotes(said, corpus.story, claims, run)
    mentions_in = partial(ledger.mentions, story=corpus.story)
    # An article's mentions read the story too, so its digest keys them with the article's.
    mentioned = _each(run, ordered, keys, "mentions", mentions_in, of_value(corpus.story))
    mentions = [m for a in ordered for m in mentioned[a.id]]
    order = [a.id for a in ordered]
    return groups, ledger.quantities(mentions, claims, corpus.story, order)


def _reuse(
    corpus: Corpus,
    keys: Mapping[str, str],
    sentence_digests: Mapping[str, str],
    claims: Claims,
    options: Options,
    run: Runner,
) -> tuple[tuple[ReusePair, ...], reuse.KeysByArticle, bool]:
    """The pairs of articles that share text, each pair's key, and whether the pairs are
    outlines (their passages kept by `run`, for `reuse.reader` to read back)."""
    ordered = publication_order(corpus.articles)
    texts = _each(run, ordered, keys, "words", _words)
    # A pair's key names the claim sentences it retells by index, so each article's key
    # covers its sentences too: digested once here, not once per pair.
    told = {a.id: digest(keys[a.id], sentence_digests[a.id]) for a in ordered}
    threshold = options.reuse_threshold
    pairs, pair_keys, recall = reuse.find_keyed(ordered, claims, threshold, texts, run, told)
    return pairs, pair_keys, recall is not None


# The analysis's memos of words and sentences (lru caches). Each is bounded, so at a few
# thousand articles they are full: at 1,000 they held 31 MB of the build's peak, memory the
# page-writing stages that follow can use instead. Nothing after the analysis reads them.
_MEMOS = (
    drift.words,
    ledger._stem,
    ledger._stems,
    names.norm,
    sentences.segment,
    shingles.normal_form,
    shingles._code,
    similarity._features,
    similarity._word_features,
    stance._read,
)


# What the reuse stage reads again: each article's words (made afresh when not cached)
# and the features of the sentences two articles both tell.
_READ_BY_REUSE = (shingles.normal_form, shingles._code, similarity._features)


def _words(article: Article) -> shingles.Words:
    """An article's words made afresh, each spelling one string shared with every other
    article's (`shingles.interned`); words read back from the cache come shared already."""
    return shingles.interned(shingles.words(article))


def forget_memos(keep: tuple = ()) -> None:
    """Empty the analysis's memos of words and sentences (all but those to `keep`), and
    hand what they held back to the system."""
    for memo in _MEMOS:
        if memo not in keep:
            memo.cache_clear()
    # Nothing from the reuse stage on looks a word's frequency up.
    similarity.forget_frequencies()
    # Called between stages, where the most has just been let go: after the quotes stage,
    # and (from the glue) after the whole analysis, whose words and indexes go with it.
    memory.give_back()


def build_claims(
    folder: Folder,
    corpus: Corpus,
    options: Options,
    split_into: Mapping[str, tuple[Sentence, ...]] | None = None,
    features: Features = text_features,
    run: Runner = PLAIN,
) -> Claims:
    """The corpus's claims, corrected by the editor's claims file if there is one."""
    rules, problems = None, ()
    if folder.claims is not None:
        path = f"{options.content_label}/{options.claims_file}"
        text = _editor_text(folder.claims, path)
        if isinstance(text, Problem):
            problems = (text,)
        else:
            rules, problems = overlay.parse(text, path)
    found = detect(
        corpus.articles, corpus.story, rules, options.claim_threshold, split_into, features, run
    )
    return replace(found, problems=problems + found.problems)


@dataclass
class _InTurn:
    """Each claim-like sentence's features, read from the cache an article at a time.

    Grouping asks for them in publication order and keeps only the few that found a
    claim (about 1 in 13 at 1,000 articles): held all at once, they were the largest
    part of the claims stage's memory.
    """

    featured: Callable[[str], tuple[tuple[int, similarity.Vector], ...]]
    article: str | None = None
    held: dict[int, similarity.Vector] = field(default_factory=dict)

    def __call__(self, sentence: Sentence) -> similarity.Vector:
        if sentence.article != self.article:
            self.article, self.held = sentence.article, dict(self.featured(sentence.article))
        vector = self.held.get(sentence.index)
        return text_features(sentence) if vector is None else vector


def build_notes(
    folder: Folder, corpus: Corpus, options: Options
) -> tuple[tuple[AnchoredNote, ...], tuple[Problem, ...]]:
    """The editor's notes, each anchored to the one passage it quotes."""
    if folder.notes is None:
        return (), ()
    path = f"{options.content_label}/{options.notes_file}"
    text = _editor_text(folder.notes, path)
    if isinstance(text, Problem):
        return (), (text,)
    parsed, problems = notes.parse(text, path)
    anchored, missed = notes.anchor(parsed, corpus.articles, path)
    return anchored, problems + missed


def _editor_text(raw: bytes, path: str) -> str | Problem:
    decoded = decode(raw, path)
    if isinstance(decoded, Problem):
        return replace(decoded, level="error")
    return decoded.text
