"""A USM-WIF document as frozen dataclasses, and its JSON form (the spec's field names).

The spec (https://github.com/mikko-ahonen/usm-rfc/blob/main/workflow-format.md) has two
document types with the same fields: a workflow and a workflow template (no required fields).
Member order carries no meaning there, so responsibilities are kept sorted by profile id and
their letters in R, A, C, I order: two documents that differ only in that order are equal.
An absent list and an empty one are the same here (RDF cannot tell them apart): ``steps``,
``activities`` and ``responsibilities`` are always written, ``profiles`` when not empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROCESSES = ("agree", "change", "recover", "operate", "improve")
RACI_LETTERS = ("R", "A", "C", "I")
DYNAMICITIES = ("static", "dynamic")
DOCUMENT_TYPES = ("workflow", "workflow-template")
WORKFLOW_SUFFIX = ".workflow.json"
TEMPLATE_SUFFIX = ".workflow-template.json"
SUFFIX_BY_TYPE = {"workflow": WORKFLOW_SUFFIX, "workflow-template": TEMPLATE_SUFFIX}
MIME_TYPES = {
    "workflow": "application/x-usm-workflow",
    "workflow-template": "application/x-usm-workflow-template",
}
WIF_VERSION = "1.0.0"
WORKFLOWS_DIR = "workflows"  # a workspace's folder of imported WIF documents


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        out[key] = value


@dataclass(frozen=True)
class Person:
    """The spec's Person entity (created-by, modified-by)."""

    id: str | None
    name: str | None = None
    email: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object."""
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        _put(out, "name", self.name)
        _put(out, "email", self.email)
        return out


@dataclass(frozen=True)
class Profile:
    """A role or position that may be given responsibilities in the workflow."""

    id: str | None
    name: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object."""
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        _put(out, "name", self.name)
        return out


@dataclass(frozen=True)
class Raci:
    """The RACI letters one profile holds for one activity (R, A, C, I order)."""

    profile: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Activity:
    """One activity of a step with its responsibilities."""

    id: str | None
    sort_index: int | None = None
    name: str | None = None
    description: str | None = None
    responsibilities: tuple[Raci, ...] = ()

    def accountable(self) -> tuple[str, ...]:
        """The profiles holding "A" for this activity."""
        return tuple(r.profile for r in self.responsibilities if "A" in r.roles)

    def to_json(self) -> dict[str, Any]:
        """The JSON object."""
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        _put(out, "sort-index", self.sort_index)
        _put(out, "name", self.name)
        _put(out, "description", self.description)
        out["responsibilities"] = {r.profile: list(r.roles) for r in self.responsibilities}
        return out


@dataclass(frozen=True)
class Step:
    """One step of the workflow, in one USM process."""

    id: str | None
    sort_index: int | None = None
    name: str | None = None
    description: str | None = None
    process: str | None = None
    activities: tuple[Activity, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON object."""
        out: dict[str, Any] = {}
        _put(out, "id", self.id)
        _put(out, "sort-index", self.sort_index)
        _put(out, "name", self.name)
        _put(out, "description", self.description)
        _put(out, "process", self.process)
        out["activities"] = [a.to_json() for a in self.activities]
        return out


@dataclass(frozen=True)
class Workflow:
    """A USM-WIF workflow or workflow template."""

    wif_version: str | None = None
    source_system_type: str | None = None
    source_system_version: str | None = None
    source_system_instance: str | None = None
    workflow_version: str | None = None
    created_at: str | None = None
    created_by: Person | None = None
    modified_at: str | None = None
    modified_by: Person | None = None
    process: str | None = None
    dynamicity: str | None = None
    type: str | None = None
    context: str | None = None
    slug: str | None = None
    name: str | None = None
    description: str | None = None
    steps: tuple[Step, ...] = ()
    profiles: tuple[Profile, ...] = ()

    @property
    def suffix(self) -> str:
        """The file suffix the spec gives this document type."""
        return SUFFIX_BY_TYPE.get(self.type or "workflow", WORKFLOW_SUFFIX)

    def ordered_steps(self) -> tuple[Step, ...]:
        """The steps in workflow order: by sort-index when every step has one, else as listed."""
        steps = self.steps
        if steps and all(s.sort_index is not None for s in steps):
            return tuple(sorted(steps, key=lambda s: s.sort_index or 0))
        return steps

    def to_json(self) -> dict[str, Any]:
        """The JSON object, with the spec's field names; absent fields are left out."""
        out: dict[str, Any] = {}
        for key, value in (
            ("usm-wif-version", self.wif_version),
            ("source-system-type", self.source_system_type),
            ("source-system-version", self.source_system_version),
            ("source-system-instance", self.source_system_instance),
            ("workflow-version", self.workflow_version),
            ("created-at", self.created_at),
            ("created-by", self.created_by.to_json() if self.created_by else None),
            ("modified-at", self.modified_at),
            ("modified-by", self.modified_by.to_json() if self.modified_by else None),
            ("process", self.process),
            ("dynamicity", self.dynamicity),
            ("type", self.type),
            ("context", self.context),
            ("slug", self.slug),
            ("name", self.name),
            ("description", self.description),
        ):
            _put(out, key, value)
        if self.profiles:
            out["profiles"] = [p.to_json() for p in self.profiles]
        out["steps"] = [s.to_json() for s in self.steps]
        return out


@dataclass(frozen=True)
class Finding:
    """One result of ``wif check``: a schema or a conformance rule, where and what."""

    code: str
    severity: str  # "error", "warning" or "info"
    path: str  # a JSON path such as steps[2].process, or "$" for the whole document
    message: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
        }
