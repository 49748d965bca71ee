"""From the content folder's files to the corpus the site is built from.

`build_article` is the per-article stage: a pure function of (raw bytes,
sidecar, story, options), so its result can later be cached by their hash. What
text and stated metadata a raw file gives depends on its kind (.txt, .md with
front matter, saved .html page): `formats.read` decides, before the article is built.
`build_corpus` adds what needs the whole folder: the story file, duplicates,
sidecars without an article, and files the build does not know what to do with.
A file that cannot be published is reported and skipped; the rest still build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from slugify import slugify

from . import citations, dates, formats, metadata
from .cache_keys import digest
from .model import Article, Corpus, EditorMeta, Outlet, Problem, Reading, Source, Story
from .normalise import normalise
from .pipeline import PLAIN, Runner
from .sidecars import parse_sidecar, parse_story
from .sources import (
    ARTICLE_SUFFIXES,
    SIDECAR_SUFFIXES,
    Folder,
    decode,
    published_name,
    source_from,
)

_SLUG_WORDS = 6
UNKNOWN_OUTLET = "Unknown outlet"
# "Salvador’s" should slug to "salvadors", not "salvador-s".
_APOSTROPHES = [["’", ""], ["'", ""]]

if TYPE_CHECKING:
    # Only a type here: importing it would make this stage's code version
    # (cache_keys) depend on the claim and reuse modules its defaults come from.
    from .options import Options


def build_article(
    source: Source,
    meta: EditorMeta | None,
    story: Story | None,
    options: Options,
    reading: Reading | None = None,
) -> Article:
    """One article from its raw file and editor metadata.

    `reading` is what `formats.read` made of the file (its text, and what a saved
    page states); without it, the file is a .txt capture whose text is all article.
    """
    reading = reading or Reading("text", source.text)
    stated = reading.page
    page = normalise(reading.text)
    words = reading.text.split()
    found = tuple(
        mention
        for number, block in enumerate(page.blocks, start=1)
        for mention in dates.mentions(block.text, number, story)
    )
    headline = metadata.headline(meta, page, words, stated)
    outlet = metadata.outlet(meta, stated)
    outlet_slug = slugify(outlet.value or UNKNOWN_OUTLET)
    title_words = (headline.value or source.stem).split()[:_SLUG_WORDS]
    return Article(
        id=source.stem,
        slug=slugify(
            f"{outlet_slug} {' '.join(title_words)}",
            max_length=72,
            word_boundary=True,
            replacements=_APOSTROPHES,
        ),
        source=source,
        outlet=outlet,
        outlet_slug=outlet_slug,
        headline=headline,
        url=metadata.url(meta, stated),
        status=(meta.status or "unverified") if meta else "no editor metadata",
        notes=meta.notes if meta else None,
        published=metadata.published(meta, page, story, found, options.date_order, stated),
        retrieved=metadata.retrieved(meta, page),
        blocks=page.blocks,
        furniture=page.furniture,
        citations=citations.cited(page.blocks, page.furniture, options.news_sources),
        date_mentions=found,
        byline=metadata.byline(stated),
        format=reading.format,
    )


def build_corpus(folder: Folder, options: Options, run: Runner = PLAIN) -> Corpus:
    """Every publishable article of the folder, and a problem for everything left out.

    Each article is built through `run.memo`, keyed by the digests of its raw
    bytes, its sidecar's bytes, the story file's bytes and the options it reads.
    """
    problems: list[Problem] = []
    story = _story(folder, options, problems)
    sidecars = _sidecars(folder, options.content_label, problems, run)
    problems.extend(_stray_files(folder, options))
    articles, skipped = _articles(folder, sidecars, story, options, problems, run)
    if not articles:
        problems.append(
            Problem(
                options.content_label,
                "no article could be published",
                "add raw articles as .txt, .md or .html files",
            )
        )
    return Corpus(
        articles=tuple(articles),
        outlets=_outlets(articles),
        story=story,
        problems=tuple(problems),
        skipped=tuple(skipped),
    )


def _story(folder: Folder, options: Options, problems: list[Problem]) -> Story | None:
    path = f"{options.content_label}/{options.story_file}"
    if folder.story is None:
        problems.append(
            Problem(
                path,
                "no story file, so relative dates such as ‘Monday’ stay unresolved",
                "add the story's title, summary and key dates (see README.md)",
            )
        )
        return None
    decoded = decode(folder.story, path)
    if isinstance(decoded, Problem):
        problems.append(decoded)
        return None
    story, story_problems = parse_story(decoded.text, path)
    problems.extend(story_problems)
    return story


def _sidecars(
    folder: Folder, label: str, problems: list[Problem], run: Runner = PLAIN
) -> dict[str, EditorMeta | None]:
    """Each article stem's editor metadata; None where the sidecar has errors.

    Each sidecar is read through `run.memo`, keyed by its path and bytes: parsing
    the YAML of 10,000 sidecars took 13.3 s of a profiled build.
    """
    stems = {_stem(name) for name, _ in folder.articles}
    sidecars: dict[str, EditorMeta | None] = {}
    for name, raw in folder.sidecars:
        path, stem = f"{label}/{name}", _stem(name)
        if stem not in stems:
            problems.append(
                Problem(
                    path,
                    f"sidecar for a missing article: there is no {label}/{stem}.txt, .md or .html",
                    "add the raw article with that name, or rename or delete the sidecar",
                )
            )
            continue
        meta, found = run.memo("sidecar", digest(path, raw), partial(_sidecar, raw, path))
        problems.extend(found)
        sidecars[stem] = meta
    return sidecars


def _sidecar(raw: bytes, path: str) -> tuple[EditorMeta | None, tuple[Problem, ...]]:
    decoded = decode(raw, path)
    if isinstance(decoded, Problem):
        return None, (decoded,)
    meta, problems = parse_sidecar(decoded.text, path)
    return meta, tuple(problems)


def _stray_files(folder: Folder, options: Options) -> list[Problem]:
    return [
        Problem(
            f"{options.content_label}/{name}",
            "not used by the build: raw articles are .txt, .md, .html or .htm files, "
            "sidecars .yaml",
            "articles are .txt, .md or .html files at the top of the content folder: "
            "move or rename it",
        )
        for name in folder.others
        if not (name.endswith(SIDECAR_SUFFIXES) or name == options.story_file)
    ]


def _articles(
    folder: Folder,
    sidecars: dict[str, EditorMeta | None],
    story: Story | None,
    options: Options,
    problems: list[Problem],
    run: Runner,
) -> tuple[list[Article], list[str]]:
    label = options.content_label
    sidecar_bytes = {_stem(name): raw for name, raw in folder.sidecars}
    # What every article's key shares: the story file and the options an article reads.
    common = digest(folder.story or b"", repr((label, options.news_sources, options.date_order)))
    articles: list[Article] = []
    skipped: list[str] = []
    first_with_hash: dict[str, str] = {}
    clashes = _name_clashes([name for name, _ in folder.articles], label)
    for name, raw in folder.articles:
        path, stem = f"{label}/{name}", _stem(name)
        if name in clashes:
            problems.append(clashes[name])
            skipped.append(name)
            continue
        decoded = decode(raw, path)
        if isinstance(decoded, Problem):
            problems.append(decoded)
            skipped.append(name)
            continue
        source = source_from(name, raw, decoded)
        original = first_with_hash.setdefault(source.sha256, name)
        if original != name:
            problems.append(
                Problem(
                    path,
                    f"byte-identical duplicate of {label}/{original} (same sha256), "
                    "not published twice",
                    f"delete {name}; the article is archived once as {original}",
                )
            )
            skipped.append(name)
            continue
        if stem in sidecars and sidecars[stem] is None:
            problems.append(
                Problem(
                    path,
                    "not published because its sidecar has errors (listed above)",
                    "fix the sidecar and build again",
                )
            )
            skipped.append(name)
            continue
        key = digest(common, source.sha256, sidecar_bytes.get(stem, b""))
        built = partial(_built, source, path, sidecars.get(stem), story, options)
        article, notes = run.memo("article", key, built)
        problems.extend(notes)
        if article is None:
            skipped.append(name)
            continue
        if decoded.encoding not in ("utf-8", "utf-8-sig"):
            problems.append(
                Problem(
                    path,
                    f"decoded as {decoded.encoding}, not UTF-8; the encoding is recorded "
                    "on the article page",
                    "nothing to do if the text reads correctly; otherwise re-save it as UTF-8",
                )
            )
        articles.append(article)
    return _unique_slugs(articles), skipped


def _built(
    source: Source, path: str, meta: EditorMeta | None, story: Story | None, options: Options
) -> tuple[Article | None, tuple[Problem, ...]]:
    """The article a raw file makes (None if it has none), and what to tell the editor."""
    reading, meta, notes = formats.read(source, path, meta)
    if reading is None:
        return None, tuple(notes)
    return build_article(source, meta, story, options, reading), tuple(notes)


def _name_clashes(names: list[str], label: str) -> dict[str, Problem]:
    """Articles left out because another one has the same stem or raw file name.

    A stem names the sidecar and the article's id, so `a.txt` and `a.md` cannot
    both be published; nor can two files published under the same raw name
    (`a.html` is published as `a.html.txt`). The older format keeps its place:
    .txt, then .md, then .html and .htm, then by name.
    """
    rank = {suffix: n for n, suffix in enumerate(ARTICLE_SUFFIXES)}
    by_stem: dict[str, str] = {}
    by_raw: dict[str, str] = {}
    clashes: dict[str, Problem] = {}
    for name in sorted(names, key=lambda n: (rank.get("." + n.rsplit(".", 1)[-1], 0), n)):
        stem, raw = _stem(name), published_name(name)
        if stem in by_stem:
            other = by_stem[stem]
            clashes[name] = Problem(
                f"{label}/{name}",
                f"not published: {label}/{other} has the same name before the suffix, "
                f"and one sidecar ({stem}.yaml) cannot belong to both",
                f"rename one of the two files (e.g. to {stem}-2.{name.rsplit('.', 1)[-1]})",
            )
        elif raw in by_raw:
            clashes[name] = Problem(
                f"{label}/{name}",
                f"not published: its raw file would be published as {raw}, "
                f"like {label}/{by_raw[raw]}",
                "rename it",
            )
        else:
            by_stem[stem], by_raw[raw] = name, name
    return clashes


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _unique_slugs(articles: list[Article]) -> list[Article]:
    """Two articles with the same outlet and headline get -2, -3… in file-name order."""

    seen: dict[str, int] = defaultdict(int)
    unique = []
    for article in articles:
        seen[article.slug] += 1
        count = seen[article.slug]
        unique.append(article if count == 1 else replace(article, slug=f"{article.slug}-{count}"))
    return unique


def _outlets(articles: list[Article]) -> tuple[Outlet, ...]:
    grouped: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in articles:
        grouped[article.outlet_slug].append(article)
        names[article.outlet_slug] = article.outlet.value or UNKNOWN_OUTLET
    return tuple(
        Outlet(names[slug], slug, tuple(grouped[slug]))
        for slug in sorted(grouped, key=lambda s: names[s].lower())
    )
