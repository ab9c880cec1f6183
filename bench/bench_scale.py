"""Issue 18's scale bench: a realistic workspace at 1k / 10k / 100k practices, every step.

For each size a workspace folder is written (``workspace_folder.py``: practices of several
kinds with teams and triggers, mappings, an organisation with team domains, WIF workflows)
and these are measured, each as users run it:

- compile: ``usm-kb info`` on a copy of the compiled KB's cache, so the workspace is compiled
  (its first open);
- publish: ``usm-kb publish --store`` to an ``oxigraph serve`` the bench starts on loopback:
  the first publish (KB and workspace), again with nothing changed (nothing is sent), and
  after an edit (the workspace with one practice more, then the original again);
- validate: ``usm-kb validate`` of the workspace;
- analyze coverage / gaps / overlap / backlog: embedded and ``--store``, interleaved;
- the named-query suite in-process (``KnowledgeBase.run_named``) on both, beside two floors:
  raw pyoxigraph on the same quads and a raw HTTP POST of the same text to the server;
- explorer pages: ``usm-kb serve`` and ``serve --store``, p50 / p95;
- many workspaces (``--many 10 100``): that many small workspaces published to one server.

Whole processes go through the harness (warm-up, interleaved, median and range, peak RSS
from ``os.wait4``). A step whose warm-up shows that its runs would exceed ``--budget``
seconds reports the warm-up run alone. Growth factors between sizes close the output.

    python bench/bench_scale.py [--sizes 1000 10000] [--big] [--runs 3] [--many 10]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from harness import build_cache, machine, run_once, usm_kb_command
from scale_steps import Row, compile_row, named_suite, pages, peak_mib, processes, serve
from workspace_folder import write_workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sparql_server import OxigraphServer, free_port, oxigraph_command
from usm_kb.settings import Settings
from usm_kb.store import KnowledgeBase
from usm_kb.store.remote.backend import SparqlBackend
from usm_kb.workspace.config import load_workspace

ANALYSES = ("coverage", "gaps", "overlap", "backlog")
PAGES = ["/", "/id/process/recover", "/search?q=servers", "/framework/itil4/ITIL4-5.2.5"]
STEPS = ("compile", "publish", "validate", "analyze", "suite", "pages")


def main() -> None:
    """Run the bench and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--big", action="store_true", help="add 100,000 practices")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=600, help="seconds per step")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--many", type=int, nargs="*", default=[10])
    parser.add_argument("--many-size", type=int, default=200)
    parser.add_argument(
        "--embedded-only", action="store_true", help="no server side (no publish, suite, pages)"
    )
    args = parser.parse_args()
    sizes = [*args.sizes, *([100_000] if args.big else [])]
    command = oxigraph_command()
    if command is None:
        sys.exit("the oxigraph command is missing: pip install 'usm-kb[server]'")
    exe = usm_kb_command()
    print(machine())
    medians: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "base-cache"
        build_cache(exe, base)
        # no query time limit: a 100k query may take long; and the server's --timeout-s also
        # closes idle keep-alive connections, which the raw-POST floor holds open
        server = OxigraphServer(tmp / "db", command, query_timeout_s=None).start()
        try:
            for size in sizes:
                print(f"\n## {size:,} practices\n")
                medians[size] = one_size(exe, tmp, base, server, size, args)
            for count in args.many:
                many(exe, tmp, base, server, count, args.many_size)
            assert server.process is not None
            print(f"\noxigraph serve peak RSS: {peak_mib(server.process.pid):.0f} MiB")
        finally:
            server.stop()
    growth(medians)


def one_size(
    exe: str, tmp: Path, base: Path, server: OxigraphServer, size: int, args: argparse.Namespace
) -> dict[str, float]:
    ws = write_workspace(tmp / f"ws-{size}", size, name=f"Bench {size}")
    cache = tmp / f"cache-{size}"
    shutil.copytree(base, cache)
    common = [exe, "--cache", str(cache), "--no-reason", "--workspace", str(ws)]
    remote = [*common, "--store", server.store]
    local = args.embedded_only
    if run_once([*common, "info"]).returncode:
        raise SystemExit(f"the {size} workspace did not compile")
    rows: list[Row] = []
    runs, budget = args.runs, args.budget
    print("| step | times: median (range), peak RSS |\n|---|---|")
    if not local:
        first = run_once([*remote, "publish"])
        if first.returncode:
            raise SystemExit(f"the {size} workspace did not publish")
        rows.append(Row("publish (first, KB and workspace)", {"server": [first.wall]}, {}))
        print(rows[-1].render(), flush=True)
    if "publish" in args.steps and not local:
        rows.append(edited_publish(exe, tmp, cache, ws, server, size))
        print(rows[-1].render(), flush=True)
    if "compile" in args.steps:
        rows.append(compile_row(exe, base, ws, tmp / "scratch", runs, budget))
        print(rows[-1].render(), flush=True)
    steps: list[tuple[str, dict[str, list[str]], tuple[int, ...]]] = []
    if "publish" in args.steps and not local:
        steps.append(("publish again (nothing changed)", {"server": [*remote, "publish"]}, (0,)))
    if "validate" in args.steps:
        steps.append(("validate", {"embedded": [*common, "validate"]}, (0, 1)))
    if "analyze" in args.steps:
        for name in ANALYSES:
            sides = {"embedded": [*common, "analyze", name], "server": [*remote, "analyze", name]}
            if local:
                del sides["server"]
            steps.append((f"analyze {name}", sides, (0, 1)))
    for step, commands, ok in steps:
        rows.append(processes(step, commands, runs, ok, budget))
        print(rows[-1].render(), flush=True)
    found = {
        f"{r.step.split(' (1 run')[0]}/{side}": r.median(side) for r in rows for side in r.cells
    }
    if "suite" in args.steps and not local:
        found.update(suite(ws, cache, server, runs))
    if "pages" in args.steps and not local:
        page_table(exe, common, remote, runs)
    return found


