"""The plugin's settings: their defaults, and the checks made before anything is built.

Names follow Pelican's own (UPPER_CASE; `*_URL` and `*_SAVE_AS` pairs for every
page kind), so a site configures the archive the way it configures Pelican.
"""

from __future__ import annotations

from .analysis import reuse
from .analysis.claims import DEFAULT_THRESHOLD

DEFAULTS = {
    "COVERAGE_NEWS_SOURCES": (
        "CNN",
        "Reuters",
        "Associated Press",
        "AP",
        "AFP",
        "Agence France-Presse",
        "BBC",
        "Bloomberg",
        "EFE",
        "Al Jazeera",
        "NPR",
        "Fox News",
        "NBC News",
        "CBS News",
        "ABC News",
        "The New York Times",
        "The Washington Post",
        "The Guardian",
        "Agencies",
    ),
    "COVERAGE_DATE_ORDER": None,
    "COVERAGE_STORY_FILE": "story.yaml",
    "COVERAGE_POST_URL": "posts/{name}",
    "COVERAGE_RAW_URL": "raw/{name}",
    "OUTLET_URL": "outlets/{slug}.html",
    "OUTLET_SAVE_AS": "outlets/{slug}.html",
    "OUTLETS_URL": "outlets.html",
    "OUTLETS_SAVE_AS": "outlets.html",
    "REPORT_URL": "report.html",
    "REPORT_SAVE_AS": "report.html",
    "ARTICLES_INDEX_URL": "articles.html",
    "COVERAGE_CLAIMS_FILE": "claims.yaml",
    "COVERAGE_NOTES_FILE": "notes.yaml",
    "COVERAGE_CLAIM_THRESHOLD": DEFAULT_THRESHOLD,
    "COVERAGE_REUSE_THRESHOLD": reuse.THRESHOLD,
    # reuse.html lists this many pairs of each kind, those sharing most; each pair has its page.
    "COVERAGE_REUSE_LISTED": 100,
    "COVERAGE_DATA_PATH": "data",
    # Per-article results are kept in CACHE_PATH/coverage between builds (cache.py).
    "COVERAGE_CACHE": True,
    "CLAIM_URL": "claims/{id}.html",
    "CLAIM_SAVE_AS": "claims/{id}.html",
    "CLAIMS_URL": "claims.html",
    "CLAIMS_SAVE_AS": "claims.html",
    "CLAIMS_BY_TIME_URL": "claims-by-time.html",
    "CLAIMS_BY_TIME_SAVE_AS": "claims-by-time.html",
    "CLAIMS_REVIEW_URL": "claims-to-review.html",
    "CLAIMS_REVIEW_SAVE_AS": "claims-to-review.html",
    "QUOTE_URL": "quotes/{id}.html",
    "QUOTE_SAVE_AS": "quotes/{id}.html",
    "QUOTES_URL": "quotes.html",
    "QUOTES_SAVE_AS": "quotes.html",
    "DISCREPANCIES_URL": "discrepancies.html",
    "DISCREPANCIES_SAVE_AS": "discrepancies.html",
    "CORRECTIONS_URL": "corrections.html",
    "CORRECTIONS_SAVE_AS": "corrections.html",
    "TIMELINE_URL": "timeline.html",
    "TIMELINE_SAVE_AS": "timeline.html",
    "REUSE_URL": "reuse.html",
    "REUSE_SAVE_AS": "reuse.html",
    "REUSE_PAIR_URL": "reuse/{id}.html",
    "REUSE_PAIR_SAVE_AS": "reuse/{id}.html",
    "DATA_URL": "data.html",
    "DATA_SAVE_AS": "data.html",
    "SEARCH_URL": "search.html",
    "SEARCH_SAVE_AS": "search.html",
    # Atom feeds and the sitemap need absolute URLs: they are FEED_DOMAIN + the page's URL.
    "COVERAGE_FEED_ATOM": "feeds/all.atom.xml",
    "OUTLET_FEED_ATOM": "feeds/outlets/{slug}.atom.xml",
    "CLAIM_FEED_ATOM": "feeds/claims/{id}.atom.xml",
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # Pagefind indexes the finished output for the search page.
    "COVERAGE_SEARCH": True,
    # About how many pages one part of the search index holds (search_index.py).
    "COVERAGE_SEARCH_PART_PAGES": 1500,
    # publishconf.py turns this on: every page and stylesheet minified before the swap.
    "COVERAGE_MINIFY": False,
}


# The single pages the archive writes, each at `{NAME}_SAVE_AS` from its template `name.html`.
INDEX_PAGES = (
    "outlets",
    "report",
    "claims_review",
    "quotes",
    "discrepancies",
    "corrections",
    "timeline",
    "reuse",
    "search",
    "data",
)


class SettingsError(SystemExit):
    """A setting the archive cannot build with; exits with the message, without a traceback."""


def check(settings: dict) -> None:
    """Stop with one line if a setting would make the archive publish something unsafe or wrong."""
    if not settings.get("JINJA_ENVIRONMENT", {}).get("autoescape"):
        raise SettingsError(
            "pelicanconf.py: JINJA_ENVIRONMENT has no autoescape: article text would be "
            "rendered as markup — set JINJA_ENVIRONMENT = {'autoescape': True, ...}"
        )
    order = settings["COVERAGE_DATE_ORDER"]
    if order not in (None, "DMY", "MDY"):
        raise SettingsError(
            f"pelicanconf.py: COVERAGE_DATE_ORDER: expected None, 'DMY' or 'MDY', got {order!r}"
            " — fix the setting"
        )
    if not isinstance(settings["COVERAGE_NEWS_SOURCES"], (list, tuple)):
        raise SettingsError(
            "pelicanconf.py: COVERAGE_NEWS_SOURCES: expected a list of names, got "
            f"{type(settings['COVERAGE_NEWS_SOURCES']).__name__} — write it as a list"
        )
    threshold = settings["COVERAGE_REUSE_THRESHOLD"]
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not 0 < threshold <= 1
    ):
        raise SettingsError(
            "pelicanconf.py: COVERAGE_REUSE_THRESHOLD: expected a share of an article's words "
            f"between 0 and 1 (e.g. 0.15), got {threshold!r} — fix the setting"
        )
    listed = settings["COVERAGE_REUSE_LISTED"]
    if isinstance(listed, bool) or not isinstance(listed, int) or listed < 1:
        raise SettingsError(
            "pelicanconf.py: COVERAGE_REUSE_LISTED: expected how many pairs of each kind "
            f"reuse.html lists, a whole number of at least 1 (e.g. 100), got {listed!r}"
            " — fix the setting"
        )
    per_part = settings["COVERAGE_SEARCH_PART_PAGES"]
    if isinstance(per_part, bool) or not isinstance(per_part, int) or per_part < 1:
        raise SettingsError(
            "pelicanconf.py: COVERAGE_SEARCH_PART_PAGES: expected about how many pages one part"
            f" of the search index holds, a whole number of at least 1 (e.g. 1500), got"
            f" {per_part!r} — fix the setting"
        )
