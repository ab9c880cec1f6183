"""``usm-kb suggest``: every suggestion explained, kinds respected, output that round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from usm_kb.catalogue.targets import target_classes
from usm_kb.cli import cli
from usm_kb.namespaces import individual_iri, process_iri
from usm_kb.store import KnowledgeBase
from usm_kb.suggest.ranker import Ranker
from usm_kb.suggest.service import ranker_for, suggest, to_sssom_rows
from usm_kb.vocab import KIND_TARGETS
from usm_kb.workspace.create import init_workspace
from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.mappings import load_workspace_mappings, read_set, set_text
from usm_kb.workspace.practices import load_practices
from usm_kb.workspace.tables import Limits

# The store's services answer alike on both backends (conftest: both_backends).
pytestmark = pytest.mark.both_backends

LIMITS = Limits(max_bytes=2**20, max_rows=100, max_cell_chars=2000, max_unpacked_bytes=2**22)
PRACTICES = [
    ("Storingen afhandelen", "Meldingen over verstoringen registreren en de dienst herstellen."),
    ("Wijzigingen doorvoeren", "Wijzigingen aan servers en netwerk plannen en uitvoeren."),
    ("Onboard new supplier", "Check a new supplier's contract terms before the first order."),
    ("Problem review", "Find the underlying cause of outages that keep coming back."),
    ("Gebruikersvragen beantwoorden", "Vragen van medewerkers over applicaties beantwoorden."),
]


@pytest.fixture(scope="module")
def ranker(kb: KnowledgeBase) -> Ranker:
    return ranker_for(kb)


@pytest.mark.parametrize(("name", "description"), PRACTICES)
def test_every_suggestion_carries_evidence_and_a_confidence(
    ranker: Ranker, name: str, description: str
) -> None:
    found = ranker.rank(f"{name}. {description}", "activity", top=3)
    assert found, name
    assert all(c.evidence for c in found)
    assert all(0 < c.confidence <= 1 for c in found)
    assert [c.confidence for c in found] == sorted((c.confidence for c in found), reverse=True)
    assert sum(c.confidence for c in found) <= 1.0 + 1e-6
    assert {c.target for c in found} <= {
        process_iri(p) for p in ("agree", "change", "operate", "recover", "improve")
    }


def test_a_dutch_outage_practice_is_recover_with_rule_words_and_neighbours(ranker: Ranker):
    best = ranker.rank("Storingen afhandelen. Verstoringen van de dienst herstellen.", "activity")[
        0
    ]
    assert best.target == process_iri("recover")
    kinds = {e.kind for e in best.evidence}
    assert kinds == {"rule", "terms", "nearest"}
    rule = next(e.text for e in best.evidence if e.kind == "rule")
    assert "'storingen'" in rule and "Recover" in rule
    assert any("Recover" in e.text and "→" in e.text for e in best.evidence if e.kind == "nearest")


def test_a_role_gets_profiles_or_parties_never_a_process(ranker: Ranker) -> None:
    found = ranker.rank("Coördinator servicedesk. Verdeelt het werk van de servicedesk.", "role")
    allowed = set(KIND_TARGETS["role"])
    targets = ranker.knowledge.targets
    assert found
    for candidate in found:
        assert targets[candidate.target].classes & allowed, candidate.target


def test_words_that_match_nothing_give_no_suggestion(ranker: Ranker) -> None:
    assert ranker.rank("Xqzw vvrrk", "activity") == []


def test_leaving_a_framework_out_removes_it_from_the_neighbours(ranker: Ranker) -> None:
    held_out = Ranker(ranker.knowledge, exclude_framework="itil4")
    assert {r.framework for r in held_out.references} == {
        r.framework for r in ranker.references
    } - {"itil4"}
    for candidate in held_out.rank("Incident management. Restore normal service.", "activity"):
        assert not any("ITIL 4 " in e.text for e in candidate.evidence if e.kind == "nearest")


@pytest.fixture
def workspace(tmp_path: Path):
    ws = init_workspace(
        tmp_path / "ws", name="Proef", ident="proef", language="nl", date="2026-11-28"
    )
    csv_file = tmp_path / "p.csv"
    csv_file.write_text(
        "naam;omschrijving\n" + "".join(f"{n};{d}\n" for n, d in PRACTICES), encoding="utf-8"
    )
    import_catalogue(ws.workspace, csv_file, LIMITS)
    return ws.workspace


def test_the_workspace_service_flows_and_sssom_round_trip(kb: KnowledgeBase, workspace) -> None:
    found = suggest(kb, workspace, top=2)
    assert [s.practice for s in found] == [p.id for p in load_practices(workspace)]
    first = found[0]
    assert first.call_type == individual_iri("calltype", "incident")
    assert first.workflow is not None and first.workflow.startswith(individual_iri("workflow", ""))
    header, _ = read_set(workspace)
    rows = to_sssom_rows(workspace, found)
    assert len(rows) == len(found)
    text = set_text(header, rows)
    checked = load_workspace_mappings(
        workspace, load_practices(workspace), target_classes(kb), text=text
    )
    assert checked is not None and len(checked.rows) == len(found)
    assert {r.values["status"] for r in checked.rows} == {"proposed"}
    assert {r.justification.rsplit("/", 1)[-1] for r in checked.rows} == {"LexicalMatching"}


def test_cli_json_names_every_practice(kb: KnowledgeBase, workspace) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "--data",
            str(kb.root),
            "--cache",
            str(kb.cache_dir),
            "suggest",
            "--workspace",
            str(workspace.root),
            "--format",
            "json",
            "--top",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["name"] for r in records] == [n for n, _ in PRACTICES]
    assert all(1 <= len(r["suggestions"]) <= 2 for r in records)
    assert all(s["evidence"] for r in records for s in r["suggestions"])


def test_every_practice_of_the_example_gets_explained_suggestions(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "gemeente.xlsx"
    ws = init_workspace(
        tmp_path / "ws", name="Voorbeeld", ident="voorbeeld", language="nl", date="2026-11-28"
    ).workspace
    import_catalogue(ws, example, LIMITS)
    found = suggest(kb, ws, top=3)
    assert len(found) == len(load_practices(ws))
    for item in found:
        assert item.candidates, item.name
        assert all(c.evidence for c in item.candidates), item.name
        if item.kind == "activity":
            assert item.call_type and item.workflow, item.name
