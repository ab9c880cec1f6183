"""The architecture is a checked contract: layers, the cold start, who may import pyoxigraph."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from usm_kb.build.artefact import ARTEFACT

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "usm_kb"
# Function-level imports of the project's own modules hide the dependency graph; the one
# allowed is the compile-on-open path, which keeps rdflib & co. out of a warm start.
# Deferred on purpose (each saves start-up time on the paths that do not need it): the build
# pipeline (only when sources changed), the SPARQL parser and its hints (only for a text the
# decision log has not seen), the worker pool (only with workers), the crosswalk (only for
# framework-overlap in `usm-kb query`).
ALLOWED_DEFERRED = {
    ("store/cache.py", "usm_kb.build.pipeline"),
    ("explorer/upload.py", "usm_kb.workspace.create"),
    ("explorer/upload.py", "usm_kb.workspace.importer"),
    ("explorer/upload.py", "usm_kb.workspace.tables"),
    ("explorer/upload.py", "usm_kb.suggest.service"),
    ("store/policy.py", "usm_kb.rdf.sparql_parse"),
    ("store/policy.py", "usm_kb.rdf.sparql_errors"),
    ("store/embedded/__init__.py", "usm_kb.store.embedded.pool"),
    ("cli/sparql.py", "usm_kb.catalogue.crosswalk"),
    ("cli/sparql.py", "usm_kb.cli.compare"),
    ("store/cache.py", "usm_kb.workspace.compile"),
    ("store/opening.py", "usm_kb.store.remote.connect"),
    ("cli/analyze.py", "usm_kb.workspace.checks"),
}


def lint_imports(python_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--config",
            str(REPO / "pyproject.toml"),
            "--no-cache",
        ],
        cwd=REPO,
        env={"PYTHONPATH": str(python_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_are_kept() -> None:
    result = lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imports"),
    [
        ("rdf/zz_cycle.py", "import usm_kb.store\n"),  # plumbing reaching up: a cycle
        ("store/zz_heavy.py", "import rdflib\n"),  # the open path importing rdflib
        ("web/zz_engine.py", "import pyoxigraph\n"),  # the web layer talking to the engine
    ],
)
def test_a_deliberate_violation_breaks_the_contracts(
    tmp_path: Path, module: str, imports: str
) -> None:
    copy = tmp_path / "src" / "usm_kb"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / module).write_text(f'"""A violation."""\n\n{imports}', encoding="utf-8")
    result = lint_imports(tmp_path / "src")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def printed_by(script: str) -> str:
    """What *script* prints, run in a fresh interpreter (its imports are its own)."""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    return out.stdout.strip()


def test_opening_the_compiled_kb_imports_no_rdflib_pyshacl_or_owlready2(kb) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from usm_kb.store import KnowledgeBase\n"
        f"kb = KnowledgeBase.open(Path({str(kb.root)!r}), Path({str(kb.cache_dir)!r}))\n"
        "assert not kb.rebuilt and len(kb) > 1000\n"
        "kb.query('ASK { ?s ?p ?o }')\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlready2') if m in sys.modules))\n"
    )
    assert (kb.cache_dir / ARTEFACT).is_file()
    assert printed_by(script) == "[]"


# What a named query printed as CSV must not import: the build and validation stack, the
# SPARQL parser (its verdict is remembered), worker pools, the terminal renderer, the web.
NOT_ON_THE_QUERY_PATH = (
    "rdflib",
    "pyshacl",
    "owlready2",
    "lark",
    "usm_kb.rdf.sparql_parse",
    "multiprocessing",
    "concurrent.futures",
    "rich",
    "flask",
    "usm_kb.catalogue.crosswalk",
    "usm_kb.build.pipeline",
    "http.client",  # the remote backend's client: only with --store
    "usm_kb.store.remote.backend",
)


def test_a_named_query_as_csv_imports_only_what_it_uses(kb) -> None:
    """The import budget of the commonest command, checked in a fresh process (twice: the
    first run may parse the template and fill the decision log; the second must not)."""
    script = (
        "import sys\n"
        "from usm_kb.cli.main import cli\n"
        "try:\n"
        f"    cli(['--data', {str(kb.root)!r}, '--cache', {str(kb.cache_dir)!r}, 'query',"
        " 'process-practices', '--param', 'process=herstellen', '--format', 'csv'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print('IMPORTED', sorted(m for m in {NOT_ON_THE_QUERY_PATH!r} if m in sys.modules),"
        " file=sys.stderr)\n"
    )
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr
        assert "recover" in out.stdout.lower()
    imported = out.stderr.rsplit("IMPORTED", 1)[1].strip()
    assert imported == "[]", imported


def test_the_analyses_load_the_shacl_engine_only_for_conflicts() -> None:
    """``usm-kb analyze coverage`` and the rest import the command's module; only the
    ``conflicts`` analysis runs SHACL, and imports the validation stack (pyshacl, rdflib)
    when it does."""
    script = (
        "import sys\n"
        "import usm_kb.cli.analyze, usm_kb.cli.main, usm_kb.analysis.conflicts\n"
        "heavy = ('pyshacl', 'rdflib', 'usm_kb.validation.validate')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    assert printed_by(script) == "[]"


def test_serving_the_explorer_imports_no_rdflib_pyshacl_or_owlready2(kb) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from usm_kb.settings import Settings\n"
        "from usm_kb.store import KnowledgeBase\n"
        "from usm_kb.web import create_app\n"
        f"kb = KnowledgeBase.open(Path({str(kb.root)!r}), Path({str(kb.cache_dir)!r}))\n"
        "client = create_app(Settings(sparql_workers=0), kb=kb).test_client()\n"
        "for path in ('/', '/id/process/agree', '/search?q=incident', '/-/downloads/kb.ttl'):\n"
        "    assert client.get(path).status_code == 200, path\n"
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlready2') if m in sys.modules))\n"
    )
    assert printed_by(script) == "[]"


def deferred_own_imports() -> set[tuple[str, str]]:
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("usm_kb"):
                    found.add((path.relative_to(SRC).as_posix(), node.module or ""))
                elif isinstance(node, ast.Import):
                    found |= {
                        (path.relative_to(SRC).as_posix(), a.name)
                        for a in node.names
                        if a.name.startswith("usm_kb")
                    }
    return found


def test_no_function_level_imports_of_own_modules_but_the_compile_on_open() -> None:
    assert deferred_own_imports() == ALLOWED_DEFERRED


@pytest.mark.parametrize(
    "path", sorted(SRC.rglob("*.py")), ids=lambda p: p.relative_to(SRC).as_posix()
)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 320, f"{path.name} has {lines} lines; split it by concept"


def test_one_conftest_and_unique_test_module_names() -> None:
    """Tests import helpers with ``from conftest import …`` and modules load by basename
    (rootdir-relative, no packages): a second conftest.py or two test files of one name
    shadow each other on a clean clone, depending on collection order."""
    tests = REPO / "tests"
    assert [p.relative_to(tests).as_posix() for p in tests.rglob("conftest.py")] == ["conftest.py"]
    names = [p.name for p in tests.rglob("test_*.py") if "vendor" not in p.parts]
    assert sorted({n for n in names if names.count(n) > 1}) == []
