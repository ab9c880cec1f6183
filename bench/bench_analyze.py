"""`usm-kb analyze` (and `report`, where it exists) on a workspace folder, whole processes.

For each size (default 1k and 10k local practices; ``--sizes 1000,10000,100000`` for more), a
synthetic workspace folder (``workspace_folder_gen.py``: activities and other kinds, teams,
one or two rows per placed practice, some overlaps) is written, then:

1. **first run**: ``usm-kb analyze coverage`` with the workspace not yet compiled — reading
   and checking its files, compiling its graphs beside the KB (cached), the coverage — timed
   ``--compile-runs`` times, the compiled workspace removed before each;
2. **warm runs**: every analysis the installed ``usm-kb analyze --help`` offers, ``usm-kb
   report`` when ``usm-kb --help`` lists it, and two floors ``floors/raw_analyze.py`` (raw
   pyoxigraph running the same SELECTs and reading every row: once loading ``kb.nq`` and the
   compiled workspace's graphs (``workspace.nq``, written for it here) into memory, once
   opening the compiled store on disk read-only as usm-kb does), interleaved after a warm-up.

Wall time and peak resident memory come from ``os.wait4`` of each child (``harness.py``);
growth compares each size's medians with the previous size's.

Targets (issue 16): 10k ≤ 10 s; peak ≤ 1 GiB at 100k; growth close to linear.

    python bench/bench_analyze.py [--runs 3] [--compile-runs 1] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from harness import Sample, build_cache, here, interleave, machine, run_once, spread, usm_kb_command
from usm_kb.analysis.facts import LOCAL_ACTIVITIES, LOCAL_PLACEMENTS, PROCESS_LIST
from usm_kb.cli.analyze import ANALYSES
from usm_kb.cli.main import COMMANDS
from usm_kb.namespaces import sparql_prologue
from usm_kb.workspace.artefact import read_compiled
from usm_kb.workspace.nquads import workspace_nquads
from workspace_folder_gen import write_workspace

FIRST = "first run (compile + coverage)"
# The analyses that need arguments: a framework to compare with, a practice to retire.
ARGS = {"compare": ["--against", "itil4"], "what-if": ["--retire", "P-000001"]}


def available() -> tuple[list[str], bool]:
    """The analyses ``usm-kb analyze`` offers and whether ``usm-kb report`` exists."""
    return list(ANALYSES), "report" in COMMANDS


def floor_queries(path: Path) -> None:
    """The analyses' SELECTs with their prologue, for the floor script."""
    prologue = sparql_prologue()
    texts = [prologue + q for q in (LOCAL_ACTIVITIES, PROCESS_LIST, LOCAL_PLACEMENTS)]
    path.write_text("\n#---\n".join(texts), encoding="utf-8")


def first_runs(base: list[str], cache: Path, count: int) -> list[Sample]:
    """*count* runs of ``analyze coverage``, each with the compiled workspaces removed."""
    samples = []
    for _ in range(count):
        shutil.rmtree(cache / "workspaces", ignore_errors=True)
        sample = run_once([*base, "analyze", "coverage", "--format", "json"])
        if sample.returncode != 0:
            raise SystemExit(f"first run exited {sample.returncode}: {' '.join(base)}")
        samples.append(sample)
    return samples


def nquads_of(folder: Path) -> Path:
    """The compiled workspace's graphs as N-Quads (written on demand, as ``publish`` does)."""
    manifest = read_compiled(folder, folder.name)
    if manifest is None:
        raise SystemExit(f"{folder} is not a whole compiled workspace")
    return workspace_nquads(folder, manifest)


def row(size: str, name: str, samples: list[Sample], growth: str) -> str:
    peak = max(s.peak_mib for s in samples)
    walls = [s.wall for s in samples]
    return f"{size:>9}  {name:<32} {spread(walls):>28} {peak:>9.0f}  {growth}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--compile-runs", type=int, default=1)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated practice counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    exe = usm_kb_command()
    analyses, has_report = available()
    print(machine())
    print(f"analyses offered by usm-kb analyze: {', '.join(analyses) or 'none'}")
    if not has_report:
        print("note: this usm-kb has no 'report' command; report runs skipped")
    print(f"{'practices':>9}  {'command':<32} {'wall median (range)':>28} {'peak MiB':>9}  growth")
    previous: dict[str, tuple[int, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        build_cache(exe, cache)
        run_once([exe, "--cache", str(cache), "info"])  # the KB's own one-off caches
        queries = Path(tmp) / "queries.rq"
        floor_queries(queries)
        for size in sizes:
            folder = Path(tmp) / f"ws-{size}"
            write_workspace(size, folder)
            base = [exe, "--no-reason", "--cache", str(cache), "--workspace", str(folder)]
            got = {FIRST: first_runs(base, cache, args.compile_runs)}
            compiled = nquads_of(next((cache / "workspaces").glob("*/workspace.json")).parent)
            commands = {f"analyze {a}": [*base, "analyze", a, *ARGS.get(a, [])] for a in analyses}
            if has_report:
                commands["report"] = [*base, "report", "-o", str(Path(tmp) / "report.html")]
            floor = [sys.executable, str(here() / "floors" / "raw_analyze.py")]
            commands["floor: raw pyoxigraph, in memory"] = [
                *floor,
                str(cache / "kb.nq"),
                str(compiled),
                str(queries),
            ]
            commands["floor: raw pyoxigraph, on disk"] = [
                *floor,
                "--store",
                str(compiled.parent / "store"),
                str(queries),
            ]
            got.update(interleave(commands, runs=args.runs, warmup=1 if size <= 10_000 else 0))
            for name, samples in got.items():
                failed = [s.returncode for s in samples if s.returncode != 0]
                if failed:
                    sys.exit(f"{name} at {size} practices exited {failed[0]}: not timed")
                med = statistics.median(s.wall for s in samples)
                peak = max(s.peak_mib for s in samples)
                growth = ""
                if name in previous:
                    last_size, last_med, last_peak = previous[name]
                    growth = (
                        f"time x{med / last_med:.1f}, peak x{peak / last_peak:.1f} "
                        f"for x{size / last_size:.0f} practices"
                    )
                print(row(str(size), name, samples, growth))
                previous[name] = (size, med, peak)
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
