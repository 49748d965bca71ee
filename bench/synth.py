"""Synthetic coverage for benchmarks: the five seed articles, recombined and edited.

An outlet rewriting agency copy drops and reorders paragraphs, rewords a few
words, rounds a figure differently, writes "February 3" where the wire said
"Monday", and pads the page with unrelated items. `synthesise` does the same to
the paragraphs of `content/00*.txt`, deterministically from a seed, so a
benchmark measures the archive's code on input shaped like real captures and
the same `(n, seed)` always gives the same bytes.

Every article comes with a sidecar (outlet from a pool of 50 made-up outlets,
`published` spread over the weeks after 2025-02-03). The generator imports
nothing from the plugin, so changing the normaliser cannot change its output.

By default every article tells the seeds' one story, so any two may share text.
A real archive follows many stories, and reuse is found within a story: with
`per_story`, consecutive articles are grouped into stories and every story but
the first is respelled into a vocabulary of its own (`bench/stories.py`), so
articles of different stories share no passage.
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice
from pathlib import Path

import stories

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED_GLOB = "00*.txt"
STORY_FILE = "story.yaml"

FIRST_DAY = date(2025, 2, 3)  # the story's event; no article is published before it
SPREAD_DAYS = 27  # publication days run to 2 March 2025, most in the first week
_MEAN_DELAY_DAYS = 4.0

# How often each edit happens (probabilities).
_KEEP_LEAD = 0.9  # the lead paragraph survives most rewrites
_KEEP_PARAGRAPH = 0.75
_KEEP_HEADING = 0.4
_MIX_OTHER_SEED = 0.5  # borrow paragraphs from a second seed
_SWAP_NEIGHBOURS = 0.15
_REWORD = 0.35  # per word that has a synonym below
_CHANGE_FIGURE = 0.35
_SWAP_DAY = 0.35
_WRONG_DAY = 0.03  # "February 4" for the 3 February meeting: an error to be caught
_HEADLINE_IN_TEXT = 0.4
_HEADLINE_IN_SIDECAR = 0.3
_BLANK_LINES = 0.6  # paragraphs separated by a blank line, else by one newline
_CRLF = 0.05
_UNVERIFIED = 0.2
_FILLER_PARAGRAPHS = (0, 1, 1, 2, 2, 3, 4)  # non-seed paragraphs per article, drawn uniformly

# Simple rewording, applied in one pass (so "deal" → "agreement" is not turned back).
SYNONYMS = {
    "agreed": "consented",
    "agreement": "deal",
    "deal": "agreement",
    "announced": "unveiled",
    "unveiled": "announced",
    "offered": "proposed",
    "offer": "proposal",
    "house": "hold",
    "jails": "prisons",
    "prisons": "jails",
    "criminals": "offenders",
    "accept": "take",
    "said": "stated",
    "told reporters": "told journalists",
    "critics": "opponents",
    "condemned": "denounced",
    "unprecedented": "unparalleled",
    "extraordinary": "remarkable",
    "fee": "payment",
    "confirmed": "verified",
    "illegally": "unlawfully",
    "significant": "substantial",
    "relatively low": "fairly low",
    "rights groups": "advocacy groups",
    "innocent": "blameless",
    "notorious": "infamous",
    "detain": "hold",
    "country": "nation",
    "nations": "countries",
    "largest": "biggest",
    "controversial": "contentious",
    "sparked": "triggered",
    "backlash": "criticism",
    "legality": "lawfulness",
    "visit": "trip",
    "boasted": "bragged about",
    "after meeting with": "after talks with",
}
# An "a"/"an" before the word is part of the match, so "an agreement" becomes "a deal".
_SYNONYM = re.compile(
    r"\b(?:(?P<article>an?) )?(?P<word>"
    + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
_DAY = re.compile(r"\b(?:Monday|February 3|Feb\. 3)\b(?!\d)")

# 50 made-up outlets: ten places times five kinds of paper.
_PLACES = (
    "Northfield",
    "Harbour",
    "Meridian",
    "Lakeside",
    "Pinecrest",
    "Riverton",
    "Eastgate",
    "Westmoor",
    "Highland",
    "Coastal",
)
_PAPERS = ("Courier", "Gazette", "Ledger", "Observer", "Dispatch")
OUTLETS = tuple(f"The {place} {paper}" for place in _PLACES for paper in _PAPERS)

HEADLINES = (
    "El Salvador Agrees to House US Deportees of Any Nationality",
    "Bukele Offers to Jail Convicted US Citizens for a Fee",
    "Rubio Announces Unprecedented Migration Deal With El Salvador",
    "El Salvador Strikes Deportation Deal With the US",
    "Bukele Says CECOT Could Hold American Prisoners",
    "US and El Salvador Agree on Deportees After Rubio Visit",
    "El Salvador to Take Deportees From the US Under New Deal",
    "Rights Groups Alarmed by El Salvador Prison Offer",
)

# Made-up sentences on other topics, so that not every sentence belongs to a claim. Each part
# is drawn on its own, so two made-up sentences seldom share more than a word or two.
_SUBJECTS = (
    "The city council",
    "A regional airline",
    "A coffee growers' association",
    "The central bank",
    "The marathon's organising committee",
    "A children's hospital in the capital",
    "The national football federation",
    "The state university",
    "The transport ministry",
    "A fishing cooperative",
    "The tourism board",
    "The dock workers' union",
    "The electoral tribunal",
    "A solar energy company",
    "The public library service",
    "The teachers' union",
    "The water utility",
    "The volcanology institute",
    "The chamber of commerce",
    "A street vendors' association",
    "The fire brigade",
    "A brewery founded in the 1950s",
    "The environment agency",
    "The national orchestra",
    "A telecoms operator",
)
_VERBS = (
    "announced plans to",
    "postponed a decision to",
    "said it would",
    "voted to",
    "is expected to",
    "declined to",
    "has promised to",
    "asked the government to",
    "will decide this week whether to",
    "is raising money to",
    "has been told it must",
    "agreed in principle to",
)
_ACTS = (
    "repair",
    "expand",
    "inspect",
    "replace",
    "close",
    "reopen",
    "audit",
    "fund",
    "modernise",
    "insure",
    "relocate",
    "sell",
    "lease",
    "renovate",
    "survey",
    "clean up",
    "rebuild",
    "digitise the records of",
    "put solar panels on",
    "hire guards for",
)
_OBJECTS = (
    "{k} school buildings",
    "the old fish market",
    "{k} kilometres of cycle lanes",
    "its headquarters",
    "the footbridge over the river",
    "{k} rural clinics",
    "the main bus station",
    "{k} public swimming pools",
    "the botanical garden",
    "the national stadium",
    "{k} water treatment plants",
    "the cathedral's bell tower",
    "{k} branch offices",
    "the coastal road",
    "the cargo terminal",
    "a disused textile factory",
    "{k} community radio stations",
    "the city zoo",
    "{k} ageing ferries",
    "the weather radar on the volcano",
    "the central post office",
    "{k} primary schools",
    "the municipal archive",
    "{k} football pitches",
    "the night market",
    "the seed bank",
    "{k} fire stations",
    "the observatory",
    "the marina",
    "{k} public toilets",
    "the museum of anthropology",
    "the tram depot",
    "{k} hostels for seasonal workers",
    "the racetrack",
    "the old customs house",
    "{k} pedestrian crossings",
    "the cable car",
    "the fish hatchery",
    "{k} playgrounds",
    "the convention centre",
)
_PLACES = (
    "in Santa Tecla",
    "near the airport",
    "in the western highlands",
    "on the Pacific coast",
    "in the old town",
    "along the Lempa river",
    "in the eastern districts",
    "north of the capital",
    "on the border with Honduras",
    "in Santa Ana",
    "in San Miguel",
    "around Lake Ilopango",
    "in the coffee region",
    "on the outskirts of the city",
    "in the port of Acajutla",
    "in La Libertad",
    "in the mountain villages",
    "near the national park",
    "in Sonsonate",
    "across the south",
)
_TAILS = (
    "next month",
    "before the rainy season",
    "according to a statement on its website",
    "after a week of protests",
    "despite objections from residents",
    "once the budget is approved",
    "by the end of the year",
    "following a public consultation",
    "as part of a pilot scheme",
    "after an inspection found damp",
    "if a loan from a development bank comes through",
    "in time for the holidays",
    "after complaints about noise",
    "for the first time in a decade",
    "with help from volunteers",
)
_FIRST_NAMES = (
    "Ana",
    "Carlos",
    "Lucía",
    "Mateo",
    "Sofía",
    "Diego",
    "Valeria",
    "Jorge",
    "Camila",
    "Andrés",
    "Elena",
    "Rafael",
    "Gabriela",
    "Tomás",
    "Isabel",
    "Hugo",
    "Mariana",
    "Óscar",
    "Paula",
    "Ernesto",
)
_SURNAMES = (
    "Alvarado",
    "Benítez",
    "Castro",
    "Durán",
    "Escobar",
    "Flores",
    "Guzmán",
    "Hernández",
    "Iraheta",
    "Juárez",
    "López",
    "Molina",
    "Navarro",
    "Orellana",
    "Pineda",
    "Quintanilla",
    "Rivas",
    "Salazar",
    "Trejo",
    "Valle",
)
_ROLES = (
    "a spokesperson for the project",
    "who chairs the residents' committee",
    "an economist at a local think tank",
    "the deputy mayor",
    "a union representative",
    "the project's engineer",
    "a shop owner nearby",
    "who manages the site",
    "a member of the board",
    "an independent auditor",
)
_TOPICS = (
    "the cost",
    "the timetable",
    "the first phase",
    "the tender",
    "the design",
    "the funding",
    "the environmental review",
    "the contract",
    "the pilot",
    "the final decision",
)
_OUTCOMES = (
    "could rise by a third",
    "would be published soon",
    "had already slipped twice",
    "was still under discussion",
    "depended on the weather",
    "would need a second vote",
    "had the support of most neighbours",
    "was expected to create jobs",
    "would be reviewed by an outside panel",
    "might be split into two parts",
)
_WHEN = (
    "",
    " before the summer",
    " within weeks",
    " this year",
    " after the elections",
    " by March",
    " in the coming days",
    " next year",
)


@dataclass(frozen=True)
class Unit:
    """A piece of a seed that is kept or dropped whole: its lines and what it is."""

    kind: str  # "paragraph", "heading", "list" (items, perhaps after a lead-in line), "embed"
    lines: tuple[str, ...]


def synthesise(
    n: int, seed: int = 0, per_story: int | None = None
) -> list[tuple[str, bytes, bytes]]:
    """`n` raw articles as (file name, raw bytes, sidecar bytes); the same arguments, same bytes.

    Articles are named `NNNNN_<sha256 prefix>.txt` like the seeds, in generation
    order; the sidecar's name is the same stem with `.yaml`. No two are
    byte-identical (the build would skip the copy). Articles are drawn one after
    another from one stream, so the first n of a larger run are these n: the
    100-article corpus is part of the 1,000-article one.

    With `per_story`, article i belongs to story i // per_story and is article i
    of the one-story run respelled the story's way: story 0 is the one-story
    run's first `per_story` articles, byte for byte.
    """
    if n < 0:
        raise ValueError(f"n must be at least 0, got {n}")
    if per_story is not None and per_story < 1:
        raise ValueError(f"per_story must be at least 1, got {per_story}")
    width = max(5, len(str(max(n - 1, 0))))
    made = []
    for index, drawn in enumerate(islice(_stream(seed), n)):
        story = index // per_story if per_story else 0
        made.append(_told(index, drawn, story, width))
    return made


def joining(index: int, story: int, seed: int = 0) -> tuple[str, bytes, bytes]:
    """Article `index` of the stream, told as part of `story` rather than its own.

    `synthesise(index + 1, seed, per_story)` makes article `index` the first of a new
    story whenever `index` is a multiple of `per_story`, and a story's first articles
    share little; this one joins a story that may already hold many articles, as most
    captures added to a real archive do. Only the respelling differs from the
    stream's article `index`: the same draws, the same outlet and dates.
    """
    if index < 0 or story < 0:
        raise ValueError(f"index and story must be at least 0, got {index} and {story}")
    drawn = next(islice(_stream(seed), index, None))
    return _told(index, drawn, story, max(5, len(str(index))))


@dataclass(frozen=True)
class _Drawn:
    """One article of the one-story stream as drawn, before a story respells it."""

    raw: bytes
    headline: str
    later: bool
    sidecar: tuple[str, int, int, float, float]  # outlet, delay, days to retrieval, two rolls


def _stream(seed: int) -> Iterator[_Drawn]:
    """The one-story articles, one after another from one random stream."""
    seeds = seed_units()
    rng = random.Random(seed)
    seen: set[str] = set()
    while True:
        raw, headline, later = _distinct(rng, seeds, seen)
        yield _Drawn(raw, headline, later, _sidecar_draws(rng))


def _told(index: int, drawn: _Drawn, story: int, width: int) -> tuple[str, bytes, bytes]:
    """The drawn article as `story` tells it: (file name, raw bytes, sidecar bytes)."""
    raw, headline = drawn.raw, drawn.headline
    if story:
        # Respelling after the draw leaves the random stream as the one-story run has it.
        headline = stories.respell(headline, story)
        raw = stories.respell(raw.decode("utf-8"), story).encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    name = f"{index:0{width}d}_{digest[:16]}.txt"
    return name, raw, _sidecar(drawn.sidecar, headline, drawn.later)


def write(folder: str | Path, n: int, seed: int = 0, per_story: int | None = None) -> Path:
    """Write `synthesise(n, seed, per_story)` and a copy of the story file into an empty folder."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: write synthetic articles to a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    for name, raw, sidecar in synthesise(n, seed, per_story):
        (folder / name).write_bytes(raw)
        (folder / sidecar_name(name)).write_bytes(sidecar)
    shutil.copyfile(CONTENT / STORY_FILE, folder / STORY_FILE)
    return folder


