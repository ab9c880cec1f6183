"""The YAML metadata header of a usm-kb SSSOM mapping set: prefixes, keys, extension slots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from usm_kb.errors import DataError
from usm_kb.namespaces import (
    AGENT,
    MAPPING_SET,
    SEMAPV,
    SKOS,
    USM,
    framework_prefix,
    individual_iri,
)
from usm_kb.vocab import HTTP_URL

TARGET_PREFIXES = (
    "workflow",
    "calltype",
    "profile",
    "party",
    "resource",
    "data",
    "routine",
    "principle",
    "criterion",
)
HEADER_KEYS = (
    "curie_map",
    "mapping_set_id",
    "mapping_set_title",
    "mapping_set_description",
    "license",
    "creator_id",
    "mapping_date",
    "extension_definitions",
)
EXTENSIONS = (
    ("relation", "usm:relation", "xsd:string"),
    ("rationale", "usm:rationale", "xsd:string"),
    ("share", "usm:share", "xsd:integer"),
    ("evidence", "usm:evidence", "xsd:string"),
    ("source", "usm:evidenceSource", "xsd:anyURI"),
    ("status", "usm:status", "xsd:string"),
)


def curie_map_for(framework: str, subject_base: str | None = None) -> dict[str, str]:
    """The prefixes every usm-kb mapping set declares.

    The subjects' prefix is *framework*; its base is the framework's practices, or
    *subject_base* (a workspace's local practices).
    """
    return {
        framework: subject_base or framework_prefix(framework),
        "usmp": individual_iri("process", ""),
        # the other targets, by the practice's kind (vocab.KIND_TARGETS)
        **{kind: individual_iri(kind, "") for kind in TARGET_PREFIXES},
        "usm": USM,
        "agent": AGENT,
        "semapv": SEMAPV,
        "skos": SKOS,
    }


def split_header(text: str, path: Path) -> tuple[str, str, int]:
    """Split SSSOM TSV text into (YAML header, table, number of header lines)."""
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    if count == 0:
        raise DataError("missing the '#' YAML metadata header", path=path, line=1)
    header = "".join(re.sub(r"^#( ?)", "", line, count=1) for line in lines[:count])
    return header, "".join(lines[count:]), count


def check_meta(meta: Any, path: Path, framework: str, subject_base: str | None = None) -> None:
    """Refuse a header without the required keys, prefixes, licence URL or extension slots."""
    if not isinstance(meta, dict):
        raise DataError("the metadata header is not a YAML mapping", path=path, line=1)
    missing = [k for k in HEADER_KEYS if k not in meta]
    if missing:
        raise DataError(f"metadata header lacks: {', '.join(missing)}", path=path, line=1)
    curie_map = meta["curie_map"]
    if not isinstance(curie_map, dict):
        raise DataError("curie_map must be a mapping of prefix to IRI", path=path, line=1)
    expected = curie_map_for(framework, subject_base)
    for prefix, iri in expected.items():
        if curie_map.get(prefix) != iri:
            raise DataError(f"curie_map must map {prefix!r} to {iri}", path=path, line=1)
    if not str(meta["mapping_set_id"]).startswith(MAPPING_SET):
        raise DataError(f"mapping_set_id must start with {MAPPING_SET}", path=path, line=1)
    if not HTTP_URL.match(str(meta["license"])):
        raise DataError("license must be a URL", path=path, line=1)
    meta["mapping_date"] = str(meta["mapping_date"])
    definitions = meta["extension_definitions"] or []
    if not isinstance(definitions, list) or not all(isinstance(d, dict) for d in definitions):
        raise DataError(
            "extension_definitions must be a list of slot definitions "
            "(slot_name, property, type_hint)",
            path=path,
            line=1,
        )
    slots = {d.get("slot_name") for d in definitions}
    undeclared = [name for name, _, _ in EXTENSIONS if name not in slots]
    if undeclared:
        raise DataError(
            f"extension_definitions must declare: {', '.join(undeclared)}", path=path, line=1
        )
