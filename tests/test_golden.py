"""The answers users see stay what they were: named queries, info, frameworks, mapping stats
and the endpoint's named-query responses, pinned in ``tests/golden/*.json``.

Pinned on the embedded store only: a ``GROUP_CONCAT`` joins its values in the order the
engine meets them, which SPARQL leaves open and which differs between Oxigraph in memory and
Oxigraph server (``tests/store/test_backends.py`` compares every named query on both backends
with those parts sorted; docs/deploy.md states the difference).

A deliberate change is recorded with ``python tests/golden/record.py`` and shows up in the
diff of the JSON files, where a reviewer can read it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN))
import record  # noqa: E402

PARTS = ["info", "frameworks", "mappings-stats", "named-queries", "endpoint"]


@pytest.fixture(scope="module")
def current(kb) -> dict[str, Any]:
    from usm_kb.settings import Settings
    from usm_kb.web import create_app

    app = create_app(Settings(), kb=kb)  # the default row cap, as the files were recorded
    return record.answers(kb, app.test_client())


@pytest.mark.parametrize("part", PARTS)
def test_answers_match_the_golden_files(current: dict[str, Any], part: str) -> None:
    expected = json.loads((GOLDEN / f"{part}.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(current[part], sort_keys=True))
    if isinstance(expected, dict) and part in ("named-queries", "endpoint"):
        assert sorted(actual) == sorted(expected)
        changed = [name for name in expected if actual[name] != expected[name]]
        assert changed == [], f"answers changed: {changed}; see tests/golden/record.py"
    assert actual == expected


@pytest.mark.parametrize("name", sorted(record.TABLES))
def test_listing_tables_match_at_80_and_160_columns(kb, name: str) -> None:
    """Every listing command, as a table (or records where it is too wide) at both widths."""
    rendered = record.tables_for(kb, name)
    for width in record.WIDTHS:
        path = GOLDEN / "tables" / f"{name}-{width}.txt"
        assert rendered[f"{name}-{width}"] == path.read_text(encoding="utf-8"), (
            f"{path.name} changed; see tests/golden/record.py"
        )
