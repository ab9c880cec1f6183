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

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from usm_kb.errors import DataError
from usm_kb.namespaces import (
    individual_iri,
    local_practice_base,
    team_iri,
    workspace_graph,
    workspace_iri,
)
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.sources.graphs import SourceGraph
from usm_kb.sources.mapping_rdf import RdfTriple, mapping_set_triples
from usm_kb.vocab import KIND_IRI
from usm_kb.wif.rdf import workflow_graph
from usm_kb.wif.schema import parse_file, refusal
from usm_kb.workspace.config import MAPPINGS, PRACTICES, Workspace
from usm_kb.workspace.mappings import load_workspace_mappings
from usm_kb.workspace.organisation import Organisation, load_organisation
from usm_kb.workspace.practices import LocalPractice, load_practices


def practice_iri(workspace: Workspace, practice_id: str) -> str:
    """IRI of one local practice."""
    return local_practice_base(workspace.id) + practice_id


def practices_triples(
    workspace: Workspace, practices: tuple[LocalPractice, ...], organisation: Organisation
) -> Iterator[RdfTriple]:
    """RDF for the workspace, its local practices and their teams, triple by triple."""
    ws = URIRef(workspace_iri(workspace.id))
    yield (ws, RDF.type, U.Workspace)
    yield (ws, RDFS.label, Literal(workspace.name, lang=workspace.language))
    teams = {t.id: t for t in organisation.teams}
    for practice in practices:
        p = URIRef(practice_iri(workspace, practice.id))
        lang = practice.language
        yield (p, RDF.type, U.LocalPractice)
        yield (p, RDF.type, SKOS.Concept)
        yield (p, U.inWorkspace, ws)
        yield (p, RDFS.label, Literal(practice.name, lang=lang))
        yield (p, SKOS.prefLabel, Literal(practice.name, lang=lang))
        yield (p, SKOS.notation, Literal(practice.id, datatype=XSD.string))
        yield (p, U.practiceKind, URIRef(KIND_IRI[practice.kind]))
        if practice.description:
            yield (p, SKOS.definition, Literal(practice.description, lang=lang))
        if practice.owner:
            yield (p, U.owner, Literal(practice.owner))
        if practice.group:
            yield (p, U.practiceGroup, Literal(practice.group))
        if practice.trigger:
            yield (p, U.practiceTrigger, URIRef(individual_iri("calltype", practice.trigger)))
        if practice.team:
            team = organisation.team_named(practice.team)
            teams.setdefault(team.id, team)
            yield (p, U.ownerTeam, URIRef(team_iri(workspace.id, team.id)))
    for team in teams.values():
        t = URIRef(team_iri(workspace.id, team.id))
        yield (t, RDF.type, U.Team)
        yield (t, RDFS.label, Literal(team.name, lang=workspace.language))
        yield (t, U.inWorkspace, ws)
        if team.description:
            yield (t, SKOS.definition, Literal(team.description, lang=workspace.language))
        if team.domain:
            yield (t, U.inDomain, URIRef(individual_iri("domain", team.domain)))


def workspace_triples(
    workspace: Workspace, targets: Mapping[str, frozenset[str]]
) -> list[tuple[str, Path, Iterable[RdfTriple]]]:
    """The workspace's named graphs as (graph IRI, file, triples), every file read and checked.

    *targets* are the USM elements a mapping may point to, with their classes; a bad file is
    a ``DataError`` with file and line. No rdflib graph is built: the triples are generated
    as the caller takes them (the compile streams them into Oxigraph); a triple may repeat.
    """
    practices = load_practices(workspace)
    organisation = load_organisation(workspace)
    graphs: list[tuple[str, Path, Iterable[RdfTriple]]] = [
        (
            workspace_graph(workspace.id, "practices"),
            workspace.path(PRACTICES),
            practices_triples(workspace, practices, organisation),
        )
    ]
    mapping_set = load_workspace_mappings(workspace, practices, targets)
    if mapping_set is not None:
        # the subjects belong to a workspace, not a framework
        triples = mapping_set_triples(mapping_set, workspace=workspace_iri(workspace.id))
        graphs.append(
            (workspace_graph(workspace.id, "mappings"), workspace.path(MAPPINGS), triples)
        )
    workflows = workflows_graph(workspace)
    if workflows is not None:
        graphs.append((workflows.iri, workflows.path, list(workflows.graph)))  # type: ignore[arg-type]
    return graphs


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
        graph.addN((s, p, o, graph) for s, p, o in triples)
        sources.append(SourceGraph(iri, path, graph))
    return sources
