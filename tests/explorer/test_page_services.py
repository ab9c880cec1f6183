"""The explorer's page services over the shipped KB: what each page says, checked against the
data (processes in USM order, disputed names marked, reconstructed steps marked, related
practices from other frameworks only, …)."""

from __future__ import annotations

import pytest

from usm_kb.explorer import base
from usm_kb.explorer.compare import compare_page
from usm_kb.explorer.diagram import StepPlace, layout
from usm_kb.explorer.framework import filter_practices, framework_page, frameworks_page, level
from usm_kb.explorer.glossary import concept_page, glossary_page
from usm_kb.explorer.model import home_page
from usm_kb.explorer.placements import RECORDS, placements
from usm_kb.explorer.practice import practice_page
from usm_kb.explorer.process import process_page
from usm_kb.explorer.resource import ontology_page, page_kind, resource_page
from usm_kb.explorer.search import not_found_page, search_page, suggest
from usm_kb.explorer.workflow import workflow_page
from usm_kb.namespaces import PREFIXES, USM
from usm_kb.store import KnowledgeBase
from usm_kb.vocab import MAPPING_WEIGHT, WEIGHT_SCALES

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

PROCESS = PREFIXES["process"]
WORKFLOW = PREFIXES["workflow"]
FW = PREFIXES["fw"]
VOC = PREFIXES["voc"]
INCIDENT_MGMT = FW + "itil4/ITIL4-5.2.5"


def test_home_is_the_model_on_one_screen(kb: KnowledgeBase) -> None:
    page = home_page(kb)
    assert [p.ref.label for p in page.processes] == [
        "Agree",
        "Change",
        "Operate",
        "Recover",
        "Improve",
    ]
    assert [p.code for p in page.processes] == ["CTM", "CHM", "OPS", "INC", "RIM"]
    assert page.processes[3].call_type.iri == PREFIXES["calltype"] + "incident"
    assert len(page.workflows) == 8
    assert {w.kind for w in page.workflows} == {"reactive", "proactive"}
    assert [d.ref.iri.rsplit("/", 1)[-1] for d in page.domains] == ["use", "specify", "realize"]
    assert page.counts["frameworks"] == 14
    assert page.counts["mappings"] == len(placements(kb).records)
    assert page.status.shacl.startswith("passed")
    assert home_page(kb) is page  # built once per KB


def test_process_page_marks_disputed_names_and_lists_practices_by_framework(
    kb: KnowledgeBase,
) -> None:
    page = process_page(kb, PROCESS + "improve")
    assert (page.code, page.verb, page.names["nl"]) == ("RIM", "Improve", "verbeteren")
    disputed = {a.text: a for a in page.alt_names if a.disputed}
    assert set(disputed) == {"Risk & Improvement Management", "Improvement Management"}
    assert disputed["Improvement Management"].code == "IMP"
    assert disputed["Improvement Management"].evidence == "disputed"
    assert page.call_type is not None and page.call_type.label == "risk"
    assert {w.workflow.iri.rsplit("/", 1)[-1] for w in page.workflows} == {
        "risk-via-agree",
        "risk-via-change",
        "risk-via-operate",
    }
    assert all(w.positions[0] == 1 for w in page.workflows)  # Improve opens every risk flow
    frameworks = [g.framework.label for g in page.frameworks]
    assert "ITIL 4" in frameworks
    for group in page.frameworks:
        weights = [p.weight for p in group.practices]
        assert weights == sorted(weights, reverse=True)
        for p in group.practices:  # a source states the placement; see-also pages fed it
            assert p.relation and p.evidence and (p.source or p.see_also)
            assert all(u.startswith("http") for u in (p.source, *p.see_also) if u)
            assert p.evidence != "published" or p.source


def test_process_page_practices_agree_with_the_named_query(kb: KnowledgeBase) -> None:
    page = process_page(kb, PROCESS + "recover")
    shown = {(p.practice.iri, p.weight) for g in page.frameworks for p in g.practices}
    named = {
        (r["practice"], float(r[MAPPING_WEIGHT]))
        for r in kb.run_named("process-practices", process="recover")
    }
    assert shown == named


