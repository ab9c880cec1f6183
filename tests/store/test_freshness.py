"""The quick freshness check: once a full check proved the cache current, unchanged files skip
the hashing; any edit (even one that restores the old mtime), addition or damage is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT
from usm_kb.store import KnowledgeBase, freshness
from usm_kb.store import cache as cache_module


def opened(root: Path, cache: Path) -> bool:
    """Open and close the KB; True when it had to be rebuilt."""
    kb = KnowledgeBase.open(root, cache, reason=False)
    kb.close()
    return kb.rebuilt


def test_unchanged_files_skip_the_hashing(
    compiled_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = compiled_copy
    assert not opened(root, cache)  # the full check, which records the stamps
    assert (cache / freshness.STAMPS).is_file()

    def no_hashing(*args: object) -> bool:
        raise AssertionError("hashed although no file changed")

    monkeypatch.setattr(cache_module, "is_fresh", no_hashing)
    monkeypatch.setattr(cache_module, "is_intact", no_hashing)
    assert not opened(root, cache)


def test_an_edit_that_restores_the_mtime_is_still_seen(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    assert not opened(root, cache)
    method = root / "ontology" / "usm-method.ttl"
    before = method.stat()
    method.write_text(method.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    os.utime(method, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not freshness.unchanged(root, cache)
    assert opened(root, cache)


def test_an_added_source_file_is_seen(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    assert not opened(root, cache)
    (root / "ontology" / "extra.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8"
    )
    assert not freshness.unchanged(root, cache)
    assert opened(root, cache)


def test_a_damaged_artefact_of_the_same_size_and_mtime_is_rebuilt(
    compiled_copy: tuple[Path, Path],
) -> None:
    root, cache = compiled_copy
    assert not opened(root, cache)
    artefact = cache / ARTEFACT
    before = artefact.stat()
    data = bytearray(artefact.read_bytes())
    data[10] ^= 1
    artefact.write_bytes(bytes(data))
    os.utime(artefact, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert opened(root, cache)


def test_damaged_stamps_only_cost_the_full_check(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    (cache / freshness.STAMPS).write_bytes(b"{not json")
    assert not opened(root, cache)
    assert freshness.unchanged(root, cache)  # rewritten by the full check
