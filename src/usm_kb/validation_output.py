"""Findings from raw results (labels, files), and reports as RDF or as text by shape."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from usm_kb.namespaces import USM
from usm_kb.validation_report import Finding, Owner, ValidationReport
from usm_kb.validation_shapes import (
    SEVERITY_OF,
    SHAPES,
    ShapeSet,
    copy_path,
    path_text,
    short,
)

SEVERITY_IRI = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def report_graph(report: ValidationReport, severity: str = "info") -> Graph:
    """A ``sh:ValidationReport`` with one ``sh:ValidationResult`` per finding."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("shape", SHAPES)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(report.conforms)))
    shapes = report.shapes_graph
    for finding in report.filtered(severity):
        result = BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        focus, value = (*finding.terms, None, None)[:2]
        graph.add((result, SH.focusNode, focus if focus is not None else URIRef(finding.focus)))
        graph.add((result, SH.resultSeverity, SEVERITY_IRI[finding.severity]))
        graph.add((result, SH.sourceShape, URIRef(finding.shape)))
        graph.add((result, SH.sourceConstraintComponent, URIRef(finding.component)))
        graph.add((result, SH.resultMessage, Literal(finding.message, lang="en")))
        if value is not None:
            graph.add((result, SH.value, value))
        path = shapes.value(URIRef(finding.shape), SH.path) if shapes is not None else None
        if finding.path is not None and path is not None and shapes is not None:
            graph.add((result, SH.resultPath, copy_path(shapes, path, graph)))
        if finding.rule:
            graph.add((result, RDFS.comment, Literal(finding.rule, lang="en")))
    return graph


def format_text(report: ValidationReport, severity: str = "info") -> str:
    """Findings at or above *severity*, grouped by shape, with labels; then a summary."""
    lines: list[str] = []
    shown = report.filtered(severity)
    for shape, group in groupby(shown, key=lambda f: (f.severity, f.shape)):
        items = list(group)
        first = items[0]
        count = f"{len(items)} finding{'s' if len(items) != 1 else ''}"
        lines.append(f"{first.severity.upper()}  {first.shape_label}  [{short(shape[1])}]  {count}")
        lines.append(f"  {first.message}")
        if first.rule:
            lines.append(
                f"  rule: {first.rule}" + (f" <{first.rule_source}>" if first.rule_source else "")
            )
        lines += [f"    - {_item(f)}" for f in items]
        lines.append("")
    counts = report.counts
    summary = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for name, n in counts.items())
    verdict = "conforms" if report.conforms else "does NOT conform"
    hidden = len(report.findings) - len(shown)
    lines.append(
        f"{verdict}: {summary}"
        + (f" ({hidden} below {severity} not shown)" if hidden else "")
        + f"; {report.triples} triples, {report.shapes} shapes, "
        f"{report.seconds:.1f} s"
    )
    return "\n".join(lines) + "\n"


def _item(finding: Finding) -> str:
    focus = short(finding.focus)
    text = (
        finding.focus_label if finding.focus_label == focus else f"{finding.focus_label} ({focus})"
    )
    if finding.path:
        text += f"  path {finding.path}"
    value = (*finding.terms, None, None)[1]
    if finding.value is not None and finding.value != finding.focus:
        text += f"  value {short(finding.value) if isinstance(value, URIRef) else finding.value}"
    if finding.file:
        text += f"  [{finding.file}]"
    return text


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
        subject = self.data.value(node, URIRef(USM + "mappingSubject"))
        target = self.data.value(node, URIRef(USM + "mappingObject"))
        if subject is not None and target is not None:
            return f"{self.label(subject)} → {self.label(target)}"
        return short(str(node))

    def file_of(self, node: Any) -> str | None:
        """The first source file that describes *node* (has it as a subject)."""
        for name, describes in self.owners:
            if describes(node):
                return name
        return None