def test_workflow_page_draws_steps_in_order_and_marks_reconstructed_ones(
    kb: KnowledgeBase,
) -> None:
    page = workflow_page(kb, WORKFLOW + "wish")
    assert [s.process.label for s in page.steps] == [
        "Agree",
        "Change",
        "Operate",
        "Change",
        "Agree",
    ]
    assert [s.index for s in page.steps] == [1, 2, 3, 4, 5]
    assert [s.reconstructed for s in page.steps] == [
        s.evidence == "reconstructed" for s in page.steps
    ]
    assert any(s.reconstructed for s in page.steps)
    boxes = page.diagram.boxes
    assert [b.reconstructed for b in boxes] == [s.reconstructed for s in page.steps]
    assert len(page.diagram.lanes) == 5 and len(page.diagram.arrows) == 4
    lane_of = {lane.iri: lane for lane in page.diagram.lanes}
    for step, box in zip(page.steps, boxes, strict=True):
        lane = lane_of[step.process.iri]
        assert lane.y <= box.y and box.y + box.height <= lane.y + lane.height
    assert [b.x for b in boxes] == sorted(b.x for b in boxes)
    assert page.workflow_kind == "reactive" and page.call_type is not None
    assert page.variants and page.variants[0].disputed  # "wish workflow ends in Change"
    assert all(p.weight > 0 for s in page.steps for p in s.practices)


def test_layout_draws_an_elbow_only_between_lanes() -> None:
    lanes = [("urn:a", "A"), ("urn:b", "B")]
    steps = [
        StepPlace("urn:1", 1, "urn:a", "1", False),
        StepPlace("urn:2", 2, "urn:a", "2", False),
        StepPlace("urn:3", 3, "urn:b", "3", True),
    ]
    diagram = layout(lanes, steps)
    assert " V" not in diagram.arrows[0].path and " V" in diagram.arrows[1].path
    assert diagram.boxes[2].reconstructed


def test_framework_page_table_and_heatmap(kb: KnowledgeBase) -> None:
    page = framework_page(kb, FW + "itil4")
    assert page.total == 34 and page.id == "itil4" and page.proprietary
    assert len(page.processes) == 5 and all(len(r.cells) == 5 for r in page.practices)
    incident = next(r for r in page.practices if r.ref.iri == INCIDENT_MGMT)
    recover = incident.cells[3]
    assert recover.relation and recover.value > 0 and recover.level >= 1
    assert [c.value for c in page.coverage] == [
        sum(1 for r in page.practices if r.cells[n].relation) for n in range(5)
    ]
    scale = WEIGHT_SCALES[MAPPING_WEIGHT]
    assert (level(0, scale), level(scale, scale), level(scale / 10, scale)) == (0, 4, 1)


def test_framework_filter_and_sort_work_on_the_server(kb: KnowledgeBase) -> None:
    page = framework_page(kb, FW + "itil4")
    found = filter_practices(page, "INCIDENT", "name")
    assert INCIDENT_MGMT in [r.ref.iri for r in found.practices]
    assert 1 < len(found.practices) < page.total  # names and descriptions are searched
    names = [r.ref.label.casefold() for r in found.practices]
    assert names == sorted(names)
    assert [r.ref.iri for r in filter_practices(page, "ITIL4-5.2.5", "id").practices] == [
        INCIDENT_MGMT
    ]
    by_weight = filter_practices(page, "", "weight")
    assert [r.strongest for r in by_weight.practices] == sorted(
        (r.strongest for r in page.practices), reverse=True
    )
    assert filter_practices(page, "", "nonsense").sort == "id"


def test_frameworks_page_is_the_coverage_matrix(kb: KnowledgeBase) -> None:
    page = frameworks_page(kb)
    assert len(page.frameworks) == 14
    matrix = {r["framework_id"]: r for r in kb.run_named("coverage-matrix")}
    for row in page.frameworks:
        counts = matrix.get(row.id, {})  # a framework with no activity placed has no row
        assert [c.value for c in row.cells] == [
            round(float(counts.get(s) or 0), 1)
            for s in ("agree", "change", "operate", "recover", "improve")
        ]
    agile = next(row for row in page.frameworks if row.id == "agile")
    assert "agile" not in matrix and all(c.value == 0 for c in agile.cells)
    assert any(c.value % 1 for row in page.frameworks for c in row.cells)  # shares: fractions


