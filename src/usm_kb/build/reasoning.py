"""OWL 2 DL consistency check with HermiT (the jar owlready2 ships; needs a Java runtime).

The build needs *consistency* only, so HermiT runs its ``--consistency`` action directly
(not owlready2's full classification, which also loads the ontology into owlready2's own
store): one Java process, started by :func:`start_consistency_check` so that it can run on
the second core while the SHACL checks run here; :meth:`ConsistencyCheck.result` waits.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.query import ResultRow

from usm_kb.errors import DataError, ReasonerUnavailable
from usm_kb.namespaces import sparql_prologue

JAVA_MEMORY_MB = 2000
HERMIT_TIMEOUT = 600  # seconds


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


def hermit_classpath() -> str:
    """The HermiT jar that owlready2 ships (and the folder of its helper classes)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        raise ReasonerUnavailable("owlready2 (which ships HermiT) is not installed")
    folder = Path(spec.origin).parent / "hermit"
    return f"{folder}:{folder / 'HermiT.jar'}"


class ConsistencyCheck:
    """A HermiT process checking one graph; :meth:`result` waits for its verdict."""

    def __init__(self, graph: Graph, label: str) -> None:
        if not java_available():
            raise ReasonerUnavailable(
                "Java is not installed, so the HermiT consistency check cannot run",
                hint="install a Java runtime, e.g. `apt-get install openjdk-17-jre-headless`, "
                "or build with --no-reason",
            )
        self.graph = graph
        self.label = label
        self._tmp = tempfile.TemporaryDirectory(prefix="usm-kb-hermit-")
        path = Path(self._tmp.name) / "kb.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        # C1 only: a consistency check lives for seconds, and the optimising compiler's
        # threads cost more than they win there (measured 3.8 s -> 2.0 s for the shipped KB)
        command = ["java", f"-Xmx{JAVA_MEMORY_MB}M", "-XX:TieredStopAtLevel=1"]
        command += ["-cp", hermit_classpath()]
        command += ["org.semanticweb.HermiT.cli.CommandLine", "-k", path.as_uri()]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def result(self) -> ReasonerReport:
        """The verdict: a report, ``DataError`` when inconsistent, or ``ReasonerUnavailable``."""
        try:
            out, err = self._process.communicate(timeout=HERMIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.communicate()
            raise ReasonerUnavailable(f"HermiT did not finish in {HERMIT_TIMEOUT} s") from None
        finally:
            self._tmp.cleanup()
        if "InconsistentOntologyException" in err:
            raise DataError(
                f"the {self.label} is logically inconsistent (HermiT)",
                hint=_explain(self.graph)
                or "look for an individual in two disjoint "
                "classes or a functional property with two values",
            )
        if self._process.returncode != 0 or "is satisfiable" not in out:
            first = (err.strip().splitlines() or ["no output"])[0]
            raise ReasonerUnavailable(f"HermiT failed to run: {first[:200]}")
        return ReasonerReport("consistent", "HermiT (consistency)")

    def cancel(self) -> None:
        """Stop the check (the build failed elsewhere)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._tmp.cleanup()


def start_consistency_check(graph: Graph, *, label: str = "knowledge base") -> ConsistencyCheck:
    """Start HermiT on *graph* in the background (``ReasonerUnavailable`` without Java)."""
    return ConsistencyCheck(graph, label)


def check_consistency(graph: Graph, *, label: str = "knowledge base") -> ReasonerReport:
    """Run HermiT on *graph* and wait; ``DataError`` if it is inconsistent."""
    return start_consistency_check(graph, label=label).result()


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
