"""Read the steps of a WIF document, their activities and the activities' responsibilities."""

from __future__ import annotations

from typing import Any

from usm_kb.wif.fields import FieldReader
from usm_kb.wif.model import PROCESSES, RACI_LETTERS, Activity, Raci, Step

STEP_KEYS = ("id", "sort-index", "name", "description", "process", "activities")
# "name" is not in the spec's list of activity fields, but its own activity example has one.
ACTIVITY_KEYS = ("id", "sort-index", "name", "description", "responsibilities")


def read_steps(doc: dict[str, Any], reader: FieldReader, *, template: bool) -> tuple[Step, ...]:
    """The document's ``steps``; ids must be unique, each process one of the five."""
    items = reader.objects(doc, "steps", "")
    if items is None:
        return ()
    steps: list[Step] = []
    seen: dict[str, int] = {}
    for i, obj in items:
        path = f"steps[{i}]"
        reader.ignore_unknown(obj, STEP_KEYS, path)
        ident = _ident(obj, path, reader, template, "step")
        if ident is not None and ident in seen:
            reader.error(
                "WIF-DUPLICATE-ID",
                f"{path}.id",
                f"step id {ident!r} is already used by steps[{seen[ident]}]; "
                "step ids must be unique within the workflow",
            )
        elif ident is not None:
            seen[ident] = i
        if "process" not in obj and not template:
            reader.error("WIF-REQUIRED", path, "a step needs a 'process'")
        steps.append(
            Step(
                id=ident,
                sort_index=reader.sort_index(obj, path),
                name=reader.text(obj, "name", path),
                description=reader.text(obj, "description", path),
                process=reader.choice(obj, "process", path, PROCESSES, code="WIF-PROCESS"),
                activities=_activities(obj, path, reader, template),
            )
        )
    return tuple(steps)


def _ident(
    obj: dict[str, Any], path: str, reader: FieldReader, template: bool, what: str
) -> str | None:
    ident = reader.text(obj, "id", path)
    if "id" not in obj and not template:
        reader.error("WIF-REQUIRED", path, f"a {what} needs an 'id'")
    return ident


def _activities(
    step: dict[str, Any], prefix: str, reader: FieldReader, template: bool
) -> tuple[Activity, ...]:
    items = reader.objects(step, "activities", prefix)
    if items is None:
        return ()
    found: list[Activity] = []
    seen: set[str] = set()
    for i, obj in items:
        path = f"{prefix}.activities[{i}]"
        reader.ignore_unknown(obj, ACTIVITY_KEYS, path)
        ident = _ident(obj, path, reader, template, "activity")
        if ident is not None and ident in seen:
            reader.error(
                "WIF-DUPLICATE-ID",
                f"{path}.id",
                f"activity id {ident!r} appears twice in this step; it must be unique there",
            )
        if ident is not None:
            seen.add(ident)
        found.append(
            Activity(
                id=ident,
                sort_index=reader.sort_index(obj, path),
                name=reader.text(obj, "name", path),
                description=reader.text(obj, "description", path),
                responsibilities=_responsibilities(obj, path, reader),
            )
        )
    return tuple(found)


def _responsibilities(
    activity: dict[str, Any], prefix: str, reader: FieldReader
) -> tuple[Raci, ...]:
    table = reader.obj(activity, "responsibilities", prefix)
    if table is None:
        return ()
    found: list[Raci] = []
    for profile in sorted(table):
        path = f"{prefix}.responsibilities.{profile}"
        letters = table[profile]
        if not isinstance(letters, list):
            reader.error(
                "WIF-TYPE", path, f"must be a list of RACI letters, not {reader.kind(letters)}"
            )
            continue
        roles: set[str] = set()
        for j, letter in enumerate(letters):
            if letter in RACI_LETTERS and isinstance(letter, str):
                if letter in roles:
                    reader.info(
                        "WIF-RACI", f"{path}[{j}]", f"{letter!r} is listed twice; once counts"
                    )
                roles.add(letter)
            else:
                reader.error(
                    "WIF-RACI",
                    f"{path}[{j}]",
                    f"{letter!r} is not a RACI letter; use R, A, C or I",
                )
        if not letters:
            reader.warning("WIF-RACI", path, "the profile is listed with no RACI letter; ignored")
            continue
        found.append(Raci(profile, tuple(r for r in RACI_LETTERS if r in roles)))
    return tuple(found)