def test_practice_page_relatives_come_from_other_frameworks_through_shared_processes(
    kb: KnowledgeBase,
) -> None:
    page = practice_page(kb, INCIDENT_MGMT)
    assert page.framework.label == "ITIL 4" and page.notation == "ITIL4-5.2.5"
    assert page.practice_kind == "activity"
    assert page.mappings and page.mappings[0].target.label == "Recover"
    assert page.mappings[0].target_type == "process" and page.mappings[0].weight == 100
    assert page.mappings[0].source.startswith("http") and page.rights
    group = page.related[0]
    assert group.process.label == "Recover"
    assert group.relatives and all(r.framework.label != "ITIL 4" for r in group.relatives)
    scores = [r.score for r in group.relatives]
    assert scores == sorted(scores, reverse=True)
    placed = {r.practice for r in placements(kb).by_target[PROCESS + "recover"]}
    assert {r.practice.iri for r in group.relatives} <= placed


SIAM = FW + "siam/"


def test_non_activities_map_onto_other_parts_of_usm_not_onto_processes(kb: KnowledgeBase) -> None:
    """A SIAM layer (a body) maps onto a party and a profile: its practice page lists both
    targets with their type, share, source and see-also, and relatives through the party;
    no process page, workflow step or heatmap shows it."""
    page = practice_page(kb, SIAM + "X-SIAM-L2")
    assert page.practice_kind == "body"
    targets = {(m.target.label, m.target_type, m.weight) for m in page.mappings}
    assert targets == {("provider", "party", 60.0), ("service manager", "profile", 40.0)}
    for m in page.mappings:  # derived by the curators: no source, the pages it came from
        assert m.evidence == "derived" and not m.source
        assert any(u.startswith("https://www.scopism.com") for u in m.see_also)
    through = {g.process.label: g for g in page.related}
    assert through["provider"].target_type == "party"
    body = practice_page(kb, SIAM + "X-SIAM-L3")  # solution team 30, supplier 70
    team = next(g for g in body.related if g.process.label == "solution team")
    assert {r.framework.iri for r in team.relatives} == {FW + "itil3", FW + "scrum"}
    assert all(r.score == 30.0 for r in team.relatives)  # min(30, 100)
    records = placements(kb).records
    not_processes = {r.practice for r in records if r.target_type != "process"}
    on_processes = {r.practice for r in records if r.on_process}
    only_elsewhere = not_processes - on_processes
    assert SIAM + "X-SIAM-L2" in only_elsewhere
    for verb in ("agree", "change", "operate", "recover", "improve"):
        shown = process_page(kb, PROCESS + verb)
        assert not {p.practice.iri for g in shown.frameworks for p in g.practices} & only_elsewhere
    siam = framework_page(kb, FW + "siam")
    row = next(r for r in siam.practices if r.ref.iri == SIAM + "X-SIAM-L2")
    assert row.kind == "body" and row.processes == 0 and all(c.level == 0 for c in row.cells)
    assert {t.label for t in row.elsewhere} == {"provider (party)", "service manager (profile)"}
    metric = practice_page(kb, FW + "dora/X-DORA-M2")
    assert metric.practice_kind == "metric"
    assert [m.target_type for m in metric.mappings] == ["workflow"]
    measured = workflow_page(kb, metric.mappings[0].target.iri)
    assert [w.practice.iri for w in measured.whole] == [FW + "dora/X-DORA-M2"]
    steps = {p.practice.iri for s in measured.steps for p in s.practices}
    assert FW + "dora/X-DORA-M2" not in steps


def test_glossary_in_both_languages(kb: KnowledgeBase) -> None:
    english, dutch = glossary_page(kb, "en"), glossary_page(kb, "nl")
    assert len(english.concepts) == len(dutch.concepts) == len(kb.names().choices("concept"))
    labels_nl = {c.ref.iri: c.ref.label for c in dutch.concepts}
    assert labels_nl[VOC + "change"] == "wijziging"
    assert glossary_page(kb, "fr").lang == "en"  # unknown language: English
    concept = concept_page(kb, VOC + "incident", "nl")
    assert concept.pref_labels == {"en": "incident", "nl": "incident"}
    assert not concept.dutch_attested  # the glossary's editorial note
    assert [b.label for b in concept.broader] == ["melding"]
    assert concept.describes[0].iri == USM + "Incident"


