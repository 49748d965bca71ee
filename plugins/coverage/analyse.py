"""From the corpus to what the archive finds in it: claims, quotes, figures and notes.

Each step reads the articles (and what earlier steps found) and nothing else,
so the order is the data flow: claims first, since quotes and figures belong
to the claim whose sentence carries them. The editor's files (claims.yaml,
notes.yaml) correct or annotate the result; their problems are errors, because
a rule or note that no longer matches would publish something false.
"""

from __future__ import annotations

from dataclasses import replace

from .analysis import credits, drift, ledger, notes, overlay, quotes, reuse
from .analysis.claims import publication_order
from .analysis.detect import detect
from .corpus import Options
from .findings import AnchoredNote, Claims, Findings, Reuse
from .model import Corpus, Problem
from .sources import Folder, decode


def analyse(folder: Folder, corpus: Corpus, options: Options) -> Findings:
    claims = build_claims(folder, corpus, options)
    ordered = publication_order(corpus.articles)
    found_quotes = [q for article in ordered for q in quotes.extract(article)]
    groups = drift.group_quotes(found_quotes, corpus.story, claims)
    mentions = [m for article in ordered for m in ledger.mentions(article, corpus.story)]
    order = [a.id for a in ordered]
    quantities = ledger.quantities(mentions, claims, corpus.story, order)
    anchored, note_problems = build_notes(folder, corpus, options)
    pairs = reuse.find(ordered, claims, options.reuse_threshold)
    return Findings(
        claims=claims,
        quotes=groups,
        quantities=quantities,
        notes=anchored,
        reuse=Reuse(pairs, credits.sourcing(ordered, pairs)),
        problems=claims.problems + note_problems,
    )


def build_claims(folder: Folder, corpus: Corpus, options: Options) -> Claims:
    """The corpus's claims, corrected by the editor's claims file if there is one."""
    rules, problems = None, ()
    if folder.claims is not None:
        path = f"{options.content_label}/{options.claims_file}"
        text = _editor_text(folder.claims, path)
        if isinstance(text, Problem):
            problems = (text,)
        else:
            rules, problems = overlay.parse(text, path)
    found = detect(corpus.articles, corpus.story, rules, options.claim_threshold)
    return replace(found, problems=problems + found.problems)


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
