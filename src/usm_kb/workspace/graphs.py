"""A workspace as RDF: its own named graphs beside the shipped KB.

- ``graph/workspace/<id>/practices`` — the workspace, its local practices (``usm:LocalPractice``,
  each name tagged with its language) and the teams that carry them out;
- ``graph/workspace/<id>/mappings`` — its SSSOM set, one ``usm:Mapping`` per row (as the
  shipped sets);
- ``graph/workspace/<id>/workflows`` — its USM-WIF workflows (``usm:LocalWorkflow``,
  docs/wif.md);
- ``graph/workspace/<id>/inferred`` — what the inference rules add (compiled workspaces only).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph

from usm_kb.errors import DataError
from usm_kb.namespaces import (
    individual_iri,
    local_practice_base,
    team_iri,
    workspace_graph,
    workspace_iri,
)
from usm_kb.rdf.bridge import triples_from_ox, triples_to_ox
from usm_kb.rdf.oxterms import OxIri, OxTriple, Terms, unique_iri
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.sources.graphs import SourceGraph
from usm_kb.sources.mapping_rdf import mapping_set_triples
from usm_kb.vocab import KIND_IRI
from usm_kb.wif.rdf import workflow_graph
from usm_kb.wif.schema import parse_file, refusal
from usm_kb.workspace.config import MAPPINGS, PRACTICES, Workspace
from usm_kb.workspace.mappings import load_workspace_mappings
from usm_kb.workspace.organisation import Organisation, Team, load_organisation
from usm_kb.workspace.practices import LocalPractice, load_practices


def practice_iri(workspace: Workspace, practice_id: str) -> str:
    """IRI of one local practice."""
    return local_practice_base(workspace.id) + practice_id


def practices_triples(
    workspace: Workspace, practices: tuple[LocalPractice, ...], organisation: Organisation
) -> Iterator[OxTriple]:
    """RDF for the workspace, its local practices and their teams, triple by triple."""
    t = Terms()
    iri, text = t.iri, t.text
    a, label, in_workspace, pref, notation, kind, definition = t.iris(
        RDF.type, RDFS.label, U.inWorkspace, SKOS.prefLabel, SKOS.notation, U.practiceKind,
        SKOS.definition,
    )  # fmt: skip
    owner, group, trigger, owner_team, local, concept = t.iris(
        U.owner, U.practiceGroup, U.practiceTrigger, U.ownerTeam, U.LocalPractice, SKOS.Concept
    )
    ws = iri(workspace_iri(workspace.id))
    yield (ws, a, iri(str(U.Workspace)))
    yield (ws, label, text(workspace.name, workspace.language))
    teams = {team.id: team for team in organisation.teams}
    xsd_string = str(XSD.string)
    for practice in practices:
        p = unique_iri(practice_iri(workspace, practice.id))
        lang = practice.language
        yield (p, a, local)
        yield (p, a, concept)
        yield (p, in_workspace, ws)
        yield (p, label, text(practice.name, lang))
        yield (p, pref, text(practice.name, lang))
        yield (p, notation, t.typed(practice.id, xsd_string))
        yield (p, kind, iri(KIND_IRI[practice.kind]))
        if practice.description:
            yield (p, definition, text(practice.description, lang))
        if practice.owner:
            yield (p, owner, text(practice.owner))
        if practice.group:
            yield (p, group, text(practice.group))
        if practice.trigger:
            yield (p, trigger, iri(individual_iri("calltype", practice.trigger)))
        if practice.team:
            team = organisation.team_named(practice.team)
            teams.setdefault(team.id, team)
            yield (p, owner_team, iri(team_iri(workspace.id, team.id)))
    yield from _teams_triples(t, workspace, teams.values(), ws)


def _teams_triples(
    t: Terms, workspace: Workspace, teams: Iterable[Team], ws: OxIri
) -> Iterator[OxTriple]:
    a, label, in_workspace, definition, domain, team_class = t.iris(
        RDF.type, RDFS.label, U.inWorkspace, SKOS.definition, U.inDomain, U.Team
    )
    for team in teams:
        node = t.iri(team_iri(workspace.id, team.id))
        yield (node, a, team_class)
        yield (node, label, t.text(team.name, workspace.language))
        yield (node, in_workspace, ws)
        if team.description:
            yield (node, definition, t.text(team.description, workspace.language))
        if team.domain:
            yield (node, domain, t.iri(individual_iri("domain", team.domain)))


def workspace_triples(
    workspace: Workspace, targets: Mapping[str, frozenset[str]]
) -> list[tuple[str, Path, Iterable[OxTriple]]]:
    """The workspace's named graphs as (graph IRI, file, triples), in the order of its files.

    *targets* are the USM elements a mapping may point to, with their classes; a bad file is
    a ``DataError`` with file and line. No rdflib graph is built: the triples are generated
    as the caller takes them (the compile streams them into Oxigraph); a triple may repeat.
    The practices and the organisation are read and checked here; the mapping set and the
    workflows when their triples are first taken, graph after graph (the compile stores one
    graph on a thread while Python reads the next file), so a bad file is still found in the
    same order.
    """
    practices = load_practices(workspace)
    organisation = load_organisation(workspace)
    graphs: list[tuple[str, Path, Iterable[OxTriple]]] = [
        (
            workspace_graph(workspace.id, "practices"),
            workspace.path(PRACTICES),
            practices_triples(workspace, practices, organisation),
        )
    ]
    if workspace.path(MAPPINGS).is_file():
        graphs.append(
            (
                workspace_graph(workspace.id, "mappings"),
                workspace.path(MAPPINGS),
                _mappings_triples(workspace, practices, targets),
            )
        )
    files = workspace.workflow_files()
    if files:
        iri = workspace_graph(workspace.id, "workflows")
        graphs.append((iri, files[0].parent, _workflows_triples(workspace)))
    return graphs


def _mappings_triples(
    workspace: Workspace,
    practices: tuple[LocalPractice, ...],
    targets: Mapping[str, frozenset[str]],
) -> Iterator[OxTriple]:
    """The mapping set's triples, the file read and checked when the first one is taken."""
    mapping_set = load_workspace_mappings(workspace, practices, targets)
    if mapping_set is not None:
        # the subjects belong to a workspace, not a framework
        yield from mapping_set_triples(mapping_set, workspace=workspace_iri(workspace.id))


def _workflows_triples(workspace: Workspace) -> Iterator[OxTriple]:
    """The workflows' triples, the files read and checked when the first one is taken."""
    workflows = workflows_graph(workspace)
    if workflows is not None:
        yield from triples_to_ox(workflows.graph)


def workflows_graph(workspace: Workspace) -> SourceGraph | None:
    """The stored USM-WIF workflows as one graph (a file that fails its check: ``DataError``)."""
    files = workspace.workflow_files()
    if not files:
        return None
    g = Graph()
    for path in files:
        parsed = parse_file(path)
        if parsed.workflow is None:
            raise DataError(
                refusal(parsed), hint="fix it, or import it again with 'usm-kb wif import'"
            )
        g += workflow_graph(parsed.workflow, workspace.id, workspace_iri(workspace.id))
    return SourceGraph(workspace_graph(workspace.id, "workflows"), files[0].parent, g)


def workspace_sources(
    workspace: Workspace, targets: Mapping[str, frozenset[str]]
) -> list[SourceGraph]:
    """The workspace's named graphs as rdflib graphs (for validation)."""
    sources = []
    for iri, path, triples in workspace_triples(workspace, targets):
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples_from_ox(triples))
        sources.append(SourceGraph(iri, path, graph))
    return sources
