"""The figures and dates ledger: every number, amount and date the articles give, and which agree.

`mentions` reads one article's body blocks: each figure as printed ("over
80,000"), its value, its unit and what it counts in the article's own words
("people jailed under the state of emergency"), found by plain English
heuristics on the words around it (the noun phrase after a count, "X of N",
the event before "since 2022", the verb before "on Monday").

`quantities` groups the mentions that measure one thing across the archive.
Like claims, it is single-pass leader-follower clustering in publication
order: each mention joins the earliest quantity it fits, else founds one. So a
later article can join quantities or found new ones but never regroups earlier
mentions, and a quantity's id (from its founder) stays put. Candidates come from
indexes (by claim, by counted thing, by year, by day), never from every pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import Stemmer

from .. import dates
from ..findings import Claims, FigureMention, Quantity
from ..model import Article, Block, Story
from . import figures
from .claims import unique_id
from .counted import content_words, count_phrase, day_phrase, year_phrase

# Addresses are not figures: "pic.twitter.com/HTNwtp35Aq", "https://…/2025/02", "@user2".
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*|(?<![\w.])[@#]\w+", re.IGNORECASE
)
_SINCE = "read as the year something began (‘since …’)"
_STEMMER = Stemmer.Stemmer("english")
# The first few members define a quantity's context, as for claims: letting every
# member add its words would let a popular quantity swallow its neighbours.
_DEFINING = 5


def mentions(article: Article, story: Story | None) -> tuple[FigureMention, ...]:
    """Every count, amount, year and day in the article's body blocks, in reading order."""
    found: list[FigureMention] = []
    for number, block in enumerate(article.blocks, start=1):
        found.extend(_in_block(article.id, number, block, story))
    return tuple(found)


def _in_block(article: str, number: int, block: Block, story: Story | None) -> list[FigureMention]:
    text = block.text
    taken = [m.span() for m in _ADDRESS.finditer(text)]
    found = [
        m for m in _days(article, number, block, story) if not _overlaps(m.start, m.end, taken)
    ]
    taken += [(m.start, m.end) for m in found]
    for written in figures.read(text):
        if not _overlaps(written.start, written.end, taken):
            found.append(_figure(article, number, text, written))
    return sorted(found, key=lambda m: m.start)


def _days(article: str, number: int, block: Block, story: Story | None) -> Iterable[FigureMention]:
    text, cursor = block.text, 0
    post = _attribution(block)
    for said in dates.mentions(text, number, story):
        start = _locate(text, said.text, cursor)
        end = cursor = start + len(said.text)
        counts, reason = day_phrase(text, start, end), said.reason
        if post and post[0] <= start and end <= post[1]:
            embed = block.embed
            counts = f"post on {embed.platform} by {embed.author}"
            reason = f"the embedded post's own date, in its attribution line: {reason}"
        yield FigureMention(
            article, number, start, end, said.text, "day", None, said.value, "day", counts, reason
        )


def _attribution(block: Block) -> tuple[int, int] | None:
    """Where an embedded post's attribution line ("— Name (@handle) February 4, 2025") is."""
    if block.embed is None or not block.embed.attribution:
        return None
    start = block.text.find(block.embed.attribution)
    return (start, start + len(block.embed.attribution)) if start >= 0 else None


def _locate(text: str, words: str, cursor: int) -> int:
    """Where `dates.mentions` found `words`: the first whole-word match at or after `cursor`."""
    start = text.find(words, cursor)
    while start >= 0 and text[start + len(words) : start + len(words) + 1].isalnum():
        start = text.find(words, start + 1)
    return start


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _figure(article: str, number: int, text: str, written: figures.Written) -> FigureMention:
    if written.kind == "year":
        counts, cue = year_phrase(text, written.start, written.end)
        said = f"{cue} {written.text}".strip()
        reason, unit = _SINCE if cue == "since" else f"read as a year (‘{said}’)", "year"
    else:
        counts, unit = count_phrase(text, written.start, written.end, written.unit)
        value = f"{written.value:,.10g}"
        # Say how the words were read only where they are not the plain number.
        reason = "" if written.text == value else f"read as {value}"
        if written.qualifier:
            reason += f", a bound (‘{written.qualifier}’), not an exact figure"
    return FigureMention(
        article,
        number,
        written.start,
        written.end,
        written.text,
        written.kind,
        written.value,
        None,
        unit,
        counts,
        reason,
    )


# --- Grouping mentions into quantities ---


@dataclass
class _Group:
    """A quantity being built: its members in order, and the words that define it."""

    members: list[FigureMention]
    words: set[str]  # the founders' words for what is counted
    context: set[str]  # those, plus the words of the sentences that carry them
    labels: set[str] = field(default_factory=set)

    @property
    def founder(self) -> FigureMention:
        return self.members[0]

    def add(self, mention: FigureMention, words: set[str], context: set[str]) -> None:
        self.members.append(mention)
        if len(self.members) <= _DEFINING:
            self.words |= words
            self.context |= context


