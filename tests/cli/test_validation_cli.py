"""``usm-kb validate``: formats, severity display threshold, --fail-on, exit codes 0/1/2, and
the JSON schema documented in docs/validation.md."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.namespace import SH

from usm_kb.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


@pytest.fixture
def validate(small_compiled: tuple[Path, Path]):
    """``usm-kb validate`` over the small data copy (fast); ``data=`` picks another root."""

    def invoke(*args: str, data: Path | None = None) -> Result:
        root = data or small_compiled[0]
        return CliRunner().invoke(
            cli, ["--data", str(root), "validate", *args], catch_exceptions=False
        )

    return invoke


def test_shipped_kb_conforms(validate, shipped_root: Path) -> None:
    result = validate(data=shipped_root)
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violations, 0 warnings" in result.stdout
    assert "mapping set says more than intersects" in result.stdout  # infos shown by default


def test_text_groups_by_shape_with_labels(validate) -> None:
    result = validate(str(DATA / "bad" / "practice-equal-to-two-processes.ttl"))
    assert result.exit_code == 1
    out = result.stdout
    header = next(line for line in out.splitlines() if "EqualToTwoProcessesShape" in line)
    assert header.startswith("VIOLATION  practice equal to one process at most")
    assert "2 findings" in header
    assert "Fixture practice (https://example.org/fixture/practice)  value process:change" in out
    assert "rule: USM non-redundancy" in out
    assert "does NOT conform: 2 violations" in out


def test_severity_hides_lower_findings(validate, shipped_root: Path) -> None:
    result = validate("--severity", "warning", data=shipped_root)
    assert result.exit_code == 0
    assert "mapping set says more than intersects" not in result.stdout
    assert "5 infos (5 below warning not shown)" in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("violation", 0), ("warning", 1)])
def test_fail_on_threshold(validate, fail_on: str, code: int) -> None:
    result = validate(str(DATA / "bad" / "practice-not-mapped.ttl"), "--fail-on", fail_on)
    assert result.exit_code == code
    assert "practice is mapped" in result.stdout


def test_folder_argument(validate, tmp_path: Path) -> None:
    shutil.copy(DATA / "bad" / "raci-two-accountable.ttl", tmp_path / "a.ttl")
    shutil.copy(DATA / "good" / "workflow-without-trigger.ttl", tmp_path / "b.ttl")
    result = validate(str(tmp_path), "--format", "json", "--severity", "violation")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["shape"].rsplit("#")[-1], f["file"]) for f in findings] == [
        ("RaciSingleAccountableShape", str(tmp_path / "a.ttl"))
    ]


def test_unparseable_file_exits_2_with_file_and_line(validate) -> None:
    bad = DATA / "bad" / "syntax-error.ttl"
    result = validate(str(DATA / "good" / "term-missing-label.ttl"), str(bad))
    assert result.exit_code == 2
    assert f"{bad}:6: Turtle syntax error" in result.stderr
    assert result.stdout == ""  # nothing else ran
    assert "Traceback" not in result.output + result.stderr


def test_pdf_renamed_ttl_exits_2_with_a_clear_message(validate, tmp_path: Path) -> None:
    fake = tmp_path / "report.ttl"
    fake.write_bytes(b"%PDF-1.4\n\x00\x01\x02\x03 binary stream")
    result = validate(str(fake))
    assert result.exit_code == 2
    assert "report.ttl: not a Turtle text file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _violations(result: Result) -> set[tuple[str, str]]:
    return {(f["shape"], f["focus"]) for f in json.loads(result.stdout)["findings"]}


FORMATS = [
    (".nt", "nt"),
    (".jsonld", "json-ld"),
    (".rdf", "xml"),
    (".trig", "trig"),
    (".nq", "nquads"),
]


@pytest.mark.parametrize(("suffix", "rdflib_format"), FORMATS, ids=[f[1] for f in FORMATS])
def test_other_rdf_formats_give_the_same_findings(
    validate, tmp_path: Path, suffix: str, rdflib_format: str
) -> None:
    """The same data as N-Triples, JSON-LD, RDF/XML, and in a named graph of TriG or
    N-Quads (flattened into the default graph) breaks the same shapes, Core and SPARQL."""
    graph = rdflib.Graph()
    for name in ("raci-two-accountable.ttl", "mapping-duplicate-pair.ttl"):
        graph.parse(DATA / "bad" / name)
    source = tmp_path / "source.ttl"
    graph.serialize(source, format="turtle", encoding="utf-8")
    result = validate(str(source), "--format", "json", "--severity", "violation")
    components = {f["component"].rsplit("#", 1)[-1] for f in json.loads(result.stdout)["findings"]}
    assert {"QualifiedMaxCountConstraintComponent", "SPARQLConstraintComponent"} <= components
    expected = _violations(result)
    other = tmp_path / "other" / f"workspace{suffix}"
    other.parent.mkdir()
    if rdflib_format in ("trig", "nquads"):
        data = rdflib.Dataset()
        data.graph(rdflib.URIRef("urn:example:named")).parse(source)
        data.serialize(other, format=rdflib_format, encoding="utf-8")
        assert "urn:example:named" in other.read_text(encoding="utf-8")
    else:
        graph.serialize(other, format=rdflib_format, encoding="utf-8")
    for target in (other, other.parent):  # the file itself, and found in a folder
        result = validate(str(target), "--format", "json", "--severity", "violation")
        assert result.exit_code == 1
        assert _violations(result) == expected


def test_unknown_file_type_exits_2(validate, tmp_path: Path) -> None:
    table = tmp_path / "practices.csv"
    table.write_text("id,name\nP1,Triage\n", encoding="utf-8")
    result = validate(str(table))
    assert result.exit_code == 2
    assert "practices.csv: not an RDF file type: .csv (use one of .ttl, .nt" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = validate(str(empty))
    assert result.exit_code == 2 and "no RDF files (*.ttl, *.nt" in result.stderr


def test_remote_jsonld_context_is_refused_not_fetched(validate, tmp_path: Path) -> None:
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "urn:x"}')
    result = validate(str(doc))
    assert result.exit_code == 2
    assert "remote.jsonld: the JSON-LD @context is a remote document" in result.stderr


def test_broken_shapes_file_exits_2(validate, small_root: Path) -> None:
    shutil.copy(
        DATA / "bad" / "shapes-not-shacl.ttl", small_root / "ontology" / "shapes" / "zz-broken.ttl"
    )
    result = validate(data=small_root)
    assert result.exit_code == 2
    assert "zz-broken.ttl: not a valid SHACL shapes graph (breaks SHACL-SHACL)" in result.stderr


def test_ttl_output_is_a_validation_report(validate, shipped_root: Path) -> None:
    result = validate(
        str(DATA / "bad" / "mapping-duplicate-pair.ttl"), "--format", "ttl", data=shipped_root
    )
    assert result.exit_code == 1
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(report, SH.result))
    severities = {graph.value(r, SH.resultSeverity) for r in results}
    assert len(results) == 2 + 5 and severities == {SH.Violation, SH.Info}


def test_ttl_output_of_a_conforming_kb(validate) -> None:
    result = validate("--format", "ttl", "--severity", "violation")
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    (report,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == rdflib.Literal(True)
    assert list(graph.objects(report, SH.result)) == []


def documented_schema() -> dict:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## JSON output", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert block, "docs/validation.md: JSON schema block missing"
    return json.loads(block.group(1))


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("tests/data/bad/mapping-share-out-of-range.ttl",),
        ("tests/data/bad/team-specifies-and-realizes-service.ttl",),
    ],
)
def test_json_output_follows_the_documented_schema(validate, args: tuple[str, ...]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    paths = [str(Path(__file__).resolve().parents[2] / a) for a in args]
    result = validate(*paths, "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, documented_schema())
    assert result.exit_code == (0 if data["conforms"] else 1)


def test_schema_lists_every_finding_field() -> None:
    from usm_kb.validation.report import FINDING_FIELDS

    schema = documented_schema()
    finding = schema["properties"]["findings"]["items"]
    assert tuple(finding["required"]) == FINDING_FIELDS
    assert set(finding["properties"]) == set(FINDING_FIELDS)


def test_docs_list_every_shape() -> None:
    from usm_kb.data_root import default_data_root
    from usm_kb.namespaces import shorten as short
    from usm_kb.validation.shapes import load_shapes, shapes_dir

    text = DOCS.read_text(encoding="utf-8")
    for iri in load_shapes(shapes_dir(default_data_root())).info:
        assert f"`{short(iri)}`" in text, iri
