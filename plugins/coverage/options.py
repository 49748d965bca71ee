"""The settings the corpus and its analysis depend on (and so part of their cache keys)."""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import reuse
from .analysis.claims import DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class Options:
    content_label: str = "content"
    news_sources: tuple[str, ...] = ()
    date_order: str | None = None
    story_file: str = "story.yaml"
    claims_file: str = "claims.yaml"
    notes_file: str = "notes.yaml"
    claim_threshold: float = DEFAULT_THRESHOLD
    reuse_threshold: float = reuse.THRESHOLD
