"""Cache keys: what each stage's key depends on, and the code versions of the stages."""

from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from conftest import ferry_folder

from coverage import cache_keys
from coverage.analyse import analyse
from coverage.cache import plugin_sources
from coverage.cache_keys import code_versions, digest, digest_of, of_value
from coverage.corpus import build_corpus
from coverage.options import Options
from coverage.pipeline import Plain
from coverage.sources import Folder, read_folder

PLUGIN = Path(cache_keys.__file__).parent
CONTENT = Path(__file__).resolve().parent.parent / "content"


def sources() -> dict[str, str]:
    return plugin_sources(PLUGIN)


def test_digest_keeps_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(b"x") == digest("x")


def test_a_digest_of_parts_made_one_at_a_time_is_the_digest_of_them_all():
    parts = ["ab", b"c", "", "é"]
    assert digest_of(iter(parts)) == digest(*parts)
    assert digest_of(iter(parts[:2])) != digest(*parts)


def test_a_stage_reaches_the_modules_it_imports_and_no_others():
    tree = {
        "a": "from . import b\nfrom .c import thing\n",
        "b": "import os\n",
        "c": "from .d import other\n",
        "d": "",
        "e": "from . import a\n",
    }
    before = code_versions(tree, {"from_a": "a", "from_d": "d", "from_e": "e"})
    edited = code_versions(
        {**tree, "c": tree["c"] + "# changed\n"}, {"from_a": "a", "from_d": "d", "from_e": "e"}
    )
    assert edited["from_a"] != before["from_a"]  # a → c
    assert edited["from_e"] != before["from_e"]  # e → a → c
    assert edited["from_d"] == before["from_d"]  # d does not import c


def test_imports_made_only_for_type_checking_do_not_count():
    tree = {
        "a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
        "b": "",
    }
    before = code_versions(tree, {"a": "a"})
    assert code_versions({**tree, "b": "x = 1\n"}, {"a": "a"}) == before


def test_editing_quotes_code_invalidates_cached_quotes_only():
    real = sources()
    before = code_versions(real)
    after = code_versions({**real, "analysis.quotes": real["analysis.quotes"] + "\n# edit\n"})
    changed = {stage for stage in before if before[stage] != after[stage]}
    # And what the glue makes, whose version is the whole plugin: the posts' HTML (the glue
    # sets up the Markdown) and the claim matrix's rows (the glue renders them).
    assert changed == {"quotes", "html", "matrix_row"}


def test_editing_the_model_invalidates_every_stage():
    real = sources()
    before = code_versions(real)
    after = code_versions({**real, "model": real["model"] + "\n# edit\n"})
    assert all(before[stage] != after[stage] for stage in before)


def test_the_article_stage_does_not_reach_the_analysis():
    # Options lives apart from corpus.py so that claim and reuse code are not in its version.
    real = sources()
    before = code_versions(real)
    for module in ("analysis.reuse", "analysis.claims", "analysis.quotes", "analysis.sentences"):
        after = code_versions({**real, module: real[module] + "\n# edit\n"})
        assert after["article"] == before["article"], module


def test_an_article_digest_survives_the_cache_round_trip():
    article = build_corpus(read_folder(CONTENT), Options()).articles[0]
    again = pickle.loads(pickle.dumps(article, protocol=5))
    assert of_value(again) == of_value(article)
    fresh = build_corpus(read_folder(CONTENT), Options()).articles[0]
    assert of_value(fresh) == of_value(article)


class Recorder(Plain):
    """A Runner that computes everything and records the keys each stage asked for."""

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = defaultdict(set)

    def memo(self, stage, key, compute):
        self.keys[stage].add(key)
        return compute()

    def memo_revised(self, stage, name, made_for, compute):
        # What decides whether a named result is computed again is what it was made for.
        self.keys[stage].add(made_for)
        return compute(None)[0]

    def keeps(self, stage):
        return True


