"""Every SHACL shape has a failing fixture (bad/) and a passing one (good/), and the shapes
files themselves follow the conventions: message, severity, rule comment, valid SHACL."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from usm_kb.data_root import default_data_root
from usm_kb.namespaces import SHAPES
from usm_kb.rdf.parse import parse_turtle
from usm_kb.sources.ontology import iter_ontology
from usm_kb.validation.report import Finding
from usm_kb.validation.shapes import load_shapes, shape_files, shapes_dir
from usm_kb.validation.validate import validate_files

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = default_data_root()
EX = "https://example.org/fixture/"
USM = "https://w3id.org/usm-kb/ontology#"
PROCESS = "https://w3id.org/usm-kb/id/process/"

# shape local name -> (fixture file stem, severity, focus nodes of the expected findings)
FIXTURES: dict[str, tuple[str, str, set[str]]] = {
    # model
    "TermLabelShape": ("term-missing-label", "violation", {USM + "Unlabelled"}),
    "TermDefinitionShape": ("term-missing-definition", "violation", {USM + "Orphan"}),
    "ProcessCountShape": ("process-count-six", "violation", {USM + "Process"}),
    "ProcessCodeShape": ("process-two-codes", "violation", {PROCESS + "agree"}),
    "ProcessVerbLabelShape": ("process-two-verb-labels", "violation", {PROCESS + "change"}),
    "ProcessTriggerShape": ("process-two-triggers", "violation", {PROCESS + "operate"}),
    "WorkflowTriggerShape": ("workflow-without-trigger", "violation", {EX + "workflow"}),
    "WorkflowKindShape": ("workflow-without-kind", "violation", {EX + "workflow"}),
    "WorkflowStepsShape": ("workflow-without-steps", "violation", {EX + "workflow"}),
    "StepIndexSequenceShape": ("workflow-step-index-gap", "violation", {EX + "workflow"}),
    "WorkflowStartShape": ("workflow-starts-in-wrong-process", "violation", {EX + "workflow"}),
    "StepIndexShape": ("workflow-step-without-index", "violation", {EX + "workflow-2"}),
    "StepProcessShape": ("workflow-step-in-two-processes", "violation", {EX + "workflow-2"}),
    "DoubtedFactSourceShape": ("reconstructed-fact-without-source", "violation", {EX + "claim"}),
    "DisputedVariantShape": ("disputed-fact-without-variant", "warning", {EX + "claim"}),
    # mappings
    "MappingSubjectShape": ("mapping-subject-not-a-practice", "violation", {EX + "row"}),
    "MappingObjectShape": ("mapping-object-not-a-usm-element", "violation", {EX + "row"}),
    "MappingTargetKindShape": ("mapping-target-wrong-kind", "violation", {EX + "row"}),
    "MappingRelationShape": ("mapping-relation-unknown", "violation", {EX + "row"}),
    "MappingRationaleShape": ("mapping-rationale-unknown", "violation", {EX + "row"}),
    "MappingShareShape": ("mapping-share-out-of-range", "violation", {EX + "row"}),
    "ShareMatchesRelationShape": ("mapping-share-contradicts-relation", "violation", {EX + "row"}),
    "ShareSumShape": ("practice-shares-do-not-add-up", "violation", {EX + "practice"}),
    "MappingConfidenceShape": ("mapping-confidence-out-of-range", "violation", {EX + "row"}),
    "MappingEvidenceShape": ("mapping-evidence-unknown", "violation", {EX + "row"}),
    "MappingStatusShape": ("mapping-status-unknown", "violation", {EX + "row"}),
    "MappingSourceUrlShape": ("mapping-source-not-a-url", "violation", {EX + "row"}),
    "PublishedMappingSourceShape": (
        "mapping-published-without-usm-source",
        "violation",
        {EX + "row"},
    ),
    "DerivedMappingSourceShape": ("mapping-derived-cites-usm-source", "violation", {EX + "row"}),
    "MappingDerivedFromShape": ("mapping-without-provenance", "violation", {EX + "row"}),
    "ApprovedMappingReviewerShape": (
        "mapping-approved-without-reviewer",
        "violation",
        {EX + "row"},
    ),
    "MappingDuplicatePairShape": (
        "mapping-duplicate-pair",
        "violation",
        {EX + "row-1", EX + "row-2"},
    ),
    "EqualAndNotRelatedShape": ("mapping-equal-and-not-related", "violation", {EX + "practice"}),
    "EqualToTwoProcessesShape": ("practice-equal-to-two-processes", "violation", {EX + "practice"}),
    "SubsetAndSupersetShape": ("mapping-subset-and-superset", "violation", {EX + "practice"}),
    "ContainedElsewhereShape": ("practice-contained-and-elsewhere", "violation", {EX + "practice"}),
    "MappingSetPrecisionShape": ("mapping-set-mostly-intersects", "info", {EX + "set"}),
    # catalogues
    "PracticeNameShape": ("practice-without-name", "violation", {EX + "framework-p1"}),
    "PracticeIdShape": ("practice-id-malformed", "violation", {EX + "framework-p1"}),
    "PracticeKindShape": ("practice-without-kind", "violation", {EX + "framework-p1"}),
    "PracticeIdUniqueShape": (
        "practice-id-duplicate",
        "violation",
        {EX + "framework-p1", EX + "framework-p2"},
    ),
    "PracticeFrameworkShape": ("practice-without-framework", "violation", {EX + "framework-p1"}),
    "ProprietaryDescriptionShape": (
        "practice-description-too-long",
        "violation",
        {EX + "framework-p1"},
    ),
    "SourceUrlShape": ("practice-source-not-a-url", "violation", {EX + "framework-p1"}),
    "FrameworkProprietaryShape": ("framework-proprietary-missing", "violation", {EX + "framework"}),
    "PracticeMappedShape": ("practice-not-mapped", "warning", {EX + "framework-p1"}),
    # sources
    "CopyHostSourceShape": ("source-on-copy-host", "violation", {EX + "claim", EX + "note"}),
    # workspace
    "DomainSeparationShape": ("team-specifies-and-realizes-service", "warning", {EX + "team-a"}),
    "DomainAssignmentShape": (
        "domain-assignment-without-service",
        "violation",
        {EX + "assignment-1"},
    ),
    "LocalPracticeOwnerShape": ("local-practice-without-owner", "warning", {EX + "practice"}),
    "LocalPracticeOwnerProfileShape": (
        "local-practice-two-owner-profiles",
        "violation",
        {EX + "practice"},
    ),
    "LocalPracticeLabelShape": (
        "local-practice-label-without-language",
        "violation",
        {EX + "practice"},
    ),
    "LocalPracticeTeamShape": ("local-practice-team-not-a-team", "violation", {EX + "practice"}),
    "RaciSingleAccountableShape": ("raci-two-accountable", "violation", {EX + "activity"}),
    "RaciAssignmentShape": ("raci-unknown-role", "violation", {EX + "raci-3"}),
}
# files under bad/ that are not shape fixtures
OTHER_BAD = {"inconsistent-process-is-practice", "syntax-error", "shapes-not-shacl"}


def discovered_shapes() -> list[str]:
    """Every NodeShape / PropertyShape with a sh:message in ontology/shapes/*.ttl."""
    names = set()
    for path in shape_files(shapes_dir(ROOT)):
        graph = parse_turtle(path)
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in graph.subjects(RDF.type, kind):
                if (shape, SH.message, None) in graph:
                    assert isinstance(shape, URIRef) and str(shape).startswith(SHAPES), shape
                    names.add(str(shape)[len(SHAPES) :])
    return sorted(names)


SHAPE_NAMES = discovered_shapes()


def test_the_issue_minimum_is_covered() -> None:
    assert len(SHAPE_NAMES) >= 40
    assert {
        "ProcessCountShape",
        "StepIndexSequenceShape",
        "EqualToTwoProcessesShape",
        "DomainSeparationShape",
        "RaciSingleAccountableShape",
    } <= set(SHAPE_NAMES)


@cache
def _findings(path: Path) -> tuple[Finding, ...]:
    """``validate_files`` of one fixture, once per module (three tests ask about each)."""
    return validate_files([path], ROOT).findings


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_bad_fixture_triggers_exactly_its_shape(shape: str) -> None:
    assert shape in FIXTURES, f"no failing fixture registered for shape:{shape}"
    stem, severity, foci = FIXTURES[shape]
    path = DATA / "bad" / f"{stem}.ttl"
    assert path.is_file(), f"missing fixture {path}"
    findings = _findings(path)
    assert findings, f"{path.name} does not trigger shape:{shape}"
    assert {(f.shape, f.severity) for f in findings} == {(SHAPES + shape, severity)}
    assert {f.focus for f in findings} == foci
    assert all(f.message and f.rule for f in findings)


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_good_fixture_passes(shape: str) -> None:
    stem = FIXTURES[shape][0]
    path = DATA / "good" / f"{stem}.ttl"
    assert path.is_file(), f"missing fixture {path}"
    assert _findings(path) == ()


def test_no_stale_fixtures() -> None:
    stems = {stem for stem, _, _ in FIXTURES.values()}
    assert set(FIXTURES) <= set(SHAPE_NAMES), "fixtures registered for unknown shapes"
    assert {p.stem for p in (DATA / "good").glob("*.ttl")} == stems
    assert {p.stem for p in (DATA / "bad").glob("*.ttl")} == stems | OTHER_BAD


def test_every_shape_says_what_why_and_how_bad() -> None:
    shapes = load_shapes(shapes_dir(ROOT))
    assert set(shapes.info) == {SHAPES + name for name in SHAPE_NAMES}
    for info in shapes.info.values():
        graph = shapes.graph
        node = URIRef(info.iri)
        assert graph.value(node, SH.severity) in (SH.Violation, SH.Warning, SH.Info), info.iri
        assert len(info.message) > 20 and info.message[0].isupper(), info.iri
        assert len(info.rule) > 40, f"{info.iri}: rdfs:comment must cite the rule"
        assert graph.value(node, RDFS.label) is not None, info.iri
        assert any(
            graph.objects(node, t)
            for t in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        )


def test_severities_are_all_used() -> None:
    severities = {severity for _, severity, _ in FIXTURES.values()}
    assert severities == {"violation", "warning", "info"}


def test_one_file_per_concern() -> None:
    names = {p.name for p in shape_files(shapes_dir(ROOT))}
    assert names == {"model.ttl", "mappings.ttl", "catalogues.ttl", "sources.ttl", "workspace.ttl"}


# --- the SPARQL engine gives what pyshacl's per-focus-node evaluation gives --------------


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    """The ontology graphs, parsed once (callers add to a new graph: ``_ontology() + g``)."""
    graph = Graph()
    for source in iter_ontology(ROOT):
        graph += source.graph
    return graph


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return load_shapes(shapes_dir(ROOT)).graph


SPARQL_SHAPES = sorted(
    str(s)[len(SHAPES) :] for s in load_shapes(shapes_dir(ROOT)).graph.subjects(SH.sparql, None)
)


@pytest.mark.slow
@pytest.mark.parametrize("shape", SPARQL_SHAPES)
def test_whole_graph_sparql_matches_pyshacl(shape: str) -> None:
    shapes = _shapes()
    for kind in ("bad", "good"):
        path = DATA / kind / f"{FIXTURES[shape][0]}.ttl"
        fixture = parse_turtle(path)
        data = _ontology() + fixture
        ours_all = _findings(path)
        # pyshacl evaluates SPARQL per focus node (seconds per shape over the whole
        # ontology): it is asked about the fixture's nodes and every node we report, which
        # is where the two engines can disagree; the ontology alone is checked elsewhere
        # (the shipped KB conforms).
        focus = {URIRef(f.focus) for f in ours_all if f.shape == SHAPES + shape}
        focus |= {s for s in fixture.subjects() if isinstance(s, URIRef)}
        _conforms, results, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            inplace=True,  # data is this test's own graph: no copy of the whole ontology
            allow_warnings=True,
            allow_infos=True,
            use_shapes=[SHAPES + shape],
            focus_nodes=sorted(focus),
        )
        expected = {
            (str(results.value(r, SH.focusNode)), str(results.value(r, SH.value)))
            for r in results.subjects(RDF.type, SH.ValidationResult)
        }
        ours = {(f.focus, f.value) for f in ours_all if f.shape == SHAPES + shape}
        assert ours == expected, f"{kind}/{path.name}"


# --- rules with more than one way to fail --------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    prefixes = (
        "@prefix ex: <https://example.org/fixture/> .\n"
        "@prefix usm: <https://w3id.org/usm-kb/ontology#> .\n"
        "@prefix process: <https://w3id.org/usm-kb/id/process/> .\n"
        "@prefix calltype: <https://w3id.org/usm-kb/id/call-type/> .\n"
        "@prefix profile: <https://w3id.org/usm-kb/id/profile/> .\n"
    )
    path = tmp_path / "case.ttl"
    path.write_text(prefixes + text, encoding="utf-8")
    return path


def test_duplicate_step_indexes_are_found(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        ex:w a usm:ReactiveWorkflow ; usm:startedBy calltype:wish ; usm:hasStep ex:s1, ex:s2 .
        ex:s1 usm:stepIndex 1 ; usm:inProcess process:agree .
        ex:s2 usm:stepIndex 1 ; usm:inProcess process:agree .""",
    )
    findings = validate_files([path], ROOT).findings
    assert {(f.shape, f.value) for f in findings} == {(SHAPES + "StepIndexSequenceShape", "1")}


def test_steps_linked_only_by_step_of_are_checked(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        ex:w a usm:ReactiveWorkflow ; usm:startedBy calltype:incident .
        ex:s1 usm:stepOf ex:w ; usm:stepIndex 2 ; usm:inProcess process:recover .""",
    )
    shapes = {f.shape[len(SHAPES) :] for f in validate_files([path], ROOT).findings}
    assert shapes == {"StepIndexSequenceShape"}


def test_activity_without_accountable_is_found(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
        ex:a usm:raci ex:r1 .
        ex:r1 usm:raciRole "R" ; usm:raciProfile profile:operator .""",
    )
    findings = validate_files([path], ROOT).findings
    assert [(f.shape, f.focus) for f in findings] == [
        (SHAPES + "RaciSingleAccountableShape", "https://example.org/fixture/a")
    ]


def test_deprecated_rows_do_not_conflict(tmp_path: Path) -> None:
    row = (
        "a usm:Mapping ; usm:mappingSubject ex:p ; usm:mappingObject process:change ; "
        'usm:rationale "functional" ; usm:share 100 ; usm:confidence 0.5 ; '
        "usm:evidence usm:Derived ; usm:evidenceSource <https://example.org/x> ; "
    )
    path = _write(
        tmp_path,
        f"""
        ex:p a usm:LocalPractice ; <http://www.w3.org/2000/01/rdf-schema#label> "p"@en ;
            usm:ownerProfile profile:operator .
        ex:m1 {row} usm:relation "equal" ; usm:status "proposed" .
        ex:m2 {row} usm:relation "not_related" ; usm:status "deprecated" .""",
    )
    assert validate_files([path], ROOT).findings == ()


# every kind maps onto its own part of USM, and onto nothing else (USM design criterion 1)
KIND_CASES = [
    ("ActivityKind", "process:change", True),
    ("ActivityKind", "profile:operator", False),
    ("RoleKind", "profile:operator", True),
    ("RoleKind", "process:change", False),
    ("BodyKind", "party:solution-team", True),
    ("BodyKind", "profile:line-manager", True),
    ("BodyKind", "workflow:incident", False),
    ("ArtefactKind", "data:call-register", True),
    ("ArtefactKind", "resource:people", True),  # a resource is a managed object
    ("ArtefactKind", "routine:procedure", True),
    ("ArtefactKind", "party:customer", False),
    ("ValueKind", "principle:be-consistent", True),
    ("ValueKind", "criterion:process-control", True),
    ("ValueKind", "process:improve", False),
    ("MetricKind", "workflow:incident", True),
    ("MetricKind", "process:recover", True),
    ("MetricKind", "profile:operator", False),
    ("EventKind", "calltype:incident", True),
    ("EventKind", "process:operate", True),
    ("EventKind", "data:call-register", False),
]


@pytest.mark.parametrize(("kind", "target", "fits"), KIND_CASES)
def test_kinds_map_onto_their_part_of_usm(
    tmp_path: Path, kind: str, target: str, fits: bool
) -> None:
    path = _write(
        tmp_path,
        f"""
        @prefix party: <https://w3id.org/usm-kb/id/party/> .
        @prefix data: <https://w3id.org/usm-kb/id/data-element/> .
        @prefix resource: <https://w3id.org/usm-kb/id/managed-object/> .
        @prefix routine: <https://w3id.org/usm-kb/id/routine-type/> .
        @prefix principle: <https://w3id.org/usm-kb/id/principle/> .
        @prefix criterion: <https://w3id.org/usm-kb/id/criterion/> .
        @prefix workflow: <https://w3id.org/usm-kb/id/workflow/> .
        ex:p a usm:LocalPractice ; <http://www.w3.org/2000/01/rdf-schema#label> "p"@en ;
            usm:ownerProfile profile:operator ; usm:practiceKind usm:{kind} .
        ex:m a usm:Mapping ; usm:mappingSubject ex:p ; usm:mappingObject {target} ;
            usm:relation "subset" ; usm:rationale "functional" ; usm:share 100 ;
            usm:confidence 0.5 ; usm:evidence usm:Derived ;
            usm:evidenceSource <https://example.org/x> ; usm:status "proposed" .""",
    )
    shapes = {f.shape[len(SHAPES) :] for f in validate_files([path], ROOT).findings}
    assert shapes == (set() if fits else {"MappingTargetKindShape"})
