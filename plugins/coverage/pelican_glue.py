"""The thin shell between Pelican and the archive's pure core.

One build run, in Pelican's own order:
  initialized     settings get their defaults and are checked; output goes to a
                  staging folder, so a failed build leaves the last site intact
  get_generators  the content folder is read once, the corpus built and its
                  claims found (an error in content/claims.yaml stops here),
                  problems reported, and each article's dated Markdown post written;
                  per-article results come from the build cache when their inputs
                  and code are unchanged (cache.py)
  readers_init    raw articles in content/ (.txt, .md, .html, .htm) are read
                  through their posts by Pelican's own Markdown reader
  (generators)    articles (sentences linked to their claims), then outlet, claim
                  and index pages and the build report; an article, claim or
                  reuse pair page whose inputs did not change is published as it
                  was (page_cache.py); Pagefind starts indexing
                  the searched pages (articles, outlets, claims, quotes) once they
                  are written, and runs while the rest of the site is written
  finalized       once Pagefind is done, the staging folder replaces the published
                  output; a file whose bytes did not change keeps the published copy
                  (and its date)

Each stage is timed and shown (progress.py); the times go to the cache folder.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import logging
import os
import shutil
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial, wraps
from importlib.metadata import version
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple, TextIO

from jinja2 import pass_context
from markdown import Markdown
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.readers import BaseReader, MarkdownReader
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import FileOverwriteFailedError, Writer

from . import (
    article_pages,
    cache_keys,
    claim_pages,
    collector,
    cores,
    feeds,
    findings_pages,
    forked,
    lineage,
    memory,
    pages,
    posts,
    reuse_pages,
    schemas,
    search_index,
    site_files,
    staging,
)
from .analyse import analyse, forget_memos
from .analysis.claims import publication_order
from .analysis.timeline import build as build_timeline
from .cache import DiskCache, plugin_sources
from .cache_keys import digest, digest_of, of_value
from .corpus import build_corpus
from .findings import Claims, Findings
from .jsonld import Builder as JsonLd
from .markdown_ext import ArchiveExtension, NoteMark, SentenceLink, claim_links
from .model import Article, Corpus, Outlet
from .options import Options
from .page_cache import PageCache, folder_digest, settings_digest
from .progress import Progress
from .record_cache import RecordCache
from .settings import DEFAULTS, INDEX_PAGES, check
from .slim_pages import Copies
from .sources import ARTICLE_SUFFIXES, published_name, read_folder
from .spool import Spool
from .timeline_pages import timeline_view

logger = logging.getLogger(__name__)

# Claim links are written into article HTML before Pelican knows where the
# page will live; this stands for the site root and is resolved per page.
_ROOT = "%%coverage-root%%"
_STAGING_SUFFIX = ".building"


class ContentError(SystemExit):
    """Content that would publish something false (a stale claims rule); stops the build."""


def _stops_without_room(handler):
    """`handler`, stopping the build with a message instead of a traceback when a write
    finds no room (`staging.no_room`): every file the plugin writes, it writes from one
    of the handlers this wraps."""

    @wraps(handler)
    def handled(*args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except OSError as error:
            stop = staging.no_room(error, Path(_run.output.rstrip(os.sep) + _STAGING_SUFFIX))
            if stop is None:
                raise
            _stop_search()
            _run.progress.close()
            raise stop from None

    return handled


@dataclass
class _Run:
    """What one build run shares between Pelican's signals (readers only get settings)."""

    output: str = ""
    # `<output>.lock`, held from the start of a build until its site is published.
    lock: TextIO | None = None
    corpus: Corpus | None = None
    claims: Claims | None = None
    findings: Findings | None = None
    # Article id → block number → the sentences to link to their claims.
    links: dict[str, dict[int, list[SentenceLink]]] = field(default_factory=dict)
    # Article id → block number → the editor's notes on passages of that block.
    notes: dict[str, dict[int, list[NoteMark]]] = field(default_factory=dict)
    # Both keyed by the raw file's absolute path, which is what Pelican hands the reader.
    articles: dict[str, Article] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)
    # The digest of each post's text, which is all its published copy is made from.
    post_keys: dict[str, str] = field(default_factory=dict)
    progress: Progress = field(default_factory=Progress)
    cache: DiskCache | None = None
    pages: PageCache | None = None
    records: RecordCache | None = None
    search: search_index.Indexing | None = None
    # The parts the search index is built in, and what the last build built each from.
    search_parts: tuple[search_index.Part, ...] = ()
    search_record: search_index.PartRecord | None = None
    # The searched pages' cut copies Pagefind reads, kept for the next build (slim_pages.py),
    # and the identity of each searched page of this build.
    search_copies: Copies | None = None
    searched: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Pages minified before Pagefind read them; the rest are minified at the end.
    minified: set[Path] = field(default_factory=set)
    # A digest of the Markdown set-up every post is converted with (`_html_key`).
    markdown: str = ""
    # The outlets as the claim pages and the matrix list them, digested (`_shown`).
    shown: str = ""
    # Article id → the key its HTML is cached by, and the HTML itself only when no cache
    # keeps it (see ArchiveReader.read).
    html_keys: dict[str, str] = field(default_factory=dict)
    html: dict[str, str] = field(default_factory=dict)

    def memo(self, stage, key, compute):
        """The core's Runner: results come from the cache, and each article moves the bar."""
        if stage in _COUNTED:
            self.progress.advance()
        return self.cache.memo(stage, key, compute) if self.cache else compute()

    def keep(self, stage: str, key: str) -> None:
        if self.cache:
            self.cache.keep(stage, key)

    def memo_revised(self, stage, name, made_for, compute):
        if self.cache:
            return self.cache.memo_revised(stage, name, made_for, compute)
        return compute(None)[0]

    def stage(self, name: str, total: int | None = None):
        return self.progress.stage(name, total)

    def keeps(self, stage: str) -> bool:
        return self.cache is not None and self.cache.enabled

    def recall(self, stage: str, name: str):
        if not self.keeps(stage):
            raise LookupError(f"no cache keeps the {stage} results")
        return self.cache.recall(stage, name)

    def apart(self, compute):
        """The core's Runner: `compute` in a forked child (`forked.call`), which moves the
        bar here and hands back what the cache counted and used with the result."""

        def in_child(tick):
            self.progress.to_parent(tick)
            return compute(), (self.cache.state() if self.cache else None)

        try:
            value, state = forked.call(in_child, self.progress.advance)
        except forked.NoAnswerError as why:
            logger.warning("coverage: %s; computing in the build's own process", why)
            return compute()
        except forked.CannotForkError:
            return compute()
        if state is not None:
            self.cache.resume(state)
        return value

    def in_parts(self, compute):
        """The core's Runner: `compute(part, parts)` for one part per usable core, the first
        in this process and each other in a forked child beside it (`forked.start`), which
        hands back what the cache counted and used with its result.

        A part whose child cannot be made, or dies without answering, is computed here
        after the first: the build is slower then, never different.
        """
        parts = cores.usable() if hasattr(os, "fork") else 1
        if parts == 1:
            return [compute(0, 1)]

        def in_child(part, tick):
            self.progress.to_parent(tick)
            if self.cache:
                self.cache.count_anew()
            return compute(part, parts), (self.cache.state() if self.cache else None)

        waiting = []  # (part, its child), until its result is taken
        try:
            for part in range(1, parts):
                waiting.append((part, _started(partial(in_child, part), self.progress.advance)))
            results = [compute(0, parts)]
            while waiting:
                part, child = waiting.pop(0)
                results.append(self._result(child, partial(compute, part, parts)))
        except BaseException:
            for _, child in waiting:
                if child is not None:
                    child.stop()
            raise
        return results

    def _result(self, child, compute):
        """A part's result from its child (`in_parts`), or computed here if it has none."""
        if child is None:
            return compute()
        try:
            value, state = child.result()
        except forked.NoAnswerError as why:
            logger.warning("coverage: %s; computing its part in the build's own process", why)
            return compute()
        if state is not None:
            self.cache.absorb(state)
        return value


