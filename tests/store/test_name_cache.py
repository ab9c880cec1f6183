"""The resolver's index kept beside the compiled KB: read back only for the same artefact and
code, rebuilt (and rewritten) when stale, damaged or not writable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from usm_kb.store import KnowledgeBase, name_cache
from usm_kb.store import knowledge_base as kb_module
from usm_kb.store.name_cache import cached_index, from_json, to_json
from usm_kb.store.names import Entry, NameIndex


def small_index() -> NameIndex:
    recover = Entry("process", "https://w3id.org/usm-kb/id/process/recover", "recover", "Recover")
    wish = Entry("calltype", "https://w3id.org/usm-kb/id/calltype/wish", "wish", "Wish", short="W")
    return NameIndex.build([(recover, ["herstellen", "INC"]), (wish, ["wens"])])


def test_an_index_survives_the_round_trip() -> None:
    index = small_index()
    assert from_json(json.loads(json.dumps(to_json(index, "s1"))), "s1") == index


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {**d, "stamp": "another artefact"},
        lambda d: {**d, "format": 99},
        lambda d: {**d, "entries": [["process"]]},  # too few fields
        lambda d: {**d, "keys": {"process": {"recover": [999]}}},  # no such entry
        lambda d: {**d, "labels": None},
        lambda d: [],
    ],
    ids=["stale", "format", "short-row", "dangling", "null", "not-an-object"],
)
def test_a_stale_or_damaged_index_is_not_used(damage) -> None:
    data = damage(to_json(small_index(), "s1"))
    assert from_json(data, "s1") is None


def test_a_damaged_file_is_rebuilt_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "names.json"
    path.write_bytes(b"\x00not json")
    built = []

    def build() -> NameIndex:
        built.append(1)
        return small_index()

    assert cached_index(path, "s1", build) == small_index()
    assert cached_index(path, "s1", build) == small_index()
    assert built == [1]  # the second call read the rewritten file
    assert json.loads(path.read_text(encoding="utf-8"))["stamp"] == "s1"


def test_an_unwritable_cache_only_costs_the_rebuild(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    # (tests run as root in CI, so a read-only mode would not stop the write)
    assert cached_index(blocker / "names.json", "s1", small_index) == small_index()
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_a_second_process_reads_the_index_instead_of_querying(
    compiled_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = compiled_copy
    first = KnowledgeBase.open(root, cache, reason=False)
    try:
        expected = first.names()
    finally:
        first.close()
    assert (cache / name_cache.NAMES).is_file()

    def no_queries(select: object) -> NameIndex:
        raise AssertionError("the index was rebuilt although the file is current")

    monkeypatch.setattr(kb_module, "load_index", no_queries)
    second = KnowledgeBase.open(root, cache, reason=False)
    try:
        assert second.names() == expected
        assert second.resolve("process", "herstellen").id == "recover"
    finally:
        second.close()
