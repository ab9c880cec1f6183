"""The optional practice ``trigger`` (a USM call type) and team ``domain`` (specify/realize/use).

Both are checked when read (a clear error with file and line for a bad value), imported from
a catalogue's trigger column, and compiled into RDF (usm:practiceTrigger, usm:inDomain).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from ws_helpers import LIMITS, make_workspace

from usm_kb.errors import DataError
from usm_kb.namespaces import individual_iri, team_iri
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.vocab import call_type_of
from usm_kb.workspace.config import ORGANISATION, PRACTICES
from usm_kb.workspace.graphs import practice_iri, practices_triples
from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.organisation import load_organisation
from usm_kb.workspace.practices import load_practices

PRACTICE = "practices:\n- id: A-1\n  name: Storingen\n  language: nl\n  team: Servicedesk\n"
TEAMS = "organisation: Proef\nteams:\n  - name: Servicedesk\n    domain: {domain}\n"


@pytest.mark.parametrize(
    ("word", "slug"),
    [
        ("incident", "incident"),
        ("Verstoring", "incident"),
        ("Request for change", "request-for-change"),
        ("change", "request-for-change"),
        ("service request", "service-request"),
        ("wens", "wish"),
        ("risk", "risk"),
        ("holiday", None),
    ],
)
def test_a_trigger_word_names_a_call_type(word: str, slug: str | None) -> None:
    assert call_type_of(word) == slug


def test_trigger_and_domain_are_read_and_compiled(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    workspace.path(PRACTICES).write_text(PRACTICE + "  trigger: verstoring\n", encoding="utf-8")
    workspace.path(ORGANISATION).write_text(TEAMS.format(domain="realize"), encoding="utf-8")
    practices = load_practices(workspace)
    organisation = load_organisation(workspace)
    assert practices[0].trigger == "incident"
    assert organisation.teams[0].domain == "realize"
    g = list(practices_triples(workspace, practices, organisation))
    practice = ox.NamedNode(practice_iri(workspace, "A-1"))
    trigger = ox.NamedNode(U.practiceTrigger)
    assert (practice, trigger, ox.NamedNode(individual_iri("calltype", "incident"))) in g
    team = ox.NamedNode(team_iri(workspace.id, "servicedesk"))
    in_domain = ox.NamedNode(U.inDomain)
    assert (team, in_domain, ox.NamedNode(individual_iri("domain", "realize"))) in g


def test_without_them_nothing_is_added(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    workspace.path(PRACTICES).write_text(PRACTICE, encoding="utf-8")
    workspace.path(ORGANISATION).write_text("organisation: Proef\nteams:\n  - name: Servicedesk\n")
    g = list(practices_triples(workspace, load_practices(workspace), load_organisation(workspace)))
    absent = {ox.NamedNode(U.practiceTrigger), ox.NamedNode(U.inDomain)}
    assert g and not [t for t in g if t[1] in absent]


def test_a_bad_trigger_names_the_file_line_and_the_call_types(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    workspace.path(PRACTICES).write_text(PRACTICE + "  trigger: holiday\n", encoding="utf-8")
    with pytest.raises(
        DataError, match=r"practice 1: trigger 'holiday' is not a USM call type"
    ) as e:
        load_practices(workspace)
    assert e.value.line == 2 and "incident" in str(e.value.hint)


def test_a_bad_domain_names_the_file_line_and_the_domains(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    workspace.path(ORGANISATION).write_text(TEAMS.format(domain="build"), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"team 'servicedesk': domain 'build' is not one of specify, realize, use"
    ) as e:
        load_organisation(workspace)
    assert e.value.line == 3


def test_a_catalogue_trigger_column_is_imported_and_checked(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    good = tmp_path / "good.csv"
    good.write_text("Naam,Aanleiding\nStoringen,verstoring\nWijzigen,\n", encoding="utf-8")
    report = import_catalogue(workspace, good, LIMITS)
    assert [(p.name, p.trigger) for p in report.practices] == [
        ("Storingen", "incident"),
        ("Wijzigen", ""),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("Naam,Aanleiding\nStoringen,vakantie\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 2, column B 'Aanleiding': trigger 'vakantie'"):
        import_catalogue(workspace, bad, LIMITS)
