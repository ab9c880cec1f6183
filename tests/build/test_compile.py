"""Compile: determinism, cache freshness, automatic rebuild, bad input keeps the old KB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from usm_kb.build.artefact import ARTEFACT, MANIFEST, is_fresh
from usm_kb.build.pipeline import compile_kb
from usm_kb.errors import DataError
from usm_kb.store import KnowledgeBase


def test_compiling_twice_gives_identical_bytes(small_root: Path, tmp_path: Path) -> None:
    a = compile_kb(small_root, tmp_path / "a", reason=False)
    b = compile_kb(small_root, tmp_path / "b", reason=False)
    assert (tmp_path / "a" / ARTEFACT).read_bytes() == (tmp_path / "b" / ARTEFACT).read_bytes()
    assert (tmp_path / "a" / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()
    assert a.manifest.triples > 1000
    assert b.manifest.inferred > 0


def test_artefact_has_no_blank_nodes_and_is_sorted(small_root: Path, tmp_path: Path) -> None:
    compile_kb(small_root, tmp_path, reason=False)
    lines = (tmp_path / ARTEFACT).read_bytes().splitlines()
    assert lines == sorted(lines)
    assert not any(b" _:" in line or line.startswith(b"_:") for line in lines)


def test_manifest_records_inputs_counts_and_versions(small_root: Path, tmp_path: Path) -> None:
    compile_kb(small_root, tmp_path, reason=False)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert "ontology/usm.ttl" in manifest["inputs"]
    assert "mappings/agile/catalog.yaml" in manifest["inputs"]
    assert manifest["graphs"]["https://w3id.org/usm-kb/graph/inferred"] == manifest["inferred"]
    assert set(manifest["versions"]) == {"rdflib", "pyoxigraph", "owlready2"}
    assert manifest["reasoner"]["status"] == "skipped"
    assert "time" not in json.dumps(manifest).lower()


def test_changing_an_input_triggers_a_rebuild(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    assert not KnowledgeBase.open(root, cache, reason=False).rebuilt
    method = root / "ontology" / "usm-method.ttl"
    method.write_text(method.read_text() + "\n# an edit\n")
    assert not is_fresh(root, cache)
    assert KnowledgeBase.open(root, cache, reason=False).rebuilt


def test_tampered_artefact_is_rebuilt(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    (cache / ARTEFACT).write_bytes(b"")
    kb = KnowledgeBase.open(root, cache, reason=False)
    assert kb.rebuilt and len(kb) > 1000


BAD_TURTLE = [
    ("syntax", "usm:X a owl:Class ;\n", r"usm-method\.ttl:\d+: Turtle syntax error"),
    ("unknown-prefix", "nope:X a owl:Class .\n", r"usm-method\.ttl:\d+: .*nope"),
]


@pytest.mark.parametrize(("name", "tail", "pattern"), BAD_TURTLE, ids=[b[0] for b in BAD_TURTLE])
def test_bad_turtle_names_file_and_line_and_keeps_old_kb(
    compiled_copy: tuple[Path, Path], name: str, tail: str, pattern: str
) -> None:
    root, cache = compiled_copy
    before = (cache / ARTEFACT).read_bytes()
    method = root / "ontology" / "usm-method.ttl"
    method.write_text(method.read_text() + "\n" + tail)
    with pytest.raises(DataError, match=pattern):
        compile_kb(root, cache, reason=False)
    assert (cache / ARTEFACT).read_bytes() == before


def test_binary_file_renamed_ttl_is_refused(small_root: Path, tmp_path: Path) -> None:
    (small_root / "ontology" / "zz.ttl").write_bytes(b"%PDF-1.7\x00\x01\x02binary")
    with pytest.raises(DataError, match=r"zz\.ttl: not a Turtle text file"):
        compile_kb(small_root, tmp_path, reason=False)


def test_relative_paths_are_accepted(
    small_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usm_kb.rdf.parse import parse_turtle

    (tmp_path / "rel.ttl").write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:b <c> .\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    graph = parse_turtle(Path("rel.ttl"))
    assert [str(o) for o in graph.objects()] == [(tmp_path / "c").as_uri()]
    result = compile_kb(Path(small_root.name), Path("out"), reason=False, validate=False)
    assert (tmp_path / "out" / ARTEFACT).is_file() and result.manifest.triples


def test_blank_node_labels_are_local_to_their_file(tmp_path: Path) -> None:
    from usm_kb.rdf.parse import parse_turtle

    for name in ("one", "two"):
        (tmp_path / f"{name}.ttl").write_text(
            f"@prefix ex: <https://example.org/> .\nex:{name} ex:p _:b0 .\n_:b0 ex:q ex:x .\n",
            encoding="utf-8",
        )
    merged = parse_turtle(tmp_path / "one.ttl") + parse_turtle(tmp_path / "two.ttl")
    assert len(set(merged.subjects())) == 4  # ex:one, ex:two and two distinct blank nodes
    assert len(set(merged.objects(predicate=rdflib.URIRef("https://example.org/p")))) == 2
