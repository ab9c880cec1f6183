"""The named competency queries (``ontology/queries/*.rq``).

Every query parses, runs on the shipped KB and answers; a dozen answers are pinned against an
independent reading of the sources (the SSSOM TSV files, the catalogues and the Turtle files,
read here with csv, yaml and rdflib — not with the KB); CLI, endpoint and Python API agree;
bad and hostile parameters are refused or harmless.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
import yaml

from usm_kb.data_root import default_data_root
from usm_kb.errors import QueryError
from usm_kb.namespaces import FRAMEWORK, ID, USM
from usm_kb.queries import load_named_queries, parse_named_query
from usm_kb.store import KnowledgeBase
from usm_kb.store.binding import where_group_start

pytestmark = pytest.mark.both_backends

# On the embedded store only: tests/store/test_backends.py runs every named query on both
# backends and compares the answers, and checks the policy on the server (CI time budget).

ROOT = default_data_root()
QUERY_DIR = ROOT / "ontology" / "queries"
QUERY_FILES = sorted(QUERY_DIR.glob("*.rq"))
NAMES = [p.stem for p in QUERY_FILES]
PROCESS = ID + "process/"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}

# Example parameters per query: every required parameter, plus optional ones where they
# make a sensible example. Queries without an entry take no parameters (or only optional).
EXAMPLES: dict[str, dict[str, str]] = {
    "call-type-routing": {"calltype": "risk"},
    "cobit-without-agile-counterpart": {"framework": "scrum"},
    "concept-hierarchy": {"root": "voc:process"},
    "coverage-matrix": {"framework": "itil4"},
    "disputed-facts": {"evidence": "disputed"},
    "domains": {"domain": "specify"},
    "equal-mappings": {"framework": "itil4"},
    "framework-gaps": {"framework": "scrum"},
    "framework-overlap": {"framework_a": "itil4", "framework_b": "cobit2019"},
    "framework-practices-by-process": {"framework": "itil4", "process": "recover"},
    "frameworks": {"family": "itil"},
    "glossary": {"lang": "nl"},
    "mappings-by-evidence": {"evidence": "published", "framework": "itil4"},
    "mappings-by-relation": {"relation": "subset", "framework": "itil4"},
    "multi-process-practices": {"min_processes": "3", "framework": "itil4"},
    "practice-placement": {"practice": "itil4/ITIL4-5.2.5"},
    "practice-search": {"text": "incident"},
    "process-practices": {"process": "recover"},
    "process-workload": {"workflow": "wish"},
    "published-placements": {"framework": "itil4"},
    "relation-mix": {"framework": "itil4"},
    "largest-share-per-process": {"framework": "itil4"},
    "workflow-steps": {"workflow": "wish"},
}

# Queries whose correct answer on the shipped data is empty.
EXPECTED_EMPTY = {
    # The SSSOM loader refuses rows without rationale, share, evidence or provenance, so a
    # compiled KB never holds such a record; the query guards data loaded by other means.
    "mapping-quality-gaps",
    # No shipped mapping set claims relation 'equal' (skos:exactMatch) for any practice.
    "equal-mappings",
}

# Queries whose optional parameters widen rather than narrow the answer.
WIDENING = {
    # By default every Agile/DevOps framework counts as a counterpart (empty answer);
    # naming one framework leaves fewer counterparts and so more objectives without one.
    "cobit-without-agile-counterpart",
}


# --- independent readings of the sources ------------------------------------------------


def read_mapping_rows(root: Path = ROOT) -> list[dict[str, str]]:
    """All SSSOM rows, with 'framework' (folder name), 'process' (the target's slug) and the
    practice's 'kind' (from its catalogue) added."""
    rows = []
    for path in sorted(root.glob("mappings/*/*.sssom.tsv")):
        catalogue = yaml.safe_load((path.parent / "catalog.yaml").read_text(encoding="utf-8"))
        kinds = {p["id"]: p["kind"] for p in catalogue["practices"]}
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")
        ]
        for row in csv.DictReader(lines, delimiter="\t"):
            row["framework"] = path.parent.name
            row["process"] = row["object_id"].split(":", 1)[1]
            row["kind"] = kinds[row["subject_id"].split(":", 1)[1]]
            rows.append(row)
    return rows