def _turns(count: int) -> forked.Turns | None:
    """`count` pages to share out in turns, or None where they are rendered in the build
    alone: one turn's work (an added article's pairs, say) is not worth a process, and
    without shared memory there are no turns."""
    if count <= forked.TURN:
        return None
    try:
        return forked.Turns(count)
    except forked.CannotForkError:
        return None


def _started(compute, step):
    """`compute` begun in a forked child, or None where this system cannot fork."""
    try:
        return forked.start(compute, step)
    except forked.CannotForkError:
        return None


# The per-article stages that move a stage's progress bar (one call per article).
_COUNTED = frozenset({"article", "sentences", "quotes", "words"})
_PLUGIN = Path(__file__).resolve().parent
# Pelican reports each page it writes (content_written), which is what this stage counts.
_WRITING = "write pages"

_run = _Run()


def initialized(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    check(settings)
    extensions = settings["MARKDOWN"].setdefault("extensions", [])
    if not any(isinstance(e, ArchiveExtension) for e in extensions):
        extensions.append(ArchiveExtension())
    # The claim matrix's template asks for each row through the build's cache.
    settings["JINJA_GLOBALS"] = {**settings["JINJA_GLOBALS"], "matrix_row": _matrix_row}
    _run.output = pelican.output_path
    pelican.output_path = pelican.output_path.rstrip(os.sep) + _STAGING_SUFFIX
    _run.progress = Progress(release=memory.give_back)
    _run.minified = set()
    sources = plugin_sources(_PLUGIN)
    # All of the plugin's code, once: what the page and record caches are versioned by.
    code = digest(*(f"{name}\n{text}" for name, text in sorted(sources.items())))
    _run.cache = DiskCache(
        Path(settings["CACHE_PATH"]) / "coverage",
        cache_keys.code_versions(sources),
        enabled=bool(settings["COVERAGE_CACHE"]),
    )
    _run.pages = PageCache(
        Path(settings["CACHE_PATH"]) / "coverage-pages.json",
        Path(_run.output),
        _render_context_key(settings, code),
        enabled=bool(settings["COVERAGE_CACHE"]),
    )
    _run.search_parts = ()
    _run.search_record = search_index.PartRecord(
        Path(settings["CACHE_PATH"]) / "coverage-search.json",
        Path(_run.output),
        enabled=bool(settings["COVERAGE_CACHE"]),
    )
    _run.search_copies = (
        Copies(Path(settings["CACHE_PATH"]) / "coverage-search-pages")
        if settings["COVERAGE_CACHE"]
        else None
    )
    _run.searched = {}
    # A data file's record is keyed by analysis results and its text made by the export code:
    # any plugin code may bear on the text, so all of it versions the record of where it sits.
    _run.records = RecordCache(
        Path(settings["CACHE_PATH"]) / "coverage-records.pickle",
        Path(_run.output),
        code,
        enabled=bool(settings["COVERAGE_CACHE"]),
    )
    # trafilatura and htmldate log their own ERROR and WARNING lines for a page
    # without an article; the build reports that page once, as a Problem.
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _render_context_key(settings, code: str) -> str:
    """What every page is rendered with besides its own inputs: settings, theme, code."""
    theme = Path(settings["THEME"])
    overrides = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])]
    return digest(
        settings_digest(settings),
        folder_digest([theme, *overrides]),
        code,
        *(version(package) for package in ("pelican", "jinja2", "markupsafe")),
    )


@_stops_without_room
def start_run(pelican):
    """Read content/, build the corpus and write the posts; return the archive's generator."""
    if _run.lock is not None:  # left by a failed build in this process (`make regenerate`)
        _run.lock.close()
    _run.lock = staging.hold(_run.output)
    _stop_search()  # one left by a failed build in this process (`make regenerate`)
    building = Path(pelican.output_path)
    if building.exists():
        shutil.rmtree(building)
    settings = pelican.settings
    options = Options(
        content_label=_label(pelican.path),
        news_sources=tuple(settings["COVERAGE_NEWS_SOURCES"]),
        date_order=settings["COVERAGE_DATE_ORDER"],
        story_file=settings["COVERAGE_STORY_FILE"],
        claims_file=settings["COVERAGE_CLAIMS_FILE"],
        notes_file=settings["COVERAGE_NOTES_FILE"],
        claim_threshold=float(settings["COVERAGE_CLAIM_THRESHOLD"]),
        reuse_threshold=float(settings["COVERAGE_REUSE_THRESHOLD"]),
    )
    folder = read_folder(pelican.path, options.story_file, options.claims_file, options.notes_file)
    with collector.paused():
        with _run.progress.stage("read and normalise", len(folder.articles)):
            corpus = build_corpus(folder, options, _run)
        findings = analyse(folder, corpus, options, _run)
        forget_memos()
    claims = findings.claims
    for problem in corpus.problems + findings.problems:
        log = logger.error if problem.level == "error" else logger.warning
        log("%s", problem)
    errors = [p for p in findings.problems if p.level == "error"]
    if errors:
        _run.progress.close()
        raise ContentError(
            f"{errors[0].path}: {len(errors)} error(s) listed above — fix them and build again;"
            " the published site was left as it was"
        )
    post_dir = Path(settings["CACHE_PATH"]) / "coverage-posts"
    post_dir.mkdir(parents=True, exist_ok=True)
    _run.corpus, _run.claims, _run.findings = corpus, claims, findings
    _run.links = claim_links(claims, f"{_ROOT}/{settings['CLAIM_URL']}")
    _run.markdown = _markdown_setup(settings["MARKDOWN"])
    _run.notes = {}
    for anchored in findings.notes:
        note = anchored.note
        mark = NoteMark(note.id, note.selector.exact, anchored.start, note.body, note.verdict)
        _run.notes.setdefault(anchored.article, {}).setdefault(anchored.block, []).append(mark)
    _run.articles, _run.posts, _run.post_keys = {}, {}, {}
    _run.html_keys, _run.html = {}, {}
    for article in corpus.articles:
        path = post_dir / article.post_name
        text = posts.render(article, _sort_date(article, corpus))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        raw_path = os.path.abspath(os.path.join(pelican.path, article.source.name))
        _run.articles[raw_path] = article
        _run.posts[raw_path] = str(path)
        _run.post_keys[raw_path] = digest(text)
    # A renamed or removed article must not leave its old post behind.
    for stale in set(post_dir.glob("*.md")) - {Path(p) for p in _run.posts.values()}:
        stale.unlink()
    _run.progress.begin("article pages (Markdown)", len(corpus.articles))
    return ArchiveGenerator