def sidecar_name(name: str) -> str:
    return name.rsplit(".", 1)[0] + ".yaml"


@lru_cache(maxsize=1)
def seed_units() -> tuple[tuple[Unit, ...], ...]:
    """Each seed's body, cut into units (its page furniture above the story is left out)."""
    paths = sorted(CONTENT.glob(SEED_GLOB))
    if not paths:
        raise FileNotFoundError(f"no seed articles {SEED_GLOB} in {CONTENT}")
    return tuple(_units(path.read_text(encoding="utf-8")) for path in paths)


# --- cutting a seed into units ------------------------------------------------------------

_ATTRIBUTION = re.compile(r"^[—–-]\s*[^(@]+?\s*\(@\w+\)\s*.+$")
_POST_LINK = re.compile(r"\bpic\.twitter\.com/\S+")
_CLOSERS = (".", "!", "?", ":", "”", '"', "…")
_BODY_MIN_WORDS = 12


def _units(text: str) -> tuple[Unit, ...]:
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if _is_prose(line))
    units: list[Unit] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and _ATTRIBUTION.match(lines[i + 1].strip()):
            end = i + 2
            for j in range(i + 2, min(i + 5, len(lines))):
                if _POST_LINK.search(lines[j]):
                    end = j + 1
                    break
            units.append(Unit("embed", tuple(lines[i:end])))
            i = end
        elif _bullet(line):
            items = []
            while i < len(lines) and _bullet(lines[i]):
                items.append(lines[i])
                i += 1
            if units and units[-1].kind == "paragraph" and units[-1].lines[-1].endswith(":"):
                units[-1] = Unit("list", (*units[-1].lines, *items))
            else:
                units.append(Unit("list", tuple(items)))
        else:
            units.append(Unit("heading" if _is_heading(line) else "paragraph", (line,)))
            i += 1
    return tuple(units)


