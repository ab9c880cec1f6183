"""``create_app`` reads the same settings as the CLI: ``USM_KB_*`` reach a WSGI deployment."""

from __future__ import annotations

from pathlib import Path

import pytest

from usm_kb.web import create_app
from usm_kb.web.state import get_kb, get_settings


def test_environment_settings_reach_the_app(
    small_compiled: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review B1: USM_KB_DATA from the environment was ignored and the shipped data served."""
    root, cache = small_compiled
    monkeypatch.setenv("USM_KB_DATA", str(root))
    monkeypatch.setenv("USM_KB_CACHE", str(cache))
    monkeypatch.setenv("USM_KB_SPARQL_ROW_CAP", "3")
    monkeypatch.setenv("USM_KB_SPARQL_WORKERS", "0")
    app = create_app()
    with app.app_context():
        assert get_kb().root == root.resolve()
        assert get_kb().cache_dir == cache
        assert get_settings().sparql_row_cap == 3
        ids = {
            r["id"]
            for r in get_kb().select("SELECT ?id { ?f a usm:Framework ; dcterms:identifier ?id }")
        }
    assert ids == {"agile", "kanban"}  # the small copy, not the 14 shipped frameworks
    r = app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert len(r.get_json()["results"]["bindings"]) == 3
    assert r.headers["X-USM-KB-Truncated"] == "true; cap=3"


def test_a_malformed_environment_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from usm_kb.errors import UsageError

    monkeypatch.setenv("USM_KB_SPARQL_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="USM_KB_SPARQL_TIMEOUT='soon'"):
        create_app()
