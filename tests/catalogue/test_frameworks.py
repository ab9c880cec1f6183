"""Framework catalogues and mapping sets in the compiled KB, the CLI, and SSSOM round-trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from rdflib.compare import isomorphic

from usm_kb.catalogue.export import export_sssom, framework_mapping_graph
from usm_kb.catalogue.frameworks import list_frameworks, list_mappings
from usm_kb.sources.catalog import load_catalog
from usm_kb.sources.loading import framework_dirs, usm_targets
from usm_kb.sources.mapping_rdf import mapping_set_to_graph
from usm_kb.sources.ontology import iter_ontology
from usm_kb.sources.sssom import load_mapping_set
from usm_kb.sources.sssom_header import TARGET_PREFIXES
from usm_kb.store import KnowledgeBase

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

EXPECTED_PRACTICES = {
    "itil4": 34,
    "itil3": 30,
    "cobit2019": 40,
    "fitsm": 21,
    "scrum": 17,
    "iso20000": 35,
    "lean-six-sigma": 24,
    "dora": 25,
    "sre": 7,
    "kanban": 6,
    "devops": 3,
    "agile": 1,
    "siam": 13,
    "verism": 8,
}


def test_every_listed_framework_is_present_and_fully_mapped(run) -> None:
    result = run("frameworks", "--format", "json")
    assert result.exit_code == 0, result.output
    found = {f["id"]: f for f in json.loads(result.stdout)}
    assert {k: found[k]["practices"] for k in EXPECTED_PRACTICES} == EXPECTED_PRACTICES
    # every entry is placed, except two values that no recorded USM principle matches (their
    # only row is not_related): the Scrum values and DORA's generative culture
    unplaced = {f["id"]: f["mapped"] for f in found.values() if f["mapped_percent"] != 100.0}
    assert unplaced == {"dora": 24, "scrum": 16}


PUBLISHED = [
    ("itil4", "Service level management", "Agree"),
    ("itil4", "Supplier management", "Agree"),
    ("itil4", "Change enablement", "Change"),
    ("itil4", "Release management", "Change"),
    ("itil4", "Service configuration management", "Change"),
    ("itil4", "IT asset management", "Change"),
    ("itil4", "Monitoring and event management", "Operate"),
    ("itil4", "Service request management", "Operate"),
    ("itil4", "Infrastructure and platform management", "Operate"),
    ("itil4", "Incident management", "Recover"),
    ("itil4", "Continual improvement", "Improve"),
]


@pytest.mark.parametrize(("fw", "practice", "process"), PUBLISHED, ids=[p[1] for p in PUBLISHED])
def test_published_placements_are_recorded_with_a_source(
    kb, fw: str, practice: str, process: str
) -> None:
    rows = [m for m in list_mappings(kb, framework=fw) if m.practice == practice]
    published = [m for m in rows if m.evidence == "published"]
    assert [m.process for m in published] == [process]
    assert published[0].source.startswith("https://")


DISPUTED = [
    ("Deployment management", {"Change", "Operate"}),
    ("Service design", {"Change", "Agree"}),
]


@pytest.mark.parametrize(("practice", "processes"), DISPUTED, ids=[d[0] for d in DISPUTED])
def test_disputed_pairs_keep_both_variants(kb, practice: str, processes: set[str]) -> None:
    rows = [m for m in list_mappings(kb, framework="itil4") if m.practice == practice]
    assert {m.process for m in rows if m.evidence == "disputed"} == processes


def test_proprietary_descriptions_are_short(shipped_root: Path) -> None:
    for folder in framework_dirs(shipped_root):
        catalog = load_catalog(folder / "catalog.yaml")
        if catalog.proprietary:
            too_long = [p.id for p in catalog.practices if len(p.description) > 200]
            assert too_long == [], catalog.id


def test_every_row_has_a_source_or_a_derived_reason(kb) -> None:
    for m in list_mappings(kb):
        assert m.source.startswith(("http://", "https://")) or (
            m.evidence == "derived" and len(m.comment) > 20
        ), (m.framework, m.practice_id)


def test_rows_become_mapping_resources_and_skos_triples(kb) -> None:
    n_rows = kb.scalar("SELECT (COUNT(?m) AS ?n) WHERE { ?m a usm:Mapping }")
    assert n_rows == sum(len(list_mappings(kb, framework=f.id)) for f in list_frameworks(kb))
    projected = kb.scalar("""SELECT (COUNT(*) AS ?n) WHERE {
        ?m a usm:Mapping ; usm:mappingSubject ?s ; usm:mappingObject ?o ;
           usm:mappingPredicate ?p . FILTER NOT EXISTS { ?m usm:predicateModifier "Not" }
        GRAPH ?g { ?s ?p ?o } }""")
    negated = kb.scalar('SELECT (COUNT(?m) AS ?n) WHERE { ?m usm:predicateModifier "Not" }')
    assert projected >= n_rows - negated


def test_mapping_filters(run) -> None:
    result = run(
        "mappings",
        "--framework",
        "itil4",
        "--process",
        "recover",
        "--evidence",
        "published",
        "--format",
        "json",
    )
    rows = json.loads(result.stdout)
    assert [r["practice"] for r in rows] == ["Incident management"]
    # an unknown id is a data error (exit 1), as with `query --param`, naming the known ones
    assert run("mappings", "--framework", "nope").exit_code == 1
    assert "no framework 'nope'" in run("mappings", "--framework", "nope").stderr
    assert "known: agile" in run("mappings", "--framework", "nope").stderr


def test_practices_by_framework_and_process(run) -> None:
    result = run(
        "practices", "--framework", "cobit2019", "--process", "recover", "--format", "json"
    )
    ids = {p["id"] for p in json.loads(result.stdout)}
    assert "DSS02" in ids and "EDM01" not in ids


def test_mapping_stats(run) -> None:
    result = run("mappings", "stats", "--format", "json")
    stats = {s["framework"]: s for s in json.loads(result.stdout)}
    assert stats["itil4"]["rows"] == 63
    # every row says where it comes from: a source that states it, or the inputs it was
    # derived from (in this set no row has both)
    assert stats["itil4"]["with_source"] + stats["itil4"]["with_see_also"] == pytest.approx(100.0)
    assert stats["itil4"]["with_source"] < 50.0  # derived rows cite no USM page as source
    assert stats["itil4"]["published"] > 20


@pytest.mark.parametrize("fw", ["itil4", "cobit2019", "scrum", "fitsm"])
def test_sssom_export_round_trips_to_an_isomorphic_graph(
    kb, shipped_root: Path, tmp_path: Path, fw: str
) -> None:
    original = framework_mapping_graph(kb, fw)
    out = tmp_path / f"{fw}-usm.sssom.tsv"
    out.write_bytes(export_sssom(kb, fw))
    catalog = load_catalog(shipped_root / "mappings" / fw / "catalog.yaml")
    targets = usm_targets(list(iter_ontology(shipped_root)))
    again = mapping_set_to_graph(load_mapping_set(out, catalog, targets))
    assert isomorphic(original, again)


ALL_FRAMEWORKS = sorted(EXPECTED_PRACTICES)


@pytest.mark.parametrize("fw", ALL_FRAMEWORKS)
def test_tsv_rdf_tsv_round_trip_is_lossless(kb, shipped_root: Path, fw: str) -> None:
    source = shipped_root / "mappings" / fw / f"{fw}-usm.sssom.tsv"
    exported = export_sssom(kb, fw).decode()

    def table(text: str) -> list[dict[str, str]]:
        body = "".join(x for x in text.splitlines(keepends=True) if not x.startswith("#"))
        return sorted(
            (dict(r) for r in csv.DictReader(io.StringIO(body), delimiter="\t")),
            key=lambda r: (r["subject_id"], r["object_id"]),
        )

    def header(text: str) -> dict:
        return yaml.safe_load(
            "".join(x[2:] for x in text.splitlines(keepends=True) if x.startswith("#"))
        )

    assert table(exported) == table(source.read_text())
    assert header(exported) == header(source.read_text())


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("fw", ALL_FRAMEWORKS)
def test_sssom_py_parses_and_validates_the_export(
    run, kb: KnowledgeBase, embedded_kb: KnowledgeBase, tmp_path: Path, fw: str
) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import DEFAULT_VALIDATION_TYPES, validate

    out = tmp_path / f"{fw}.sssom.tsv"
    result = run("export", "--format", "sssom", "--framework", fw, "-o", str(out))
    assert result.exit_code == 0, result.output
    if kb is not embedded_kb:  # from the server: byte for byte the file validated below
        local = tmp_path / "embedded.sssom.tsv"
        where = {"data": embedded_kb.root, "cache": embedded_kb.cache_dir}
        made = run("export", "--format", "sssom", "--framework", fw, "-o", str(local), **where)
        assert made.exit_code == 0, made.output
        assert out.read_bytes() == local.read_bytes()
        return
    msdf = parse_sssom_table(out)
    reports = validate(msdf, DEFAULT_VALIDATION_TYPES, fail_on_error=False)
    assert all(not report.results for report in reports.values())
    lines = [x for x in out.read_text().splitlines() if not x.startswith("#")]
    assert len(msdf.df) == len(lines) - 1
    # processes (usmp:) for activities; profiles, parties, data, … for the other kinds
    prefixes = {"usmp", *TARGET_PREFIXES}
    assert {o.split(":", 1)[0] for o in msdf.df["object_id"]} <= prefixes


def test_export_sssom_needs_framework(run) -> None:
    assert run("export", "--format", "sssom").exit_code == 2
    assert run("mappings", "--format", "sssom").exit_code == 2