def _label(path: str) -> str:
    """How messages (and the published report) name the content folder.

    Relative to where the build runs when it is inside it, else just its name: a
    published page must not carry the build machine's absolute paths.
    """
    relative = os.path.relpath(path)
    return os.path.basename(os.path.normpath(path)) if relative.startswith("..") else relative


def _sort_date(article: Article, corpus: Corpus) -> str:
    """Pelican needs a date to order articles; an undated one sorts by what bounds it."""
    for value in (article.published.value, article.retrieved.value):
        if value:
            return value.isoformat()
    if corpus.story and corpus.story.events:
        return corpus.story.events[0].date.isoformat()
    return "1970-01-01"


class ArchiveReader(BaseReader):
    """Reads a raw article by handing its dated Markdown post to Pelican's Markdown reader."""

    enabled = True
    file_extensions = tuple(suffix.lstrip(".") for suffix in ARTICLE_SUFFIXES)

    @_stops_without_room
    def read(self, source_path):
        key = os.path.abspath(source_path)
        article = _run.articles.get(key)
        if article is None:
            # Reported when the corpus was built (bad bytes, duplicate, bad sidecar, subfolder).
            return "", {"status": "skip"}
        name = article.source.name
        post = _run.posts[key]
        # The post's text becomes HTML once, and again only when it, its claim links, its
        # notes or the Markdown set-up change (at 1,000 articles this stage took 2.3 s of
        # every build, now 1.0 s). Its header is parsed on every build, as Pelican parses it.
        with open(post, encoding="utf-8-sig") as file:
            text = file.read()
        metadata = self._header.metadata(text.partition("\n\n")[0])
        convert = partial(self._converted, article, post)
        key = _html_key(text, article)
        content = _run.memo("html", key, convert)
        _run.html_keys[article.id] = key
        if not _run.keeps("html"):
            _run.html[article.id] = content
        _run.progress.advance()
        metadata["coverage"] = article
        metadata["post_url"] = self.settings["COVERAGE_POST_URL"].format(name=article.post_name)
        metadata["raw_url"] = self.settings["COVERAGE_RAW_URL"].format(name=published_name(name))
        metadata["outlet_url"] = self.settings["OUTLET_URL"].format(slug=article.outlet_slug)
        # Pelican keeps every article it reads, with its HTML, to the end of the build:
        # 19.4 MB at 1,000 articles, so about 190 MB at 10,000, through the stages that
        # hold the most. The page is rendered from the HTML read back
        # (ArchiveWriter.write_file), and no other page prints an article's text, so
        # Pelican is handed none.
        return "", metadata

    @cached_property
    def _header(self) -> _PostHeader:
        # Pelican's Markdown reader completes the `MARKDOWN` setting it is given in place.
        markdown = dict(self.settings["MARKDOWN"])
        markdown["extensions"] = list(markdown.get("extensions", []))
        return _PostHeader({**self.settings, "MARKDOWN": markdown})

    def _converted(self, article: Article, post: str) -> str:
        return MarkdownReader(self._with_links(article)).read(post)[0]

    def _with_links(self, article: Article) -> dict:
        """Settings whose Markdown extension links this article's claim sentences."""
        markdown = dict(self.settings["MARKDOWN"])
        markdown["extensions"] = [
            e for e in markdown.get("extensions", []) if not isinstance(e, ArchiveExtension)
        ] + [
            ArchiveExtension(
                links=_run.links.get(article.id, {}), notes=_run.notes.get(article.id, {})
            )
        ]
        return {**self.settings, "MARKDOWN": markdown}


def _markdown_setup(markdown: dict) -> str:
    """The `MARKDOWN` setting (its extensions by name) and the libraries' versions, digested
    once per build: looking a version up took a millisecond, once per post."""
    named = [e for e in markdown.get("extensions", []) if isinstance(e, str)]
    configured = {k: v for k, v in markdown.items() if k != "extensions"}
    return digest(repr(named), repr(configured), version("markdown"), version("pelican"))


def _html_key(text: str, article: Article) -> str:
    """What a post's HTML is made from besides the code: its text, the claim links and
    notes the extension puts in, and the Markdown set-up."""
    return digest(
        text,
        of_value(_run.links.get(article.id, {})),
        of_value(_run.notes.get(article.id, {})),
        _run.markdown,
    )


class _PostHeader(MarkdownReader):
    """Pelican's Markdown reader handed a post's header alone: the metadata, parsed as
    Pelican parses a whole post, without converting the article's text.

    One Markdown instance parses every header of a build: made for each, it took
    0.22 ms a header instead of 0.11 ms, about 1.1 s of every build at 10,000 articles.
    """

    def __init__(self, settings: dict) -> None:
        super().__init__(settings)
        self._md = Markdown(**self.settings["MARKDOWN"])
        self._meta = self._md.preprocessors["meta"]

    def metadata(self, header: str) -> dict:
        self._md.reset()
        # Pelican's `_parse_metadata` takes the meta extension's preprocessor out (a value it
        # converts must not be read for metadata), so it goes back in before each header, at
        # the priority the extension gives it.
        if "meta" not in self._md.preprocessors:
            self._md.preprocessors.register(self._meta, "meta", 27)
        self._md.convert(header)
        return self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}


def _rooted(html: str, save_as: str, settings: Mapping) -> str:
    """The HTML with its claim links pointed at the site root, relative or absolute as the
    site is."""
    if settings.get("RELATIVE_URLS"):
        root = get_relative_path(save_as).rstrip("/") or "."
    else:
        root = settings.get("SITEURL", "")
    return html.replace(_ROOT, root)


