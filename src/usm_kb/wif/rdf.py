"""A WIF workflow as RDF in a workspace's ``workflows`` graph, and back from query rows.

Terms (ontology/usm-workspace.ttl): a ``usm:LocalWorkflow`` with ``usm:hasLocalStep`` to
``usm:LocalWorkflowStep`` (``usm:stepProcess``), ``usm:hasActivity`` to ``usm:Activity``,
``usm:raci`` to one ``usm:RaciAssignment`` per profile and letter (``usm:raciProfile``,
``usm:raciRole``); ``usm:usesProfile`` to the listed ``usm:Profile``s. Ids are
``dcterms:identifier``, names ``rdfs:label``, descriptions ``dcterms:description``;
``usm:position`` keeps each list's order, so the document can be written back as it was read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from rdflib import DCTERMS, PROV, RDF, RDFS, XSD, Graph, Literal, URIRef

from usm_kb.namespaces import WORKSPACE, process_iri
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.wif.model import (
    PROCESSES,
    RACI_LETTERS,
    Activity,
    Person,
    Profile,
    Raci,
    Step,
    Workflow,
)

# workflow field -> datatype property, in the model's order
TEXT_FIELDS = (
    ("wif_version", U.wifVersion),
    ("source_system_type", U.sourceSystemType),
    ("source_system_version", U.sourceSystemVersion),
    ("source_system_instance", U.sourceSystemInstance),
    ("workflow_version", U.workflowVersion),
    ("created_at", DCTERMS.created),
    ("modified_at", DCTERMS.modified),
    ("dynamicity", U.dynamicity),
    ("type", U.documentType),
    ("context", U.workflowContext),
    ("slug", DCTERMS.identifier),
    ("name", RDFS.label),
    ("description", DCTERMS.description),
)
PROCESS_BY_IRI = {process_iri(p): p for p in PROCESSES}


def workflow_iri(workspace: str, slug: str) -> str:
    """IRI of a workspace's workflow."""
    return f"{WORKSPACE}{workspace}/workflow/{slug}"


def _child(parent: URIRef, kind: str, ident: str | None) -> URIRef:
    return URIRef(f"{parent}/{kind}/{quote(ident or '', safe='')}")


def _text(g: Graph, s: URIRef, p: URIRef, value: str | None) -> None:
    if value is not None:
        g.add((s, p, Literal(value)))


def _index(g: Graph, s: URIRef, p: URIRef, value: int | None, datatype: URIRef) -> None:
    if value is not None:
        g.add((s, p, Literal(value, datatype=datatype)))


def workflow_graph(workflow: Workflow, workspace: str, workspace_node: str) -> Graph:
    """The RDF of one checked workflow (its slug and ids make the IRIs)."""
    g = Graph()
    w = URIRef(workflow_iri(workspace, workflow.slug or ""))
    g.add((w, RDF.type, U.LocalWorkflow))
    g.add((w, U.inWorkspace, URIRef(workspace_node)))
    for field, prop in TEXT_FIELDS:
        _text(g, w, prop, getattr(workflow, field))
    if workflow.process is not None:
        g.add((w, U.workflowProcess, URIRef(process_iri(workflow.process))))
    for prop, person, part in (
        (U.createdBy, workflow.created_by, "created-by"),
        (U.modifiedBy, workflow.modified_by, "modified-by"),
    ):
        if person is not None:
            node = URIRef(f"{w}/{part}")
            g.add((w, prop, node))
            g.add((node, RDF.type, PROV.Agent))
            _text(g, node, DCTERMS.identifier, person.id)
            _text(g, node, RDFS.label, person.name)
            _text(g, node, U.email, person.email)
    for n, profile in enumerate(workflow.profiles, 1):
        node = _profile_node(g, w, profile.id)
        g.add((w, U.usesProfile, node))
        _text(g, node, RDFS.label, profile.name)
        _index(g, node, U.position, n, XSD.positiveInteger)
    for n, step in enumerate(workflow.steps, 1):
        _step(g, w, step, n)
    return g


def _profile_node(g: Graph, w: URIRef, ident: str | None) -> URIRef:
    node = _child(w, "profile", ident)
    g.add((node, RDF.type, U.Profile))
    _text(g, node, DCTERMS.identifier, ident)
    return node


def _step(g: Graph, w: URIRef, step: Step, n: int) -> None:
    s = _child(w, "step", step.id)
    g.add((w, U.hasLocalStep, s))
    g.add((s, RDF.type, U.LocalWorkflowStep))
    _text(g, s, DCTERMS.identifier, step.id)
    _text(g, s, RDFS.label, step.name)
    _text(g, s, DCTERMS.description, step.description)
    _index(g, s, U.position, n, XSD.positiveInteger)
    _index(g, s, U.sortIndex, step.sort_index, XSD.nonNegativeInteger)
    if step.process is not None:
        g.add((s, U.stepProcess, URIRef(process_iri(step.process))))
    for m, activity in enumerate(step.activities, 1):
        a = _child(s, "activity", activity.id)
        g.add((s, U.hasActivity, a))
        g.add((a, RDF.type, U.Activity))
        _text(g, a, DCTERMS.identifier, activity.id)
        _text(g, a, RDFS.label, activity.name)
        _text(g, a, DCTERMS.description, activity.description)
        _index(g, a, U.position, m, XSD.positiveInteger)
        _index(g, a, U.sortIndex, activity.sort_index, XSD.nonNegativeInteger)
        for raci in activity.responsibilities:
            profile = _profile_node(g, w, raci.profile)
            for letter in raci.roles:
                r = URIRef(f"{_child(a, 'raci', raci.profile)}/{letter}")
                g.add((a, U.raci, r))
                g.add((r, RDF.type, U.RaciAssignment))
                g.add((r, U.raciProfile, profile))
                g.add((r, U.raciRole, Literal(letter)))


