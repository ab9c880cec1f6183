"""Read a USM-WIF document: bounded JSON parsing, then the spec's rules with JSON paths.

Hostile input is refused before it can hurt: a file over :data:`MAX_WIF_BYTES` is not read, a
text nested deeper than :data:`MAX_DEPTH` is refused by a bounded scan before ``json.loads``
recurses, duplicate member names (RFC 7493, which the spec cites) and non-numbers such as
``NaN`` are errors. Unknown members are ignored (the spec's must-ignore policy) and listed as
one ``info`` finding. Every problem is a :class:`Finding` with a JSON path such as
``steps[2].process``; the document is returned only when no finding is an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usm_kb.wif.fields import FieldReader
from usm_kb.wif.model import (
    DOCUMENT_TYPES,
    DYNAMICITIES,
    PROCESSES,
    SUFFIX_BY_TYPE,
    TEMPLATE_SUFFIX,
    WORKFLOW_SUFFIX,
    Finding,
    Person,
    Profile,
    Workflow,
)
from usm_kb.wif.steps import read_steps

MAX_WIF_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32  # a WIF document needs 6 levels; unknown members may add a few
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_SLUG = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")
_SOURCE_TYPE = re.compile(r"^[A-Za-z0-9.-]+:[A-Za-z0-9-]+$")
WORKFLOW_KEYS = (
    "usm-wif-version",
    "source-system-type",
    "source-system-version",
    "source-system-instance",
    "workflow-version",
    "created-at",
    "created-by",
    "modified-at",
    "modified-by",
    "process",
    "dynamicity",
    "type",
    "context",
    "slug",
    "name",
    "description",
    "steps",
    "profiles",
)
REQUIRED = ("usm-wif-version", "type", "slug", "name", "steps")  # of a workflow


@dataclass(frozen=True)
class Parsed:
    """One checked document: the workflow (None after an error) and the findings."""

    source: str
    workflow: Workflow | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error-level findings."""
        return tuple(f for f in self.findings if f.severity == "error")


