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
ALLOWED_DEFERRED = {
    ("store/cache.py", "usm_kb.build.pipeline"),
    ("store/cache.py", "usm_kb.workspace.compile"),
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
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"


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
