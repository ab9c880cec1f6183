"""Shared fixtures: the shipped KB compiled once per session, and small editable copies."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import sparql_server
import w3c_sparql
from cli_on import CliOn
from usm_kb.cli import cli
from usm_kb.data_root import default_data_root
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.location import parse_store
from usm_kb.store.remote.publish import publish
from usm_kb.workspace.config import find_workspace

DATA = Path(__file__).parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its caches in a tmp dir, not in ./.hypothesis (tests write only to tmp).

    Set before collection: Hypothesis scans test modules for constants as it collects them.
    """
    from hypothesis.configuration import set_hypothesis_home_dir

    # HermiT runs only where a test asks for it (tests/test_reasoning.py): every other compile
    # in the tests, including CLI runs in a fresh cache, skips the JVM start.
    os.environ["USM_KB_REASON"] = "0"
    home = tempfile.mkdtemp(prefix="usm-kb-hypothesis-")
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
    set_hypothesis_home_dir(home)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The order of modules, which xdist follows (``--no-loadscope-reorder``, one module per
    worker at a time): modules with a ``slow`` test first, so that no long module starts
    last while the other worker idles; then the rest, largest first; modules that need the
    W3C suites last, as their download (``pip download``, ~20 s) starts with the session.
    Stable: tests keep their order within a module."""
    # embedded_only on one parameter set (pytest.param(..., marks=...)): its server variant
    # is left out here, as pytest_generate_tests leaves out a whole marked test's
    on_server = [t for t in items if t.get_closest_marker("embedded_only") and _on_server(t)]
    if on_server:
        config.hook.pytest_deselected(items=on_server)
        items[:] = [t for t in items if t not in on_server]
    modules: dict[Path, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.path, []).append(item)

    def rank(tests: list[pytest.Item]) -> tuple[bool, bool, int]:
        w3c = any("w3c_root" in getattr(t, "fixturenames", ()) for t in tests)
        slow = any(t.get_closest_marker("slow") for t in tests)
        return (w3c, not slow, -len(tests))

    items[:] = [t for tests in sorted(modules.values(), key=rank) for t in tests]


def _on_server(item: pytest.Item) -> bool:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "sparql" in (params.get(name) for name in ("kb", "workspace_kbs", "analysis_cli"))


@pytest.fixture(scope="session")
def shipped_root() -> Path:
    return default_data_root()


@pytest.fixture(scope="session")
def kb_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kb-cache")


# The endpoint's test settings: one real query worker, a short time limit, a small row cap.
TEST_SETTINGS = Settings(sparql_workers=1, sparql_timeout=3.0, sparql_row_cap=500)


@pytest.fixture(scope="session")
def embedded_kb(shipped_root: Path, kb_cache: Path) -> Iterator[KnowledgeBase]:
    """The shipped knowledge base, compiled (with HermiT when Java exists) into a tmp cache."""
    knowledge_base = KnowledgeBase.open(shipped_root, kb_cache, settings=TEST_SETTINGS)
    yield knowledge_base
    knowledge_base.close()


@pytest.fixture(scope="session")
def kb(request: pytest.FixtureRequest) -> KnowledgeBase:
    """The shipped KB on the embedded store; in a ``both_backends`` module, on each in turn.

    A module marked ``pytestmark = pytest.mark.both_backends`` runs every test that uses
    ``kb`` (directly or through a fixture such as ``app``) once per backend: the store's
    services must answer the same on the embedded store and on a SPARQL server.
    """
    backend = getattr(request, "param", "embedded")
    return request.getfixturevalue("embedded_kb" if backend == "embedded" else "sparql_kb")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``kb`` (and ``workspace_kbs``) over both backends in modules marked
    ``both_backends``, except in tests marked ``embedded_only`` (what they check does not go
    through the store)."""
    marked = metafunc.definition.get_closest_marker
    if not marked("both_backends") or marked("embedded_only"):
        return
    if "kb" in metafunc.fixturenames:
        metafunc.parametrize("kb", BACKENDS, indirect=True, scope="session")
    for name in ("workspace_kbs", "analysis_cli"):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, BACKENDS, indirect=True, scope="module")


class RecordingBackend:
    """A backend wrapper that records every SPARQL text that reaches the engine."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.texts: list[str] = []

    def query(self, sparql: str, *args: object, **kwargs: object) -> object:
        self.texts.append(sparql)
        return self.inner.query(sparql, *args, **kwargs)  # type: ignore[attr-defined]

    def query_serialized(self, sparql: str, *args: object, **kwargs: object) -> object:
        self.texts.append(sparql)
        return self.inner.query_serialized(sparql, *args, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


@pytest.fixture
def executed(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SPARQL texts that reach the session KB's engine during one test."""
    spy = RecordingBackend(kb.backend)
    monkeypatch.setattr(kb, "backend", spy)
    return spy.texts


