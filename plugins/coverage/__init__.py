"""Coverage: turns raw captured news articles into an archive that compares outlets."""

from .pelican_glue import register

__all__ = ["register"]
