"""The upload page: the form, a catalogue's report (HTML and JSON twin), and hostile uploads."""

from __future__ import annotations

import html
import io
import tempfile
from pathlib import Path

import pytest

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
EXAMPLE = Path(__file__).parents[2] / "examples" / "gemeente.xlsx"
# These pass, but leave an unclosed rb+ file (a spooled upload?) that pytest reports at
# session end as an unraisable ResourceWarning, which fails the run; source not found yet.
PROCESSES = ("Agree", "Change", "Operate", "Recover", "Improve")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary folders go here, so a test sees whether they were removed."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _post(client, path: str, data: bytes, name: str, headers: dict[str, str] | None = None):
    return client.post(
        path,
        data={"catalogue": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        headers=headers or {},
    )


def test_the_form_works_without_javascript(client) -> None:
    page = client.get("/upload", headers=BROWSER)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in text and 'type="file"' in text
    assert 'name="catalogue"' in text and 'method="post"' in text
    twin = client.get("/upload.json").get_json()
    assert twin["page"] == "upload" and twin["file"] == ""
    assert 'href="/upload"' in client.get("/", headers=BROWSER).get_data(as_text=True)


def test_an_uploaded_catalogue_is_imported_analysed_and_discarded(client, scratch: Path) -> None:
    data = EXAMPLE.read_bytes()
    page = _post(client, "/upload", data, "gemeente.xlsx", BROWSER)
    assert page.status_code == 200, page.data[:300]
    assert page.mimetype == "text/html"
    assert "no-store" in page.headers["Cache-Control"]
    text = html.unescape(page.get_data(as_text=True))
    assert "Coverage per process" in text and "Gaps" in text and "Overlap" in text
    twin = _post(client, "/upload.json", data, "gemeente.xlsx")
    assert twin.status_code == 200 and twin.mimetype == "application/json"
    report = twin.get_json()
    assert report["page"] == "upload" and report["title"] in text
    assert report["practices"] > 0 and report["file"] == "gemeente.xlsx"
    assert [p["process"]["label"] for p in report["processes"]] == list(PROCESSES)
    for name in PROCESSES:
        assert name in text
    assert report["gap_processes"] or report["overlaps"]  # the analysis found something
    assert report["suggestions"] and report["suggestions"][0]["target"]["label"] in PROCESSES
    assert list(scratch.iterdir()) == []  # the temporary workspace is gone


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01 binary", "bad.exe", "unknown file type"),
    ],
)
def test_a_refused_file_answers_the_importers_message(
    client, scratch: Path, data: bytes, name: str, message: str
) -> None:
    answer = _post(client, "/upload.json", data, name)
    assert answer.status_code in (400, 422)
    body = answer.get_json()
    assert body["ok"] is False and message in body["error"]
    assert str(scratch) not in body["error"]
    page = _post(client, "/upload", data, name, BROWSER)
    assert page.status_code == answer.status_code and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert message in html.unescape(text) and "Traceback" not in text
    assert list(scratch.iterdir()) == []


# The oversize upload (413) is tested against the real server process
# (tests/cli/test_serve_process.py): Werkzeug's test client leaves a spooled file behind on
# that path. A broken workbook is refused by the importer's own tests (tests/workspace).


def test_busy_imports_answer_503(client, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from usm_kb.web import upload

    monkeypatch.setattr(upload, "_running", threading.BoundedSemaphore(1))
    upload._running.acquire()
    answer = _post(client, "/upload.json", EXAMPLE.read_bytes(), "gemeente.xlsx")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
