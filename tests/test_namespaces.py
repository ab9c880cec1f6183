"""IRIs are built in one place, and a misspelt ``usm:`` term is an error, not a new IRI."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from usm_kb.namespaces import USM, U, curie, shorten
from usm_kb.usm_terms import USM_TERMS

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "usm_kb"
sys.path.insert(0, str(REPO / "tests" / "tools"))
from usm_terms import defined_terms, module_text  # noqa: E402


def test_the_closed_namespace_refuses_a_misspelt_term() -> None:
    assert U.relation == USM + "relation"
    assert U["Placement"] == USM + "Placement"
    with pytest.raises(AttributeError, match="'relaton' is not a term"):
        _ = U.relaton
    assert USM + "relation" in U and USM + "relaton" not in U


def test_the_term_list_is_generated_from_the_current_ontology() -> None:
    expected = module_text(defined_terms(REPO))
    actual = (SRC / "usm_terms.py").read_text(encoding="utf-8")
    assert actual == expected, "run: python tests/tools/usm_terms.py > src/usm_kb/usm_terms.py"


def _usm_curies(text: str) -> set[str]:
    text = re.sub(r"(?m)#.*$", "", text)  # comments may mention terms loosely
    return set(re.findall(r"\busm:([A-Za-z][A-Za-z0-9_]*)", text))


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "ontology" / "queries").glob("*.rq"))
    + sorted((REPO / "ontology" / "shapes").glob("*.ttl")),
    ids=lambda p: p.name,
)
def test_queries_and_shapes_use_only_defined_terms(path: Path) -> None:
    assert _usm_curies(path.read_text(encoding="utf-8")) <= USM_TERMS


def _attribute_terms() -> set[tuple[str, str]]:
    used = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "U"
            ):
                used.add((path.name, node.attr))
    return used


def test_code_uses_only_defined_terms() -> None:
    used = _attribute_terms()
    assert used, "the scan found no U.<term> uses: is the namespace still called U?"
    assert {(f, term) for f, term in used if term not in USM_TERMS} == set()


def test_no_module_but_namespaces_spells_the_usm_kb_base() -> None:
    offenders = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if path.name not in ("namespaces.py",) and "w3id.org/usm-kb" in path.read_text("utf-8")
    ]
    assert offenders == []


def test_one_shortening_helper_for_display_and_one_for_curies() -> None:
    assert shorten(USM + "Process") == "usm:Process"
    assert shorten("https://w3id.org/usm-kb/id/process/agree") == "process:agree"
    assert shorten("https://w3id.org/usm-kb/shapes#X") == "shape:X"
    assert shorten("https://example.org/x") == "https://example.org/x"
    assert curie("https://a/b/c", {"a": "https://a/", "ab": "https://a/b/"}) == "ab:c"
