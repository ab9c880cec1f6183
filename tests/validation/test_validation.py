"""The validation service: the shipped KB conforms, findings carry labels and files, reports
convert to JSON and to a W3C sh:ValidationReport, bad input and bad shapes are refused, and
the build refuses sources with Violations."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from usm_kb.build.artefact import ARTEFACT
from usm_kb.build.pipeline import compile_kb
from usm_kb.errors import DataError
from usm_kb.namespaces import SHAPES
from usm_kb.sources.ontology import iter_ontology
from usm_kb.validation import validate as validate_module
from usm_kb.validation.render import report_graph
from usm_kb.validation.report import FINDING_FIELDS
from usm_kb.validation.shapes import ShapesError
from usm_kb.validation.validate import (
    load_extra,
    require_no_violations,
    validate_files,
    validate_kb,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def shipped_report(shipped_root: Path):
    return validate_kb(shipped_root)


def test_shipped_kb_has_no_violations(shipped_report) -> None:
    assert shipped_report.conforms
    assert shipped_report.counts["violation"] == 0
    assert shipped_report.filtered("warning") == []
    assert shipped_report.triples > 10_000
    assert shipped_report.shapes >= 40


def test_shipped_kb_validates_fast(shipped_report) -> None:
    assert shipped_report.seconds < 10  # measured ~0.3 s; bench/bench_validate.py


def test_infos_on_shipped_data_name_the_mapping_sets(shipped_report) -> None:
    infos = shipped_report.filtered("info")
    assert infos and {f.shape for f in infos} == {SHAPES + "MappingSetPrecisionShape"}
    agile = next(f for f in infos if "agile" in f.focus)
    assert agile.focus_label == "Agile Manifesto mapped onto the five USM processes"
    assert agile.file == "mappings/agile/agile-usm.sssom.tsv"


def test_finding_to_dict_has_the_documented_fields() -> None:
    report = validate_files([DATA / "bad" / "mapping-share-out-of-range.ttl"])
    (finding,) = report.findings
    record = finding.to_dict()
    assert tuple(record) == FINDING_FIELDS
    assert record["severity"] == "violation"
    assert record["focus"] == "https://example.org/fixture/row"
    assert record["focus_label"] == "Fixture practice → Change"
    assert record["path"] == "usm:share"
    assert record["value"] == "120"
    assert record["component"] == str(SH.MaxInclusiveConstraintComponent)
    assert record["file"].endswith("mapping-share-out-of-range.ttl")
    assert "an integer from 0 to 100" in record["rule"]


def test_report_to_dict_counts_all_but_lists_filtered(shipped_report) -> None:
    data = shipped_report.to_dict("warning")
    assert data["counts"] == {"violation": 0, "warning": 0, "info": shipped_report.counts["info"]}
    assert data["findings"] == []
    assert len(shipped_report.to_dict()["findings"]) == data["counts"]["info"]


def test_rdf_report_is_a_shacl_validation_report() -> None:
    report = validate_files(
        [DATA / "bad" / "workflow-without-steps.ttl", DATA / "bad" / "mapping-duplicate-pair.ttl"]
    )
    graph = Graph().parse(data=report_graph(report).serialize(format="turtle"), format="turtle")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    results = list(graph.objects(node, SH.result))
    assert len(results) == len(report.findings) == 3
    for result in results:
        assert (result, RDF.type, SH.ValidationResult) in graph
        for prop in (
            SH.focusNode,
            SH.resultSeverity,
            SH.sourceShape,
            SH.sourceConstraintComponent,
            SH.resultMessage,
        ):
            assert graph.value(result, prop) is not None, prop
    steps = next(
        r
        for r in results
        if graph.value(r, SH.sourceShape) == URIRef(SHAPES + "WorkflowStepsShape")
    )
    path = graph.value(steps, SH.resultPath)
    assert isinstance(path, BNode) and graph.value(path, SH.alternativePath) is not None


def test_extra_file_is_validated_with_the_kb(shipped_root: Path) -> None:
    extra = DATA / "bad" / "mapping-subset-and-superset.ttl"
    report = validate_kb(shipped_root, [extra])
    violations = report.filtered("violation")
    assert [(f.shape, f.file) for f in violations] == [
        (SHAPES + "SubsetAndSupersetShape", str(extra))
    ]


def test_the_sparql_store_is_let_go_before_the_rdflib_graph_is_built(
    shipped_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two engines take turns: when the freed memory is handed back, nothing of
    validation holds the SPARQL store any more, and the rdflib graph is not built yet."""
    stores: list[object] = []
    seen: list[tuple[int, int]] = []
    make_store, parse = validate_module._text_store, validate_module._source

    def recorded(texts: list) -> object:
        stores.append(make_store(texts))
        return stores[-1]

    def release() -> bool:  # refs: the list above and getrefcount's argument, nothing else
        seen.append((sys.getrefcount(stores[0]), parsed))
        return True

    parsed = 0

    def counted(text: object) -> object:
        nonlocal parsed
        parsed += 1
        return parse(text)

    monkeypatch.setattr(validate_module, "_text_store", recorded)
    monkeypatch.setattr(validate_module, "release_free_memory", release)
    monkeypatch.setattr(validate_module, "_source", counted)
    extra = DATA / "bad" / "mapping-subset-and-superset.ttl"
    ontology = list(iter_ontology(shipped_root))  # the KB's ontology only: quicker
    report = validate_kb(shipped_root, [extra], sources=ontology)
    assert seen == [(2, 0)] and parsed == 1
    assert [f.shape for f in report.filtered("violation")] == [SHAPES + "SubsetAndSupersetShape"]