def _article_html(article_id: str) -> str:
    """An article's HTML as ArchiveReader.read made it: held, or read back from the cache."""
    held = _run.html.get(article_id)
    return held if held is not None else _run.cache.stored("html", _run.html_keys[article_id])


def readers_init(readers) -> None:
    # After READERS from pelicanconf.py, which turns off Pelican's own md and html readers.
    for extension in ArchiveReader.file_extensions:
        readers.reader_classes[extension] = ArchiveReader


# The context entries a paginated template splits over its pages.
_PAGINATED = ("ordered_views",)


class _Page(NamedTuple):
    """One page (or paginated page kind) the archive's generator writes.

    It is saved at `{key}_SAVE_AS` and linked at `{key}_URL`, formatted with
    `fields`, as Pelican does for its own page kinds. A page with `inputs` (a
    digest of everything its view is made from) is rendered from that view and
    the settings alone, and published as it was when they did not change
    (page_cache.py); a page without reads the whole context and is always rendered.
    """

    key: str
    fields: dict[str, str]
    template: str
    extra: dict
    lastmod: date | None = None
    inputs: str | None = None
    # The page's view, made only if the page is rendered, not when it is published as it was.
    made: Callable[[], object] | None = None
    # A paginated kind with `inputs`: each row's key. Each of its pages is keyed by the
    # kind's inputs and its own rows, so a page whose rows did not change is published as it was.
    row_key: Callable[[object], str] | None = None
    # Told the SITEURL and rows of each of those pages published as it was.
    kept: Callable[[str, Sequence], None] | None = None


def _paginated(page: _Page) -> dict:
    """The context entries a paginated page kind splits over its pages."""
    return {k: v for k, v in page.extra.items() if k in _PAGINATED}


def _page_urls(settings, page: _Page, name: str, url: str) -> list[str]:
    """The URL of every page `write_file` writes for one page kind (one, unless paginated)."""
    paginated = _paginated(page)
    if not paginated or page.template not in settings["PAGINATED_TEMPLATES"]:
        return [url]
    per_page = settings["PAGINATED_TEMPLATES"][page.template] or settings["DEFAULT_PAGINATION"]
    found = Paginator(name, url, next(iter(paginated.values())), settings, per_page)
    return [found.page(n).url for n in found.page_range]


def _outlet_inputs(
    outlet: Outlet,
    listed: Sequence,
    claims: pages.OutletClaims,
    fidelity: findings_pages.Fidelity,
    article_digests: Mapping[str, str],
) -> str:
    """A digest of everything an outlet's page is rendered from besides the settings: its
    name, its archived articles, Pelican's `listed` articles (their links and titles), and
    what it prints of its claims and of how it quotes."""
    return digest(
        outlet.name,
        outlet.slug,
        pages.outlet_claims_key(claims),
        findings_pages.fidelity_key(fidelity),
        *(article_digests[a.id] for a in outlet.articles),
        *(f"{a.url} {a.title}" for a in listed),
    )


def _shown() -> str:
    """The outlets as the claim pages and the matrix list them, in the cells' order."""
    return digest(repr([(o.slug, o.name) for o in _run.corpus.outlets]))


@pass_context
def _matrix_row(context, view: pages.ClaimView, render: Callable[[pages.ClaimView], str]):
    """A claim's row of the matrix as `render` (the template's macro) makes it, from the
    cache when the row printed the same in an earlier build (or on another page).

    Every page of the matrix counts the claims, so a claim added anywhere renders all of
    them again: 432 pages of 50 rows at 10,000 articles. The rows themselves often do not
    change (8 of 10,771 were new for the benchmark's third added article). A row is keyed
    by what it prints (`row_key`, its outlets count, the outlets' names) and by what every
    page is rendered with (settings, theme and code).
    """
    key = _row_entry(str(context.get("SITEURL", "")), view)
    return Markup(_run.memo("matrix_row", key, lambda: str(render(view))))


def _row_entry(siteurl: str, view: pages.ClaimView) -> str:
    """The key a matrix row's HTML is cached by, on a page whose links start at `siteurl`."""
    return digest(
        _run.pages.context_key, siteurl, _run.shown, view.row_key, str(len(view.carried_by))
    )


def _keep_rows(siteurl: str, views: Sequence[pages.ClaimView]) -> None:
    """Keep the cached rows of a matrix page published as it was: the next build that
    renders it (a claim added anywhere changes every page's count) will want them.
    Pruned, they were rendered again: 10,666 of 10,769 rows in the benchmark's second
    add-one build at 10,000 articles."""
    for view in views:
        _run.keep("matrix_row", _row_entry(siteurl, view))


def _map(mapped: Spool, page: _Page, urls: Iterable[str]) -> None:
    day = page.lastmod.isoformat() if page.lastmod else None
    for url in urls:
        mapped.add(url, day)


def _write_text(path: Path, text: str) -> None:
    _write_parts(path, (text,))