def edited_publish(
    exe: str, tmp: Path, cache: Path, ws: Path, server: OxigraphServer, size: int
) -> Row:
    """Publish the workspace with one practice more (compiled first), then the original again.

    Both replace a workspace the server serves: its graphs are staged and moved in.
    """
    edited = write_workspace(tmp / f"ws-{size}-edited", size + 1, name=f"Bench {size}")
    times = []
    for folder in (edited, ws):
        argv = [exe, "--cache", str(cache), "--no-reason", "--workspace", str(folder)]
        if run_once([*argv, "info"]).returncode:
            raise SystemExit(f"{folder} did not compile")
        sample = run_once([*argv, "--store", server.store, "publish"])
        if sample.returncode:
            raise SystemExit(f"{folder} did not publish")
        times.append(sample.wall)
    return Row("publish after an edit (one practice more, then back)", {"server": times}, {})


def suite(ws: Path, cache: Path, server: OxigraphServer, runs: int) -> dict[str, float]:
    workspace = load_workspace(ws)
    kbs = {
        side: KnowledgeBase.open(
            cache_dir=cache,
            # no time limit that a 100k query could reach (the default store timeout is 30 s)
            settings=Settings(store=store, sparql_workers=0, reason=False, store_timeout=3600),
            workspace=workspace,
        )
        for side, store in (("embedded", "embedded"), ("server", server.store))
    }
    raw = ox.Store()
    raw.extend(kbs["embedded"].quads())
    remote = kbs["server"].backend
    assert isinstance(remote, SparqlBackend)
    print(f"\nnamed queries in-process, {len(raw)} quads; {runs} rounds after a warm-up\n")
    lines, totals = named_suite(kbs, raw, remote, runs)
    print("\n".join(lines), flush=True)
    for kb in kbs.values():
        kb.close()
    return {f"suite/{side}": value for side, value in totals.items()}


def page_table(exe: str, common: list[str], remote: list[str], runs: int) -> None:
    ports = {"embedded": free_port(), "server": free_port()}
    children = {}
    started = time.perf_counter()
    try:
        for side, argv in (("embedded", common), ("server", remote)):
            children[side] = serve(exe, argv[1:], ports[side])
        print(
            f"\nexplorer pages ({max(10, runs * 5)} GETs each; servers up in "
            f"{time.perf_counter() - started:.1f} s)\n"
        )
        print("\n".join(pages(ports, PAGES, max(10, runs * 5))))
        print(
            "serve peak RSS: "
            + ", ".join(f"{side} {peak_mib(child.pid):.0f} MiB" for side, child in children.items())
        )
    finally:
        for child in children.values():
            child.terminate()
            child.wait(30)


def many(exe: str, tmp: Path, base: Path, server: OxigraphServer, count: int, size: int) -> None:
    """*count* workspaces of *size* practices, each published to the same server."""
    cache = tmp / f"cache-many-{count}"
    shutil.copytree(base, cache)
    times: list[float] = []
    peaks: list[float] = []
    for i in range(count):
        ws = write_workspace(tmp / f"many-{count}" / f"ws-{i}", size, name=f"Team {count}-{i}")
        argv = [exe, "--cache", str(cache), "--no-reason", "--workspace", str(ws)]
        run_once([*argv, "info"])  # compiled first: publish is what is timed
        sample = run_once([*argv, "--store", server.store, "publish"])
        if sample.returncode:
            raise SystemExit(f"publishing workspace {i} of {count} failed")
        times.append(sample.wall)
        peaks.append(sample.peak_mib)
    tail = times[-max(1, count // 10) :]
    print(
        f"\n{count} workspaces of {size} practices published to one server: publish "
        f"median {statistics.median(times):.2f} s (first {times[0]:.2f} s, last tenth median "
        f"{statistics.median(tail):.2f} s), total {sum(times):.1f} s, peak {max(peaks):.0f} MiB"
    )


def growth(medians: dict[int, dict[str, float]]) -> None:
    sizes = sorted(medians)
    if len(sizes) < 2:
        return
    print("\n## growth factors (median time at the larger size / at the smaller)\n")
    pairs = list(itertools.pairwise(sizes))
    print("| step | " + " | ".join(f"{a:,} → {b:,}" for a, b in pairs) + " |")
    print("|---|" + "---|" * len(pairs))
    for key in medians[sizes[0]]:
        cells = [
            f"{medians[b][key] / medians[a][key]:.1f}×" if key in medians[b] else "—"
            for a, b in pairs
        ]
        print(f"| {key} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