def _is_prose(line: str) -> bool:
    core = line.strip(" \u00a0")
    return len(core.split()) >= _BODY_MIN_WORDS and core.endswith(_CLOSERS)


def _is_heading(line: str) -> bool:
    core = line.strip(' \u00a0"“”')
    return 0 < len(core.split()) <= 10 and not core.endswith(_CLOSERS) and core[0].isupper()


def _bullet(line: str) -> str | None:
    if len(line) > 1 and line[1] == " " and unicodedata.category(line[0]) == "So":
        return line[0]
    return None


# --- one article ---------------------------------------------------------------------------


def _distinct(
    rng: random.Random, seeds: tuple[tuple[Unit, ...], ...], seen: set[str]
) -> tuple[bytes, str, bool]:
    """An article unlike every earlier one: its raw bytes, headline, and whether it is later."""
    while True:
        text, headline, later = _article(rng, seeds)
        raw = _encode(rng, text)
        digest = hashlib.sha256(raw).hexdigest()
        if digest not in seen:
            seen.add(digest)
            return raw, headline, later


def _article(rng: random.Random, seeds: tuple[tuple[Unit, ...], ...]) -> tuple[str, str, bool]:
    """The article's text, its headline, and whether it reports a day after the meeting."""
    primary = rng.randrange(len(seeds))
    units = [u for k, u in enumerate(seeds[primary]) if rng.random() < _keep(k, u)]
    if rng.random() < _MIX_OTHER_SEED:
        other = rng.choice([s for k, s in enumerate(seeds) if k != primary])
        borrowed = [u for u in other if u.kind != "heading"]
        for unit in rng.sample(borrowed, min(len(borrowed), rng.randint(1, 3))):
            units.insert(rng.randint(0, len(units)), unit)
    body = [u for u in units if u.kind != "heading"]
    if len(body) < 2:
        units.extend(u for u in seeds[primary] if u.kind != "heading" and u not in units)
    for k in range(len(units) - 1):
        if rng.random() < _SWAP_NEIGHBOURS:
            units[k], units[k + 1] = units[k + 1], units[k]
    units = _placed_headings(units)
    blocks = [_edited(rng, u) for u in units]
    for _ in range(rng.choice(_FILLER_PARAGRAPHS)):
        blocks.insert(rng.randint(1, len(blocks)), _filler(rng))
    headline = rng.choice(HEADLINES)
    if rng.random() < _HEADLINE_IN_TEXT:
        blocks.insert(0, headline)
    separator = "\n\n" if rng.random() < _BLANK_LINES else "\n"
    text = separator.join(blocks) + ("\n" if rng.random() < 0.8 else "")
    later = any(u.kind == "embed" for u in units) or bool(
        re.search(r"\b(?:February 4|Feb\. 4|Tuesday)\b", text)
    )
    return text, headline, later


