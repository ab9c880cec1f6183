"""Mapping sets from RDF back to SSSOM TSV (the writer side of :mod:`usm_kb.sources.sssom`)."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from usm_kb.namespaces import curie, framework_iri
from usm_kb.sources.citations import join_see_also
from usm_kb.sources.graphs import USM_NS as U
from usm_kb.sources.sssom import COLUMNS
from usm_kb.sources.sssom_header import EXTENSIONS, curie_map_for
from usm_kb.sources.yaml_lines import dump_yaml_text
from usm_kb.vocab import EVIDENCE_NAME


def _natural(text: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def graph_to_sssom(graph: Graph, framework: str) -> str:
    """Write the mapping set of *framework* found in *graph* as SSSOM TSV text."""
    prefixes = curie_map_for(framework)
    fw = URIRef(framework_iri(framework))
    sets = sorted(graph.subjects(U.framework, fw), key=str)
    sets = [s for s in sets if (s, RDF.type, U.MappingSet) in graph]
    if len(sets) != 1:
        raise LookupError(
            f"expected one mapping set for framework {framework!r}, found {len(sets)}"
        )
    s = sets[0]
    meta = {
        "curie_map": prefixes,
        "mapping_set_id": str(s),
        "mapping_set_title": str(graph.value(s, DCTERMS.title)),
        "mapping_set_description": str(graph.value(s, DCTERMS.description)),
        "license": str(graph.value(s, DCTERMS.license)),
        "creator_id": sorted(curie(str(c), prefixes) for c in graph.objects(s, DCTERMS.creator)),
        "mapping_date": str(graph.value(s, DCTERMS.created)),
        "extension_definitions": [
            {"slot_name": n, "property": p, "type_hint": t} for n, p, t in EXTENSIONS
        ],
    }
    header = dump_yaml_text(meta)
    out = io.StringIO()
    out.write("".join(f"# {line}\n" for line in header.splitlines()))
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = [_row(graph, m, prefixes) for m in graph.subjects(U.inMappingSet, s)]
    rows.sort(key=lambda r: (_natural(r[0]), r[4]))
    writer.writerows(rows)
    return out.getvalue()


def _row(graph: Graph, m: Node, prefixes: dict[str, str]) -> list[str]:
    def val(prop: URIRef) -> str:
        value = graph.value(m, prop)
        return "" if value is None else str(value)

    def cur(prop: URIRef) -> str:
        value = graph.value(m, prop)
        return "" if value is None else curie(str(value), prefixes)

    record = {
        "subject_id": cur(U.mappingSubject),
        "subject_label": val(U.subjectLabel),
        "predicate_id": cur(U.mappingPredicate),
        "predicate_modifier": val(U.predicateModifier),
        "object_id": cur(U.mappingObject),
        "object_label": val(U.objectLabel),
        "mapping_justification": cur(U.mappingJustification),
        "confidence": val(U.confidence),
        "author_id": cur(PROV.wasAttributedTo),
        "reviewer_id": cur(U.reviewer),
        "mapping_date": val(DCTERMS.created),
        "comment": val(RDFS.comment),
        "see_also": join_see_also([str(o) for o in graph.objects(m, PROV.wasDerivedFrom)]),
        "relation": val(U.relation),
        "rationale": val(U.rationale),
        "share": val(U.share),
        "evidence": EVIDENCE_NAME.get(str(graph.value(m, U.evidence)), ""),
        "source": val(U.evidenceSource),
        "status": val(U.status),
    }
    return [record[c] for c in COLUMNS]
