"""SHACL validation of the sources and of users' data.

The shapes, the engine (pyshacl for Core, Oxigraph for SPARQL constraints), the findings and
their renderings.
"""

from usm_kb.validation.report import FINDING_FIELDS, Finding, ValidationReport
from usm_kb.validation.shapes import ShapesError
from usm_kb.validation.validate import (
    load_extra,
    require_no_violations,
    validate_files,
    validate_graph,
    validate_kb,
)

__all__ = [
    "FINDING_FIELDS",
    "Finding",
    "ShapesError",
    "ValidationReport",
    "load_extra",
    "require_no_violations",
    "validate_files",
    "validate_graph",
    "validate_kb",
]
