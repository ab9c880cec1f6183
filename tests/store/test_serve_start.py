"""Getting a KB ready to serve decides each named query's admission once, without running it.

``KnowledgeBase.start`` admits every shipped template (the verdicts go to the decision log,
so the next process reads them back), loads the resolver's index, and leaves a template the
policy refuses refused: the start goes on and that query's requests say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from usm_kb.errors import QueryRefused
from usm_kb.store import KnowledgeBase, policy
from usm_kb.store.decisions import Verdict

UPDATE = "# title: Not a query\n# description: an update, refused by the policy\nCLEAR ALL\n"


def no_parse(text: str, tables: object) -> Verdict:
    raise AssertionError("a named template was parsed after the start")


def test_start_admits_every_template_without_running_any(
    compiled_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = compiled_copy
    (cache / "policy-verdicts.jsonl").unlink(missing_ok=True)
    kb = KnowledgeBase.open(root, cache, reason=False)
    ran: list[str] = []
    for method in ("query", "query_serialized"):
        real = getattr(kb.backend, method)
        monkeypatch.setattr(kb.backend, method, lambda *a, f=real: ran.append(a[0]) or f(*a))
    try:
        kb.start()
        assert set(kb._templates) == set(kb.named_queries())
        assert kb._names is not None
        index_queries = len(ran)  # the resolver's index, built from two queries of its own
        assert not {t.text for t in kb._templates.values()} & set(ran)  # admitted, not answered
        kb.run_named("processes")
        assert len(ran) == index_queries + 1  # the probe sees real runs
    finally:
        kb.close()
    monkeypatch.setattr(policy, "_verdict", no_parse)
    again = KnowledgeBase.open(root, cache, reason=False)  # a later start: the log answers
    try:
        again.start()
        assert len(again.run_named("processes")) > 0
    finally:
        again.close()


def test_a_refused_template_does_not_stop_the_start(compiled_copy: tuple[Path, Path]) -> None:
    root, cache = compiled_copy
    (root / "ontology" / "queries" / "wipe.rq").write_text(UPDATE, encoding="utf-8")
    kb = KnowledgeBase.open(root, cache, reason=False)
    try:
        kb.start()
        assert "wipe" not in kb._templates and "processes" in kb._templates
        with pytest.raises(QueryRefused, match="read-only"):
            kb.run_named("wipe")
    finally:
        kb.close()