def test_folder_of_turtle_files(tmp_path: Path) -> None:
    for name in ("workflow-without-trigger", "raci-unknown-role"):
        shutil.copy(DATA / "bad" / f"{name}.ttl", tmp_path / f"{name}.ttl")
    (tmp_path / "notes.txt").write_text("not RDF, and not a .ttl file")
    shapes = {f.shape for f in validate_files([tmp_path]).findings}
    assert shapes == {SHAPES + "WorkflowTriggerShape", SHAPES + "RaciAssignmentShape"}


def test_unparseable_file_names_file_and_line() -> None:
    with pytest.raises(DataError, match=r"syntax-error\.ttl:6: Turtle syntax error"):
        load_extra([DATA / "bad" / "syntax-error.ttl"])


def test_relative_path_is_accepted_and_reported_as_given(monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    with pytest.raises(DataError) as info:
        load_extra([Path("bad/syntax-error.ttl")])
    assert str(info.value).startswith("bad/syntax-error.ttl:6:")
    assert len(load_extra([Path("good/raci-unknown-role.ttl")])[0].graph) > 5


def test_pdf_renamed_ttl_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "upload.ttl"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<< /Type /Catalog >>")
    with pytest.raises(DataError, match=r"upload\.ttl: not a Turtle text file"):
        validate_files([fake])


@pytest.mark.parametrize("make", ["missing", "empty-folder"])
def test_missing_input_is_refused(tmp_path: Path, make: str) -> None:
    target = tmp_path / "nothing-here"
    if make == "empty-folder":
        target.mkdir()
    with pytest.raises(DataError, match="nothing-here"):
        load_extra([target])


def test_shapes_file_breaking_shacl_shacl_is_reported(small_root: Path) -> None:
    shutil.copy(
        DATA / "bad" / "shapes-not-shacl.ttl", small_root / "ontology" / "shapes" / "zz-broken.ttl"
    )
    with pytest.raises(ShapesError) as info:
        validate_kb(small_root)
    message = str(info.value)
    assert "zz-broken.ttl" in message and "SHACL-SHACL" in message
    assert "shape:BrokenShape" in message
    assert info.value.exit_code == 2


def test_data_root_without_shapes_uses_the_shipped_ones(small_root: Path) -> None:
    shutil.rmtree(small_root / "ontology" / "shapes")
    report = validate_kb(small_root)
    assert report.conforms and report.shapes >= 40


def test_unparseable_shapes_file_names_file_and_line(small_root: Path) -> None:
    shutil.copy(DATA / "bad" / "syntax-error.ttl", small_root / "ontology" / "shapes" / "x.ttl")
    with pytest.raises(DataError, match=r"shapes/x\.ttl:6: Turtle syntax error"):
        validate_kb(small_root)


def test_require_no_violations_lists_file_shape_and_focus() -> None:
    report = validate_files([DATA / "bad" / "practice-id-duplicate.ttl"])
    with pytest.raises(DataError) as info:
        require_no_violations(report)
    message = str(info.value)
    assert message.startswith("SHACL validation found 2 violation(s): ")
    assert "practice-id-duplicate.ttl: shape:PracticeIdUniqueShape: " in message
    assert "https://example.org/fixture/framework-p1" in message
    require_no_violations(validate_files([DATA / "bad" / "practice-not-mapped.ttl"]))


# --- the build refuses sources with Violations -------------------------------------------


def _make_kanban_practice_equal_to_two_processes(root: Path) -> None:
    tsv = root / "mappings" / "kanban" / "kanban-usm.sssom.tsv"
    lines = []
    for line in tsv.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("kanban:X-KAN-1\t"):
            cells = line.rstrip("\n").split("\t")
            cells[2], cells[13], cells[15] = "skos:exactMatch", "equal", "100"
            line = "\t".join(cells) + "\n"
        lines.append(line)
    tsv.write_text("".join(lines), encoding="utf-8")


def test_build_refuses_mapping_conflicts_and_keeps_old_kb(small_root: Path, tmp_path: Path) -> None:
    """Equal to two processes: the reader already refuses it (the shares add up to 200, with
    file:line); SHACL's shape:EqualToTwoProcessesShape says the same of RDF input (fixtures)."""
    compile_kb(small_root, tmp_path, reason=False)
    before = (tmp_path / ARTEFACT).read_bytes()
    _make_kanban_practice_equal_to_two_processes(small_root)
    with pytest.raises(DataError) as info:
        compile_kb(small_root, tmp_path, reason=False)
    message = str(info.value)
    assert re.search(r"kanban-usm\.sssom\.tsv:\d+: the shares of X-KAN-1 add up to 200", message)
    assert (tmp_path / ARTEFACT).read_bytes() == before


def test_build_refuses_a_sixth_process(small_root: Path, tmp_path: Path) -> None:
    shutil.copy(DATA / "bad" / "process-count-six.ttl", small_root / "ontology" / "zz-six.ttl")
    with pytest.raises(DataError, match=r"ontology/usm\.ttl: shape:ProcessCountShape: usm:Process"):
        compile_kb(small_root, tmp_path, reason=False)
    assert compile_kb(small_root, tmp_path, reason=False, validate=False).manifest.triples > 0


def test_build_reports_shacl_warnings(small_root: Path, tmp_path: Path) -> None:
    shutil.copy(
        DATA / "bad" / "disputed-fact-without-variant.ttl",
        small_root / "ontology" / "zz-disputed.ttl",
    )
    result = compile_kb(small_root, tmp_path, reason=False)
    assert any("1 SHACL warning" in w for w in result.warnings)


def test_validate_graph_checks_a_graph_with_the_ontology(shipped_root: Path) -> None:
    """The in-memory entry point (used by the benches and workspaces) finds what files do."""
    from usm_kb.rdf.parse import parse_turtle
    from usm_kb.sources.graphs import union_graph
    from usm_kb.sources.ontology import iter_ontology
    from usm_kb.validation.validate import validate_graph

    ontology = union_graph(list(iter_ontology(shipped_root)))
    bad = parse_turtle(DATA / "bad" / "practice-equal-to-two-processes.ttl")
    report = validate_graph(bad, ontology=ontology, root=shipped_root)
    assert not report.conforms
    assert {f.shape.rsplit("#", 1)[-1] for f in report.filtered("violation")} == {
        "EqualToTwoProcessesShape"
    }
    fresh = parse_turtle(DATA / "bad" / "practice-equal-to-two-processes.ttl")
    assert len(bad) == len(fresh) < report.triples  # merged into a copy, the input untouched