def copy_root(src: Path, dest: Path, frameworks: tuple[str, ...] = ("agile", "kanban")) -> Path:
    """A writable copy of the data with only a few frameworks (fast to compile)."""
    shutil.copytree(src / "ontology", dest / "ontology")
    (dest / "mappings").mkdir()
    for name in frameworks:
        shutil.copytree(src / "mappings" / name, dest / "mappings" / name)
    return dest


@pytest.fixture
def small_root(shipped_root: Path, tmp_path: Path) -> Path:
    return copy_root(shipped_root, tmp_path / "data")


@pytest.fixture(scope="session")
def small_compiled(
    shipped_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """A small data copy (two frameworks) compiled once per session, without HermiT: the
    (root, cache) pair. Tests that change either use :func:`compiled_copy` instead."""
    from usm_kb.build.pipeline import compile_kb

    base = tmp_path_factory.mktemp("small-compiled")
    root = copy_root(shipped_root, base / "data")
    compile_kb(root, base / "cache", reason=False)
    return root, base / "cache"


@pytest.fixture
def compiled_copy(small_compiled: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the compiled small KB (root and cache): still fresh, free to change."""
    root, cache = small_compiled
    shutil.copytree(root, tmp_path / "data")
    shutil.copytree(cache, tmp_path / "cache")
    return tmp_path / "data", tmp_path / "cache"


@pytest.fixture
def run(kb: KnowledgeBase):
    """Invoke the CLI against the session KB; returns click's Result."""

    def invoke(
        *args: str, input: str | None = None, data: Path | None = None, cache: Path | None = None
    ) -> Result:
        base = ["--data", str(data or kb.root), "--cache", str(cache or kb.cache_dir)]
        if kb.settings.store != "embedded" and data is None and cache is None:
            base += ["--store", kb.settings.store]  # the CLI on the same backend as the KB
        return CliRunner().invoke(cli, [*base, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def app(kb: KnowledgeBase):
    """The Flask app over the session KB, with one real query worker process."""
    from usm_kb.web import create_app

    return create_app(TEST_SETTINGS, kb=kb, flask_config={"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def endpoint(app) -> Iterator[str]:
    """The app served on a free loopback port in a thread; yields the /sparql URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    thread.join(5)


class Listener:
    """A loopback port standing in for an attacker's server: counts the connections made to it.

    Nothing accepts in the background: a client's ``connect`` returns once the kernel has
    completed the handshake and queued the connection here, so whatever reached out before
    an answer came back is in the queue when :attr:`connections` drains it — no waiting.
    """

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self._seen = 0

    @property
    def connections(self) -> int:
        """Connections made so far (the queued ones are accepted and closed now)."""
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return self._seen
            self._seen += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="session", autouse=True)
def w3c_download(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[w3c_sparql.Download | None]:
    """Start fetching the suites with the first test here, to download while other tests run."""
    items = request.session.items
    if not any("w3c_root" in getattr(item, "fixturenames", ()) for item in items):
        yield None
        return
    download = w3c_sparql.Download(tmp_path_factory.mktemp("w3c-sparql"))
    yield download
    download.cancel()


@pytest.fixture(scope="session")
def w3c_root(w3c_download: w3c_sparql.Download | None) -> Path:
    """The unpacked suites/w3c/ directory; a test that needs it fails (never skips) without."""
    try:
        assert w3c_download is not None
        return w3c_download.result()
    except Exception as error:
        pytest.fail(
            f"the W3C SPARQL test suites could not be obtained from {w3c_sparql.SDIST}'s "
            f"source distribution on PyPI: {error}",
            pytrace=False,
        )


# --- the analysis tests: the small compiled KB with a fixture workspace beside it ----------

ANALYSIS_WORKSPACES = Path(__file__).resolve().parent / "data" / "analysis"
ANALYSIS_NAMES = ("mixed", "clean", "conflicted")


@pytest.fixture(scope="module")
def analysis_root(
    small_compiled: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A private copy of the small compiled KB (agile, kanban) and of the fixture workspaces."""
    root, cache = small_compiled
    base = tmp_path_factory.mktemp("analysis")
    shutil.copytree(root, base / "data")
    shutil.copytree(cache, base / "cache")
    for name in ANALYSIS_NAMES:
        shutil.copytree(ANALYSIS_WORKSPACES / name, base / "ws" / name)
    return base


@pytest.fixture(scope="module")
def workspace_kbs(
    request: pytest.FixtureRequest, analysis_root: Path
) -> Iterator[dict[str, KnowledgeBase]]:
    """The KB opened with each fixture workspace: name -> KnowledgeBase.

    In a ``both_backends`` module, also on an Oxigraph server where the small KB and the
    three workspaces were published (:func:`sparql_analysis`).
    """
    base, settings = analysis_root, Settings(sparql_workers=0)
    if getattr(request, "param", "embedded") == "sparql":
        base, store = request.getfixturevalue("sparql_analysis")
        settings = settings.replace(store=store)
    opened = {}
    for name in ANALYSIS_NAMES:
        opened[name] = KnowledgeBase.open(
            base / "data",
            base / "cache",
            settings=settings,
            workspace=find_workspace(base / "ws" / name),
        )
    yield opened
    for kb in opened.values():
        kb.close()


@pytest.fixture(scope="module")
def analysis_cli(request: pytest.FixtureRequest, analysis_root: Path) -> CliOn:
    """The CLI on the analysis fixtures, their workspaces compiled; in a ``both_backends``
    module also on the server of :func:`sparql_analysis` (``--store``)."""
    if getattr(request, "param", "embedded") == "sparql":
        return CliOn(*request.getfixturevalue("sparql_analysis"))
    request.getfixturevalue("workspace_kbs")  # compiles the three workspaces once
    return CliOn(analysis_root)


@pytest.fixture(scope="session")
def sparql_analysis(
    oxigraph: str, small_compiled: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """A second Oxigraph server holding the small KB and the three fixture workspaces, each
    published as a team would: (the folder with data/, cache/ and ws/, the store URL)."""
    root, cache = small_compiled
    base = tmp_path_factory.mktemp("analysis-sparql")
    shutil.copytree(root, base / "data")
    shutil.copytree(cache, base / "cache")
    server = sparql_server.OxigraphServer(base / "db", oxigraph).start()
    url = parse_store(server.store)
    assert url is not None
    for name in ANALYSIS_NAMES:
        shutil.copytree(ANALYSIS_WORKSPACES / name, base / "ws" / name)
        workspace = find_workspace(base / "ws" / name)
        publish(
            url,
            base / "data",
            base / "cache",
            TEST_SETTINGS.replace(reason=False),
            workspace=workspace,
        )
    yield base, server.store
    server.stop()


# --- the sparql backend: an Oxigraph server with the shipped KB (and a workspace) published --

BACKENDS = ("embedded", "sparql")


@pytest.fixture(scope="session")
def oxigraph() -> str:
    """The ``oxigraph`` command (the test extra installs it from PyPI)."""
    command = sparql_server.oxigraph_command()
    if command is None:  # the test extra installs it: missing means a broken install, not a skip
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'", pytrace=False)
    return command


@pytest.fixture(scope="session")
def sparql_server_kb(
    oxigraph: str, embedded_kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sparql_server.OxigraphServer]:
    """An Oxigraph server holding the shipped KB and the ``mixed`` workspace, published once."""
    base = tmp_path_factory.mktemp("oxigraph")
    server = sparql_server.OxigraphServer(base / "db", oxigraph).start()
    shutil.copytree(ANALYSIS_WORKSPACES / "mixed", base / "mixed")
    url = parse_store(server.store)
    assert url is not None
    workspace = find_workspace(base / "mixed")
    kb = embedded_kb
    publish(url, kb.root, kb.cache_dir, TEST_SETTINGS.replace(reason=False), workspace=workspace)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sparql_kb(
    sparql_server_kb: sparql_server.OxigraphServer, embedded_kb: KnowledgeBase
) -> Iterator[KnowledgeBase]:
    """The shipped KB, served by the Oxigraph server (nothing loaded in this process)."""
    settings = TEST_SETTINGS.replace(store=sparql_server_kb.store)
    knowledge_base = KnowledgeBase.open(embedded_kb.root, embedded_kb.cache_dir, settings=settings)
    yield knowledge_base
    knowledge_base.close()


@pytest.fixture(params=BACKENDS)
def any_kb(request: pytest.FixtureRequest) -> KnowledgeBase:
    """The shipped KB on each backend in turn."""
    name = "embedded_kb" if request.param == "embedded" else "sparql_kb"
    return request.getfixturevalue(name)
