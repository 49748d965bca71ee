"""The disk cache: a hit returns what was stored, a miss computes, damage is only a miss."""

from __future__ import annotations

import io
import pickle
import pickletools
import sys
from dataclasses import dataclass, field

import pytest
from conftest import CONTENT

from coverage.analyse import analyse
from coverage.cache import CacheLost, DiskCache, dumps, load
from coverage.corpus import build_corpus
from coverage.findings import SharedSpan, SpanSide
from coverage.options import Options
from coverage.sources import read_folder

VERSIONS = {"quotes": "v1", "words": "v1"}


def test_a_stored_result_comes_back_without_computing(tmp_path):
    calls = []
    first = DiskCache(tmp_path, VERSIONS)
    assert first.memo("quotes", "k", lambda: calls.append(1) or ("a", None)) == ("a", None)
    second = DiskCache(tmp_path, VERSIONS)
    assert second.memo("quotes", "k", lambda: calls.append(2)) == ("a", None)
    assert calls == [1]
    assert second.summary() == "quotes 1 cached / 0 new"


def test_none_is_a_result_like_any_other(tmp_path):
    DiskCache(tmp_path, VERSIONS).memo("words", "k", lambda: None)
    again = DiskCache(tmp_path, VERSIONS)
    assert again.memo("words", "k", lambda: "computed") is None


def test_a_new_code_version_misses(tmp_path):
    DiskCache(tmp_path, VERSIONS).memo("quotes", "k", lambda: "old")
    newer = DiskCache(tmp_path, {**VERSIONS, "quotes": "v2"})
    assert newer.memo("quotes", "k", lambda: "new") == "new"
    # Another stage's version moving does not touch this one.
    other = DiskCache(tmp_path, {**VERSIONS, "words": "v2"})
    assert other.memo("quotes", "k", lambda: "recomputed") == "old"


def test_a_damaged_entry_is_recomputed_and_replaced(tmp_path):
    DiskCache(tmp_path, VERSIONS).memo("quotes", "k", lambda: "good")
    for entry in tmp_path.rglob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:3])
    assert DiskCache(tmp_path, VERSIONS).memo("quotes", "k", lambda: "again") == "again"
    assert DiskCache(tmp_path, VERSIONS).memo("quotes", "k", lambda: "unused") == "again"


def test_prune_keeps_only_what_this_build_used(tmp_path):
    old = DiskCache(tmp_path, VERSIONS)
    old.memo("quotes", "gone", lambda: 1)
    old.memo("quotes", "kept", lambda: 2)
    build = DiskCache(tmp_path, VERSIONS)
    build.memo("quotes", "kept", lambda: 0)
    assert build.prune() == 1
    assert len(list(tmp_path.rglob("*.pickle"))) == 1


def test_an_entry_kept_unread_survives_prune(tmp_path):
    old = DiskCache(tmp_path, VERSIONS)
    old.memo("quotes", "row", lambda: "html")
    build = DiskCache(tmp_path, VERSIONS)
    build.keep("quotes", "row")
    assert build.hits["quotes"] == build.misses["quotes"] == 0
    assert build.prune() == 0
    assert DiskCache(tmp_path, VERSIONS).memo("quotes", "row", lambda: "again") == "html"


def test_switched_off_it_neither_reads_nor_writes(tmp_path):
    off = DiskCache(tmp_path, VERSIONS, enabled=False)
    assert off.memo("quotes", "k", lambda: 3) == 3
    assert not list(tmp_path.rglob("*"))


def _fresh(outline, rest):
    """A computation for `memo_revised` that expects nothing kept."""

    def compute(kept):
        assert kept is None
        return outline, rest

    return compute


def test_a_named_result_hands_back_its_outline_and_keeps_the_rest_for_recall(tmp_path):
    build = DiskCache(tmp_path, VERSIONS)
    assert build.memo_revised("quotes", "a1", "v1", _fresh("outline", ["the rest"])) == "outline"
    assert build.recall("quotes", "a1") == ["the rest"]
    # A later build reads the outline without computing, and the rest is there for it too.
    later = DiskCache(tmp_path, VERSIONS)
    assert later.memo_revised("quotes", "a1", "v1", lambda kept: pytest.fail()) == "outline"
    assert later.recall("quotes", "a1") == ["the rest"]
    assert later.summary() == "quotes 1 cached / 0 new"


def test_a_named_result_made_for_other_inputs_is_handed_over_to_revise(tmp_path):
    build = DiskCache(tmp_path, VERSIONS)
    build.memo_revised("quotes", "a1", "v1", _fresh("outline", {"p": 1}))
    assert build.recall("quotes", "a1") == {"p": 1}
    handed = []

    def revise(kept):
        handed.append((kept.outline, kept.rest()))
        return "outline 2", {**kept.rest(), "q": 2}

    assert build.memo_revised("quotes", "a1", "v2", revise) == "outline 2"
    assert handed == [("outline", {"p": 1})]
    # The rest held from before the revision is not handed out again.
    assert build.recall("quotes", "a1") == {"p": 1, "q": 2}
    assert build.summary() == "quotes 0 cached / 1 new / 1 revised"
    # The revision replaced the entry: one file per name.
    assert len(list(tmp_path.rglob("*.pickle"))) == 1
    later = DiskCache(tmp_path, VERSIONS)
    assert later.memo_revised("quotes", "a1", "v2", lambda kept: pytest.fail()) == "outline 2"