# --- back from the KB ----------------------------------------------------------------------

# Every statement about a local workflow and the nodes it owns, as (?s ?p ?o) rows.
EXPORT_QUERY = """
SELECT DISTINCT ?w ?s ?p ?o WHERE {
  ?w a usm:LocalWorkflow .
  { BIND(?w AS ?s) }
  UNION { ?w usm:createdBy|usm:modifiedBy|usm:usesProfile|usm:hasLocalStep ?s }
  UNION { ?w usm:hasLocalStep/usm:hasActivity ?s }
  UNION { ?w usm:hasLocalStep/usm:hasActivity/usm:raci ?s }
  UNION { ?w usm:hasLocalStep/usm:hasActivity/usm:raci/usm:raciProfile ?s }
  ?s ?p ?o .
}
"""

Props = Mapping[str, list[Any]]


def workflows_from_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, Workflow]:
    """The workflows in *rows* of :data:`EXPORT_QUERY`, by IRI."""
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    roots: set[str] = set()
    for row in rows:
        roots.add(str(row["w"]))
        values = props[str(row["s"])][str(row["p"])]
        if row["o"] not in values:
            values.append(row["o"])
    return {w: _workflow(w, props) for w in sorted(roots)}


def _one(node: Props, prop: str) -> Any:
    values = node.get(prop, [])
    return values[0] if values else None


def _str(node: Props, prop: str) -> str | None:
    value = _one(node, prop)
    return None if value is None else str(value)


def _int(node: Props, prop: str) -> int | None:
    value = _one(node, prop)
    return None if value is None else int(value)


def _ordered(nodes: list[Any], props: Mapping[str, Props]) -> list[Props]:
    found = [props.get(str(n), {}) for n in nodes]
    return sorted(found, key=lambda node: _int(node, str(U.position)) or 0)


def _person(node: Props | None) -> Person | None:
    if node is None:
        return None
    ident = str(DCTERMS.identifier)
    return Person(_str(node, ident), _str(node, str(RDFS.label)), _str(node, str(U.email)))


def _workflow(iri: str, props: Mapping[str, Props]) -> Workflow:
    node = props[iri]
    fields: dict[str, Any] = {f: _str(node, str(p)) for f, p in TEXT_FIELDS}
    process = _one(node, str(U.workflowProcess))
    fields["process"] = PROCESS_BY_IRI.get(str(process)) if process else None
    for field, prop in (("created_by", U.createdBy), ("modified_by", U.modifiedBy)):
        target = _one(node, str(prop))
        fields[field] = _person(props.get(str(target))) if target else None
    fields["profiles"] = tuple(
        Profile(_str(p, str(DCTERMS.identifier)), _str(p, str(RDFS.label)))
        for p in _ordered(node.get(str(U.usesProfile), []), props)
    )
    fields["steps"] = tuple(
        _step_back(s, props) for s in _ordered(node.get(str(U.hasLocalStep), []), props)
    )
    return Workflow(**fields)


def _step_back(node: Props, props: Mapping[str, Props]) -> Step:
    process = _one(node, str(U.stepProcess))
    return Step(
        id=_str(node, str(DCTERMS.identifier)),
        sort_index=_int(node, str(U.sortIndex)),
        name=_str(node, str(RDFS.label)),
        description=_str(node, str(DCTERMS.description)),
        process=PROCESS_BY_IRI.get(str(process)) if process else None,
        activities=tuple(
            _activity_back(a, props) for a in _ordered(node.get(str(U.hasActivity), []), props)
        ),
    )


def _activity_back(node: Props, props: Mapping[str, Props]) -> Activity:
    letters: dict[str, set[str]] = defaultdict(set)
    for r in node.get(str(U.raci), []):
        assignment = props.get(str(r), {})
        profile = props.get(str(_one(assignment, str(U.raciProfile))), {})
        ident = _str(profile, str(DCTERMS.identifier))
        role = _str(assignment, str(U.raciRole))
        if ident is not None and role is not None:
            letters[ident].add(role)
    return Activity(
        id=_str(node, str(DCTERMS.identifier)),
        sort_index=_int(node, str(U.sortIndex)),
        name=_str(node, str(RDFS.label)),
        description=_str(node, str(DCTERMS.description)),
        responsibilities=tuple(
            Raci(p, tuple(x for x in RACI_LETTERS if x in letters[p])) for p in sorted(letters)
        ),
    )