def refusal(parsed: Parsed) -> str:
    """One line for a refused file: its first error, and how many more."""
    first = parsed.errors[0]
    more = len(parsed.errors) - 1
    tail = (
        f" (and {more} more error{'s' if more > 1 else ''}; see 'usm-kb wif check')" if more else ""
    )
    return f"{parsed.source}: {first.path}: {first.message}{tail}"


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether *text* opens more than *limit* arrays or objects inside each other.

    A bounded, iterative scan: strings are skipped whole, so brackets inside them do not
    count; it runs before ``json.loads``, whose parser recurses once per level.
    """
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def parse_file(path: Path) -> Parsed:
    """Read and check one WIF file (size, encoding, JSON, then the spec's rules)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_WIF_BYTES:
            return _fatal(source, f"the file has {size:,} bytes; the limit is {MAX_WIF_BYTES:,}")
        data = path.read_bytes()
    except OSError as exc:
        return _fatal(source, f"cannot read the file: {exc.strerror}")
    return parse_bytes(data, source, file_name=path.name)


def parse_bytes(data: bytes, source: str, file_name: str | None = None) -> Parsed:
    """Check the bytes of one WIF document; *file_name* adds the suffix rule."""
    if len(data) > MAX_WIF_BYTES:
        return _fatal(
            source, f"the document has {len(data):,} bytes; the limit is {MAX_WIF_BYTES:,}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _fatal(source, f"not UTF-8 text at byte {exc.start}")
    if too_deep(text):
        return _fatal(source, f"arrays or objects are nested more than {MAX_DEPTH} deep")
    try:
        doc = json.loads(text, object_pairs_hook=_unique_members, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return _fatal(source, f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    except _DuplicateMember as exc:
        return _fatal(source, f"the member name {exc.args[0]!r} appears twice in one object")
    except (ValueError, RecursionError) as exc:
        return _fatal(source, f"not valid JSON: {exc}")
    reader = FieldReader()
    workflow = read_workflow(doc, reader)
    if file_name is not None and workflow is not None:
        _suffix_rule(file_name, workflow.type, reader)
    reader.report_ignored()
    findings = tuple(reader.findings)
    failed = any(f.severity == "error" for f in findings)
    return Parsed(source, None if failed else workflow, findings)


def read_workflow(doc: Any, reader: FieldReader) -> Workflow | None:
    """The workflow in a parsed JSON value, its problems added to *reader*."""
    if not isinstance(doc, dict):
        reader.error("WIF-TYPE", "$", f"the document must be a JSON object, not {_kind(doc)}")
        return None
    reader.ignore_unknown(doc, WORKFLOW_KEYS, "")
    kind = reader.choice(doc, "type", "", DOCUMENT_TYPES)
    template = kind == "workflow-template"
    if not template:
        for key in REQUIRED:
            if key not in doc:
                reader.error("WIF-REQUIRED", key, f"a workflow needs the field {key!r}")
    version = reader.text(doc, "usm-wif-version", "")
    if version is not None:
        _version_rule(version, reader)
    source_type = reader.text(doc, "source-system-type", "")
    if source_type is not None and not _SOURCE_TYPE.match(source_type):
        reader.error(
            "WIF-SOURCE-TYPE",
            "source-system-type",
            f"{source_type!r} must be the vendor's domain and the system's name joined by a "
            "colon, e.g. 'foo.com:bar' (letters, digits and dashes)",
        )
    slug = reader.text(doc, "slug", "")
    if slug is not None and not _SLUG.match(slug):
        reader.error(
            "WIF-SLUG",
            "slug",
            f"{slug!r} is not a slug: only letters, digits and single dashes, "
            "not starting or ending with a dash",
        )
    steps = read_steps(doc, reader, template=template)
    return Workflow(
        wif_version=version,
        source_system_type=source_type,
        source_system_version=reader.text(doc, "source-system-version", ""),
        source_system_instance=reader.text(doc, "source-system-instance", ""),
        workflow_version=reader.text(doc, "workflow-version", ""),
        created_at=reader.timestamp(doc, "created-at", ""),
        created_by=_person(doc, "created-by", reader),
        modified_at=reader.timestamp(doc, "modified-at", ""),
        modified_by=_person(doc, "modified-by", reader),
        process=reader.choice(doc, "process", "", PROCESSES),
        dynamicity=reader.choice(doc, "dynamicity", "", DYNAMICITIES),
        type=kind,
        context=reader.text(doc, "context", ""),
        slug=slug,
        name=reader.text(doc, "name", ""),
        description=reader.text(doc, "description", ""),
        steps=steps,
        profiles=_profiles(doc, reader, template),
    )


def _version_rule(version: str, reader: FieldReader) -> None:
    match = _VERSION.match(version)
    if match is None or match.group(1) != "1":
        reader.error(
            "WIF-VERSION",
            "usm-wif-version",
            f"version {version!r} is not supported: this reader follows USM-WIF 1.0.0 "
            "(any 1.x.y is read, unknown fields ignored)",
        )
    elif version != "1.0.0":
        reader.info(
            "WIF-VERSION",
            "usm-wif-version",
            f"version {version} is newer than 1.0.0; read as 1.0.0, unknown fields ignored",
        )


def _person(doc: dict[str, Any], key: str, reader: FieldReader) -> Person | None:
    obj = reader.obj(doc, key, "")
    if obj is None:
        return None
    reader.ignore_unknown(obj, ("id", "name", "email"), key)
    if "id" not in obj:
        reader.error("WIF-REQUIRED", key, "a person needs an 'id'")
    return Person(
        reader.text(obj, "id", key), reader.text(obj, "name", key), reader.text(obj, "email", key)
    )


def _profiles(doc: dict[str, Any], reader: FieldReader, template: bool) -> tuple[Profile, ...]:
    items = reader.objects(doc, "profiles", "")
    if items is None:
        return ()
    found: list[Profile] = []
    seen: set[str] = set()
    for i, obj in items:
        path = f"profiles[{i}]"
        reader.ignore_unknown(obj, ("id", "name"), path)
        ident = reader.text(obj, "id", path)
        if ident is None and not template:
            reader.error("WIF-REQUIRED", path, "a profile needs an 'id'")
        if ident is not None and ident in seen:
            reader.error("WIF-DUPLICATE-ID", f"{path}.id", f"profile id {ident!r} appears twice")
        if ident is not None:
            seen.add(ident)
        found.append(Profile(ident, reader.text(obj, "name", path)))
    return tuple(found)


def _suffix_rule(file_name: str, kind: str | None, reader: FieldReader) -> None:
    expected = SUFFIX_BY_TYPE.get(kind or "workflow", WORKFLOW_SUFFIX)
    if file_name.endswith(expected):
        return
    other = TEMPLATE_SUFFIX if expected == WORKFLOW_SUFFIX else WORKFLOW_SUFFIX
    said = f"ends in {other}" if file_name.endswith(other) else "has neither WIF suffix"
    reader.warning(
        "WIF-SUFFIX",
        "$",
        f"the file name {said}; a document of type {kind or 'workflow'!r} is named *{expected}",
    )


class _DuplicateMember(ValueError):
    pass


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateMember(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _kind(value: Any) -> str:
    return FieldReader.kind(value)


def _fatal(source: str, message: str) -> Parsed:
    return Parsed(source, None, (Finding("WIF-JSON", "error", "$", message),))