def test_the_last_rest_recalled_is_held_not_read_again(tmp_path):
    build = DiskCache(tmp_path, VERSIONS)
    build.memo_revised("quotes", "k", "v", _fresh("outline", {"a": 1}))
    first = build.recall("quotes", "k")
    for entry in tmp_path.rglob("*.pickle"):
        entry.unlink()
    assert build.recall("quotes", "k") is first


def test_switched_off_a_named_result_is_computed_and_nothing_written(tmp_path):
    off = DiskCache(tmp_path, VERSIONS, enabled=False)
    assert off.memo_revised("quotes", "k", "v", _fresh("outline", "rest")) == "outline"
    assert not list(tmp_path.rglob("*"))


def test_a_result_gone_during_the_build_stops_it_with_what_to_do(tmp_path):
    build = DiskCache(tmp_path, VERSIONS)
    build.memo_revised("quotes", "k", "v", _fresh("outline", "rest"))
    for entry in tmp_path.rglob("*.pickle"):
        entry.unlink()
    with pytest.raises(CacheLost) as stopped:
        build.recall("quotes", "k")
    message = str(stopped.value)
    assert str(tmp_path) in message and "run the build again" in message


def test_a_stored_result_is_read_again_without_counting_it_again(tmp_path):
    build = DiskCache(tmp_path, VERSIONS)
    build.memo("quotes", "k", lambda: "<p>the text</p>")
    assert build.stored("quotes", "k") == "<p>the text</p>"
    assert build.summary() == "quotes 0 cached / 1 new"
    for entry in tmp_path.rglob("*.pickle"):
        entry.unlink()
    with pytest.raises(CacheLost) as stopped:
        build.stored("quotes", "k")
    assert "run the build again" in str(stopped.value)


@dataclass(frozen=True, slots=True)
class _Made:
    name: str
    size: int = field(init=False, default=0)


@dataclass(frozen=True, slots=True)
class _Checked:
    name: str

    def __post_init__(self):
        assert self.name


def _loads(data: bytes) -> object:
    return load(io.BytesIO(data))


def _opcodes(data: bytes) -> set[str]:
    return {op.name for op, _, _ in pickletools.genops(data)}


def test_a_frozen_dataclass_is_stored_as_a_call_of_its_class_and_comes_back_equal():
    side = SpanSide("a", ((0, 1, 5),), "words")
    span = SharedSpan("s1", "verbatim", side, SpanSide("b", ((2, 0, 5),), "words"), 1.0)
    data = dumps({"spans": (span, span)})
    assert _loads(data) == {"spans": (span, span)}
    # Called, not rebuilt from a state by dataclasses' own __setstate__ (BUILD).
    assert "REDUCE" in _opcodes(data)
    assert "BUILD" not in _opcodes(data)


def test_a_dataclass_a_call_would_make_again_is_stored_the_usual_way():
    made, checked = _Made("x"), _Checked("y")
    assert _loads(dumps([made, checked])) == [made, checked]
    assert "BUILD" in _opcodes(dumps(made))
    assert "BUILD" in _opcodes(dumps(checked))


def test_what_the_seeds_analysis_stores_comes_back_equal():
    folder = read_folder(CONTENT)
    corpus = build_corpus(folder, Options())
    found = analyse(folder, corpus, Options())
    stored = (corpus.articles, found.claims, found.quotes, found.quantities, found.reuse.pairs)
    assert all(stored)
    assert _loads(dumps(stored)) == stored


def test_storing_a_string_leaves_it_its_own_size():
    # CPython's pickle keeps a UTF-8 copy inside each non-ASCII string it stores.
    text = "“We are not going to do that,” he said — twice."
    size = sys.getsizeof(text)
    data = dumps({"said": text, "plain": "ascii only"})
    assert sys.getsizeof(text) == size
    assert _loads(data) == {"said": text, "plain": "ascii only"}


def test_a_string_no_codec_can_encode_comes_back_as_it_was():
    odd = "lone \udc80 surrogate"
    assert _loads(dumps((odd, odd))) == (odd, odd)


def test_strings_read_back_are_the_equal_strings_the_build_holds():
    held = "".join(["given in the ", "editor's sidecar"])  # made, so not interned yet
    held = sys.intern(held)
    first = _loads(dumps(("".join(["given in the ", "editor's sidecar"]), "“curly”")))
    second = _loads(dumps({"note": "".join(["given in the ", "editor's sidecar"])}))
    assert first[0] is held and second["note"] is held
    assert first[1] is _loads(dumps(["".join(["“cur", "ly”"])]))[0]


def test_a_string_stored_again_in_one_entry_is_stored_once():
    text = "x" * 1000
    data = dumps([text, "".join(["x" * 500, "x" * 500])])
    assert len(data) < 1100
    again = _loads(data)
    assert again == [text, text] and again[0] is again[1]


def test_an_entry_stored_by_plain_pickle_still_loads():
    plain = pickle.dumps({"id": "000_cnn", "text": "“quoted”"}, protocol=5)
    assert _loads(plain) == {"id": "000_cnn", "text": "“quoted”"}
