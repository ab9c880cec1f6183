"""Shared fixtures: the shipped KB compiled once per session, and small editable copies."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from usm_kb.cli import cli
from usm_kb.resources import default_data_root
from usm_kb.store import KnowledgeBase

DATA = Path(__file__).parent / "data"


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis keeps its caches in a tmp dir, not in ./.hypothesis (tests write only to tmp).

    Set before collection: Hypothesis scans test modules for constants as it collects them.
    """
    from hypothesis.configuration import set_hypothesis_home_dir

    home = tempfile.mkdtemp(prefix="usm-kb-hypothesis-")
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))
    set_hypothesis_home_dir(home)


@pytest.fixture(scope="session")
def shipped_root() -> Path:
    return default_data_root()


@pytest.fixture(scope="session")
def kb_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kb-cache")


@pytest.fixture(scope="session")
def kb(shipped_root: Path, kb_cache: Path) -> KnowledgeBase:
    """The shipped knowledge base, compiled (with HermiT when Java exists) into a tmp cache."""
    return KnowledgeBase.open(shipped_root, kb_cache)


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


@pytest.fixture
def run(kb: KnowledgeBase):
    """Invoke the CLI against the session KB; returns click's Result."""

    def invoke(
        *args: str, input: str | None = None, data: Path | None = None, cache: Path | None = None
    ) -> Result:
        base = ["--data", str(data or kb.root), "--cache", str(cache or kb.cache_dir)]
        return CliRunner().invoke(cli, [*base, *args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def app(kb: KnowledgeBase):
    """The Flask app over the session KB, with one real query worker process."""
    from usm_kb.app import create_app

    flask_app = create_app(
        {"TESTING": True, "SPARQL_WORKERS": 1, "SPARQL_TIMEOUT": 3.0, "SPARQL_ROW_CAP": 500}, kb=kb
    )
    yield flask_app
    pool = flask_app.extensions["usm_kb"]["pool"]
    if pool is not None:
        pool.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def endpoint(app) -> Iterator[str]:
    """The app served on a free loopback port in a thread; yields the /sparql URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()
    thread.join(5)
