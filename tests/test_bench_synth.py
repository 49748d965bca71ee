"""The benchmark's article generator: deterministic, valid sidecars, and input the build accepts."""

from __future__ import annotations

import importlib.util
import itertools
import re
import sys

import pytest
from conftest import ROOT

from coverage.corpus import build_corpus
from coverage.options import Options
from coverage.sidecars import parse_sidecar
from coverage.sources import Folder


def _load_synth():
    sys.path.insert(0, str(ROOT / "bench"))  # synth imports its neighbour, stories
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


synth = _load_synth()
N = 20


@pytest.fixture(scope="module")
def made():
    return synth.synthesise(N, seed=7)


def as_folder(made) -> Folder:
    return Folder(
        "content",
        tuple((name, raw) for name, raw, _ in made),
        tuple((synth.sidecar_name(name), sidecar) for name, _, sidecar in made),
        (ROOT / "content" / "story.yaml").read_bytes(),
        (),
    )


def test_the_same_seed_gives_the_same_bytes(made):
    assert synth.synthesise(N, seed=7) == made
    assert synth.synthesise(N, seed=8) != made


def test_a_smaller_run_is_the_start_of_a_larger_one(made):
    assert synth.synthesise(5, seed=7) == made[:5]


def test_n_distinct_articles_named_like_the_seeds(made):
    assert len(made) == N
    names = [name for name, _, _ in made]
    assert names == sorted(names)
    assert all(re.fullmatch(r"\d{5}_[0-9a-f]{16}\.txt", name) for name in names)
    assert len({raw for _, raw, _ in made}) == N
    assert synth.synthesise(0) == []


def test_every_sidecar_is_valid_with_an_outlet_and_a_date_in_the_weeks_after_the_event(made):
    for name, _, sidecar in made:
        meta, problems = parse_sidecar(sidecar.decode("utf-8"), synth.sidecar_name(name))
        assert problems == (), problems
        assert meta.outlet in synth.OUTLETS
        assert 0 <= (meta.published - synth.FIRST_DAY).days <= synth.SPREAD_DAYS
        assert meta.published <= meta.retrieved
    assert len(synth.OUTLETS) == len(set(synth.OUTLETS)) == 50


def test_articles_are_edited_recombinations_with_other_text_mixed_in(made):
    seeds = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("00*.txt"))
    )
    texts = [raw.decode("utf-8") for _, raw, _ in made]
    assert not any(text.strip() in seeds for text in texts)
    everything = "\n".join(texts)
    new_words = {w for w in synth.SYNONYMS.values() if w not in seeds}
    assert any(word in everything for word in new_words)  # reworded
    seed_figures = set(re.findall(r"\d{1,3}(?:,\d{3})+", seeds))
    assert set(re.findall(r"\d{1,3}(?:,\d{3})+", everything)) - seed_figures  # figures changed
    assert any(line.startswith(synth._SUBJECTS) for line in everything.splitlines())  # made up


def test_synthetic_articles_build_into_a_corpus_without_problems(made):
    corpus = build_corpus(as_folder(made), Options())
    assert corpus.problems == (), [str(p) for p in corpus.problems]
    assert len(corpus.articles) == N
    assert all(a.published.provenance == "editor" for a in corpus.articles)
    assert all(any(b.kind == "paragraph" for b in a.blocks) for a in corpus.articles)


def test_write_puts_articles_sidecars_and_the_story_in_a_new_folder(tmp_path):
    folder = synth.write(tmp_path / "content", 3, seed=1)
    files = sorted(p.name for p in folder.iterdir())
    assert "story.yaml" in files
    assert len([f for f in files if f.endswith(".txt")]) == 3
    assert len([f for f in files if f.endswith(".yaml")]) == 4
    for name, raw, sidecar in synth.synthesise(3, seed=1):
        assert (folder / name).read_bytes() == raw
        assert (folder / synth.sidecar_name(name)).read_bytes() == sidecar
    with pytest.raises(FileExistsError):
        synth.write(folder, 3, seed=1)


# --- stories ---------------------------------------------------------------------------------

PER_STORY = 4


@pytest.fixture(scope="module")
def in_stories():
    return synth.synthesise(N, seed=7, per_story=PER_STORY)


