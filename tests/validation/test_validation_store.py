"""Validation on one lean graph: the same findings as on rdflib's default store, the data graph
really is lean, and the cyclic garbage collector is back on afterwards, even after an error."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from usm_kb.errors import DataError
from usm_kb.rdf.lean_store import LeanStore
from usm_kb.validation import validate as validate_module
from usm_kb.validation.report import ValidationReport
from usm_kb.validation.validate import validate_files

DATA = Path(__file__).resolve().parents[1] / "data"
UNREADABLE = {"syntax-error.ttl", "shapes-not-shacl.ttl"}
BLANK = re.compile(r"\bN[0-9a-f]{32}\b")  # rdflib's fresh blank node ids differ per parse


def _fixtures() -> list[Path]:
    return sorted(
        p for d in ("good", "bad") for p in (DATA / d).glob("*.ttl") if p.name not in UNREADABLE
    )


def _comparable(report: ValidationReport) -> list[str]:
    record = report.to_dict("info")
    del record["seconds"]
    findings = record.pop("findings")
    return [*sorted(BLANK.sub("_:b", repr(sorted(f.items()))) for f in findings), repr(record)]


def test_same_findings_as_on_rdflibs_default_store(monkeypatch) -> None:
    files = _fixtures()
    lean = validate_files(files)
    monkeypatch.setattr(validate_module, "lean_graph", Graph)
    memory = validate_files(files)
    assert len(files) > 60 and len(lean.findings) > 60
    assert _comparable(lean) == _comparable(memory)


def test_the_data_graph_is_lean_and_gc_is_off_while_pyshacl_runs(monkeypatch) -> None:
    seen: list[tuple[bool, bool]] = []
    original = pyshacl.validate

    def spy(data, **options):
        seen.append((isinstance(data.store, LeanStore), gc.isenabled()))
        return original(data, **options)

    monkeypatch.setattr(pyshacl, "validate", spy)
    assert gc.isenabled()
    report = validate_files([DATA / "bad" / "raci-two-accountable.ttl"])
    assert report.findings
    assert seen == [(True, False)]
    assert gc.isenabled()


def test_gc_is_back_on_after_unreadable_input() -> None:
    assert gc.isenabled()
    with pytest.raises(DataError, match="syntax-error"):
        validate_files([DATA / "bad" / "syntax-error.ttl"])
    assert gc.isenabled()


def test_gc_is_back_on_when_the_engine_fails(monkeypatch) -> None:
    def broken(*_args, **_options):
        raise RuntimeError("engine failure")

    monkeypatch.setattr(pyshacl, "validate", broken)
    with pytest.raises(RuntimeError, match="engine failure"):
        validate_files([DATA / "bad" / "raci-two-accountable.ttl"])
    assert gc.isenabled()


def test_gc_stays_off_when_the_caller_had_it_off() -> None:
    gc.disable()
    try:
        validate_files([DATA / "bad" / "raci-two-accountable.ttl"])
        assert not gc.isenabled()
    finally:
        gc.enable()
