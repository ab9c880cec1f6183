"""A thousand generated malformed catalogues: each ends in a clear error or a correct import,
never in a traceback, and a refusal leaves the workspace exactly as it was."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ws_helpers import make_workspace, snapshot

from usm_kb.errors import DataError, UsageError
from usm_kb.workspace.config import load_workspace
from usm_kb.workspace.importer import import_catalogue
from usm_kb.workspace.practices import load_practices
from usm_kb.workspace.tables import Limits

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)

LIMITS = Limits(max_bytes=64 * 1024, max_rows=40, max_cell_chars=120, max_unpacked_bytes=2**20)
HEADERS = ["naam", "Name", "id", "Nr", "omschrijving", "owner", "taal", "soort", "team", "", "x"]
# letters, separators, quotes, line breaks, formula leaders, control and non-ASCII characters
ALPHABET = st.sampled_from(list("abcXYZ019 ;,\t\"'\n\r=+-@é€ß\x00\x07\x1b·ĳ"))
cells = st.text(ALPHABET, max_size=12) | st.sampled_from(["nl", "en", "rol", "Duits", "P1", ""])
rows = st.lists(st.lists(cells, min_size=1, max_size=5), max_size=8)


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[str, bytes]:
    """A catalogue file: its suffix and bytes, from mostly plausible to plainly broken."""
    first = draw(st.sampled_from(["naam", "Name", "titel", "", "x"]))
    header = [first, *draw(st.lists(st.sampled_from(HEADERS), max_size=4))]
    body = draw(rows)
    kind = draw(st.sampled_from(["csv", "csv", "json", "yaml", "bytes"]))
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])))
        writer.writerows([header, *body])
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
        return ".csv", out.getvalue().encode(encoding, errors="replace")
    if kind in ("json", "yaml"):
        records = [dict(zip(header, row, strict=False)) for row in body]
        shape = draw(st.sampled_from(["list", "wrapped", "scalar"]))
        doc: object = {"list": records, "wrapped": {"practices": records}, "scalar": "x"}[shape]
        return "." + kind, json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()
    return draw(st.sampled_from([".csv", ".xlsx", ".yaml", ".json"])), draw(st.binary(max_size=300))


@settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(catalogue=catalogues())
def test_malformed_catalogues_end_in_a_clear_error_or_a_correct_import(
    tmp_path: Path, catalogue: tuple[str, bytes]
) -> None:
    root = tmp_path / "ws"
    workspace = load_workspace(root) if root.exists() else make_workspace(root)
    before = snapshot(root)
    suffix, data = catalogue
    path = tmp_path / f"catalogue{suffix}"
    path.write_bytes(data)
    try:
        report = import_catalogue(workspace, path, LIMITS)
    except (DataError, UsageError) as exc:
        assert str(path) in str(exc)
        assert len(str(exc).splitlines()) == 1
        assert snapshot(root) == before
        return
    practices = load_practices(workspace)  # what was written reads back, checked
    assert {p.id for p in practices} == {p.id for p in report.practices}
    assert all(p.name and p.language in ("nl", "en") for p in practices)
    for name, content in before.items():  # start the next example from the same workspace
        (root / name).write_bytes(content)
