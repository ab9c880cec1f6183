"""The W3C SPARQL syntax test suites, fetched from rdflib's source distribution on PyPI.

The suites are not committed: :class:`Download` downloads the sdist with pip (as CI can) into
a temporary directory and unpacks the SPARQL 1.1 and the SPARQL 1.0 (``dawg-data-r2``) suites.
The lists below name every syntax test of their manifests, so that each is a test case of its
own; ``test_w3c_lists_are_the_manifests`` keeps the lists equal to the manifests.
Set USM_KB_W3C_SDIST to an already downloaded rdflib sdist to skip the download.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pyoxigraph as ox

SDIST = "rdflib==7.6.0"
SUITES = ("sparql11", "dawg-data-r2")
MANIFEST = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"


class Download:
    """``pip download`` of the sdist, started at once in the background; unpacked by result()."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.archive = os.environ.get("USM_KB_W3C_SDIST")
        self.process: subprocess.Popen[bytes] | None = None
        if not self.archive:
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary"]
            command += [":all:", "--disable-pip-version-check", "--quiet"]
            command += ["--dest", str(destination), SDIST]
            with (destination / "pip.log").open("wb") as log:
                self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

    def result(self) -> Path:
        """The unpacked suites/w3c/ directory (waits for pip); RuntimeError if there is none."""
        if self.process is not None:
            code = self.process.wait(timeout=600)
            found = sorted(self.destination.glob("rdflib-*.tar.gz"))
            if code or not found:
                log = (self.destination / "pip.log").read_text(errors="replace")
                raise RuntimeError(f"`pip download {SDIST}` failed: {log.strip()[-1500:]}")
            self.archive, self.process = str(found[0]), None
        assert self.archive is not None
        unpacked = self.destination / "unpacked"
        if not unpacked.exists():
            with tarfile.open(self.archive) as tar:
                members = [m for m in tar.getmembers() if _is_suite_file(m.name)]
                if not members:
                    raise RuntimeError(f"{self.archive} has no test/data/suites/w3c/{SUITES[0]}/")
                tar.extractall(unpacked, members=members, filter="data")
        return next(unpacked.glob("*/test/data/suites/w3c"))

    def cancel(self) -> None:
        """Stop pip if it still runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _is_suite_file(name: str) -> bool:
    in_suite = any(f"/w3c/{suite}/" in name for suite in SUITES)
    return in_suite and name.endswith(("/manifest.ttl", ".rq", ".ru"))


def manifest_tests(root: Path) -> dict[str, list[str]]:
    """Category -> syntax test files (relative to *root*), as the suites' manifests list them."""
    found: dict[str, set[str]] = {}
    query = f"""PREFIX mf: <{MANIFEST}>
        SELECT ?type ?action {{ ?test a ?type ; mf:action ?action
        FILTER(CONTAINS(STR(?type), "SyntaxTest")) }}"""
    for manifest in sorted(m for suite in SUITES for m in (root / suite).glob("*/manifest.ttl")):
        store = ox.Store()
        store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
        for row in store.query(query):
            kind = row["type"].value.rsplit("#", 1)[1]
            category = ("POSITIVE" if kind.startswith("Positive") else "NEGATIVE") + (
                "_UPDATE" if "Update" in kind else "_QUERY"
            )
            path = Path(row["action"].value.removeprefix("file://"))
            found.setdefault(category, set()).add(path.relative_to(root).as_posix())
    return {category: sorted(paths) for category, paths in found.items()}


def _listed(text: str) -> list[str]:
    """'dir: a b' lines -> ['dir/a', 'dir/b']."""
    paths: list[str] = []
    directory = ""
    for word in text.split():
        if word.endswith(":"):
            directory = word[:-1]
        else:
            paths.append(f"{directory}/{word}")
    return paths