def placing(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows that place a practice in a process (not not_related, not deprecated)."""
    return [r for r in rows if r["relation"] != "not_related" and r["status"] != "deprecated"]


def activities(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Placing rows of activities: what the coverage statistics count."""
    return [r for r in placing(rows) if r["kind"] == "activity"]


def practice_id(row: dict[str, str]) -> str:
    return row["subject_id"].split(":", 1)[1]


def ontology_graph(*stems: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    for stem in stems or ("usm", "usm-method", "usm-vocabulary", "usm-mapping"):
        graph.parse(ROOT / "ontology" / f"{stem}.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def mapping_rows() -> list[dict[str, str]]:
    rows = read_mapping_rows()
    assert len(rows) > 400
    return rows


@pytest.fixture(scope="module")
def method_graph() -> rdflib.Graph:
    return ontology_graph("usm-method")


U = rdflib.Namespace(USM)


# --- helpers -----------------------------------------------------------------------------


def run_named(kb: KnowledgeBase, name: str, **params: str) -> list[dict[str, Any]]:
    result = kb.run_named(name, **params)
    assert result.kind == "select"
    return list(result.rows)


def slug(iri: str) -> str:
    """The last segment of an IRI (after the last '/' or '#')."""
    return re.split(r"[/#]", iri.rstrip("/"))[-1]


def norm_python(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Python API rows as {var: lexical form}, unbound variables dropped."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return [{k: text(v) for k, v in row.items() if v is not None} for row in rows]


def norm_json(data: dict[str, Any]) -> list[dict[str, str]]:
    """SPARQL 1.1 JSON results as {var: lexical form}."""
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


# --- every query: header, structure, runs ---------------------------------------------


def test_there_are_enough_named_queries(kb: KnowledgeBase) -> None:
    assert len(QUERY_FILES) >= 28
    assert set(kb.named_queries()) == set(NAMES)
    assert set(EXAMPLES) <= set(NAMES)
    assert set(NAMES) >= EXPECTED_EMPTY | WIDENING


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_header_is_complete(path: Path) -> None:
    query = parse_named_query(path)
    assert query.title and not query.title.endswith(".")
    assert query.description.endswith(".")
    assert query.tags, "every query needs '# tags:'"
    header = [line for line in query.sparql.splitlines() if line.startswith("#")]
    assert all(not re.search(r"[{}]", line) for line in header), "no braces in the header"
    for param in query.params:
        assert param.doc
        assert re.search(rf"\?{param.name}\b", query.sparql), f"?{param.name} is never used"
        if param.default is not None:
            assert param.optional


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_values_go_into_the_outer_group(path: Path) -> None:
    """with_values binds in the group that WHERE opens: it must be the outermost group."""
    text = path.read_text(encoding="utf-8")
    before = text[: where_group_start(text) - 1]
    assert "{" not in before and "}" not in before
    assert re.search(r"^SELECT\b", before, re.MULTILINE)
    # Parameters are bound as terms, never formatted into the text.
    assert not re.search(r"\{[a-z_]+\}|%\(|%s|\$[a-z_]", text)


@pytest.mark.parametrize("path", QUERY_FILES, ids=NAMES)
def test_runs_without_predeclared_prefixes(path: Path, embedded_kb: KnowledgeBase) -> None:
    """The PREFIX lines are complete, so the file also runs in YASGUI, curl, …"""
    text = path.read_text(encoding="utf-8")
    store = embedded_kb.backend.store  # type: ignore[attr-defined]
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    list(result)
    ox.Store().query(text)  # parses and evaluates without the project's prefixes


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.embedded_only  # on the server: tests/store/test_backends.py, query by query
def test_runs_with_example_params(name: str, kb: KnowledgeBase) -> None:
    query = kb.get_named(name)
    params = EXAMPLES.get(name, {})
    required = {p.name for p in query.params if not p.optional}
    assert required <= set(params), f"add example values for {sorted(required - set(params))}"
    result = kb.run_named(name, **params)
    assert result.kind == "select" and result.columns
    if name in EXPECTED_EMPTY:
        assert len(result) == 0
    else:
        assert len(result) >= 1
    # Only the required parameters: the optional ones mean "no filter".
    minimal = {k: v for k, v in params.items() if k in required}
    broad = kb.run_named(name, **minimal)
    assert broad.columns == result.columns
    if name not in EXPECTED_EMPTY | WIDENING:
        assert len(broad) >= len(result)


@pytest.mark.parametrize("name", NAMES)
def test_results_are_deterministic(name: str, kb: KnowledgeBase) -> None:
    params = EXAMPLES.get(name, {})
    assert kb.run_named(name, **params).rows == kb.run_named(name, **params).rows


# --- pinned answers ------------------------------------------------------------------------


def test_processes(kb: KnowledgeBase, method_graph: rdflib.Graph) -> None:
    rows = run_named(kb, "processes")
    got = {slug(r["process"]): (r["code"], r["verb"], slug(r["call_type"])) for r in rows}
    assert got == {
        "agree": ("CTM", "Agree", "wish"),
        "change": ("CHM", "Change", "request-for-change"),
        "operate": ("OPS", "Operate", "service-request"),
        "recover": ("INC", "Recover", "incident"),
        "improve": ("RIM", "Improve", "risk"),
    }
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows)
    assert all(r["purpose"] and r["output"] and r["name_nl"] for r in rows)
    # Cross-check against the Turtle source.
    for r in rows:
        process = rdflib.URIRef(r["process"])
        assert str(method_graph.value(process, U.code)) == r["code"]
        assert str(method_graph.value(process, U.triggeredBy)) == r["call_type"]
    evidence = {slug(r["process"]): r["evidence"] for r in rows}
    # Improve's name is disputed (RIM/IMP variants), not the process itself.
    assert set(evidence.values()) == {USM + "Published"}


def test_wish_workflow_steps(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "workflow-steps", workflow="wish")
    assert [r["index"] for r in rows] == [1, 2, 3, 4, 5]
    assert [slug(r["process"]) for r in rows] == ["agree", "change", "operate", "change", "agree"]
    assert {r["kind"] for r in rows} == {"reactive"}
    assert [slug(r["evidence"]) for r in rows] == [
        "Derived",
        "Derived",
        "Reconstructed",
        "Reconstructed",
        "Reconstructed",
    ]
    everything = run_named(kb, "workflow-steps")
    assert len(everything) == 32
    assert [r for r in everything if slug(r["workflow"]) == "wish"] == rows


def test_workflow_sequences_match_the_reconstruction_notes(
    kb: KnowledgeBase, method_graph: rdflib.Graph
) -> None:
    rows = run_named(kb, "workflows")
    assert len(rows) == 8
    assert Counter(r["kind"] for r in rows) == {"reactive": 5, "proactive": 3}
    for r in rows:
        comment = str(method_graph.value(rdflib.URIRef(r["workflow"]), rdflib.RDFS.comment))
        expected = re.fullmatch(r"Reconstructed process sequence: (.+)\.", comment)
        assert expected, comment
        assert r["sequence"] == expected.group(1)
        assert r["steps"] == len(r["sequence"].split(" → "))


def test_call_type_routing(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "call-type-routing")
    routes = defaultdict(set)
    for r in rows:
        routes[slug(r["calltype"])].add(slug(r["workflow"]))
        assert r["sequence"].split(" → ")[0] == r["triggers"]  # step 1 = triggered process
    assert routes == {
        "wish": {"wish"},
        "request-for-change": {"request-for-change"},
        "service-request": {"service-request"},
        "incident": {"incident", "incident-via-change"},
        "risk": {"risk-via-operate", "risk-via-change", "risk-via-agree"},
    }
    risk = run_named(kb, "call-type-routing", calltype="risk")
    assert {r["kind"] for r in risk} == {"proactive"} and len(risk) == 3


def test_itil4_incident_management_lives_in_recover(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = run_named(kb, "practice-placement", practice="itil4/ITIL4-5.2.5")
    assert len(rows) == 1
    row = rows[0]
    assert slug(row["process"]) == "recover" and row["verb"] == "Recover"
    assert (row["relation"], row["share"], row["evidence"]) == ("subset", 100, USM + "Published")
    assert row["predicate"].endswith("#broadMatch")
    source = [r for r in mapping_rows if r["subject_id"] == "itil4:ITIL4-5.2.5"]
    assert (
        row["source"]
        == source[0]["source"]
        == "https://usm-portal.com/boekpagina/12-2-5-incidentmanagement/"
    )
    # The full IRI works as well as FRAMEWORK/ID.
    assert run_named(kb, "practice-placement", practice=FRAMEWORK + "itil4/ITIL4-5.2.5") == rows


@pytest.mark.parametrize(
    "framework", ["agile", "devops", "kanban", "scrum", "itil4", "cobit2019", "sre"]
)
def test_framework_gaps(kb: KnowledgeBase, mapping_rows: list, framework: str) -> None:
    covered = {r["process"] for r in activities(mapping_rows) if r["framework"] == framework}
    expected = {"agree", "change", "operate", "recover", "improve"} - covered
    got = {slug(r["process"]) for r in run_named(kb, "framework-gaps", framework=framework)}
    assert got == expected


def test_framework_gaps_pinned(kb: KnowledgeBase) -> None:
    def gaps(framework: str) -> list[str]:
        return [r["verb"] for r in run_named(kb, "framework-gaps", framework=framework)]

    assert gaps("scrum") == ["Operate", "Recover"]
    assert gaps("devops") == ["Agree", "Improve"]
    assert gaps("kanban") == ["Recover"]
    assert gaps("itil4") == []
    # an unknown framework is an error that lists the known ones, not an empty answer
    with pytest.raises(
        QueryError,
        match="no framework 'no-such-framework' in the knowledge base; known: agile, cobit2019",
    ):
        gaps("no-such-framework")


def test_unknown_iri_values_are_errors_everywhere(run, client, kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match=r"no practice 'itil4/ITIL4-9.9.9'.*usm-kb practices"):
        kb.run_named("practice-placement", practice="itil4/ITIL4-9.9.9")
    message = one_line_error(run("query", "framework-gaps", "--param", "framework=leen"))
    assert "no framework 'leen'" in message and "lean-six-sigma" in message
    response = client.get(
        "/queries/workflow-steps", query_string={"workflow": "wishes"}, headers=JSON_ACCEPT
    )
    assert response.status_code == 400
    assert "no workflow 'wishes'" in json.loads(response.data)["error"]


def test_coverage_matrix_matches_the_tsv(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = {r["framework_id"]: r for r in run_named(kb, "coverage-matrix")}
    counts: Counter[tuple[str, str]] = Counter()
    for r in activities(mapping_rows):  # in whole practices: the shares added up, divided by 100
        counts[r["framework"], r["process"]] += Decimal(r["share"]) / 100
    frameworks = {r["framework"] for r in activities(mapping_rows)}
    assert set(rows) == frameworks
    assert "agile" not in frameworks  # the Agile Manifesto is values, not activities
    for fw in frameworks:
        for process in ("agree", "change", "operate", "recover", "improve"):
            assert Decimal(str(rows[fw][process])) == counts[fw, process], (fw, process)
        mine = [r for r in activities(mapping_rows) if r["framework"] == fw]
        assert rows[fw]["mappings"] == len(mine)
        assert rows[fw]["practices_mapped"] == len({r["subject_id"] for r in mine})
    only = run_named(kb, "coverage-matrix", framework="itil4")
    assert only == [rows["itil4"]]
    # ITIL 4's 34 practices, counted in whole practices per process (they add up to 34)
    assert {k: str(only[0][k]) for k in ("agree", "change", "operate", "recover", "improve")} == {
        "agree": "6.8",
        "change": "10.2",
        "operate": "7",
        "recover": "2.45",
        "improve": "7.55",
    }


def test_mappings_by_evidence(kb: KnowledgeBase, mapping_rows: list) -> None:
    for level in ("published", "derived", "reconstructed", "disputed"):
        rows = run_named(kb, "mappings-by-evidence", evidence=level)
        expected = {(r["subject_id"], r["process"]) for r in mapping_rows if r["evidence"] == level}
        got = {(f"{r['framework_id']}:{r['notation']}", slug(r["process"])) for r in rows}
        assert got == expected, level
    disputed = run_named(kb, "mappings-by-evidence", evidence="disputed")
    assert sorted((r["notation"], r["verb"]) for r in disputed) == [
        ("ITIL4-5.2.13", "Agree"),
        ("ITIL4-5.2.13", "Change"),
        ("ITIL4-5.3.1", "Change"),
        ("ITIL4-5.3.1", "Operate"),
    ]


def test_published_placements_all_have_sources(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = run_named(kb, "published-placements")
    published = [r for r in mapping_rows if r["evidence"] == "published"]
    assert len(rows) == len(published) == 17
    assert {r["framework_id"] for r in rows} == {"itil4"}
    assert all(r["source"].startswith("https://usm-portal.com/") for r in rows)
    assert run_named(kb, "published-placements", framework="cobit2019") == []


def test_disputed_facts_keep_both_variants(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "disputed-facts")
    improve = {r["value"] for r in rows if r["subject"] == PROCESS + "improve"}
    assert improve == {"RIM", "IMP"}
    rim = next(r for r in rows if r["value"] == "RIM")
    assert set(rim["current_or_other"].split(" | ")) == {"RIM", "Risk & Improvement Management"}
    by_practice = defaultdict(set)
    for r in rows:
        if r["kind"] == "mapping":
            by_practice[slug(r["subject"])].add((r["value"], r["current_or_other"]))
    assert by_practice == {
        "ITIL4-5.2.13": {("Agree", "Change"), ("Change", "Agree")},
        "ITIL4-5.3.1": {("Change", "Operate"), ("Operate", "Change")},
    }
    variants = {slug(r["variant"]) for r in rows if r["kind"] == "variant"}
    graph = ontology_graph("usm-method")
    assert variants == {slug(str(v)) for v in graph.subjects(rdflib.RDF.type, U.Variant)}
    only_disputed = run_named(kb, "disputed-facts", evidence="disputed")
    assert {r["evidence"] for r in only_disputed} == {USM + "Disputed"}
    assert "be-consistent-code-gen01" not in {slug(r["variant"]) for r in only_disputed}


def test_cobit_without_agile_counterpart(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = activities(mapping_rows)
    agile_family = {"agile", "devops", "dora", "kanban", "scrum", "sre"}
    cobit = [r for r in rows if r["framework"] == "cobit2019"]

    def expected(counterparts: set[str], min_share: int) -> set[tuple[str, str]]:
        hosted = {
            r["process"]
            for r in rows
            if r["framework"] in counterparts and int(r["share"]) >= min_share
        }
        return {(practice_id(r), r["process"]) for r in cobit if r["process"] not in hosted}

    def got(**params: str) -> set[tuple[str, str]]:
        return {
            (r["notation"], slug(r["process"]))
            for r in run_named(kb, "cobit-without-agile-counterpart", **params)
        }

    # Every process hosts some Agile/DevOps practice: the plain question has no answer.
    assert got() == expected(agile_family, 0) == set()
    scrum = got(framework="scrum")
    assert scrum == expected({"scrum"}, 0)
    assert {p for _, p in scrum} == {"operate", "recover"} and len(scrum) == 17
    assert got(min_share="100") == expected(agile_family, 100)
    assert {p for _, p in got(min_share="100")} == {"operate"}


def test_largest_share_per_process(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = [r for r in activities(mapping_rows) if r["framework"] == "itil4"]
    best: dict[str, int] = {}
    for r in rows:
        best[r["process"]] = max(best.get(r["process"], 0), int(r["share"]))
    got = {
        slug(r["process"]): r for r in run_named(kb, "largest-share-per-process", framework="itil4")
    }
    assert set(got) == set(best)
    for process, share in best.items():
        winners = {
            practice_id(r) for r in rows if r["process"] == process and int(r["share"]) == share
        }
        assert got[process]["share"] == share
        assert got[process]["tied"] == len(winners)
        names = {n.split(" ", 1)[0] for n in got[process]["practices"].split(" | ")}
        assert names == winners
    assert got["recover"]["practices"] == "ITIL4-5.2.5 Incident management"


def test_multi_process_practices(kb: KnowledgeBase, mapping_rows: list) -> None:
    spread = defaultdict(set)
    for r in activities(mapping_rows):
        spread[r["subject_id"]].add(r["process"])
    for minimum in (3, 4, 5):
        expected = {k: len(v) for k, v in spread.items() if len(v) >= minimum}
        rows = run_named(kb, "multi-process-practices", min_processes=str(minimum))
        assert {f"{r['framework_id']}:{r['notation']}": r["processes"] for r in rows} == expected
    assert [r["notation"] for r in run_named(kb, "multi-process-practices", min_processes="5")] == [
        "8.2.1",
        "ITIL4-5.2.14",
    ]
    default = run_named(kb, "multi-process-practices")
    assert default == run_named(kb, "multi-process-practices", min_processes="3")
    assert [r["processes"] for r in default] == sorted(
        (r["processes"] for r in default), reverse=True
    )


def test_framework_overlap(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = activities(mapping_rows)
    expected = {
        (practice_id(a), practice_id(b), a["process"])
        for a in rows
        if a["framework"] == "itil4"
        for b in rows
        if b["framework"] == "cobit2019" and b["process"] == a["process"]
    }
    got = run_named(kb, "framework-overlap", framework_a="itil4", framework_b="cobit2019")
    assert {(r["notation_a"], r["notation_b"], slug(r["process"])) for r in got} == expected
    small = run_named(kb, "framework-overlap", framework_a="sre", framework_b="devops")
    recover = [r for r in small if r["verb"] == "Recover"]
    assert [(r["notation_a"], r["notation_b"], r["share_a"], r["share_b"]) for r in recover] == [
        ("X-SRE-MON", "X-DEV-PROG", 25, 15),
        ("X-SRE-ONC", "X-DEV-PROG", 100, 15),
    ]
    # values are not activities: the Agile Manifesto shares no process with anything
    assert run_named(kb, "framework-overlap", framework_a="agile", framework_b="devops") == []


def test_relation_mix_matches_the_tsv(kb: KnowledgeBase, mapping_rows: list) -> None:
    counts = Counter((r["framework"], r["relation"]) for r in mapping_rows)
    rows = run_named(kb, "relation-mix")
    assert len(rows) == 14
    for row in rows:
        fw = row["framework_id"]
        for relation in ("equal", "subset", "superset", "intersects", "not_related"):
            assert row[relation] == counts[fw, relation], (fw, relation)
        mine = [r for r in mapping_rows if r["framework"] == fw]
        shares = [int(r["share"]) for r in placing(mine)]
        assert row["mappings"] == len(mine)
        assert float(row["average_share"]) == pytest.approx(sum(shares) / len(shares), abs=0.05)
    assert not any(r["relation"] == "equal" for r in mapping_rows)  # see EXPECTED_EMPTY


def test_frameworks_match_the_catalogues(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = {r["framework_id"]: r for r in run_named(kb, "frameworks")}
    for path in sorted(ROOT.glob("mappings/*/catalog.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        fw = doc["framework"]["id"]
        ids = {p["id"] for p in doc["practices"]}
        mapped = {practice_id(r) for r in placing(mapping_rows) if r["framework"] == fw}
        assert rows[fw]["practices"] == len(ids)
        assert rows[fw]["mapped_practices"] == len(mapped & ids)
        share = (Decimal(1000 * len(mapped & ids)) / len(ids)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        ) / 10
        assert Decimal(str(rows[fw]["mapped_percent"])) == share
        assert rows[fw]["family"] == doc["framework"]["family"]
    assert set(rows) == {p.parent.name for p in ROOT.glob("mappings/*/catalog.yaml")}
    assert rows["itil4"]["practices"] == 34 and rows["cobit2019"]["practices"] == 40
    itil = run_named(kb, "frameworks", family="itil")
    assert [r["framework_id"] for r in itil] == ["itil3", "itil4"]


def test_process_workload(kb: KnowledgeBase, method_graph: rdflib.Graph) -> None:
    steps = defaultdict(set)
    workflows = defaultdict(set)
    for step, process in method_graph.subject_objects(U.inProcess):
        name = slug(str(process))
        steps[name].add(step)
        workflows[name].add(method_graph.value(step, U.stepOf))
    rows = run_named(kb, "process-workload")
    got = {slug(r["process"]): (r["steps"], r["workflows"]) for r in rows}
    assert got == {p: (len(steps[p]), len(workflows[p])) for p in steps}
    assert [slug(r["process"]) for r in rows][:2] == ["change", "operate"]
    assert got["change"] == (10, 5) and got["operate"] == (8, 8)
    assert sum(r["opens"] for r in rows) == sum(r["closes"] for r in rows) == 8
    wish = {
        slug(r["process"]): r["steps"] for r in run_named(kb, "process-workload", workflow="wish")
    }
    assert wish == {"agree": 2, "change": 2, "operate": 1}


def test_reconstructed_facts(kb: KnowledgeBase, mapping_rows: list) -> None:
    graph = ontology_graph()
    expected = {str(s) for s in graph.subjects(U.evidence, U.Reconstructed)}
    rows = run_named(kb, "reconstructed-facts")
    assert {r["resource"] for r in rows} == expected
    assert not [r for r in mapping_rows if r["evidence"] == "reconstructed"]
    kinds = Counter(slug(r["type"]) for r in rows)
    assert kinds == {
        "WorkflowStep": 23,
        "ReactiveWorkflow": 5,
        "ProactiveWorkflow": 3,
        "Variant": 1,
    }


def test_evidence_summary(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = {slug(r["evidence"]): r for r in run_named(kb, "evidence-summary")}
    counts = Counter(r["evidence"] for r in mapping_rows)
    for level in ("published", "derived", "reconstructed", "disputed"):
        assert rows[level.capitalize()]["mapping_records"] == counts[level]


def test_glossary_languages(kb: KnowledgeBase) -> None:
    graph = ontology_graph("usm-vocabulary")
    scheme = rdflib.URIRef("https://w3id.org/usm-kb/vocabulary/usm-glossary")
    concepts = set(graph.subjects(rdflib.SKOS.inScheme, scheme))
    dutch = {
        c
        for c in concepts
        for label in graph.objects(c, rdflib.SKOS.prefLabel)
        if label.language == "nl"
    }
    nl = run_named(kb, "glossary", lang="nl")
    assert {r["concept"] for r in nl} == {str(c) for c in dutch}
    assert {r["language"] for r in nl} == {"nl"}
    everything = run_named(kb, "glossary")
    assert len({r["concept"] for r in everything}) == len(concepts)
    assert len(everything) == len(concepts) + len(dutch)
    agree = next(r for r in nl if r["concept"].endswith("/agree"))
    assert agree["label"] == "afspreken"


def test_concept_hierarchy(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "concept-hierarchy", root="voc:process")
    depth = {slug(r["concept"]): r["depth"] for r in rows}
    assert depth["process"] == 0
    assert depth["agree"] == 1 and depth["monitoring"] == 2 and depth["action"] == 4
    assert "workflow" not in depth
    everything = run_named(kb, "concept-hierarchy")
    tops = {slug(r["concept"]) for r in everything if r["top_concept"]}
    assert all(r["depth"] == 0 for r in everything if r["top_concept"])
    assert {"process", "workflow", "service"} <= tops


def test_concept_term_links_point_to_declared_terms(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "concept-term-links")
    assert rows and not [r for r in rows if r["term_kind"] == "undeclared"]
    kinds = {slug(r["term"]): r["term_kind"] for r in rows}
    assert kinds["Process"] == "class" and kinds["agree"] == "individual"


def test_method_catalogues(kb: KnowledgeBase) -> None:
    criteria = run_named(kb, "design-criteria")
    assert [r["ordinal"] for r in criteria] == list(range(1, 11))
    assert sum(1 for r in criteria if r["variants"]) == 4
    routines = run_named(kb, "routine-types")
    assert [r["label"] for r in routines] == ["process", "procedure", "work instruction"]
    assert routines[0]["alternative_names"] == "workflow"
    objects = run_named(kb, "managed-objects")
    assert [(r["label"], r["kind"]) for r in objects] == [
        ("people", "resource"),
        ("process", "resource"),
        ("technology", "resource"),
        ("services", "managed object"),
    ]
    principles = {r["label"]: r for r in run_named(kb, "principles")}
    assert principles["be consistent"]["code"] == "ALG01"
    assert principles["be consistent"]["alternative_codes"] == "GEN01"
    assert len(run_named(kb, "profiles")) == 6
    domains = run_named(kb, "domains")
    assert [slug(r["domain"]) for r in domains] == ["realize", "specify", "use"]


def test_practice_search(kb: KnowledgeBase) -> None:
    rows = run_named(kb, "practice-search", text="Incident")
    assert ("itil4", "ITIL4-5.2.5", "Recover") in {
        (r["framework_id"], r["notation"], r["processes"]) for r in rows
    }
    # names weigh more than descriptions: the practices named after incidents come first
    named = [r for r in rows if "incident" in r["label"].lower()]
    assert rows[: len(named)] == named
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    itil4 = run_named(kb, "practice-search", text="incident", framework="ITIL 4")
    assert itil4[0]["notation"] == "ITIL4-5.2.5"
    by_id = run_named(kb, "practice-search", text="ITIL4-5.2.5")
    assert [r["notation"] for r in by_id] == ["ITIL4-5.2.5"]
    # Dutch words reach English practices through the glossary (wijziging -> change)
    dutch = {r["notation"] for r in run_named(kb, "practice-search", text="wijziging")}
    assert {"BAI06", "ITIL4-5.2.4"} <= dutch


def test_process_practices(kb: KnowledgeBase, mapping_rows: list) -> None:
    rows = run_named(kb, "process-practices", process="recover")
    expected = {r["subject_id"] for r in placing(mapping_rows) if r["process"] == "recover"}
    assert {f"{r['framework_id']}:{r['notation']}" for r in rows} == expected
    itil4 = run_named(kb, "framework-practices-by-process", framework="itil4", process="recover")
    assert itil4[0]["notation"] == "ITIL4-5.2.5"
    assert {r["notation"] for r in itil4} == {
        practice_id(r)
        for r in placing(mapping_rows)
        if r["framework"] == "itil4" and r["process"] == "recover"
    }


def test_mappings_by_relation(kb: KnowledgeBase, mapping_rows: list) -> None:
    for relation in ("subset", "intersects", "equal"):
        rows = run_named(kb, "mappings-by-relation", relation=relation)
        assert len(rows) == sum(1 for r in mapping_rows if r["relation"] == relation)


# --- CLI, endpoint and Python API agree ---------------------------------------------------

SAME_EVERYWHERE = [
    ("processes", {}),
    ("workflow-steps", {"workflow": "wish"}),
    ("framework-gaps", {"framework": "scrum"}),
    ("practice-placement", {"practice": "itil4/ITIL4-5.2.5"}),
    ("coverage-matrix", {"framework": "itil4"}),
    ("glossary", {"lang": "nl"}),
    ("practice-search", {"text": "incident"}),
    ("cobit-without-agile-counterpart", {"framework": "scrum", "min_share": "0"}),
]


@pytest.mark.parametrize(("name", "params"), SAME_EVERYWHERE, ids=[n for n, _ in SAME_EVERYWHERE])
def test_cli_endpoint_and_api_agree(
    name: str, params: dict[str, str], kb: KnowledgeBase, run, client
) -> None:
    api = kb.run_named(name, **params)
    assert len(api) >= 1
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    cli_result = run("query", name, *args, "--format", "sparql-json")
    assert cli_result.exit_code == 0, cli_result.output
    cli_data = json.loads(cli_result.stdout)
    records = json.loads(run("query", name, *args, "--format", "json").stdout)
    assert norm_python(records) == norm_python(list(api.rows))
    response = client.get(f"/queries/{name}", query_string=params, headers=JSON_ACCEPT)
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/sparql-results+json"
    web_data = json.loads(response.data)
    assert cli_data["head"]["vars"] == web_data["head"]["vars"] == list(api.columns)
    assert norm_json(cli_data) == norm_json(web_data) == norm_python(list(api.rows))


# --- bad input -----------------------------------------------------------------------------


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_query_name(run, client, kb: KnowledgeBase) -> None:
    message = one_line_error(run("query", "framework-gapz"))
    assert "unknown named query" in message and "framework-gaps" in message
    response = client.get("/queries/framework-gapz", headers=JSON_ACCEPT)
    assert response.status_code == 404
    assert "unknown named query" in json.loads(response.data)["error"]
    with pytest.raises(QueryError, match="unknown named query"):
        kb.run_named("framework-gapz")


def test_missing_required_param(run, client, kb: KnowledgeBase) -> None:
    message = one_line_error(run("query", "framework-gaps"))
    assert "needs --param framework=" in message
    response = client.get("/queries/framework-gaps", headers=JSON_ACCEPT)
    assert response.status_code == 400
    assert "framework" in json.loads(response.data)["error"]
    with pytest.raises(QueryError, match="needs --param"):
        kb.run_named("framework-overlap", framework_a="itil4")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("mappings-by-evidence", {"evidence": "maybe"}),
        ("framework-gaps", {"framework": "a b"}),
        ("framework-gaps", {"framework": "ITIL"}),  # ambiguous: itil3 or itil4
        ("multi-process-practices", {"min_processes": "three"}),
        ("glossary", {"lang": "nl nl"}),
        ("practice-placement", {"practice": "ITIL4-9.9.9"}),
        ("workflow-steps", {"workflow": "Wishful workflow"}),
        ("call-type-routing", {"calltype": "risk/../wish"}),
        ("process-practices", {"process": "re covery"}),
        ("mappings-by-relation", {"relation": "overlapping"}),
    ],
)
def test_ill_typed_params(
    name: str, params: dict[str, str], run, client, kb: KnowledgeBase
) -> None:
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    message = one_line_error(run("query", name, *args))
    assert "parameter" in message
    response = client.get(f"/queries/{name}", query_string=params, headers=JSON_ACCEPT)
    assert response.status_code == 400
    with pytest.raises(QueryError):
        kb.run_named(name, **params)


def test_unknown_param_name(run, client, kb: KnowledgeBase) -> None:
    message = one_line_error(
        run("query", "framework-gaps", "--param", "framework=scrum", "--param", "frameworks=itil4")
    )
    assert "has no parameter 'frameworks'" in message
    with pytest.raises(QueryError, match="has no parameter"):
        kb.run_named("processes", framework="itil4")
    response = client.get(
        "/queries/framework-gaps",
        headers=JSON_ACCEPT,
        query_string={"framework": "scrum", "frameworks": "itil4"},
    )
    assert response.status_code == 400
    assert "has no parameter 'frameworks'" in json.loads(response.data)["error"]


def test_endpoint_param_given_twice_is_refused(client) -> None:
    response = client.get(
        "/queries/framework-gaps?framework=scrum&framework=itil4", headers=JSON_ACCEPT
    )
    assert response.status_code == 400
    assert "given 2 times" in json.loads(response.data)["error"]


def test_endpoint_ignores_client_format_hints(client) -> None:
    response = client.get(
        "/queries/framework-gaps?framework=scrum&format=json&output=json", headers=JSON_ACCEPT
    )
    assert response.status_code == 200
    assert json.loads(response.data)["results"]["bindings"]


# --- hostile values cannot change the query ------------------------------------------------

HOSTILE_TERMS = [
    ("framework-gaps", "framework", "itil4> } ; DROP ALL #"),
    ("framework-gaps", "framework", "itil4 } UNION { ?process ?p ?o"),
    ("practice-placement", "practice", "itil4/ITIL4-5.2.5> } UNION { ?practice ?p ?o } #"),
    ("concept-hierarchy", "root", "voc:process> } UNION { ?concept ?p ?o } #"),
    ("concept-hierarchy", "root", "https://example.org/x> } UNION { ?concept ?p ?o"),
    ("workflow-steps", "workflow", "wish> } #"),
    ("glossary", "lang", 'en") || true || ("'),
    ("multi-process-practices", "min_processes", "0) } UNION { ?s ?p ?o } #"),
    ("mappings-by-evidence", "evidence", "published> } #"),
]


@pytest.mark.parametrize(
    ("name", "param", "value"),
    HOSTILE_TERMS,
    ids=[f"{n}-{p}-{i}" for i, (n, p, _) in enumerate(HOSTILE_TERMS)],
)
def test_hostile_term_values_are_refused(
    name: str, param: str, value: str, run, client, kb: KnowledgeBase, executed: list[str]
) -> None:
    # The error path once first: what it loads on first use (the resolver's index, in
    # whichever test comes first) is not what this test counts.
    with pytest.raises(QueryError):
        kb.run_named(name, **{**EXAMPLES.get(name, {}), param: "no such value"})
    executed.clear()
    with pytest.raises(QueryError):
        kb.run_named(name, **{**EXAMPLES.get(name, {}), param: value})
    one_line_error(run("query", name, "--param", f"{param}={value}"))
    response = client.get(f"/queries/{name}", query_string={param: value}, headers=JSON_ACCEPT)
    assert response.status_code == 400
    assert executed == []  # refused while binding, before any query ran


# The binding under attack happens before any backend: one value also goes to the server
# (the bound text reaches it as one literal), the others only to the embedded store.
EMBEDDED_ONLY = pytest.mark.embedded_only
HOSTILE_STRINGS = [
    '"incident" ) } UNION { ?practice ?p ?o } #',
    pytest.param("incident'} } ; DROP ALL #", marks=EMBEDDED_ONLY),
    pytest.param('\\" } SELECT * WHERE { ?s ?p ?o } #', marks=EMBEDDED_ONLY),
    pytest.param("}}}{{{\"\"\"'''", marks=EMBEDDED_ONLY),
]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_hostile_string_values_stay_literals(
    value: str, run, client, kb: KnowledgeBase, executed: list[str]
) -> None:
    normal = kb.run_named("practice-search", text="incident")
    hostile = kb.run_named("practice-search", text=value)
    assert hostile.columns == normal.columns
    assert len(hostile) == 0
    cli_result = run("query", "practice-search", "--param", f"text={value}", "--format", "json")
    assert cli_result.exit_code == 0, cli_result.output
    assert json.loads(cli_result.stdout) == []
    response = client.get(
        "/queries/practice-search", query_string={"text": value}, headers=JSON_ACCEPT
    )
    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["head"]["vars"] == list(normal.columns) and data["results"]["bindings"] == []
    with pytest.raises(QueryError, match="not a relation name"):
        kb.run_named("mappings-by-relation", relation=value)
    literal = str(ox.Literal(value))  # the value reached the engine as one escaped literal
    bound = [text for text in executed if literal in text]
    assert len(bound) == 2  # API and endpoint (the CLI opens a KB of its own)
    assert all(text.count(literal) == 1 and "VALUES (?" in text for text in bound)


def test_queries_can_be_loaded_from_a_copy(tmp_path: Path) -> None:
    """load_named_queries reads the folder, so a data copy carries its queries along."""
    (tmp_path / "ontology" / "queries").mkdir(parents=True)
    for path in QUERY_FILES:
        (tmp_path / "ontology" / "queries" / path.name).write_text(
            path.read_text(encoding="utf-8"), encoding="utf-8"
        )
    assert sorted(load_named_queries(tmp_path)) == NAMES
