"""USM-WIF format rules: each rule has a document that breaks it and one that keeps it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from usm_kb.wif.model import Raci
from usm_kb.wif.schema import MAX_DEPTH, MAX_WIF_BYTES, Parsed, parse_bytes, parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "wif"


def minimal(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "usm-wif-version": "1.0.0",
        "type": "workflow",
        "slug": "service-request",
        "name": "Deliver a standard laptop",
        "steps": [{"id": "1", "process": "operate"}],
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


def parse(doc: Any, name: str = "x.workflow.json") -> Parsed:
    return parse_bytes(json.dumps(doc).encode(), name, file_name=name)


def codes(parsed: Parsed, severity: str = "error") -> list[tuple[str, str]]:
    return [(f.code, f.path) for f in parsed.findings if f.severity == severity]


def test_the_spec_example_is_read_with_its_string_sort_indexes_as_warnings() -> None:
    parsed = parse_file(DATA / "spec-example.workflow.json")
    assert parsed.errors == ()
    workflow = parsed.workflow
    assert workflow is not None and workflow.slug == "new-laptop"
    assert workflow.created_by is not None and workflow.created_by.email == "mikko@usm.coach"
    assert [p.id for p in workflow.profiles] == ["operator"]
    step = workflow.steps[0]
    assert (step.process, step.sort_index) == ("agree", 3)
    assert step.activities[0].responsibilities == (Raci("operator", ("R",)),)
    assert codes(parsed, "warning") == [
        ("WIF-SORT-INDEX", "steps[0].sort-index"),
        ("WIF-SORT-INDEX", "steps[0].activities[0].sort-index"),
    ]


def test_a_minimal_workflow_has_no_finding() -> None:
    parsed = parse(minimal())
    assert parsed.workflow is not None and parsed.findings == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wrong-types", ("WIF-TYPE", "name")),
        ("wrong-types", ("WIF-TYPE", "steps[0].id")),
        ("wrong-types", ("WIF-TYPE", "steps[0].activities")),
        ("wrong-types", ("WIF-TYPE", "steps[1]")),
        ("wrong-types", ("WIF-TYPE", "usm-wif-version")),
        ("unknown-process", ("WIF-PROCESS", "steps[1].process")),
        ("duplicate-steps", ("WIF-DUPLICATE-ID", "steps[1].id")),
    ],
)
def test_malformed_fixtures_are_refused_with_the_json_path(
    name: str, expected: tuple[str, str]
) -> None:
    parsed = parse_file(DATA / f"{name}.workflow.json")
    assert parsed.workflow is None
    assert expected in codes(parsed)


def test_the_process_error_names_the_allowed_values() -> None:
    parsed = parse_file(DATA / "unknown-process.workflow.json")
    assert "'escalate' is not a USM process; use agree, change" in parsed.errors[0].message


def test_ten_megabytes_of_brackets_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "deep.workflow.json"
    path.write_bytes(b"[" * (10 * 1024 * 1024))
    parsed = parse_file(path)
    assert parsed.workflow is None
    assert parsed.errors[0].code == "WIF-JSON" and "limit is" in parsed.errors[0].message


def test_deep_nesting_under_the_size_cap_is_refused_before_json_loads() -> None:
    parsed = parse_bytes(b"[" * (MAX_WIF_BYTES - 1), "deep")
    assert parsed.workflow is None
    assert f"nested more than {MAX_DEPTH} deep" in parsed.errors[0].message


def test_deep_nesting_inside_an_unknown_member_is_refused_too() -> None:
    deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    text = json.dumps(minimal())[:-1] + f', "x-extra": {deep}}}'
    parsed = parse_bytes(text.encode(), "deep")
    assert parsed.workflow is None and parsed.errors[0].code == "WIF-JSON"


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    parsed = parse(minimal(description="[" * (MAX_DEPTH * 4)))
    assert parsed.workflow is not None


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"slug": "a", "slug": "b"}', "appears twice"),
        (b'{"sort-index": NaN}', "NaN is not a JSON number"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"steps": [', "not valid JSON at line 1"),
        (b"[]", "must be a JSON object"),
    ],
)
def test_bad_json_is_one_clear_error(data: bytes, words: str) -> None:
    parsed = parse_bytes(data, "bad")
    assert parsed.workflow is None and words in parsed.errors[0].message


def test_unknown_fields_are_ignored_and_named_in_one_note() -> None:
    doc = minimal(**{"x-colour": "blue"})
    doc["steps"][0]["x-owner"] = "me"
    parsed = parse(doc)
    assert parsed.workflow is not None and parsed.errors == ()
    notes = [f for f in parsed.findings if f.code == "WIF-IGNORED"]
    assert len(notes) == 1 and "x-colour, steps[0].x-owner" in notes[0].message


@pytest.mark.parametrize("slug", ["bad--slug", "-start", "end-", "with space", "ünï"])
def test_slug_rules(slug: str) -> None:
    assert ("WIF-SLUG", "slug") in codes(parse(minimal(slug=slug)))


@pytest.mark.parametrize("slug", ["new-laptop", "A1", "x"])
def test_good_slugs(slug: str) -> None:
    assert codes(parse(minimal(slug=slug))) == []


def test_format_version_major_two_is_refused_and_a_newer_minor_is_a_note() -> None:
    assert ("WIF-VERSION", "usm-wif-version") in codes(
        parse(minimal(**{"usm-wif-version": "2.0.0"}))
    )
    newer = parse(minimal(**{"usm-wif-version": "1.1.0"}))
    assert newer.workflow is not None and ("WIF-VERSION", "usm-wif-version") in codes(newer, "info")


def test_required_fields_of_a_workflow_but_not_of_a_template() -> None:
    missing = parse(minimal(slug=None, name=None))
    assert {("WIF-REQUIRED", "slug"), ("WIF-REQUIRED", "name")} <= set(codes(missing))
    template = parse({"type": "workflow-template"}, "t.workflow-template.json")
    assert template.workflow is not None and template.findings == ()


def test_values_of_enumerated_fields_timestamps_and_source_system_type() -> None:
    doc = minimal(
        dynamicity="sometimes",
        **{"created-at": "yesterday", "source-system-type": "no colon here"},
    )
    found = set(codes(parse(doc)))
    assert {("WIF-VALUE", "dynamicity"), ("WIF-DATETIME", "created-at")} <= found
    assert ("WIF-SOURCE-TYPE", "source-system-type") in found
    good = minimal(
        dynamicity="dynamic",
        **{"created-at": "2021-03-22T07:38:22.800+00:00", "source-system-type": "foo.com:bar"},
    )
    assert codes(parse(good)) == []


def test_raci_letters_and_sort_indexes() -> None:
    doc = minimal()
    doc["steps"][0]["sort-index"] = -1
    doc["steps"][0]["activities"] = [
        {"id": "a", "sort-index": "first", "responsibilities": {"desk": ["R", "X"], "lead": "A"}}
    ]
    found = set(codes(parse(doc)))
    assert ("WIF-SORT-INDEX", "steps[0].sort-index") in found
    assert ("WIF-SORT-INDEX", "steps[0].activities[0].sort-index") in found
    assert ("WIF-RACI", "steps[0].activities[0].responsibilities.desk[1]") in found
    assert ("WIF-TYPE", "steps[0].activities[0].responsibilities.lead") in found


def test_member_and_letter_order_do_not_change_the_document() -> None:
    a = minimal()
    a["steps"][0]["activities"] = [{"id": "x", "responsibilities": {"b": ["A", "R"], "a": ["I"]}}]
    b = minimal()
    b["steps"][0]["activities"] = [{"responsibilities": {"a": ["I"], "b": ["R", "A"]}, "id": "x"}]
    assert parse(a).workflow == parse(b).workflow


def test_a_template_suffix_on_a_workflow_is_a_warning() -> None:
    assert ("WIF-SUFFIX", "$") in codes(parse(minimal(), "x.workflow-template.json"), "warning")
    assert codes(parse(minimal(), "x.workflow.json"), "warning") == []


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


def _replaced(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    copy = json.loads(json.dumps(doc))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


def test_every_field_of_the_spec_example_with_every_wrong_type_gives_findings_not_crashes() -> None:
    """A small exhaustive fuzz: each member replaced by each JSON type is an error or fine."""
    example = json.loads((DATA / "spec-example.workflow.json").read_text(encoding="utf-8"))
    for path in _paths(example):
        for new in (None, True, -1, 1.5, "", "x", [], [1], {}, {"a": []}):
            parsed = parse(_replaced(example, path, new))
            assert (parsed.workflow is None) == bool(parsed.errors), (path, new)
            assert all(f.path and f.message for f in parsed.findings)
