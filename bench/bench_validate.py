"""`usm-kb validate` of an improvement team's workspace, as users run it, against pyshacl alone.

For each size (default 1k and 10k local practices; add 100000 with --sizes), a synthetic
workspace (``workspace_gen.py``) is written as Turtle, then two commands run in turn after a
warm-up: ``usm-kb validate WORKSPACE.ttl --format json`` (the whole process: start, parse,
the KB sources, Core shapes in pyshacl, SPARQL constraints in Oxigraph, the report) and
``floors/pyshacl_core.py`` (one pyshacl Core validation of the same workspace with the
ontology, timed inside its process: the SHACL work itself). The ratio is usm-kb's whole
process over pyshacl's core seconds, pair by pair. The machine is shared, so the same ratio
is also given in CPU seconds (usm-kb's whole process, its forked child included, over the
floor's CPU seconds in pyshacl): other work on the machine stretches wall times, not these.
Peak memory is the kernel's maximum resident set of each usm-kb process; growth compares
each size with the previous one.

Targets (issue 19): 10k ≤ 1.3× pyshacl core; 100k ≤ 10× the 10k time, peak ≤ 1.5 GiB.

    python bench/bench_validate.py [--runs 3] [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from harness import build_cache, here, interleave, machine, spread, usm_kb_command
from workspace_gen import workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    exe = usm_kb_command()
    print(machine())
    print(
        f"{'practices':>9} {'triples':>8} {'usm-kb validate (process)':>28} "
        f"{'pyshacl core':>24} {'ratio (pairwise)':>22} {'CPU ratio':>22} {'peak MiB':>9} growth"
    )
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        build_cache(exe, cache)
        for size in args.sizes:
            data = workspace(size)
            path = Path(tmp) / f"workspace-{size}.ttl"
            data.serialize(path, format="turtle")
            got = interleave(
                {
                    "usm-kb": [
                        exe,
                        "--cache",
                        str(cache),
                        "validate",
                        str(path),
                        "--format",
                        "json",
                    ],
                    "pyshacl": [
                        sys.executable,
                        str(here() / "floors" / "pyshacl_core.py"),
                        str(path),
                    ],
                },
                runs=args.runs,
                warmup=1 if size <= 10_000 else 0,
                ok_codes=(0, 1),  # 1: the workspace has violations, as generated
                capture=True,
            )
            ours = [s.wall for s in got["usm-kb"]]
            floor = [s.output.strip().splitlines()[-1].split() for s in got["pyshacl"]]
            core = [float(wall) for wall, _cpu in floor]
            pair = [a / b for a, b in zip(ours, core, strict=True)]
            cpu = [s.cpu / float(c) for s, (_w, c) in zip(got["usm-kb"], floor, strict=True)]
            med = statistics.median(ours)
            growth = ""
            if previous is not None:
                growth = f"x{med / previous[1]:.1f} for x{size / previous[0]:.0f} data"
            peak = max(s.peak_mib for s in got["usm-kb"])
            print(
                f"{size:>9} {len(data):>8} {spread(ours):>28} {spread(core):>24} "
                f"{spread(pair, 'x', 2):>22} {spread(cpu, 'x', 2):>22} {peak:>9.0f} {growth}"
            )
            previous = (size, med)


if __name__ == "__main__":
    main()