def _write_parts(path: Path, parts: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.writelines(parts)


def _reuse_context(findings: Findings, articles, urls: dict[str, str], listed: int) -> dict:
    """The reuse pages' data: pairs side by side, what each article shares, matrix and graph."""
    views = reuse_pages.pair_views(findings.reuse, articles, urls)
    shares = reuse_pages.shares_of(views)
    table = reuse_pages.matrix(shares, publication_order(articles), urls)
    return {
        "reuse_views": views,
        "reuse_listed": reuse_pages.listed(views, listed),
        "reuse_incidental": len(findings.reuse.pairs) - len(views),
        "reuse_shares": shares,
        "sourcing": reuse_pages.sourcing_of(findings.reuse, articles),
        "reuse_matrix": table,
        "lineage": lineage.layout(table.articles, shares, urls),
    }


@dataclass(frozen=True, slots=True)
class _PageViews:
    """Makes an article's or a claim's page view (article_pages.py, claim_pages.py) when its
    page is written, and no sooner.

    A view is made for the page's key, and made again only if the page is rendered;
    nothing keeps it after. Made up front and kept for the build, the claim pages'
    views held 66 MB at 1,000 articles and the article pages' 23 MB.
    """

    jsonld: JsonLd
    articles: Mapping[str, Article]
    claims: Mapping[str, pages.ClaimView]
    claims_of: Mapping[str, pages.ArticleClaims]
    quotes_of: Mapping[str, Sequence[tuple[findings_pages.QuoteView, findings_pages.VersionView]]]
    shares: Mapping[str, tuple[reuse_pages.Share, ...]]
    sourcing: Mapping[str, reuse_pages.SourcingView]

    def article(self, article_id: str) -> article_pages.ArticlePage:
        return article_pages.article_page(
            article_id,
            self.jsonld.article(self.articles[article_id]),
            self.claims_of[article_id],
            self.quotes_of.get(article_id, ()),
            self.shares.get(article_id, ()),
            self.sourcing.get(article_id),
        )

    def claim(self, claim_id: str) -> claim_pages.ClaimPage:
        view = self.claims[claim_id]
        return claim_pages.claim_page(view, self.jsonld.claim(view))


class ArchiveGenerator(Generator):
    """Every page that is not an article, the data files, and the posts and raw files."""

    @_stops_without_room
    def generate_context(self) -> None:
        _run.progress.begin("site views", unit="")
        corpus, findings = _run.corpus, _run.findings
        _run.shown = _shown()
        articles = corpus.articles
        urls = self._urls()
        views = pages.claim_views(findings.claims, articles, corpus.outlets, urls)
        claims_of = pages.by_article(views, findings.claims, articles, urls)
        quote_views = findings_pages.quote_views(findings.quotes, articles, urls)
        jsonld = JsonLd(
            domain=self.settings["FEED_DOMAIN"],
            site_name=self.settings["SITENAME"],
            lang=self.settings["DEFAULT_LANG"],
            claim_url=self.settings["CLAIM_URL"],
            urls=urls,
            notes=findings.notes,
        )
        reuse = _reuse_context(findings, articles, urls, self.settings["COVERAGE_REUSE_LISTED"])
        quotes_of = findings_pages.quotes_of(quote_views)
        self.context.update(
            story=corpus.story,
            outlets=corpus.outlets,
            build_problems=corpus.problems,
            skipped_files=corpus.skipped,
            claims=findings.claims,
            coverage_articles=articles,
            claim_views=views,
            claims_of=claims_of,
            outlet_claims={
                o.slug: pages.outlet_claims(o, views, claims_of) for o in corpus.outlets
            },
            quote_views=quote_views,
            quotes_by_speaker=findings_pages.by_speaker(quote_views),
            outlet_fidelity={
                o.slug: findings_pages.outlet_fidelity(o, quote_views) for o in corpus.outlets
            },
            ledger=findings_pages.ledger(findings.quantities, articles, urls),
            note_views=findings_pages.note_views(findings.notes, articles, urls),
            timeline=timeline_view(
                build_timeline(articles, corpus.story, findings.claims.claims, findings.quotes),
                urls,
                quote_views,
            ),
            **reuse,
            data_schemas=schemas.FILES,
            # What the article and claim pages print: each is keyed by its own view.
            page_views=_PageViews(
                jsonld,
                {a.id: a for a in articles},
                {v.claim.id: v for v in views},
                claims_of,
                quotes_of,
                reuse["reuse_shares"],
                reuse["sourcing"],
            ),
        )

    @_stops_without_room
    def generate_output(self, writer) -> None:
        settings, dated = self.settings, self._dated()
        # Each page's URLs and date, for the sitemap.
        mapped = Spool(Path(settings["CACHE_PATH"]))
        # Pelican writes these two (DIRECT_TEMPLATES); the sitemap lists them too.
        mapped.add(settings["INDEX_SAVE_AS"], None)
        mapped.add(settings["ARTICLES_INDEX_URL"], None)
        # Each page is placed as it is written, not all listed first: at 10,000 articles
        # the list of 300,000 pages held some 200 MB through the whole stage.
        # The searched pages first: Pagefind reads them while the others are written.
        for page, name, url in self._placed(self._searched_pages(dated)):
            _map(mapped, page, _page_urls(settings, page, name, url))
            self._write_page(writer, page, name, url)
        _start_search(settings, Path(self.output_path))
        try:
            for page, name, url in self._placed(self._matrix_pages()):
                _map(mapped, page, _page_urls(settings, page, name, url))
                self._write_page(writer, page, name, url)
            self._write_pair_pages(writer, mapped)
            for page, name, url in self._placed(self._index_pages()):
                _map(mapped, page, _page_urls(settings, page, name, url))
                self._write_page(writer, page, name, url)
            self._write_files(mapped, dated)
            self._copy_evidence()
        except BaseException:
            _stop_search()
            raise
        finally:
            mapped.close()

    def _placed(self, found: Iterable[_Page]) -> Iterator[tuple[_Page, str, str]]:
        """Each page with where it is saved and linked (`_place`)."""
        return map(self._place, found)

    def _place(self, page: _Page) -> tuple[_Page, str, str]:
        """The page with where it is saved and linked (`{key}_SAVE_AS`, `{key}_URL`)."""
        settings = self.settings
        name = settings[f"{page.key}_SAVE_AS"].format(**page.fields)
        return page, name, settings[f"{page.key}_URL"].format(**page.fields)

    def _write_page(self, writer: ArchiveWriter, page: _Page, name: str, url: str) -> None:
        """Render one page (every page, if the kind is paginated), or reuse the published one."""
        if page.inputs is None:
            write = writer.write_file
        elif page.row_key is not None:
            write = partial(writer.write_keyed_pages, page.inputs, page.row_key, page.kept)
        elif _run.pages.reuse(name, page.inputs, self.output_path):
            # Asked first, before the template and Pelican's arguments are looked up: at
            # 10,000 articles nearly all of the 300,000 pages go this way.
            return
        else:
            self._render(writer, page, name, url)
            return
        self._call(write, page, name, url)

    def _render(self, writer: ArchiveWriter, page: _Page, name: str, url: str) -> None:
        """Render a keyed page that was not published as it was."""
        self._call(partial(writer.render_keyed, made=page.made), page, name, url)

    def _call(self, write: Callable, page: _Page, name: str, url: str) -> None:
        """`write` the page with Pelican's arguments and the page's own entries."""
        write(
            name,
            self.get_template(page.template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            # Split into pages as Pelican splits its own (PAGINATED_TEMPLATES, PAGINATION_PATTERNS).
            paginated=_paginated(page),
            template_name=page.template,
            url=url,
            **page.extra,
        )

    def _write_files(self, mapped: Spool, dated: dict[str, date]) -> None:
        """The data files, the feeds and the sitemap, each made as it is written."""
        settings, corpus, findings = self.settings, _run.corpus, _run.findings
        articles, urls = corpus.articles, self._urls()
        for a in articles:
            mapped.add(urls[a.id], dated[a.id].isoformat())
        _run.progress.begin("data files and feeds", unit="files")
        prefix = settings["COVERAGE_DATA_PATH"]
        out = Path(self.output_path)
        (out / prefix).mkdir(parents=True, exist_ok=True)
        for name, pieces in site_files.data(findings, articles, urls, self._claim_keys):
            _run.records.write(f"{prefix}/{name}", out / prefix / name, pieces)
            _run.progress.advance()
        # A feed is keyed by its `Feed` value, which is all `feeds.atom` reads, like a page by
        # its view: a feed whose entries did not change is published as it was.
        outlets = corpus.outlets
        for path, feed in site_files.atom_feeds(settings, findings, articles, outlets, dated, urls):
            if not _run.pages.reuse(path, of_value(feed), out):
                _write_text(out / path, feeds.atom(feed))
            _run.progress.advance()
        # The sitemap is made from the pages' URLs and dates alone, so it is keyed by them.
        sitemap = settings["SITEMAP_SAVE_AS"]
        if not _run.pages.reuse(sitemap, digest_of(f"{u} {d}" for u, d in mapped), out):
            listed = ((u, date.fromisoformat(d) if d else None) for u, d in mapped)
            _write_parts(out / sitemap, site_files.site_map(settings, listed))
        _run.progress.advance()

    @cached_property
    def _claim_keys(self) -> dict[str, str]:
        """Claim id → its page's key (claim_pages.page_keys), which also keys its records in
        the data files: it covers the claim and the articles on its story."""
        context = self.context
        return claim_pages.page_keys(
            context["claim_views"],
            _run.shown,
            _run.findings.article_keys,
            context["page_views"].jsonld.urls,
            _run.findings.notes,
        )

    def _urls(self) -> dict[str, str]:
        """Article id → its page's URL, relative to the site root."""
        return {a.coverage.id: a.url for a in self.context["articles"] if hasattr(a, "coverage")}

    def _dated(self) -> dict[str, date]:
        """Article id → the day the site sorts it by (feeds and the sitemap use it too).

        It is the date Pelican read from the post's header, which `_sort_date` wrote.
        """
        return {
            a.coverage.id: a.date.date() for a in self.context["articles"] if hasattr(a, "coverage")
        }

    def _searched_pages(self, dated: dict[str, date]) -> Iterator[_Page]:
        """The pages Pagefind indexes besides the articles (search_index.SEARCHED), as
        `_Page`s: outlets, claims and quotes."""
        context, findings = self.context, _run.findings
        # Grouped in one pass: filtering all articles once per outlet grows as their product.
        published: dict[str, list] = {}
        for a in context["articles"]:
            if hasattr(a, "coverage"):
                published.setdefault(a.coverage.outlet_slug, []).append(a)
        keys = findings.article_keys
        for outlet in _run.corpus.outlets:
            newest = max(dated[a.id] for a in outlet.articles)
            listed = published.get(outlet.slug, [])
            claims = context["outlet_claims"][outlet.slug]
            fidelity = context["outlet_fidelity"][outlet.slug]
            extra = {"outlet": outlet, "outlet_articles": listed, "oc": claims, "fid": fidelity}
            inputs = _outlet_inputs(outlet, listed, claims, fidelity, keys)
            yield _Page("OUTLET", {"slug": outlet.slug}, "outlet", extra, newest, inputs)
        page_views = context["page_views"]
        for view in context["claim_views"]:
            newest = max(dated[a.sentence.article] for a in view.claim.appearances)
            claim = view.claim.id
            made = partial(page_views.claim, claim)
            yield _Page("CLAIM", {"id": claim}, "claim", {}, newest, self._claim_keys[claim], made)
        for view in context["quote_views"]:
            if view.has_page:
                inputs = findings_pages.page_inputs(view, keys)
                extra = {"view": view}
                yield _Page("QUOTE", {"id": view.group.id}, "quote", extra, None, inputs)

    def _matrix_pages(self) -> Iterator[_Page]:
        """The claim matrix in its two orders, each a paginated kind of page."""
        context, findings = self.context, _run.findings
        views = context["claim_views"]
        # The matrix prints the number of claims and the outlets on every page, and the
        # number of unmatched sentences on its first page only: that one changes with nearly
        # every article added, and would otherwise make every page of the matrix new.
        matrix = {"claim_count": len(views), "outlets": _run.corpus.outlets}
        first = {"unmatched_count": len(findings.claims.unmatched)}
        for key, order, ordered in (
            ("CLAIMS", "coverage", pages.by_coverage(views)),
            ("CLAIMS_BY_TIME", "time", views),
        ):
            extra = {**matrix, "ordered_views": ordered, "order": order, "first_page": first}
            inputs = digest(order, str(len(views)), _run.shown)
            rows = attrgetter("row_key")
            yield _Page(key, {}, "claims", extra, None, inputs, row_key=rows, kept=_keep_rows)

    def _pair_page(self, view: reuse_pages.PairView, keyed: bool = True) -> _Page:
        """The page of one pair of articles that share text (without its key, to render it)."""
        reuse = _run.findings.reuse
        inputs = (
            reuse_pages.page_inputs(view, _run.findings.article_keys, reuse.key(view.pair))
            if keyed
            else None
        )
        # The pair's passages are read back only to render its page (Reuse.whole).
        made = partial(reuse_pages.whole_view, view, reuse)
        return _Page("REUSE_PAIR", {"id": view.pair.id}, "reuse_pair", {}, None, inputs, made)

    def _write_pair_pages(self, writer: ArchiveWriter, mapped: Spool) -> None:
        """Every pair's page: each is placed and asked about here, in order, and those not
        published as they were are rendered in parts, side by side (`_Run.in_parts`).

        Nearly all of a full build's pages are pair pages (263,555 of 287,111 at 10,000
        articles), and writing pages took 42 % of its time, on one core of two.
        """
        render = array("L")  # the pairs to render, by their place in the views
        for n, view in enumerate(self.context["reuse_views"]):
            page, name, url = self._place(self._pair_page(view))
            _map(mapped, page, (url,))
            if not _run.pages.reuse(name, page.inputs, self.output_path):
                render.append(n)
        turns = _turns(len(render))
        if turns is None:
            self._render_pairs(writer, render)
            return
        parts = _run.in_parts(partial(self._render_turns, writer, render, turns))
        for written in parts[1:]:
            writer.written_beside(written)
        # The turns a part's process began and did not finish, if it died.
        for turn in turns.unfinished():
            self._render_pairs(writer, [render[n] for n in turn])

    def _render_turns(
        self,
        writer: ArchiveWriter,
        render: Sequence[int],
        turns: forked.Turns,
        part: int,
        parts: int,
    ) -> WrittenNames | None:
        """Render the pair pages of each turn `turns` hands this part. A part but the first
        says which files it wrote, as Pelican's writer records them: forked from the build,
        its writer's record is its own, which the build's is told of (`written_beside`)."""
        with writer.own_record() if part else nullcontext() as written:
            for turn in turns:
                self._render_pairs(writer, [render[n] for n in turn])
        return written

    def _render_pairs(self, writer: ArchiveWriter, places: Sequence[int]) -> None:
        """Render the pages of the pairs at these places in the views."""
        views = self.context["reuse_views"]
        for n in places:
            self._render(writer, *self._place(self._pair_page(views[n], keyed=False)))

    def _index_pages(self) -> Iterator[_Page]:
        for name in INDEX_PAGES:
            yield _Page(name.upper(), {}, name, {})

    def _copy_evidence(self) -> None:
        """Publish each raw file byte for byte, and its normalised post, beside the pages.

        A saved page goes out as `<name>.txt`, so no host serves it as a live page
        of this site (see sources.published_name); its bytes are not changed.
        """
        out = Path(self.output_path)
        raw_url, post_url = self.settings["COVERAGE_RAW_URL"], self.settings["COVERAGE_POST_URL"]
        for key, article in _run.articles.items():
            # Each is keyed like a page by what it is made of, so an unchanged one is the
            # published file linked in: at 10,000 articles, 20,000 files not written again.
            raw = raw_url.format(name=published_name(article.source.name))
            if not _run.pages.reuse(raw, article.source.sha256, out):
                (out / raw).parent.mkdir(parents=True, exist_ok=True)
                (out / raw).write_bytes(article.source.raw)
            post = post_url.format(name=article.post_name)
            if not _run.pages.reuse(post, _run.post_keys[key], out):
                (out / post).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(_run.posts[key], out / post)


class WrittenNames:
    """Pelican's record of the files its writer wrote, by a digest of each name.

    Pelican keeps every name to refuse writing one file twice in a build; at 10,000
    articles that is 287,111 full paths, held to the end (51 MB with the benchmark's
    paths). A 16-byte digest answers the same question in 21 MB; two names share one by
    chance about once in 10^28 such builds.
    """

    def __init__(self) -> None:
        self._seen: set[bytes] = set()

    @staticmethod
    def _digest(name: str) -> bytes:
        return hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def add(self, name: str) -> None:
        self._seen.add(self._digest(name))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._digest(name) in self._seen

    def isdisjoint(self, other: WrittenNames) -> bool:
        return self._seen.isdisjoint(other._seen)

    def update(self, other: WrittenNames) -> None:
        self._seen.update(other._seen)

    def __len__(self) -> int:
        return len(self._seen)


class _Streamed:
    """A template that renders a page into one growing buffer, a fragment at a time.

    Jinja's `render` makes every fragment of a page before it joins them, so the
    fragments and the page are all held at once: at 10,000 articles the
    discrepancies page is 24 MB of HTML. Written into a buffer as they come, the
    fragments go as soon as they are copied: a 100,000-row listing peaks at 30 MB
    this way and at 66 MB through `render` (tests/test_pelican_glue.py).
    """

    def __init__(self, template) -> None:
        self.template = template

    def render(self, *args, **kwargs) -> str:
        page = io.StringIO()
        page.writelines(self.template.generate(*args, **kwargs))
        return page.getvalue()


class ArchiveWriter(Writer):
    """Pelican's writer, plus pages rendered from their own view and published as they were
    when it did not change (`write_keyed`).

    Pelican hands an article's template the whole context. For an archived
    article this writer hands it the settings, the article, the article's view
    (article_pages.py) and its HTML instead, so a digest of those (the HTML by
    the key it is cached by) is a complete key for the page. Every other page
    Pelican writes is Pelican's.
    """

    _settings: dict | None = None

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings)
        self._written_files = WrittenNames()

    @_stops_without_room
    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        pelican_args = (relative_urls, paginated, template_name, override_output, url)
        article = kwargs.get("article")
        coverage = getattr(article, "coverage", None)
        page_views = context.get("page_views")
        if coverage is None or page_views is None:
            return super().write_file(name, _Streamed(template), context, *pelican_args, **kwargs)
        view = page_views.article(coverage.id)
        if relative_urls:
            # As Pelican's writer does for each page: the article's HTML takes its links'
            # root from the shared context, which write_keyed's settings-only copy would not reach.
            context["localsiteurl"] = path_to_url(get_relative_path(name))
        inputs = article_pages.page_inputs(
            view,
            _run.findings.article_keys[coverage.id],
            article.title,
            _run.html_keys[coverage.id],
            article.raw_url,
            article.post_url,
        )
        if _run.pages.reuse(name, inputs, self.output_path):
            return None
        body = _rooted(_article_html(coverage.id), name, self.settings)
        # Pelican's other entries (category, blog) are left out: the page does not read them.
        return self.render_keyed(
            name, template, context, *pelican_args, article=article, view=view, body=body
        )

    def write_keyed(self, inputs: str, name, template, context, *args, made=None, **kwargs) -> bool:
        """Link the published page if its key is unchanged (page_cache.py), and say so; else
        render it.

        `inputs` digests the entries the page is rendered from (in `kwargs`, beside
        Pelican's own arguments, and the `view` that `made()` returns). Its template is
        handed them and the settings, nothing else, so it can read nothing the key does not
        cover.
        """
        if _run.pages.reuse(name, inputs, self.output_path):
            return True
        self.render_keyed(name, template, context, *args, made=made, **kwargs)
        return False

    @contextmanager
    def own_record(self) -> Iterator[WrittenNames]:
        """Record the files written meanwhile apart from the others (and only them)."""
        kept, self._written_files = self._written_files, WrittenNames()
        try:
            yield self._written_files
        finally:
            self._written_files = kept

    def written_beside(self, written: WrittenNames) -> None:
        """Count as written the files a part forked from the build wrote (`own_record`):
        a file written twice, once in each, is refused as Pelican refuses it."""
        if not self._written_files.isdisjoint(written):
            raise FileOverwriteFailedError(
                "two parts of the build wrote the same file: give each page its own *_SAVE_AS"
            )
        self._written_files.update(written)

    def render_keyed(self, name, template, context, *args, made=None, **kwargs) -> None:
        """Render a keyed page (`write_keyed`) that was not published as it was."""
        if made is not None:
            kwargs["view"] = made()
        if self._settings is None:
            # The settings do not change while pages are written: taken out once.
            self._settings = {k: v for k, v in context.items() if k.isupper()}
        super().write_file(name, _Streamed(template), self._settings, *args, **kwargs)

    def write_keyed_pages(
        self,
        inputs: str,
        row_key,
        kept,
        name,
        template,
        context,
        *,
        paginated,
        template_name,
        url,
        first_page=None,
        **kwargs,
    ) -> None:
        """`write_keyed` for a kind Pelican would split into pages, one key per page.

        The pages are split as Pelican's writer splits them (PAGINATED_TEMPLATES,
        PAGINATION_PATTERNS, the `<list>_page` and `<list>_paginator` entries), and
        each is keyed by `inputs`, its number, the number of pages and its rows'
        keys. `first_page` entries go to the first page alone, which they key too.
        `kept` is told the SITEURL (as Pelican's writer sets it for the page) and the
        rows of each page published as it was.
        """
        [(listed, rows)] = paginated.items()
        first = dict(first_page or {})

        def published(save_as: str, shown: Sequence) -> None:
            if kwargs.get("relative_urls"):
                kept(path_to_url(get_relative_path(save_as)), shown)
            else:
                kept(str(context.get("SITEURL", "")), shown)

        if template_name not in self.settings["PAGINATED_TEMPLATES"]:
            keyed = digest(inputs, repr(first), *map(row_key, rows))
            reused = self.write_keyed(
                keyed,
                name,
                template,
                context,
                template_name=template_name,
                url=url,
                **kwargs,
                **first,
            )
            if reused and kept:
                published(name, rows)
            return
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name]
        paginator = Paginator(
            name, url, rows, self.settings, per_page or self.settings["DEFAULT_PAGINATION"]
        )
        for number in paginator.page_range:
            page = paginator.page(number)
            own = first if number == 1 else {}
            keyed = digest(
                inputs,
                str(number),
                str(paginator.num_pages),
                repr(own),
                *map(row_key, page.object_list),
            )
            reused = self.write_keyed(
                keyed, page.save_as, template, context, template_name=template_name,
                url=page.url, **kwargs, **own,
                **{
                    f"{listed}_paginator": paginator,
                    f"{listed}_page": page,
                    f"{listed}_previous_page": paginator.page(number - 1) if number > 1 else None,
                    f"{listed}_next_page": (
                        paginator.page(number + 1) if number < paginator.num_pages else None
                    ),
                },
            )  # fmt: skip
            if reused and kept:
                published(page.save_as, page.object_list)