def eight_word_runs(raw: bytes) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", raw.decode("utf-8").lower())
    return {tuple(words[n : n + 8]) for n in range(len(words) - 7)}


def test_stories_are_the_one_story_articles_respelled_and_the_first_is_unchanged(made, in_stories):
    assert in_stories[:PER_STORY] == made[:PER_STORY]
    for index, ((_, raw, sidecar), (_, one_story_raw, _)) in enumerate(
        zip(in_stories, made, strict=True)
    ):
        story = index // PER_STORY
        assert raw == synth.stories.respell(one_story_raw.decode("utf-8"), story).encode("utf-8")
        if story:
            assert raw != one_story_raw
            assert synth.stories.code(story) in sidecar.decode("utf-8")  # the headline in the URL


def test_articles_of_different_stories_share_no_run_of_eight_words(in_stories):
    runs = [eight_word_runs(raw) for _, raw, _ in in_stories]
    for i, j in itertools.combinations(range(N), 2):
        if i // PER_STORY != j // PER_STORY:
            assert not runs[i] & runs[j], (i, j, sorted(runs[i] & runs[j])[:3])


def test_articles_of_one_story_share_runs_of_eight_words(in_stories):
    runs = [eight_word_runs(raw) for _, raw, _ in in_stories]
    for first in range(0, N, PER_STORY):
        story = range(first, first + PER_STORY)
        assert any(runs[i] & runs[j] for i, j in itertools.combinations(story, 2)), first


def test_stories_are_deterministic_and_a_smaller_run_is_the_start_of_a_larger_one(in_stories):
    assert synth.synthesise(N, seed=7, per_story=PER_STORY) == in_stories
    assert synth.synthesise(9, seed=7, per_story=PER_STORY) == in_stories[:9]
    assert synth.synthesise(N, seed=7, per_story=PER_STORY + 1) != in_stories
    with pytest.raises(ValueError):
        synth.synthesise(3, per_story=0)


def test_an_article_joining_a_story_is_the_streams_article_told_that_storys_way(in_stories):
    index = N - 1  # the stream would start no story here: it is the last of its own
    own = index // PER_STORY
    assert synth.joining(index, own, seed=7) == in_stories[index]
    name, raw, sidecar = synth.joining(index, 1, seed=7)
    _, stream_raw, stream_sidecar = in_stories[index]
    one_story = synth.synthesise(index + 1, seed=7)[index][1].decode("utf-8")
    assert raw == synth.stories.respell(one_story, 1).encode("utf-8") != stream_raw
    assert name.startswith(f"{index:05d}_") and name != in_stories[index][0]
    # The same draws: outlet, dates and status; only the headline in the URL is respelled.
    same = [
        line for line in sidecar.decode().splitlines() if not line.startswith(("url", "headline"))
    ]
    stream = [
        line
        for line in stream_sidecar.decode().splitlines()
        if not line.startswith(("url", "headline"))
    ]
    assert same == stream
    assert synth.stories.code(1) in sidecar.decode("utf-8")
    # It shares runs of words with the story it joins, and none with its own.
    runs = eight_word_runs(raw)
    assert any(runs & eight_word_runs(r) for _, r, _ in in_stories[PER_STORY : 2 * PER_STORY])
    assert not any(runs & eight_word_runs(r) for _, r, _ in in_stories[own * PER_STORY : index])
    with pytest.raises(ValueError):
        synth.joining(-1, 0)


def test_respelling_keeps_short_words_capitals_and_punctuation():
    respell = synth.stories.respell
    assert respell("El Salvador’s CECOT, a U.S. deal (80,000).", 1) == (
        "El Salvadorbc’s CECOTBC, a U.S. dealbc (80,000)."
    )
    assert respell("Salvador", 0) == "Salvador"
    codes = [synth.stories.code(k) for k in range(1, 1000)]
    assert len(set(codes)) == len(codes)


def test_stories_build_into_a_corpus_without_problems(in_stories):
    corpus = build_corpus(as_folder(in_stories), Options())
    assert corpus.problems == (), [str(p) for p in corpus.problems]
    assert len(corpus.articles) == N
