"""HermiT (owlready2) finds the ontology consistent and rejects an inconsistent fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT
from usm_kb.build.pipeline import compile_kb
from usm_kb.build.reasoning import check_consistency, java_available
from usm_kb.errors import DataError, ReasonerUnavailable
from usm_kb.sources.graphs import union_graph
from usm_kb.sources.ontology import iter_ontology

DATA = Path(__file__).resolve().parents[1] / "data"
needs_java = pytest.mark.skipif(not java_available(), reason="no Java runtime for HermiT")


@needs_java
@pytest.mark.java
def test_shipped_ontology_is_consistent(shipped_root: Path) -> None:
    report = check_consistency(union_graph(list(iter_ontology(shipped_root))))
    assert report.status == "consistent"
    assert report.reasoner.startswith("HermiT")


@needs_java
@pytest.mark.java
def test_inconsistent_fixture_is_rejected_and_old_kb_stays(
    compiled_copy: tuple[Path, Path],
) -> None:
    root, cache = compiled_copy
    before = (cache / ARTEFACT).read_bytes()
    shutil.copy(
        DATA / "bad" / "inconsistent-process-is-practice.ttl",
        root / "ontology" / "zz-inconsistent.ttl",
    )
    with pytest.raises(DataError, match="inconsistent") as info:
        compile_kb(root, cache, reason=True)
    assert "process/agree" in str(info.value)
    assert (cache / ARTEFACT).read_bytes() == before


def test_missing_java_is_reported_and_build_still_works(
    small_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert not java_available()
    with pytest.raises(ReasonerUnavailable, match="openjdk"):
        check_consistency(union_graph(list(iter_ontology(small_root))))
    result = compile_kb(small_root, tmp_path / "out", reason=True)
    assert result.manifest.reasoner["status"] == "unchecked"
    assert any("NOT checked" in w for w in result.warnings)
