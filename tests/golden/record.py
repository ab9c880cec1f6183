"""Record (or check) the golden answers: every named query, info, frameworks, mapping stats,
the endpoint's named-query responses, and every listing command's table at 80 and 160
columns (``tables/*.txt``).

    python tests/golden/record.py            # rewrite tests/golden/*.json from the current code
    pytest tests/test_golden.py              # compare the current code with the files

Named queries run with the example values of their required parameters (the ``e.g. X`` in
the ``# param:`` line) and without optional ones. Volatile fields (cache paths, timings,
``rebuilt``) are left out.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent
EXAMPLE = re.compile(r"e\.g\. ([^\s;,]+)")
FALLBACK = {"evidence": "published"}  # parameter types whose doc lists values instead


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def example_params(query: Any) -> dict[str, str]:
    """Example values of a named query's required parameters."""
    params = {}
    for param in query.params:
        if param.optional:
            continue
        found = EXAMPLE.search(param.doc)
        if found is None and param.type in FALLBACK:
            params[param.name] = FALLBACK[param.type]
            continue
        if found is None:
            raise SystemExit(f"{query.name}: parameter {param.name} has no 'e.g.' example")
        params[param.name] = found.group(1)
    return params


def answers(kb: Any, client: Any) -> dict[str, Any]:
    """Everything the golden files hold, computed with the current code."""
    from usm_kb.catalogue.frameworks import list_frameworks, mapping_stats
    from usm_kb.catalogue.info import compute_info

    info = compute_info(kb).to_dict()
    for volatile in ("cache_dir", "data_root", "rebuilt", "reasoner"):
        info.pop(volatile)
    result: dict[str, Any] = {
        "info": info,
        "frameworks": [f.to_dict() for f in list_frameworks(kb)],
        "mappings-stats": [s.to_dict() for s in mapping_stats(kb)],
        "named-queries": {},
        "endpoint": {},
    }
    for name, query in sorted(kb.named_queries().items()):
        params = example_params(query)
        result["named-queries"][name] = {
            "params": params,
            "answer": _plain(kb.run_named(name, **params).to_dict()),
        }
        response = client.get(f"/queries/{name}", query_string=params)
        body = response.get_json()
        result["endpoint"][name] = {
            "status": response.status_code,
            "content_type": response.content_type,
            "vars": body.get("head", {}).get("vars"),
            "rows": len(body.get("results", {}).get("bindings", [])),
            "sha256": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
        }
    return _plain(result)


# Every listing command, as a terminal user would type it; rendered at both widths.
TABLES: dict[str, list[str]] = {
    "frameworks": ["frameworks"],
    "practices": ["practices", "--framework", "ITIL 4", "--process", "herstellen"],
    "mappings": ["mappings", "--framework", "itil4", "--process", "recover"],
    "mappings-stats": ["mappings", "stats"],
    "queries": ["queries", "--tag", "frameworks"],
    "search": ["search", "incident", "management", "--limit", "8"],
    "compare": ["compare", "ITIL 4", "COBIT", "--limit", "8"],
    "info": ["info"],
    "query-processes": ["query", "processes"],
    "query-process-practices": [
        "query",
        "process-practices",
        "-p",
        "process=INC",
        "-p",
        "framework=itil4",
    ],
    "query-framework-overlap": [
        "query",
        "framework-overlap",
        "-p",
        "framework_a=itil4",
        "-p",
        "framework_b=sre",
        "--limit",
        "5",
    ],
}
WIDTHS = (80, 160)
VOLATILE = ("consistency:",)  # info's last line names the cache folder


def tables(kb: Any) -> dict[str, str]:
    """What each listing command prints at each width (stdout only)."""
    return {k: v for name in TABLES for k, v in tables_for(kb, name).items()}


def tables_for(kb: Any, name: str) -> dict[str, str]:
    """What one listing command prints at each width."""
    from click.testing import CliRunner

    from usm_kb.cli import cli

    base = ["--data", str(kb.root), "--cache", str(kb.cache_dir)]
    out = {}
    for width in WIDTHS:
        runner = CliRunner(env={"COLUMNS": str(width)})
        result = runner.invoke(cli, [*base, *TABLES[name]], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        lines = [ln for ln in result.stdout.splitlines() if not ln.startswith(VOLATILE)]
        out[f"{name}-{width}"] = "\n".join(line.rstrip() for line in lines) + "\n"
    return out


def write_tables(texts: dict[str, str]) -> None:
    """One text file per command and width."""
    folder = GOLDEN / "tables"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def compute() -> dict[str, Any]:
    """Open the shipped KB in a fresh cache and compute every answer."""
    from usm_kb.settings import Settings
    from usm_kb.store import KnowledgeBase
    from usm_kb.web import create_app

    with tempfile.TemporaryDirectory(prefix="usm-kb-golden-") as tmp:
        kb = KnowledgeBase.open(cache_dir=Path(tmp), reason=False)
        app = create_app(Settings(sparql_workers=0), kb=kb)
        return answers(kb, app.test_client())


def write(data: dict[str, Any]) -> None:
    """One JSON file per part."""
    for part, value in data.items():
        text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        (GOLDEN / f"{part}.json").write_text(text, encoding="utf-8")


def compute_tables() -> dict[str, str]:
    """Open the shipped KB in a fresh cache and render every listing."""
    from usm_kb.store import KnowledgeBase

    with tempfile.TemporaryDirectory(prefix="usm-kb-golden-") as tmp:
        kb = KnowledgeBase.open(cache_dir=Path(tmp), reason=False)
        return tables(kb)


if __name__ == "__main__":
    write(compute())
    write_tables(compute_tables())
    sys.stdout.write(f"wrote {len(list(GOLDEN.glob('*.json')))} golden files to {GOLDEN}\n")
