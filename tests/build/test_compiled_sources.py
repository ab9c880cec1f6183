"""Validation reads the KB's sources from a current compiled artefact: the same graphs, the
same findings as parsing the files, and the files again as soon as the cache is stale."""

from __future__ import annotations

from pathlib import Path

from usm_kb.build.artefact import ARTEFACT
from usm_kb.build.compiled_sources import compiled_sources
from usm_kb.sources.loading import load_sources
from usm_kb.validation.validate import validate_kb

WORKSPACE = """\
@prefix usm: <https://w3id.org/usm-kb/ontology#> .
@prefix ws: <https://example.org/ws/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ws:p1 a usm:LocalPractice ; rdfs:label "Storingen afhandelen"@nl .
ws:m1 a usm:Mapping ; usm:mappingSubject ws:p1 ; usm:share 120 .
"""


def test_the_compiled_graphs_are_the_parsed_sources(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    compiled = compiled_sources(root, cache)
    assert compiled is not None
    parsed = load_sources(root)
    assert [(s.iri, s.path, len(s.graph)) for s in compiled] == [
        (s.iri, s.path, len(s.graph)) for s in parsed
    ]


def test_validation_finds_the_same_either_way(
    compiled_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    root, cache = compiled_copy
    extra = tmp_path / "workspace.ttl"
    extra.write_text(WORKSPACE, encoding="utf-8")
    from_files = validate_kb(root, [extra])
    from_cache = validate_kb(root, [extra], sources=compiled_sources(root, cache))
    assert from_files.findings, "the workspace was meant to have findings"
    assert from_cache.findings == from_files.findings
    assert from_cache.triples == from_files.triples


def test_a_stale_cache_is_not_used(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    method = root / "ontology" / "usm-method.ttl"
    method.write_text(method.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert compiled_sources(root, cache) is None


def test_a_damaged_artefact_is_not_used(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    data = bytearray((cache / ARTEFACT).read_bytes())
    data[-2] ^= 1
    (cache / ARTEFACT).write_bytes(bytes(data))
    assert compiled_sources(root, cache) is None
