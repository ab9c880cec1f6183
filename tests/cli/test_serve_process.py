"""The real `usm-kb serve` process on loopback: started like a user starts it, driven by
SPARQLWrapper and rdflib's SPARQLStore, a runaway query stopped, and a clean shutdown."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from usm_kb.store import KnowledgeBase

pytestmark = pytest.mark.slow  # scheduled first (tests/conftest.py)

TIMEOUT = 2.0
CODES = {"CTM", "CHM", "INC", "OPS", "RIM"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[str], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"usm-kb serve exited early:\n{process.communicate()[1]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("usm-kb serve did not answer in time")


def start_serve(kb: KnowledgeBase, *options: str) -> tuple[str, subprocess.Popen[str]]:
    """Start `usm-kb serve` on a free loopback port; return its endpoint URL and process."""
    port = free_port()
    command = [sys.executable, "-m", "usm_kb", "--data", str(kb.root), "--cache"]
    command += [str(kb.cache_dir), "serve", "--port", str(port), "--workers", "1", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return f"http://127.0.0.1:{port}/sparql", process


@pytest.fixture(scope="module")
def served(kb: KnowledgeBase) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    url, process = start_serve(kb, "--timeout", str(TIMEOUT))
    try:
        wait_until_up(url, process)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)


def test_sparqlwrapper_against_the_real_process(served: tuple[str, subprocess.Popen[str]]) -> None:
    url, _ = served
    sw = SPARQLWrapper(url)
    sw.setQuery("SELECT ?code WHERE { ?p a usm:Process ; usm:code ?code }")
    sw.setReturnFormat(JSON)
    bindings = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert {b["code"]["value"] for b in bindings} == CODES


def test_rdflib_sparqlstore_against_the_real_process(
    served: tuple[str, subprocess.Popen[str]],
) -> None:
    url, _ = served
    graph = rdflib.Graph(SPARQLStore(url, returnFormat="json"))
    rows = graph.query(
        "PREFIX usm: <https://w3id.org/usm-kb/ontology#> "
        "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a/rdfs:subClassOf* usm:Workflow }"
    )
    assert [int(row[0]) for row in rows] == [8]  # type: ignore[index]


def test_runaway_query_is_stopped_and_the_process_keeps_serving(
    served: tuple[str, subprocess.Popen[str]],
) -> None:
    url, process = served
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    request = urllib.request.Request(
        url + "?" + urllib.parse.urlencode({"query": heavy}),
        headers={"Accept": "application/sparql-results+json"},
    )
    started = time.perf_counter()
    with pytest.raises(urllib.error.HTTPError) as stopped:
        urllib.request.urlopen(request, timeout=TIMEOUT + 10)
    stopped.value.close()
    assert stopped.value.code == 503
    assert time.perf_counter() - started <= TIMEOUT + 2
    sw = SPARQLWrapper(url)
    sw.setQuery("ASK { process:agree ?p ?o }")
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["boolean"] is True  # type: ignore[index]
    assert process.poll() is None


def test_the_explorer_is_served_by_the_real_process(
    served: tuple[str, subprocess.Popen[str]],
) -> None:
    home = served[0].removesuffix("sparql")
    browser = {"Accept": "text/html"}
    with urllib.request.urlopen(urllib.request.Request(home, headers=browser)) as page:
        assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
        assert b"The five processes" in page.read()
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    with urllib.request.urlopen(home + "static/explorer.css") as static:
        assert static.headers["Content-Type"].startswith("text/css")
    console = urllib.request.Request(served[0], headers=browser)
    with urllib.request.urlopen(console) as page:
        assert b"yasgui.min.js" in page.read()


def test_a_workspace_is_served_beside_the_kb(
    compiled_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    root, cache = compiled_copy
    base = [sys.executable, "-m", "usm_kb", "--data", str(root), "--cache", str(cache)]
    workspace = tmp_path / "ws"
    subprocess.run([*base, "init", str(workspace)], check=True, capture_output=True)
    catalogue = tmp_path / "procedures.csv"
    catalogue.write_text("id,naam\nP-1,Storingen afhandelen\n", encoding="utf-8")
    subprocess.run(
        [*base, "catalog", "import", str(catalogue), "--workspace", str(workspace)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    command = [*base, "serve", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(
        [*command, "--workspace", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_until_up(url, process)
        client = SPARQLWrapper(url)
        client.setReturnFormat(JSON)
        client.setQuery("SELECT ?name WHERE { ?p a usm:LocalPractice ; rdfs:label ?name }")
        rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert [row["name"]["value"] for row in rows] == ["Storingen afhandelen"]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is *pid* (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    return False


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_and_sigterm_stop_the_server_cleanly(kb: KnowledgeBase, sent: int) -> None:
    """Ctrl+C, and SIGTERM as a service manager sends it, end in an orderly stop: the query
    workers are gone with the server, not left behind."""
    url, process = start_serve(kb)
    try:
        wait_until_up(url, process)
        workers = children_of(process.pid)
        assert workers, "the query worker pool runs in child processes"
        process.send_signal(sent)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    home = url.removesuffix("sparql")
    assert f"usm-kb serving {home}" in err and f"SPARQL endpoint {url}" in err
    assert "usm-kb stopped" in err
    assert "Traceback" not in err
    assert process.returncode == 0
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)


def test_a_busy_port_is_a_clear_error(kb: KnowledgeBase) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, "-m", "usm_kb", "--data", str(kb.root), "--cache"]
        command += [str(kb.cache_dir), "serve", "--port", str(port), "--workers", "0"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"Port {port} is in use" in done.stderr
    assert "usm-kb serving" not in done.stderr and "Traceback" not in done.stderr


def test_the_real_server_refuses_an_oversize_upload_before_reading_it(
    served: tuple[str, subprocess.Popen[str]],
) -> None:
    """413 from the running server for a catalogue over the request limit (1 MiB by default);
    run against the process because Werkzeug's test client leaves a spooled file behind."""
    url, _ = served
    boundary = "usmkbboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="catalogue"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + b"x" * (1024 * 1024 + 1)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url.replace("/sparql", "/upload.json"),
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    refused.value.close()
    assert refused.value.code == 413
