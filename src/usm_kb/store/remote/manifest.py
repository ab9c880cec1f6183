"""The manifest graph on a SPARQL server: what was published when, and what is current.

Each part also has a union graph (:func:`union_graph`): every triple of its graphs, once.
Queries name it as their default graph — one graph to scan instead of one per named graph,
which on Oxigraph is ten times faster than listing every graph as a default graph.

One record per publish of one *part* (``kb``, or ``workspace:ID``): its id, time, source
fingerprint, the graphs with their triple counts (inside the compiled manifest's JSON) and
``current true`` on the record readers use. A publish switches a part by one SPARQL Update
request (atomic on a SPARQL 1.1 server): move every staged graph onto its real name, drop
the graphs the new version no longer has, and move ``current`` to the new record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from usm_kb.errors import UsmKbError
from usm_kb.namespaces import PUBLISH, PUBLISH_TERMS
from usm_kb.rdf.terms import IRI, Literal
from usm_kb.store.remote.http import Client
from usm_kb.store.remote.location import StoreUrl
from usm_kb.store.remote.results import RESULTS_JSON, read_answer

MANIFEST_GRAPH = PUBLISH + "manifest"
RECORD = PUBLISH
PUB = PUBLISH_TERMS
STAGING = "urn:usm-kb:staging:"
XSD = "http://www.w3.org/2001/XMLSchema#"
KB_PART = "kb"


class NotPublished(UsmKbError):
    """The server holds no published KB (or not this workspace)."""


@dataclass(frozen=True)
class Record:
    """The current publish of one part."""

    id: str
    part: str
    time: str
    fingerprint: str
    data: dict[str, Any]  # the compiled manifest (Manifest / WorkspaceManifest .to_dict())

    @property
    def graphs(self) -> dict[str, int]:
        """Graph IRI -> triples."""
        return {str(k): int(v) for k, v in self.data["graphs"].items()}


def workspace_part(workspace_id: str) -> str:
    """The part name of a workspace's graphs."""
    return f"workspace:{workspace_id}"


def union_graph(part: str) -> str:
    """The graph holding every triple of *part* once: the default graph of its queries."""
    return f"{RECORD}union/{part.replace(':', '/')}"


def staging_graph(publish_id: str, index: int) -> str:
    """Where the *index*-th graph of a publish is loaded before the switch."""
    return f"{STAGING}{publish_id}:{index}"


def _q(iri: str) -> str:
    return str(IRI(iri))


def _lit(text: str, datatype: str | None = None) -> str:
    if datatype is None:
        return str(Literal(text))
    return str(Literal(text, datatype=IRI(datatype)))


def select(client: Client, url: StoreUrl, sparql: str) -> list[tuple[Any, ...]]:
    """Rows of a SELECT over the server's own dataset (for the manifest and staging graphs)."""
    answer = client.read(
        url.query,
        data=urlencode({"query": sparql}).encode("utf-8"),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_JSON},
    )
    return list(read_answer(answer.body, answer.content_type, None, str(url)).rows)


def current_records(client: Client, url: StoreUrl) -> dict[str, Record]:
    """Part -> its current record."""
    rows = select(
        client,
        url,
        f"SELECT ?r ?part ?time ?fp ?json WHERE {{ GRAPH {_q(MANIFEST_GRAPH)} {{ "
        f"?r <{PUB}current> true ; <{PUB}part> ?part ; <{PUB}time> ?time ; "
        f"<{PUB}fingerprint> ?fp ; <{PUB}manifest> ?json }} }}",
    )
    records = {}
    for r, part, time, fp, data in rows:
        try:
            parsed = json.loads(data.value)
        except ValueError:
            raise UsmKbError(f"the manifest graph on {url} is damaged; publish again") from None
        record_id = r.value.removeprefix(RECORD)
        records[part.value] = Record(record_id, part.value, time.value, fp.value, parsed)
    return records


def staged_graphs(client: Client, url: StoreUrl) -> list[str]:
    """Staging graphs left by publishes that did not finish."""
    rows = select(
        client,
        url,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}',
    )
    return sorted(row[0].value for row in rows)


def switch_update(
    record: Record,
    staged: dict[str, str],
    previous: Record | None,
) -> str:
    """One update request: staged graphs onto their names, old graphs gone, record current.

    *staged* maps each graph's real IRI to the staging graph holding its new triples.
    """
    ops = [f"MOVE SILENT {_q(stage)} TO {_q(graph)}" for graph, stage in staged.items()]
    if previous is not None:
        ops += [f"DROP SILENT GRAPH {_q(g)}" for g in previous.graphs if g not in staged]
    ops.append(
        f"DELETE {{ GRAPH {_q(MANIFEST_GRAPH)} {{ ?r <{PUB}current> true }} }} "
        f"WHERE {{ GRAPH {_q(MANIFEST_GRAPH)} {{ ?r <{PUB}current> true ; "
        f"<{PUB}part> {_lit(record.part)} }} }}"
    )
    subject = _q(RECORD + record.id)
    total = sum(record.graphs.values())
    facts = [
        f"a <{PUB}Publication>",
        f"<{PUB}part> {_lit(record.part)}",
        f"<{PUB}time> {_lit(record.time, XSD + 'dateTime')}",
        f"<{PUB}fingerprint> {_lit(record.fingerprint)}",
        f"<{PUB}triples> {_lit(str(total), XSD + 'integer')}",
        f"<{PUB}manifest> {_lit(json.dumps(record.data, sort_keys=True))}",
        f"<{PUB}current> true",
        *(f"<{PUB}graph> {_q(g)}" for g in record.graphs),
    ]
    ops.append(f"INSERT DATA {{ GRAPH {_q(MANIFEST_GRAPH)} {{ {subject} {' ; '.join(facts)} }} }}")
    return " ;\n".join(ops)