# Generated from the manifests of rdflib 7.6.0's copy of the suites (see manifest_tests).
POSITIVE_QUERY = _listed(
    """
dawg-data-r2/syntax-sparql1: syntax-basic-01.rq syntax-basic-02.rq syntax-basic-03.rq
    syntax-basic-04.rq syntax-basic-05.rq syntax-basic-06.rq syntax-bnodes-01.rq
    syntax-bnodes-02.rq syntax-bnodes-03.rq syntax-bnodes-04.rq syntax-bnodes-05.rq
    syntax-expr-01.rq syntax-expr-02.rq syntax-expr-03.rq syntax-expr-04.rq syntax-expr-05.rq
    syntax-forms-01.rq syntax-forms-02.rq syntax-limit-offset-01.rq syntax-limit-offset-02.rq
    syntax-limit-offset-03.rq syntax-limit-offset-04.rq syntax-lists-01.rq syntax-lists-02.rq
    syntax-lists-03.rq syntax-lists-04.rq syntax-lists-05.rq syntax-lit-01.rq syntax-lit-02.rq
    syntax-lit-03.rq syntax-lit-04.rq syntax-lit-05.rq syntax-lit-06.rq syntax-lit-07.rq
    syntax-lit-08.rq syntax-lit-09.rq syntax-lit-10.rq syntax-lit-11.rq syntax-lit-12.rq
    syntax-lit-13.rq syntax-lit-14.rq syntax-lit-15.rq syntax-lit-16.rq syntax-lit-17.rq
    syntax-lit-18.rq syntax-lit-19.rq syntax-lit-20.rq syntax-order-01.rq syntax-order-02.rq
    syntax-order-03.rq syntax-order-04.rq syntax-order-05.rq syntax-order-06.rq
    syntax-order-07.rq syntax-pat-01.rq syntax-pat-02.rq syntax-pat-03.rq syntax-pat-04.rq
    syntax-qname-01.rq syntax-qname-02.rq syntax-qname-03.rq syntax-qname-04.rq
    syntax-qname-05.rq syntax-qname-06.rq syntax-qname-07.rq syntax-qname-08.rq
    syntax-struct-01.rq syntax-struct-02.rq syntax-struct-03.rq syntax-struct-05.rq
    syntax-struct-06.rq syntax-struct-07.rq syntax-struct-08.rq syntax-struct-09.rq
    syntax-struct-10.rq syntax-struct-11.rq syntax-struct-12.rq syntax-struct-13.rq
    syntax-struct-14.rq syntax-union-01.rq syntax-union-02.rq
dawg-data-r2/syntax-sparql2: syntax-bnode-01.rq syntax-bnode-02.rq syntax-bnode-03.rq
    syntax-dataset-01.rq syntax-dataset-02.rq syntax-dataset-03.rq syntax-dataset-04.rq
    syntax-esc-01.rq syntax-esc-02.rq syntax-esc-03.rq syntax-esc-04.rq syntax-esc-05.rq
    syntax-form-ask-02.rq syntax-form-construct01.rq syntax-form-construct02.rq
    syntax-form-construct03.rq syntax-form-construct04.rq syntax-form-construct06.rq
    syntax-form-describe01.rq syntax-form-describe02.rq syntax-form-select-01.rq
    syntax-form-select-02.rq syntax-function-01.rq syntax-function-02.rq syntax-function-03.rq
    syntax-function-04.rq syntax-general-01.rq syntax-general-02.rq syntax-general-03.rq
    syntax-general-04.rq syntax-general-05.rq syntax-general-06.rq syntax-general-07.rq
    syntax-general-08.rq syntax-general-09.rq syntax-general-10.rq syntax-general-11.rq
    syntax-general-12.rq syntax-general-13.rq syntax-general-14.rq syntax-graph-01.rq
    syntax-graph-02.rq syntax-graph-03.rq syntax-graph-04.rq syntax-graph-05.rq
    syntax-keywords-01.rq syntax-keywords-02.rq syntax-keywords-03.rq syntax-lists-01.rq
    syntax-lists-02.rq syntax-lists-03.rq syntax-lists-04.rq syntax-lists-05.rq
dawg-data-r2/syntax-sparql3: syn-01.rq syn-02.rq syn-03.rq syn-04.rq syn-05.rq syn-06.rq
    syn-07.rq syn-08.rq syn-blabel-cross-filter.rq
dawg-data-r2/syntax-sparql4: syn-09.rq syn-10.rq syn-11.rq
    syn-leading-digits-in-prefixed-names.rq
dawg-data-r2/syntax-sparql5: syntax-reduced-01.rq syntax-reduced-02.rq
sparql11/syntax-fed: syntax-service-01.rq syntax-service-02.rq syntax-service-03.rq
sparql11/syntax-query: qname-escape-01.rq qname-escape-02.rq qname-escape-03.rq syn-pname-01.rq
    syn-pname-02.rq syn-pname-03.rq syn-pname-04.rq syn-pname-05.rq syn-pname-06.rq
    syn-pname-07.rq syn-pname-08.rq syn-pname-09.rq syn-pp-in-collection.rq
    syntax-BINDscope1.rq syntax-BINDscope2.rq syntax-BINDscope3.rq syntax-BINDscope4.rq
    syntax-BINDscope5.rq syntax-SELECTscope1.rq syntax-SELECTscope3.rq syntax-aggregate-01.rq
    syntax-aggregate-02.rq syntax-aggregate-03.rq syntax-aggregate-04.rq syntax-aggregate-05.rq
    syntax-aggregate-06.rq syntax-aggregate-07.rq syntax-aggregate-08.rq syntax-aggregate-09.rq
    syntax-aggregate-10.rq syntax-aggregate-11.rq syntax-aggregate-12.rq syntax-aggregate-13.rq
    syntax-aggregate-14.rq syntax-aggregate-15.rq syntax-bind-02.rq syntax-bindings-01.rq
    syntax-bindings-02a.rq syntax-bindings-03a.rq syntax-bindings-05a.rq
    syntax-construct-where-01.rq syntax-construct-where-02.rq syntax-exists-01.rq
    syntax-exists-02.rq syntax-exists-03.rq syntax-minus-01.rq syntax-not-exists-01.rq
    syntax-not-exists-02.rq syntax-not-exists-03.rq syntax-oneof-01.rq syntax-oneof-02.rq
    syntax-oneof-03.rq syntax-propertyPaths-01.rq syntax-select-expr-01.rq
    syntax-select-expr-02.rq syntax-select-expr-03.rq syntax-select-expr-04.rq
    syntax-select-expr-05.rq syntax-subquery-01.rq syntax-subquery-02.rq syntax-subquery-03.rq
"""
)
NEGATIVE_QUERY = _listed(
    """
dawg-data-r2/syntax-sparql3: syn-bad-01.rq syn-bad-02.rq syn-bad-03.rq syn-bad-04.rq
    syn-bad-05.rq syn-bad-06.rq syn-bad-07.rq syn-bad-08.rq syn-bad-09.rq syn-bad-10.rq
    syn-bad-11.rq syn-bad-12.rq syn-bad-13.rq syn-bad-14.rq syn-bad-15.rq syn-bad-16.rq
    syn-bad-17.rq syn-bad-18.rq syn-bad-19.rq syn-bad-20.rq syn-bad-21.rq syn-bad-22.rq
    syn-bad-23.rq syn-bad-24.rq syn-bad-25.rq syn-bad-26.rq syn-bad-27.rq syn-bad-28.rq
    syn-bad-29.rq syn-bad-30.rq syn-bad-31.rq syn-bad-bnode-dot.rq
    syn-bad-bnodes-missing-pvalues-01.rq syn-bad-bnodes-missing-pvalues-02.rq
    syn-bad-empty-optional-01.rq syn-bad-empty-optional-02.rq syn-bad-filter-missing-parens.rq
    syn-bad-lone-list.rq syn-bad-lone-node.rq syn-blabel-cross-graph-bad.rq
    syn-blabel-cross-optional-bad.rq syn-blabel-cross-union-bad.rq
dawg-data-r2/syntax-sparql4: syn-bad-34.rq syn-bad-35.rq syn-bad-36.rq syn-bad-37.rq
    syn-bad-38.rq syn-bad-GRAPH-breaks-BGP.rq syn-bad-OPT-breaks-BGP.rq
    syn-bad-UNION-breaks-BGP.rq
sparql11/aggregates: agg08.rq agg09.rq agg10.rq agg11.rq agg12.rq
sparql11/construct: constructwhere05.rq constructwhere06.rq
sparql11/delete-insert: delete-insert-03.ru delete-insert-03b.ru delete-insert-05.ru
    delete-insert-07.ru delete-insert-07b.ru delete-insert-08.ru delete-insert-09.ru
sparql11/grouping: group06.rq group07.rq
sparql11/syntax-query: syn-bad-01.rq syn-bad-02.rq syn-bad-03.rq syn-bad-04.rq syn-bad-05.rq
    syn-bad-06.rq syn-bad-07.rq syn-bad-08.rq syn-bad-pname-01.rq syn-bad-pname-02.rq
    syn-bad-pname-03.rq syn-bad-pname-04.rq syn-bad-pname-05.rq syn-bad-pname-06.rq
    syn-bad-pname-07.rq syn-bad-pname-08.rq syn-bad-pname-09.rq syn-bad-pname-10.rq
    syn-bad-pname-11.rq syn-bad-pname-12.rq syn-bad-pname-13.rq syntax-BINDscope6.rq
    syntax-BINDscope7.rq syntax-BINDscope8.rq syntax-SELECTscope2.rq syntax-bindings-09.rq
"""
)
POSITIVE_UPDATE = _listed(
    """
sparql11/syntax-update-1: syntax-update-01.ru syntax-update-02.ru syntax-update-03.ru
    syntax-update-04.ru syntax-update-05.ru syntax-update-06.ru syntax-update-07.ru
    syntax-update-08.ru syntax-update-09.ru syntax-update-10.ru syntax-update-11.ru
    syntax-update-12.ru syntax-update-13.ru syntax-update-14.ru syntax-update-15.ru
    syntax-update-16.ru syntax-update-17.ru syntax-update-18.ru syntax-update-19.ru
    syntax-update-20.ru syntax-update-21.ru syntax-update-22.ru syntax-update-23.ru
    syntax-update-24.ru syntax-update-25.ru syntax-update-26.ru syntax-update-27.ru
    syntax-update-28.ru syntax-update-29.ru syntax-update-30.ru syntax-update-31.ru
    syntax-update-32.ru syntax-update-33.ru syntax-update-34.ru syntax-update-35.ru
    syntax-update-36.ru syntax-update-37.ru syntax-update-38.ru syntax-update-39.ru
    syntax-update-40.ru syntax-update-53.ru
sparql11/syntax-update-2: large-request-01.ru
"""
)
NEGATIVE_UPDATE = _listed(
    """
sparql11/syntax-update-1: syntax-update-54.ru syntax-update-bad-01.ru syntax-update-bad-02.ru
    syntax-update-bad-03.ru syntax-update-bad-04.ru syntax-update-bad-05.ru
    syntax-update-bad-06.ru syntax-update-bad-07.ru syntax-update-bad-08.ru
    syntax-update-bad-09.ru syntax-update-bad-10.ru syntax-update-bad-11.ru
    syntax-update-bad-12.ru
"""
)
