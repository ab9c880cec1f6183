"""The command line as users run it: whole processes, A/B interleaved against a raw floor.

For each named query: ``usm-kb query NAME --format csv`` (the installed command, compiled
cache) against ``bench/floors/raw_query.py`` — a minimal script that loads the same artefact
into pyoxigraph, runs the same bound text and writes pyoxigraph's own CSV — and ``python -c
pass`` as the interpreter floor, and ``floors/click_query.py`` — the raw script as a one-command
click CLI — whose ratio to the raw script is what importing click alone costs. Also
``usm-kb info``. Each ratio is taken pair by pair
(the i-th run of each command ran side by side) and its median and range are printed.

Target (issue 19): ``usm-kb query NAME --format csv`` ≤ 1.5× the raw script, per query.

    python bench/bench_cli.py [--runs 7] [--all | --queries a,b,c]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from harness import build_cache, here, interleave, machine, ratios, spread, usm_kb_command

# A spread of shapes: tiny lookup, mid-size join, the largest answer, a parameterised one.
DEFAULT_QUERIES = {
    "processes": {},
    "call-type-routing": {},
    "framework-practices-by-process": {"framework": "itil4"},
    "framework-overlap": {"framework_a": "itil4", "framework_b": "cobit2019"},
    "largest-share-per-process": {"framework": "cobit2019"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--all", action="store_true", help="every named query")
    parser.add_argument("--queries", default="", help="comma-separated names")
    args = parser.parse_args()

    from usm_kb.data_root import default_data_root
    from usm_kb.store import KnowledgeBase

    exe, py = usm_kb_command(), sys.executable
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        build_cache(exe, cache)
        kb = KnowledgeBase.open(default_data_root(), cache, reason=False)
        wanted = dict(DEFAULT_QUERIES)
        if args.all:
            wanted = {name: {} for name in kb.named_queries()}
        elif args.queries:
            wanted = {name: DEFAULT_QUERIES.get(name, {}) for name in args.queries.split(",")}
        floor = interleave(
            {
                "python -c pass": [py, "-c", "pass"],
                "usm-kb info": [exe, "--cache", str(cache), "info"],
            },
            runs=args.runs,
        )
        print(f"python -c pass            {spread([s.wall for s in floor['python -c pass']])}")
        print(f"usm-kb info               {spread([s.wall for s in floor['usm-kb info']])}")
        print(
            f"\n{'named query (csv)':28} {'usm-kb query':>26} {'raw script':>26} "
            f"{'ratio (pairwise)':>24} {'click floor / raw':>24}  peak MiB cli/raw"
        )
        medians = []
        for name, params in wanted.items():
            query = kb.get_named(name)
            params = {**query.example(), **params}
            text = Path(tmp) / f"{name}.rq"
            text.write_text(kb.bind_named(name, params), encoding="utf-8")
            cli = [exe, "--cache", str(cache), "query", name, "--format", "csv"]
            for key, value in params.items():
                cli += ["--param", f"{key}={value}"]
            raw = [py, str(here() / "floors" / "raw_query.py"), str(cache / "kb.nq"), str(text)]
            click = [py, str(here() / "floors" / "click_query.py"), *raw[2:]]
            got = interleave({"cli": cli, "raw": raw, "click": click}, runs=args.runs)
            pair = ratios(got["cli"], got["raw"])
            medians.append(statistics.median(pair))
            print(
                f"{name:28} {spread([s.wall for s in got['cli']]):>26} "
                f"{spread([s.wall for s in got['raw']]):>26} "
                f"{spread(pair, 'x', 2):>24} "
                f"{spread(ratios(got['click'], got['raw']), 'x', 2):>24}  "
                f"{statistics.median(s.peak_mib for s in got['cli']):.0f}/"
                f"{statistics.median(s.peak_mib for s in got['raw']):.0f}"
            )
        worst = max(medians)
        print(f"\nworst per-query median ratio {worst:.2f}x (target <= 1.5x per query)")


if __name__ == "__main__":
    main()