def _keep(position: int, unit: Unit) -> float:
    if position == 0:
        return _KEEP_LEAD
    return _KEEP_HEADING if unit.kind == "heading" else _KEEP_PARAGRAPH


def _placed_headings(units: list[Unit]) -> list[Unit]:
    """Headings only between two pieces of text, never two in a row."""
    placed: list[Unit] = []
    for k, unit in enumerate(units):
        if unit.kind == "heading" and (
            not placed or placed[-1].kind == "heading" or k == len(units) - 1
        ):
            continue
        placed.append(unit)
    while placed and placed[-1].kind == "heading":
        placed.pop()
    return placed


def _edited(rng: random.Random, unit: Unit) -> str:
    if unit.kind in ("embed", "heading"):
        return "\n".join(unit.lines)  # a post is quoted verbatim; headings stay as they were
    lines = []
    for line in unit.lines:
        marker = _bullet(line)
        prefix, text = (line[:2], line[2:]) if marker else ("", line)
        lines.append(prefix + _reworded(rng, text))
    return "\n".join(lines)


def _reworded(rng: random.Random, text: str) -> str:
    text = _SYNONYM.sub(lambda m: _synonym(rng, m), text)
    text = _FIGURE.sub(lambda m: _figure(rng, m.group(0)), text)
    return _DAY.sub(lambda m: _day(rng, m.group(0)), text)


