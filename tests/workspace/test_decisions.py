"""``map accept|reject`` and ``review``: decisions as SSSOM rows that survive a re-import and
reach the KB; a decision that breaks a rule changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ws_helpers import LIMITS, make_workspace, snapshot

from usm_kb.cli import cli
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.workspace.config import Workspace
from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.mappings import read_set

CSV = (
    "Nr;Naam;Omschrijving\n"
    "P1;Storingen afhandelen;Verstoringen van de dienst registreren en zo snel mogelijk "
    "herstellen\n"
    "P2;Monthly patch run;Install the vendor security patches on every server once a month\n"
)
PLACED = """SELECT ?status ?relation ?target ?reviewer WHERE {
  ?m a usm:Mapping ; usm:mappingSubject ?p ; usm:status ?status ; usm:relation ?relation ;
     usm:mappingObject ?target ; usm:reviewer ?reviewer .
  ?p a usm:LocalPractice ; skos:notation "P1" } ORDER BY ?target"""


@pytest.fixture
def workspace(kb: KnowledgeBase, tmp_path: Path) -> Workspace:
    ws = make_workspace(tmp_path / "ws")
    (tmp_path / "p.csv").write_text(CSV, encoding="utf-8")
    import_catalogue(ws, tmp_path / "p.csv", LIMITS)
    return ws


def run(kb: KnowledgeBase, workspace: Workspace, *args: str, input: str | None = None) -> Result:
    base = [
        "--data",
        str(kb.root),
        "--cache",
        str(kb.cache_dir),
        "--workspace",
        str(workspace.root),
    ]
    return CliRunner().invoke(cli, [*base, *args], input=input)


def rows_of(workspace: Workspace) -> list[dict[str, str]]:
    return read_set(workspace)[1]


def test_accept_and_reject_round_trip_through_sssom_the_kb_and_a_reimport(
    kb: KnowledgeBase, workspace: Workspace, tmp_path: Path
) -> None:
    accepted = run(kb, workspace, "map", "accept", "P1", "herstellen", "--author", "Jan de Vries")
    assert accepted.exit_code == 0, accepted.output
    rejected = run(
        kb,
        workspace,
        "map",
        "reject",
        "P1",
        "Operate",
        "--author",
        "jan",
        "--comment",
        "Nothing routine about it",
    )
    assert rejected.exit_code == 0, rejected.output
    recover, operate = sorted(rows_of(workspace), key=lambda r: r["object_id"], reverse=True)
    assert (recover["object_id"], recover["status"], recover["relation"], recover["share"]) == (
        "usmp:recover",
        "approved",
        "subset",
        "100",
    )
    assert recover["author_id"] == recover["reviewer_id"] == "agent:jan-de-vries"
    assert recover["mapping_justification"] == "semapv:LexicalMatching"  # it was suggested
    assert (operate["relation"], operate["predicate_modifier"], operate["share"]) == (
        "not_related",
        "Not",
        "0",
    )
    assert operate["mapping_justification"] == "semapv:MappingReview"
    assert operate["comment"] == "Nothing routine about it"
    # the catalogue changes around the practice: the decisions stay
    (tmp_path / "p.csv").write_text(CSV.replace("zo snel mogelijk", "direct"), encoding="utf-8")
    again = import_catalogue(workspace, tmp_path / "p.csv", LIMITS)
    assert again.changed == ("P1",) and again.dropped_mappings == 0
    assert len(rows_of(workspace)) == 2
    opened = KnowledgeBase.open(
        kb.root, kb.cache_dir, settings=Settings(sparql_workers=0), workspace=workspace
    )
    try:
        found = [
            (r["status"], r["relation"], r["target"].rsplit("/", 1)[-1])
            for r in opened.select(PLACED)
        ]
    finally:
        opened.close()
    assert found == [("approved", "not_related", "operate"), ("approved", "subset", "recover")]
    # a rejected target is not suggested again
    result = run(kb, workspace, "suggest", "--practice", "P1", "--format", "csv", "--top", "5")
    assert result.exit_code == 0 and "process/operate" not in result.stdout


def test_a_decision_that_breaks_the_share_rule_changes_nothing(
    kb: KnowledgeBase, workspace: Workspace
) -> None:
    assert run(kb, workspace, "map", "accept", "P2", "Change", "--author", "jan").exit_code == 0
    before = snapshot(workspace.root)
    result = run(kb, workspace, "map", "accept", "P2", "Operate", "--author", "jan")
    assert result.exit_code == 1
    assert "add up to 200" in result.output and "Traceback" not in result.output
    assert snapshot(workspace.root) == before
    split = run(kb, workspace, "map", "accept", "P2", "Operate", "--relation", "intersects")
    assert split.exit_code == 2 and "needs --share" in split.output
    assert snapshot(workspace.root) == before


def test_an_unknown_target_or_practice_is_a_clear_error(kb: KnowledgeBase, workspace: Workspace):
    before = snapshot(workspace.root)
    assert (
        "no USM element 'Herstelling'"
        in run(kb, workspace, "map", "accept", "P1", "Herstelling").output
    )
    assert "no local practice 'P9'" in run(kb, workspace, "map", "accept", "P9", "Recover").output
    assert snapshot(workspace.root) == before


def test_review_accepts_skips_and_stops_at_the_end_of_input(
    kb: KnowledgeBase, workspace: Workspace
) -> None:
    result = run(kb, workspace, "review", "--author", "jan", input="1\n")
    assert result.exit_code == 0, result.output
    assert "accepted: 1, rejected: 0, skipped: 0" in result.output
    (row,) = rows_of(workspace)
    assert row["subject_id"] == "proef:P1" and row["status"] == "approved"
    # the next review starts from the undecided practice; 'x' is refused, then quit
    result = run(kb, workspace, "review", "--author", "jan", input="x\nq\n")
    assert "Monthly patch run" in result.output and "Storingen afhandelen" not in result.output
    assert "'x' is not an answer here" in result.output
    assert len(rows_of(workspace)) == 1
