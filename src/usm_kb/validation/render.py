"""Validation reports rendered: as a W3C ``sh:ValidationReport`` graph, or as text by shape."""

from __future__ import annotations

from itertools import groupby

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from usm_kb.namespaces import SHAPES, shorten
from usm_kb.validation.report import Finding, ValidationReport
from usm_kb.validation.shapes import copy_path

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
        lines.append(
            f"{first.severity.upper()}  {first.shape_label}  [{shorten(shape[1])}]  {count}"
        )
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
    focus = shorten(finding.focus)
    text = (
        finding.focus_label if finding.focus_label == focus else f"{finding.focus_label} ({focus})"
    )
    if finding.path:
        text += f"  path {finding.path}"
    value = (*finding.terms, None, None)[1]
    if finding.value is not None and finding.value != finding.focus:
        text += f"  value {shorten(finding.value) if isinstance(value, URIRef) else finding.value}"
    if finding.file:
        text += f"  [{finding.file}]"
    return text