def test_search_ranks_hits_with_facets_and_suggests_while_typing(kb: KnowledgeBase) -> None:
    page = search_page(kb, "incident")
    assert page.hits and page.total >= len(page.hits)
    assert {f.kind for f in page.facets} >= {"practice", "process"}
    practices = search_page(kb, "incident", kind="practice")
    assert {h.kind for h in practices.hits} == {"practice"}
    assert practices.total == next(f.count for f in page.facets if f.kind == "practice")
    assert search_page(kb, "incident", kind="bogus").selected == ""
    for code, iri in (("CHM", PROCESS + "change"), ("DSS02", None)):
        hits = search_page(kb, code).hits
        assert hits, code
        if iri:
            assert hits[0].ref.iri == iri
    assert any(h.ref.iri == PROCESS + "change" for h in search_page(kb, "wijziging").hits[:5])
    typed = suggest(kb, "inc")
    assert INCIDENT_MGMT in {h.ref.iri for h in typed}
    assert suggest(kb, "i") == ()


def test_compare_reuses_the_crosswalk_ranking(kb: KnowledgeBase) -> None:
    from usm_kb.catalogue.crosswalk import compare

    page = compare_page(kb, "ITIL 4", "cobit")
    assert (page.a, page.b) == ("itil4", "cobit2019")
    expected = compare(kb, "itil4", "cobit2019", limit=10)
    assert page.pairs[:10] == expected.pairs and page.total == expected.total
    assert [r.process.label for r in page.matrix] == [
        "Agree",
        "Change",
        "Operate",
        "Recover",
        "Improve",
    ]
    assert sum(r.pairs for r in page.matrix) == sum(
        len(p.processes) for p in compare(kb, "itil4", "cobit2019", limit=None).pairs
    )
    assert compare_page(kb).pairs == ()


def test_linked_data_kinds_and_the_generic_page(kb: KnowledgeBase) -> None:
    assert page_kind(kb, PROCESS + "agree") == "process"
    assert page_kind(kb, INCIDENT_MGMT) == "practice"
    assert page_kind(kb, FW + "itil4") == "framework"
    assert page_kind(kb, VOC + "usm-glossary") == "glossary"
    assert page_kind(kb, PREFIXES["calltype"] + "incident") == "resource"
    assert page_kind(kb, PROCESS + "nothing") is None
    page = resource_page(kb, PREFIXES["calltype"] + "incident")
    props = {s.property.label: s for s in page.statements}
    assert props["usm:triggers"].values[0].iri == PROCESS + "recover"
    assert props["usm:triggers"].values[0].text == "Recover"
    assert any(s.property.label == "usm:startedBy" for s in page.incoming)
    terms = {t.local: t for t in ontology_page(kb).terms}
    assert terms["Process"].term_kind == "class"


def test_not_found_suggests_what_the_path_may_mean(kb: KnowledgeBase) -> None:
    page = not_found_page(kb, "incident-managment", "nothing here")
    assert page.status == 404 and page.suggestions


def test_shown_queries_declare_their_prefixes_and_read_the_weight_by_name(
    kb: KnowledgeBase,
) -> None:
    page = process_page(kb, PROCESS + "recover")
    text = page.queries[-1].sparql
    assert text.startswith("PREFIX ") and f"usm:{MAPPING_WEIGHT}" in text
    assert f"usm:{MAPPING_WEIGHT}" in RECORDS
    assert kb.query(text).kind == "select"  # runs as shown
    assert base.declare_prefixes("PREFIX usm: <x> ASK { ?s usm:a 1 }").count("PREFIX") == 1


@pytest.mark.parametrize("kind", ["home", "process", "workflow", "practice", "resource"])
def test_every_page_dataclass_is_json_ready(kb: KnowledgeBase, kind: str) -> None:
    import json

    pages = {
        "home": lambda: home_page(kb),
        "process": lambda: process_page(kb, PROCESS + "agree"),
        "workflow": lambda: workflow_page(kb, WORKFLOW + "incident"),
        "practice": lambda: practice_page(kb, INCIDENT_MGMT),
        "resource": lambda: resource_page(kb, PREFIXES["step"] + "wish-1"),
    }
    data = pages[kind]().to_dict()
    assert data["page"] == kind
    assert json.loads(json.dumps(data)) == data
