"""OWL 2 DL consistency check with HermiT (via owlready2; needs a Java runtime)."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.query import ResultRow

from usm_kb.errors import DataError, ReasonerUnavailable
from usm_kb.namespaces import sparql_prologue


@dataclass(frozen=True)
class ReasonerReport:
    """Outcome of a consistency check."""

    status: str  # "consistent" | "unchecked"
    reasoner: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form (stored in the manifest)."""
        return {"status": self.status, "reasoner": self.reasoner, "detail": self.detail}


def java_available() -> bool:
    """True when a ``java`` executable is on PATH."""
    return shutil.which("java") is not None


def check_consistency(graph: Graph, *, label: str = "knowledge base") -> ReasonerReport:
    """Run HermiT on *graph*; raise ``DataError`` if it is inconsistent.

    Raises ``ReasonerUnavailable`` when Java is missing.
    """
    if not java_available():
        raise ReasonerUnavailable(
            "Java is not installed, so the HermiT consistency check cannot run",
            hint="install a Java runtime, e.g. `apt-get install openjdk-17-jre-headless`, "
            "or build with --no-reason",
        )
    import owlready2  # deferred: slow import, only needed at build time

    with tempfile.TemporaryDirectory(prefix="usm-kb-hermit-") as tmp:
        path = Path(tmp) / "kb.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            onto = world.get_ontology(path.as_uri()).load()
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise DataError(
                f"the {label} is logically inconsistent (HermiT)",
                hint=_explain(graph)
                or "look for an individual in two disjoint "
                "classes or a functional property with two values",
            ) from exc
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerUnavailable(f"HermiT failed to run: {str(exc).strip()[:200]}") from exc
        finally:
            with contextlib.suppress(Exception):
                onto.destroy()
            world.close()
    return ReasonerReport("consistent", "HermiT (owlready2 " + owlready2.VERSION + ")")


DISJOINT_CLASH = (
    sparql_prologue()
    + """
SELECT ?x ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION {
    ?all a owl:AllDisjointClasses ; owl:members ?list .
    ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER(?a != ?b) }
  ?x rdf:type/rdfs:subClassOf* ?a . ?x rdf:type/rdfs:subClassOf* ?b .
} LIMIT 1
"""
)


def _explain(graph: Graph) -> str:
    """Best-effort pointer to the culprit: an individual typed with two disjoint classes."""
    for row in graph.query(DISJOINT_CLASH):
        if isinstance(row, ResultRow):
            return f"{row.x} is an instance of the disjoint classes {row.a} and {row.b}"
    return ""
