"""The named-query lane answers exactly as Flask would, within the same bounds.

Differential: every request below gets the same status, headers and body from the lane as
from the Flask app alone (lane bypassed). Guards: the row cap holds on the lane (and the lane,
not Flask, answered), a full trusted lane gives 503 within the time limit without running the
query a second time, and errors reach Flask's handlers in the one error shape.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from werkzeug.test import Client

from usm_kb.store import KnowledgeBase
from usm_kb.web import create_app
from usm_kb.web.named_lane import NamedQueryLane, plain_params

pytestmark = pytest.mark.both_backends

JSON = "application/sparql-results+json"
ACCEPTS = [
    JSON,
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "*/*",
    "",
    "text/turtle",
    "text/html",
    "application/json;q=0.5, text/csv",
]
PATHS = [
    "/queries/processes",
    "/queries/processes?format=json&output=x",
    "/queries/process-practices?process=change",
    "/queries/process-practices?process=Wijzigen",
    "/queries/process-practices?process=%E2%82%AC",
    "/queries/process-practices?process=%ff",
    "/queries/process-practices?process=change&process=agree",
    "/queries/process-practices",
    "/queries/process-practices?nope=1",
    "/queries/framework-practices-by-process?framework=itil4",
    "/queries/no-such-query",
    "/queries/processes.json",
    "/queries/proc%C3%A9sses",
]
PLAIN = set(PATHS[:4]) | {PATHS[9]}  # answered by the lane (the others go to Flask)


def parts(app: Any, path: str, headers: dict[str, str]) -> tuple[str, list[Any], bytes]:
    response = Client(app).get(path, headers=headers)
    return response.status, sorted(response.headers.items()), response.get_data()


def lane_of(app: Any) -> NamedQueryLane:
    lane = app.wsgi_app.app  # ResponseCache -> NamedQueryLane -> Flask
    assert isinstance(lane, NamedQueryLane)
    return lane


@pytest.mark.parametrize("cors", ["*", "http://a.example http://b.example"])
@pytest.mark.parametrize("path", PATHS)
def test_the_lane_answers_as_flask_does(kb: KnowledgeBase, path: str, cors: str) -> None:
    app = create_app(kb.settings.replace(cors_origins=cors), kb=kb)
    lane = lane_of(app)
    flask, calls = lane.app, []
    lane.app = lambda environ, start: calls.append(1) or flask(environ, start)
    by_lane = 0
    for accept in ACCEPTS:
        for origin in (None, "http://a.example", "http://evil.example"):
            headers = {"Accept": accept} | ({"Origin": origin} if origin else {})
            before = len(calls)
            answer = parts(lane, path, headers)
            by_lane += len(calls) == before
            assert answer == parts(flask, path, headers), (accept, origin)
    assert by_lane > 0 if path in PLAIN else by_lane == 0  # the lane really answered


def test_the_row_cap_holds_on_the_lane(kb: KnowledgeBase) -> None:
    app = create_app(kb.settings.replace(sparql_row_cap=3), kb=kb)
    lane = lane_of(app)
    flask_calls = []
    flask = lane.app
    lane.app = lambda environ, start: flask_calls.append(environ) or flask(environ, start)
    for accept in (JSON, "text/tab-separated-values"):
        response = Client(app).get("/queries/glossary", headers={"Accept": accept})
        assert response.status_code == 200
        assert response.headers["X-USM-KB-Truncated"] == "true; cap=3"
        assert response.headers["X-USM-KB-Result-Size"] == "3"
    assert len(response.get_data().splitlines()) == 4  # the TSV header and three rows
    assert flask_calls == []  # the lane answered, not Flask
    small = Client(app).get("/queries/domains", headers={"Accept": JSON})
    assert "X-USM-KB-Truncated" not in small.headers


@pytest.mark.embedded_only  # the trusted lane is the embedded store's (a server runs its own)
def test_a_full_trusted_lane_is_503_in_time_and_runs_nothing_twice(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(kb.settings.replace(sparql_timeout=0.5), kb=kb)
    runs = []
    real = kb.run_serialized
    monkeypatch.setattr(kb, "run_serialized", lambda *a, **k: runs.append(a) or real(*a, **k))
    slots = kb.backend._trusted  # type: ignore[attr-defined]
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        start = time.monotonic()
        response = Client(app).get("/queries/processes", headers={"Accept": JSON})
        waited = time.monotonic() - start
    finally:
        for _ in range(taken):
            slots.release()
    assert response.status_code == 503 and response.json["ok"] is False  # type: ignore[index]
    assert 0.4 < waited < 1.5 and len(runs) == 1
    assert Client(app).get("/queries/processes", headers={"Accept": JSON}).status_code == 200


@pytest.mark.parametrize(
    ("path", "status"),
    [("/queries/nope", 404), ("/queries/process-practices?process=zzzz-none", 400)],
)
def test_errors_take_flasks_one_error_shape(kb: KnowledgeBase, path: str, status: int) -> None:
    app = create_app(kb.settings, kb=kb)
    response = Client(app).get(path, headers={"Accept": JSON})
    assert response.status_code == status
    assert set(response.json) == {"ok", "error", "status"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("a=1&format=json", {"a": "1"}),
        ("a=%C3%A9+x", {"a": "é x"}),
        ("a=1&a=2", None),
        ("a=%ff", None),
        ("a=\u00e9", None),
    ],
)
def test_plain_params(text: str, expected: dict[str, str] | None) -> None:
    assert plain_params(text) == expected


def test_an_unexpected_failure_is_flasks_500_not_a_server_page(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    app = create_app(kb.settings, kb=kb)
    monkeypatch.setattr(kb, "prepare_named", broken)
    response = Client(app).get("/queries/processes", headers={"Accept": JSON})
    assert response.status_code == 500
    assert response.json == {  # type: ignore[comparison-overlap]
        "ok": False,
        "error": "internal error: the server could not answer this request",
        "status": 500,
    }
    assert "Content-Security-Policy" in response.headers