def _synonym(rng: random.Random, match: re.Match[str]) -> str:
    word, article = match.group("word"), match.group("article")
    if rng.random() >= _REWORD:
        return match.group(0)
    other = SYNONYMS[word.lower()]
    other = other[0].upper() + other[1:] if word[0].isupper() else other
    if article is None:
        return other
    fitting = "an" if other[0].lower() in "aeiou" else "a"
    return f"{article[0]}{fitting[1:]} {other}"


def _figure(rng: random.Random, written: str) -> str:
    """80,000 → 81,000 or 84,000: the same quantity, counted or rounded differently."""
    if rng.random() >= _CHANGE_FIGURE:
        return written
    value = int(written.replace(",", ""))
    step = 10 ** max(len(str(value)) - 2, 0)
    changed = value + step * rng.randint(1, 5)
    return f"{changed:,}"


def _day(rng: random.Random, written: str) -> str:
    roll = rng.random()
    if roll < _WRONG_DAY:
        return "February 4"
    if roll >= _SWAP_DAY:
        return written
    return "February 3" if written == "Monday" else "Monday"


def _filler(rng: random.Random) -> str:
    """A short paragraph on something else: a made-up item, perhaps with a quoted reaction."""
    sentences = [_made_up_item(rng)]
    if rng.random() < 0.5:
        sentences.append(_made_up_reaction(rng))
    if rng.random() < 0.2:
        sentences.append(_made_up_item(rng))
    return " ".join(sentences)


