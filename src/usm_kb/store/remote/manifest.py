"""The manifest graph on a SPARQL server: what was published when, and what is current.

Each published *combination* has one union graph (:func:`union_graph`), named after the
publication that wrote it: the KB's record names the KB's triples; a workspace's record
names the KB's triples *and* the workspace's, once each. A query names that one graph as its
default graph: one graph to scan, which on Oxigraph is much faster than a dataset of several
default graphs (ten times faster than one per named graph, about twice as fast as two).

One record per publish of one *part* (``kb``, or ``workspace:ID``): its id, time, source
fingerprint, the graphs with their triple counts (inside the compiled manifest's JSON), its
union graph, the union graph it keeps for workers not yet restarted, and ``current true``
on the record readers use. A publish switches a part by one SPARQL Update request (atomic on
a SPARQL 1.1 server): change the graphs being served (:mod:`.graph_writes`), drop the graphs
the new version no longer has, and move ``current`` to the new record.
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
UNIONS = PUBLISH + "union/"
PUB = PUBLISH_TERMS
STAGING = "urn:usm-kb:staging:"
XSD = "http://www.w3.org/2001/XMLSchema#"
KB_PART = "kb"


class NotPublished(UsmKbError):
    """The server holds no published KB (or not this workspace)."""


@dataclass(frozen=True)
class Record:
    """The publish of one part."""

    id: str
    part: str
    time: str
    fingerprint: str
    data: dict[str, Any]  # the compiled manifest (Manifest / WorkspaceManifest .to_dict())
    union: str = ""  # the union graph its readers query ("" in records of older versions)
    kept: str = ""  # the union graph of the record it replaced, kept until the next publish

    @property
    def graphs(self) -> dict[str, int]:
        """Graph IRI -> triples."""
        return {str(k): int(v) for k, v in self.data["graphs"].items()}


def workspace_part(workspace_id: str) -> str:
    """The part name of a workspace's graphs."""
    return f"workspace:{workspace_id}"


def union_graph(publish_id: str, part: str) -> str:
    """The default graph of *part*'s queries: its triples (a workspace's with the KB's)."""
    return f"{UNIONS}{publish_id}/{part.replace(':', '/')}"


def staging_graph(publish_id: str, index: int) -> str:
    """Where the *index*-th replaced graph of a publish is loaded before the switch."""
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
        f"SELECT ?r ?part ?time ?fp ?json ?union ?kept WHERE {{ GRAPH {_q(MANIFEST_GRAPH)} {{ "
        f"?r <{PUB}current> true ; <{PUB}part> ?part ; <{PUB}time> ?time ; "
        f"<{PUB}fingerprint> ?fp ; <{PUB}manifest> ?json "
        f"OPTIONAL {{ ?r <{PUB}union> ?union }} OPTIONAL {{ ?r <{PUB}kept> ?kept }} }} }}",
    )
    records = {}
    for r, part, time, fp, data, union, kept in rows:
        try:
            parsed = json.loads(data.value)
        except ValueError:
            raise UsmKbError(f"the manifest graph on {url} is damaged; publish again") from None
        record_id = r.value.removeprefix(RECORD)
        records[part.value] = Record(
            record_id,
            part.value,
            time.value,
            fp.value,
            parsed,
            union.value if union is not None else "",
            kept.value if kept is not None else "",
        )
    return records


def graph_names(client: Client, url: StoreUrl) -> list[str]:
    """Every named graph on the server except the manifest (Oxigraph lists them, no scan)."""
    rows = select(client, url, "SELECT ?g WHERE { GRAPH ?g { } }")
    return sorted(row[0].value for row in rows if row[0].value != MANIFEST_GRAPH)


def switch_update(record: Record, changes: list[str], previous: Record | None) -> str:
    """One update request: the served graphs' *changes*, old graphs gone, record current.

    *changes* are the operations that give graphs being served their new triples (edits,
    or staged graphs moved in); the record's other graphs and its union graph are in place.
    """
    ops = list(changes)
    if previous is not None:
        ops += [f"DROP SILENT GRAPH {_q(g)}" for g in previous.graphs if g not in record.graphs]
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
        f"<{PUB}union> {_q(record.union)}",
        f"<{PUB}current> true",
        *(f"<{PUB}graph> {_q(g)}" for g in record.graphs),
    ]
    if record.kept:
        facts.append(f"<{PUB}kept> {_q(record.kept)}")
    ops.append(f"INSERT DATA {{ GRAPH {_q(MANIFEST_GRAPH)} {{ {subject} {' ; '.join(facts)} }} }}")
    return " ;\n".join(ops)
