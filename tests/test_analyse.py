import importlib
import os
import pkgutil
from contextlib import contextmanager

import wordfreq
from conftest import CONTENT

from coverage import analysis, forked, memory
from coverage.analyse import _MEMOS, _InTurn, _words, analyse, forget_memos
from coverage.analysis import reuse, shingles, similarity
from coverage.analysis.claims import claim_features, publication_order
from coverage.analysis.sentences import split
from coverage.corpus import build_corpus
from coverage.options import Options
from coverage.pipeline import Plain
from coverage.sources import read_folder


class Recording:
    """A runner that keeps every result in a dict and records what was asked, in order."""

    def __init__(self):
        self.kept = {}
        self.asked = []

    def memo(self, stage, key, compute):
        self.asked.append(stage)
        if (stage, key) not in self.kept:
            self.kept[stage, key] = compute()
        return self.kept[stage, key]

    def memo_revised(self, stage, name, made_for, compute):
        return compute(None)[0]

    @contextmanager
    def stage(self, name, total=None):
        yield

    def keeps(self, stage):
        return False

    def recall(self, stage, name):
        raise LookupError(stage)

    def apart(self, compute):
        self.asked.append("apart")
        return compute()

    def in_parts(self, compute):
        self.asked.append("in_parts")
        return [compute(0, 1)]


def test_claims_made_from_kept_features_are_the_claims_made_from_the_words():
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, Options())
    run = Recording()
    cached = analyse(folder, corpus, Options(), run)
    again = analyse(folder, corpus, Options(), run)  # every feature now read from the runner
    plain = analyse(folder, corpus, Options())
    assert cached.claims == again.claims == plain.claims
    assert len(plain.claims.claims) > 5
    # One read of each article's features per grouping, not one per sentence.
    assert run.asked.count("features") == 2 * len(corpus.articles)


class Apart(Plain):
    """A plain runner that computes what it is asked to compute apart in a forked child."""

    def __init__(self):
        self.children = []

    def apart(self, compute):
        def in_child(tick):
            return compute(), os.getpid()

        value, child = forked.call(in_child, lambda n: None)
        self.children.append(child)
        return value


def test_the_stages_run_apart_find_what_they_find_in_the_builds_own_process():
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, Options())
    run = Apart()
    apart = analyse(folder, corpus, Options(), run)
    here = analyse(folder, corpus, Options())
    # The claims, the quotes and figures, and the reuse stage, each in a child of its own.
    assert len(set(run.children)) == 3 and os.getpid() not in run.children
    assert apart.claims == here.claims
    assert apart.quotes == here.quotes and len(here.quotes) > 3
    assert apart.quantities == here.quantities and len(here.quantities) > 3
    assert apart.reuse == here.reuse and len(here.reuse.pairs) > 3


def test_features_are_read_an_article_at_a_time_and_only_that_article_is_held(seed_corpus):
    articles = publication_order(seed_corpus.articles)
    kept = {a.id: claim_features(split(a)) for a in articles}
    read = []

    def featured(article):
        read.append(article)
        return kept[article]

    given = _InTurn(featured)
    for article in articles:
        sentences = {s.index: s for s in split(article)}
        for index, vector in kept[article.id]:
            assert given(sentences[index]) is vector
        assert given.held == dict(kept[article.id])
    assert read == [a.id for a in articles]


def test_a_sentence_without_kept_features_is_given_the_features_of_its_words(seed_corpus):
    sentences = split(seed_corpus.articles[0])
    given = _InTurn(lambda _: ())
    for sentence in sentences[:5]:
        assert given(sentence) == similarity.vectorise(sentence.text)
    assert any(given(s) for s in sentences[:5])


def test_the_reuse_stage_starts_with_only_the_memos_it_reads(monkeypatch):
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, Options())
    filled = {}
    find_keyed = reuse.find_keyed

    def measured(*args, **kwargs):
        filled.update({memo: memo.cache_info().currsize for memo in _MEMOS})
        filled["word frequencies"] = wordfreq.get_frequency_list.cache_info().currsize + len(
            wordfreq._wf_cache
        )
        return find_keyed(*args, **kwargs)

    monkeypatch.setattr(reuse, "find_keyed", measured)
    forget_memos()
    analyse(folder, corpus, Options())
    assert filled.pop("word frequencies") == 0, "reuse looks no word's frequency up"
    held = {memo.__qualname__ for memo, size in filled.items() if size}
    assert held == {"normal_form", "_code", "_features"}


def _memos_in_the_analysis():
    for module in pkgutil.iter_modules(analysis.__path__):
        found = importlib.import_module(f"{analysis.__name__}.{module.name}")
        for name, value in vars(found).items():
            if hasattr(value, "cache_clear") and getattr(value, "__module__", "") == found.__name__:
                yield f"{found.__name__}.{name}", value


def test_every_memo_of_the_analysis_is_forgotten_once_the_findings_are_made():
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, Options())
    analyse(folder, corpus, Options())
    memos = dict(_memos_in_the_analysis())
    # A memo added to the analysis must be listed, or it would hold its memory to the end.
    assert set(memos.values()) <= set(_MEMOS), set(memos) - {
        name for name, memo in memos.items() if memo in _MEMOS
    }
    assert sum(memo.cache_info().currsize for memo in _MEMOS) > 100
    forget_memos()
    assert {name: memo.cache_info().currsize for name, memo in memos.items()} == dict.fromkeys(
        memos, 0
    )


def test_words_made_afresh_for_reuse_share_each_spelling_with_other_articles():
    corpus = build_corpus(read_folder(CONTENT), Options())
    first, second = corpus.articles[:2]
    one = _words(first)
    # The memo of normal forms let go: each spelling is made again as a new string.
    shingles.normal_form.cache_clear()
    two = _words(second)
    common = [w for w in set(one.normal) & set(two.normal) if len(w) > 3]
    assert common, "two seeds share some word of four letters or more"
    for word in common:
        assert one.normal[one.normal.index(word)] is two.normal[two.normal.index(word)]


def test_forgetting_the_memos_hands_their_memory_back(monkeypatch):
    handed = []
    monkeypatch.setattr(memory, "give_back", lambda: handed.append(memos_filled()))

    def memos_filled():
        return sum(memo.cache_info().currsize for memo in _MEMOS)

    shingles.normal_form("Rubio")
    forget_memos()
    # Handed back once, after the memos were emptied, not before.
    assert handed == [0]
