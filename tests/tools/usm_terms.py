"""Print ``src/usm_kb/usm_terms.py`` from the ontology files (the closed ``usm:`` namespace).

python tests/tools/usm_terms.py > src/usm_kb/usm_terms.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[2]
USM = "https://w3id.org/usm-kb/ontology#"


def defined_terms(root: Path = ROOT) -> list[str]:
    """Local names of every ``usm:`` IRI that is a subject in ``ontology/*.ttl``."""
    graph = rdflib.Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        graph.parse(path)
    return sorted({str(s)[len(USM) :] for s in graph.subjects() if str(s).startswith(USM)})


def module_text(names: list[str]) -> str:
    """The generated module."""
    body = "\n".join(f'        "{name}",' for name in names)
    return f'''"""The local names of every ``usm:`` term the shipped ontology defines (generated).

Regenerate with ``python tests/tools/usm_terms.py > src/usm_kb/usm_terms.py``; a test fails
when this list and ``ontology/*.ttl`` disagree. :data:`usm_kb.namespaces.U` refuses any other
name, so a misspelt term is an error instead of a new IRI.
"""

USM_TERMS = frozenset(
    {{
{body}
    }}
)
'''


if __name__ == "__main__":
    sys.stdout.write(module_text(defined_terms()))