def archive_writer(pelican) -> type[Writer]:
    return ArchiveWriter


def _start_search(settings, site: Path) -> None:
    """Minify the pages written so far if asked, then start indexing the parts that changed.

    By now every searched page is written: Pelican's own generators (the
    articles) run before the plugin's, which writes its searched kinds first.
    Pagefind, a separate process, then takes the machine's other core while the
    build writes the reuse and index pages, the data files and the feeds.
    """
    if settings["COVERAGE_MINIFY"]:
        with _run.progress.stage("minify searched pages", unit="files"):
            _run.minified = staging.minify_all(site, _run.progress.advance, (".html",))
    if not settings["COVERAGE_SEARCH"]:
        return
    output = Path(_run.output)
    shapes = search_index.page_shapes(settings.get(name, "") for name in search_index.SEARCHED)
    names = search_index.searched_pages(site, shapes)
    # A page written again with the bytes it had becomes the published file, so the part
    # it is in can be kept: its fingerprint goes by the files' identities.
    staging.keep_unchanged(site, output, names=names)
    files = _run.searched = search_index.identities(site, names)
    _run.search_parts = search_index.split(names, settings["COVERAGE_SEARCH_PART_PAGES"])
    changed = []
    for part in _run.search_parts:
        if _run.search_record.unchanged(part, search_index.fingerprint(part, files)):
            search_index.keep_published(site, output, part)
        else:
            changed.append(part)
    search_index.write_parts_list(site, _run.search_parts)
    _run.search = search_index.start(site, changed, _run.search_copies)
    # A build that stops before finalized must not leave Pagefind writing into its folder.
    atexit.register(_stop_search)


