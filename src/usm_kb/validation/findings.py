"""Findings from raw validation results: labels, property paths and the file of each focus."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib import RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from usm_kb.namespaces import U, shorten
from usm_kb.validation.report import Finding, Owner
from usm_kb.validation.shapes import SEVERITY_OF, ShapeSet, path_text


class FindingBuilder:
    """Turns raw results into findings: labels, paths, source files."""

    def __init__(self, data: Graph, owners: Sequence[Owner], shapes: ShapeSet) -> None:
        self.data = data
        self.owners = owners
        self.shapes = shapes

    def core_finding(self, results: Graph, result: Any) -> Finding:
        """A finding from one ``sh:ValidationResult`` of pyshacl's report."""
        shape = str(results.value(result, SH.sourceShape))
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        return self.finding(
            SEVERITY_OF.get(results.value(result, SH.resultSeverity), "violation"),
            shape,
            results.value(result, SH.focusNode),
            path_text(results, results.value(result, SH.resultPath)),
            results.value(result, SH.value),
            self.shapes.describe(shape).message or (messages[0] if messages else ""),
            str(results.value(result, SH.sourceConstraintComponent)),
        )

    def finding(
        self,
        severity: str,
        shape: str,
        focus: Any,
        path: str | None,
        value: Any,
        message: str,
        component: str,
    ) -> Finding:
        """A finding with the shape's metadata, the focus node's label and file."""
        info = self.shapes.describe(shape)
        return Finding(
            severity=severity,
            shape=shape,
            shape_label=info.label,
            focus=str(focus),
            focus_label=self.label(focus),
            path=path,
            value=None if value is None else str(value),
            message=message,
            rule=info.rule,
            rule_source=info.rule_source,
            component=component,
            file=self.file_of(focus),
            terms=(focus, value),
        )

    def label(self, node: Any) -> str:
        """A human label: rdfs:label (en), skos:prefLabel, dcterms:title, or the IRI."""
        if isinstance(node, Literal):
            return str(node)
        for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            values = list(self.data.objects(node, prop))
            if values:
                english = [v for v in values if getattr(v, "language", None) in ("en", None)]
                return str(sorted(english or values, key=str)[0])
        subject = self.data.value(node, URIRef(U.mappingSubject))
        target = self.data.value(node, URIRef(U.mappingObject))
        if subject is not None and target is not None:
            return f"{self.label(subject)} → {self.label(target)}"
        return shorten(str(node))

    def file_of(self, node: Any) -> str | None:
        """The first source file that describes *node* (has it as a subject)."""
        for name, describes in self.owners:
            if describes(node):
                return name
        return None
