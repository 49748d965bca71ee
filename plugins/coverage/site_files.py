"""The files written beside the pages: data exports, Atom feeds and the sitemap.

Each function returns the files' paths in the output and their text, built from
the archive's findings and the site's settings; the glue writes them. Feeds and the sitemap
carry absolute URLs, made from FEED_DOMAIN (SITEURL under publishconf.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date

from . import export, feeds
from .findings import Findings
from .model import Article, Outlet
from .sitemap import sitemap


def data(
    findings: Findings,
    articles: Sequence[Article],
    urls: Mapping[str, str],
    claim_keys: Mapping[str, str],
) -> Iterator[tuple[str, Iterable[str]]]:
    """Every file under COVERAGE_DATA_PATH, by name, with its text in pieces (schemas.py
    documents each). `claim_keys` key each claim's records (export.claims_json_chunks).

    Files are made one at a time, as they are written, and in pieces (a record, or a
    run of rows, at a time): no build should hold a file whole.
    """
    yield "articles.json", export.articles_json_chunks(articles, urls)
    yield "articles.csv", export.articles_csv_chunks(articles, urls)
    yield "claims.json", export.claims_json_chunks(findings.claims, articles, claim_keys)
    yield "claims.csv", export.claims_csv_chunks(findings.claims, articles, claim_keys)
    yield "quotes.json", export.quotes_json_chunks(findings.quotes, articles)
    yield "quotes.csv", export.quotes_csv_chunks(findings.quotes, articles)
    yield "figures.json", export.figures_json_chunks(findings.quantities, articles)
    yield "figures.csv", export.figures_csv_chunks(findings.quantities, articles)
    yield "notes.json", (export.notes_json(findings.notes, articles),)
    yield "reuse.json", export.reuse_json_chunks(findings.reuse, articles)
    yield "reuse.csv", export.reuse_csv_chunks(findings.reuse, articles)


def atom_feeds(
    settings: Mapping,
    findings: Findings,
    articles: Sequence[Article],
    outlets: Iterable[Outlet],
    dated: Mapping[str, date],
    urls: Mapping[str, str],
) -> Iterator[tuple[str, feeds.Feed]]:
    """The whole archive's feed, one per outlet and one per claim, by save-as path.

    Each is a `Feed` (`feeds.atom` writes it): the glue keys a feed file by it and
    writes only the feeds that changed.
    """
    domain = settings["FEED_DOMAIN"].rstrip("/")
    path = settings["COVERAGE_FEED_ATOM"]
    yield path, feeds.archive_feed(articles, dated, urls, domain, settings["SITENAME"], path)
    for outlet in outlets:
        path = settings["OUTLET_FEED_ATOM"].format(slug=outlet.slug)
        page = settings["OUTLET_URL"].format(slug=outlet.slug)
        yield path, feeds.outlet_feed(outlet, dated, urls, domain, path, page)
    by_id = {a.id: a for a in articles}
    for claim in findings.claims.claims:
        path = settings["CLAIM_FEED_ATOM"].format(id=claim.id)
        page = settings["CLAIM_URL"].format(id=claim.id)
        yield path, feeds.claim_feed(claim, by_id, dated, urls, domain, path, page)


def site_map(settings: Mapping, pages: Iterable[tuple[str, date | None]]) -> Iterator[str]:
    return sitemap(pages, settings["FEED_DOMAIN"].rstrip("/"))