def quantities(
    mentions: Sequence[FigureMention],
    claims: Claims,
    story: Story | None,
    order: Sequence[str],
) -> tuple[Quantity, ...]:
    """Group the mentions that measure the same quantity, each mention linked to its claim."""
    carriers = _carriers(claims)
    rank = {article: i for i, article in enumerate(order)}
    events = {e.date: e.label for e in reversed(story.events)} if story else {}
    groups: list[_Group] = []
    index: dict[tuple, list[int]] = {}
    for mention in sorted(
        mentions, key=lambda m: (rank.get(m.article, len(rank)), m.article, m.block, m.start)
    ):
        holders = [
            (claim, sentence)
            for start, end, claim, sentence in carriers.get((mention.article, mention.block), ())
            if start <= mention.start and mention.end <= end
        ]
        mention = replace(mention, claim=holders[0][0] if holders else None)
        words = set(_stems(mention.counts))
        # A year or day is told apart by the words around it too ("since 2022" in a
        # sentence about the crackdown); a count by what it counts.
        dated = mention.kind in ("year", "day") and holders
        context = words | set(_stems(holders[0][1])) if dated else words
        keys = _keys(mention, [c for c, _ in holders])
        best = min(
            (
                g
                for key in keys
                for g in index.get(key, ())
                if _fits(mention, words, context, groups[g], key[0])
            ),
            default=None,
        )
        if best is None:
            best = len(groups)
            label = events.get(mention.day) if mention.day else None
            groups.append(_Group([mention], set(words), set(context), _label_words(label)))
        else:
            groups[best].add(mention, words, context)
        for key in keys:
            postings = index.setdefault(key, [])
            if best not in postings:
                postings.append(best)
    return _finish(groups, events)


def _carriers(claims: Claims) -> dict[tuple[str, int], list[tuple[int, int, str, str]]]:
    """Each claimed sentence's span and claim, by (article, block), in claim order."""
    found: dict[tuple[str, int], list[tuple[int, int, str, str]]] = {}
    for claim in claims.claims:
        for appearance in claim.appearances:
            s = appearance.sentence
            found.setdefault((s.article, s.block), []).append((s.start, s.end, claim.id, s.text))
    return found


def _keys(mention: FigureMention, claims: list[str]) -> list[tuple]:
    """The index entries under which the quantities this mention may join are found."""
    kind = mention.kind
    value = mention.day if kind == "day" else mention.value
    keys: list[tuple] = [("own", mention.article, kind, mention.text if value is None else value)]
    keys += [("claim", claim, kind) for claim in claims]
    if kind in ("count", "amount"):
        thing = [w for w in _stems(mention.counts) if w != _stem(mention.unit)]
        if thing:
            keys.append(("thing", kind, _stem(mention.unit), thing[0]))
    elif kind == "year":
        keys.append(("year", mention.value))
    elif mention.day:
        keys.append(("day", mention.day))
    return keys


def _fits(
    mention: FigureMention, words: set[str], context: set[str], group: _Group, how: str
) -> bool:
    """Whether a mention found through index entry `how` measures the group's quantity."""
    founder = group.founder
    if how == "own":
        return True
    if mention.kind in ("count", "amount"):
        same_unit = mention.kind == "count" or mention.unit == founder.unit
        close = same_unit and figures.same_quantity(founder.value or 0, mention.value or 0)
        if how == "thing":
            # Outside a claim, most of the words must agree: "people jailed" is "people
            # jailed under the state of emergency", but "schools in Sonsonate" are not
            # "schools in the port of Acajutla".
            theirs = set(_stems(founder.counts))
            return close and len(words & theirs) * 2 >= len(words | theirs)
        return close
    same = mention.day == founder.day if mention.kind == "day" else mention.value == founder.value
    if how == "claim":
        # In one claim, the same year or day is the same quantity; another one is too
        # if it dates the same event: a discrepancy ("since 2021" against "since 2022").
        return same or bool(words & group.words)
    if how == "day" and group.labels:
        return bool(words & (group.context | group.labels))
    return bool(context & group.context)


def _finish(groups: list[_Group], events: dict) -> tuple[Quantity, ...]:
    taken: set[str] = set()
    found = []
    for group in groups:
        founder = group.founder
        name = _name(founder, events)
        if founder.kind == "day":
            agree = len({m.day for m in group.members}) == 1 and founder.day is not None
        else:
            agree = len({m.value for m in group.members}) == 1
        found.append(
            Quantity(
                id=unique_id(f"{name} {founder.text}", taken),
                name=name,
                kind=founder.kind,
                mentions=tuple(group.members),
                agree=agree,
                claim=next((m.claim for m in group.members if m.claim), None),
            )
        )
    return tuple(found)


def _name(founder: FigureMention, events: dict) -> str:
    """What the quantity measures, from its earliest mention, made readable."""
    if founder.kind == "day":
        if founder.day in events:
            return f"day of: {events[founder.day]}"
        return f"day: {founder.counts}" if founder.counts else f"day: {founder.text}"
    if founder.kind == "year":
        event = founder.counts.split(" that ")[0].split(" which ")[0]
        gerund = bool(event) and event.split()[0].endswith("ing")
        if founder.reason == _SINCE and event and not gerund:
            return f"year the {event} began"
        if gerund:
            return f"year of {event}"  # "year of taking office"
        return f"year {event}" if event else f"year {founder.text}"  # "year El Salvador severed…"
    return founder.counts or founder.unit or founder.text


def _label_words(label: str | None) -> set[str]:
    return set(_stems(label)) if label else set()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().removesuffix("’s").removesuffix("'s"))


@lru_cache(maxsize=65536)
def _stems(text: str) -> tuple[str, ...]:
    """The stems of the words of `text` that carry meaning, in order, each once."""
    return tuple(dict.fromkeys(_stem(w) for w in content_words(text)))
