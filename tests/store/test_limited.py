"""``KnowledgeBase.limited``: default limits for the queries of one block, one thread."""

from __future__ import annotations

import threading

from usm_kb.store import KnowledgeBase, RunLimits


def test_limited_gives_the_block_its_limits_and_no_other_thread(
    kb: KnowledgeBase, monkeypatch
) -> None:
    seen: list[tuple[str, str]] = []
    inner = kb.backend

    class Spy:
        def query(self, sparql, dataset, limits):
            seen.append((threading.current_thread().name, limits.lane))
            return inner.query(sparql, dataset, limits)

        def __getattr__(self, name):
            return getattr(inner, name)

    monkeypatch.setattr(kb, "backend", Spy())
    ask = "ASK { ?s a usm:Process }"
    other = threading.Thread(target=lambda: kb.query(ask), name="other")
    with kb.limited(RunLimits(lane="trusted", timeout=5.0)):
        kb.query(ask)
        kb.run_named("processes")
        other.start()
        other.join()
        kb.run(ask, limits=RunLimits(lane="cheap", timeout=5.0))  # explicit limits win
    kb.query(ask)
    main = threading.current_thread().name
    assert seen == [
        (main, "trusted"),
        (main, "trusted"),
        ("other", "cheap"),  # no limits given: the policy finds the ASK cheap
        (main, "cheap"),
        (main, "cheap"),
    ]