def keys_for(folder: Folder, options: Options | None = None) -> dict[str, set[str]]:
    options = options or Options()
    run = Recorder()
    corpus = build_corpus(folder, options, run)
    analyse(folder, corpus, options, run)
    return run.keys


def new_keys(before: dict[str, set[str]], after: dict[str, set[str]]) -> dict[str, int]:
    """Stage → how many of its results must be computed again."""
    return {stage: len(after[stage] - before[stage]) for stage in after}


def _with_sidecar(folder: Folder, name: str, raw: bytes) -> Folder:
    sidecars = tuple((n, raw if n == name else r) for n, r in folder.sidecars)
    return replace(folder, sidecars=sidecars)


def test_unchanged_content_asks_for_the_same_keys():
    folder = read_folder(CONTENT)
    assert keys_for(folder) == keys_for(folder)


def test_a_sidecar_edit_invalidates_that_article_and_nothing_of_the_others():
    folder = read_folder(CONTENT)
    before = keys_for(folder)
    name, raw = folder.sidecars[0]
    after = keys_for(_with_sidecar(folder, name, raw + b"notes: checked again\n"))
    fresh = new_keys(before, after)
    for stage in ("sidecar", "article", "sentences", "quotes", "mentions", "words"):
        assert fresh[stage] == 1, stage
    # Only the pairs of this article and of the later articles it shares text with are
    # aligned again: at most 4 of the seeds' 5 entries (the first article has no earlier one).
    assert 1 <= fresh["pairs"] <= 4
    # Its sentences did not change, so no claim is judged again.
    assert fresh["claim"] == 0


def test_an_article_on_another_story_leaves_every_claim_of_this_one_as_it_was():
    grown = ferry_folder()  # the seeds and two articles on a ferry terminal's opening
    seeds = replace(grown, articles=grown.articles[:-2], sidecars=grown.sidecars[:-2])
    before, after = keys_for(seeds), keys_for(grown)
    assert before["claim"] and before["claim"] <= after["claim"]
    assert len(after["claim"] - before["claim"]) == 1  # the ferry terminal's opening


def test_an_article_on_the_same_story_judges_that_storys_claims_again():
    folder = read_folder(CONTENT)
    name = folder.articles[-1][0]
    fewer = replace(
        folder,
        articles=folder.articles[:-1],
        sidecars=tuple(s for s in folder.sidecars if s[0].rsplit(".")[0] != name.rsplit(".")[0]),
    )
    # Each claim's omitted_by lists the story's articles that do not carry it.
    assert new_keys(keys_for(fewer), keys_for(folder))["claim"] == len(keys_for(folder)["claim"])


def test_the_story_file_invalidates_every_article():
    folder = read_folder(CONTENT)
    before = keys_for(folder)
    after = keys_for(replace(folder, story=folder.story + b"\n# edited\n"))
    assert new_keys(before, after)["article"] == len(folder.articles)


def test_a_setting_invalidates_the_stages_that_read_it_and_no_others():
    folder = read_folder(CONTENT)
    before = keys_for(folder)
    # Which outlets count as news sources is read when an article is built.
    sources = new_keys(before, keys_for(folder, Options(news_sources=("CNN",))))
    assert sources["article"] == len(folder.articles)
    # The reuse threshold is read by pairs alone.
    reuse = new_keys(before, keys_for(folder, Options(reuse_threshold=0.3)))
    assert reuse["pairs"] == len(before["pairs"])
    assert not any(n for stage, n in reuse.items() if stage != "pairs")
    # The claim threshold groups sentences: no per-article result depends on it, but the
    # claims made from other groups are judged again, and the quote groups that belong to
    # them, or find paraphrases in their sentences, are labelled again. The grouping's
    # own trace is made for the threshold, so it is made again too.
    grouping = new_keys(before, keys_for(folder, Options(claim_threshold=0.9)))
    assert grouping["claim"] > 0 and grouping["quote_group"] > 0
    assert grouping["grouping"] == 1
    redone = ("claim", "quote_group", "pairs", "grouping")
    assert not any(n for stage, n in grouping.items() if stage not in redone)