def _made_up_item(rng: random.Random) -> str:
    what = rng.choice(_OBJECTS).format(k=rng.randint(3, 40))
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_ACTS)} {what} "
        f"{rng.choice(_PLACES)} {rng.choice(_TAILS)}."
    )


def _made_up_reaction(rng: random.Random) -> str:
    person = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
    return (
        f"{person}, {rng.choice(_ROLES)}, said {rng.choice(_TOPICS)} "
        f"{rng.choice(_OUTCOMES)}{rng.choice(_WHEN)}."
    )


def _encode(rng: random.Random, text: str) -> bytes:
    if rng.random() < _CRLF:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


def _sidecar_draws(rng: random.Random) -> tuple[str, int, int, float, float]:
    """What a sidecar takes from the random stream, drawn before the headline is respelled."""
    outlet = rng.choice(OUTLETS)
    delay = min(int(rng.expovariate(1 / _MEAN_DELAY_DAYS)), SPREAD_DAYS)
    return outlet, delay, rng.randint(0, 300), rng.random(), rng.random()


def _sidecar(draws: tuple[str, int, int, float, float], headline: str, later: bool) -> bytes:
    outlet, delay, to_retrieval, headline_roll, status_roll = draws
    published = FIRST_DAY + timedelta(days=max(delay, 1 if later else 0))
    retrieved = published + timedelta(days=to_retrieval)
    domain = _slug(outlet.removeprefix("The ")) + ".example"
    url = f"https://{domain}/{published:%Y/%m}/{_slug(headline)}"
    lines = [f"outlet: {outlet}", f"url: {url}"]
    if headline_roll < _HEADLINE_IN_SIDECAR:
        lines.append(f'headline: "{headline}"')
    lines += [
        f"published: {published.isoformat()}",
        f"retrieved: {retrieved.isoformat()}",
        f"status: {'unverified' if status_roll < _UNVERIFIED else 'confirmed'}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