def _stop_search() -> None:
    """End Pagefind's run if it is still going, and forget it (idempotent)."""
    if _run.search is not None:
        _run.search.stop()
        _run.search = None
    atexit.unregister(_stop_search)


def _record_published() -> None:
    """Record what this build published, for the next to reuse (after the swap)."""
    _run.pages.save()
    _run.records.save()
    _run.search_record.save()


@_stops_without_room
def finalized(pelican) -> None:
    """Finish the staging folder (minified, indexed for search), then swap it in."""
    progress, settings = _run.progress, pelican.settings
    site, output = Path(pelican.output_path), Path(_run.output)
    index = search_index.FOLDER
    if settings["COVERAGE_MINIFY"]:
        with progress.stage("minify", unit="files"):
            staging.minify_all(site, progress.advance, done=_run.minified, leave=index)
    # Pagefind may still be writing its folder: the rest of the site is compared first.
    with progress.stage("publish unchanged files as they were", unit="files"):
        kept = staging.keep_unchanged(site, output, progress.advance, leave=index)
    if _run.search is not None:
        # Only the wait shows here: Pagefind started once the searched pages were written.
        with progress.stage("search index", unit=""):
            try:
                _run.search.wait()
            finally:
                _stop_search()
        search_index.link_ui(site, _run.search_parts)
        if _run.search_copies is not None:
            # Named by their pages' identities, which the swap keeps: the next build finds
            # each unchanged page's copy by the published file's.
            _run.search_copies.keep_only(_run.searched.values())
    kept += staging.keep_unchanged(site / index, output / index)
    staging.swap(site, output, meanwhile=_record_published)
    if _run.lock is not None:
        _run.lock.close()
        _run.lock = None
    progress.close()
    pruned = _run.cache.prune() if _run.cache else 0
    report = {
        "stages": [t.as_dict() for t in progress.times],
        "pages_written": sum(t.items for t in progress.times if t.name == _WRITING),
        "pages_reused": _run.pages.reused,
        "files_unchanged": kept.unchanged,
        "files_changed": kept.changed,
        "bytes_changed": kept.bytes_changed,
        "cache": _run.cache.summary() if _run.cache else "",
        "cache_pruned": pruned,
        "records_copied": _run.records.copied,
        "records_made": _run.records.made,
        "search_parts": len(_run.search_parts),
        "search_parts_indexed": len(_run.search_parts) - _run.search_record.kept,
    }
    path = Path(settings["CACHE_PATH"]) / "coverage-build.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    logger.info("coverage cache: %s", report["cache"])


def content_written(path, context=None) -> None:
    _run.progress.advance()


def writing(generators) -> None:
    # Every post is HTML by now, so the claim links and notes put into it are done with:
    # 7.6 MB at 1,000 articles, held through the writing until now.
    _run.links, _run.notes = {}, {}
    _run.progress.begin(_WRITING, unit="pages")


def register() -> None:
    signals.initialized.connect(initialized)
    signals.get_generators.connect(start_run)
    signals.readers_init.connect(readers_init)
    signals.all_generators_finalized.connect(writing)
    signals.content_written.connect(content_written)
    signals.finalized.connect(finalized)
    signals.get_writer.connect(archive_writer)
