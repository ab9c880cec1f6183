"""Whole-process timing for the benches: A/B interleaved, warm-up, medians and ranges.

Every bench in this folder times what users run — a whole ``usm-kb`` process, a real server —
against a floor measured in the same run (``python -c pass``, a minimal raw pyoxigraph or
pyshacl script). Commands run in turn (A B A B …) after a warm-up, so drift of a shared
machine enters both sides alike, and each ratio is taken pair by pair before its median is
quoted. Wall and CPU seconds and peak memory come from the kernel's accounting of each
finished child (``os.wait4``), not from sampling.
"""

from __future__ import annotations

import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    """One finished run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mib: float  # the child's maximum resident set size
    returncode: int
    output: str = ""  # stdout, when asked for


def run_once(
    argv: Sequence[str], env: Mapping[str, str] | None = None, capture: bool = False
) -> Sample:
    """Run *argv* to completion and return what it cost (stdout kept only if *capture*).

    The peak comes from ``peak.py``, a small launcher: started from this process directly, a
    command would report this process's memory as its own peak (Linux keeps the high-water
    mark across ``exec``). Wall and CPU time include the launcher's start (~15 ms).
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        launcher = [sys.executable, "-I", "-S", str(here() / "peak.py"), peak.name]
        start = time.perf_counter()
        child = subprocess.Popen(
            [*launcher, *argv],
            stdout=out if capture else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        text = out.read().decode("utf-8", "replace") if capture else ""
        written = peak.read().strip()
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mib=int(written) / 1024 if written else 0.0,
        returncode=child.returncode,
        output=text,
    )


def interleave(
    commands: Mapping[str, Sequence[str]],
    runs: int = 7,
    warmup: int = 1,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    capture: bool = False,
) -> dict[str, list[Sample]]:
    """Run every command *warmup* times uncounted, then *runs* rounds of all in turn."""
    for _ in range(warmup):
        for argv in commands.values():
            run_once(argv, env)
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            sample = run_once(argv, env, capture)
            if sample.returncode not in ok_codes:
                raise SystemExit(f"{name} exited {sample.returncode}: {' '.join(argv)}")
            samples[name].append(sample)
    return samples


def spread(values: Sequence[float], unit: str = "s", digits: int = 3) -> str:
    """``median (min–max)`` of *values*."""
    med, low, high = statistics.median(values), min(values), max(values)
    return f"{med:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


def ratios(a: Sequence[Sample], b: Sequence[Sample]) -> list[float]:
    """Wall-time ratios a/b, pair by pair (the i-th run of each was taken side by side)."""
    return [x.wall / y.wall for x, y in zip(a, b, strict=True)]


def machine() -> str:
    """One line about where and when the figures were taken (for docs/benchmarks.md)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.node() or 'host'} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · "
        f"load average before the run {load}"
    )


def here() -> Path:
    """The bench folder (for helper scripts run as separate processes)."""
    return Path(__file__).resolve().parent


def usm_kb_command() -> str:
    """The installed ``usm-kb`` executable (what users run), its package byte-compiled.

    ``pip install .`` byte-compiles the package; an editable install does not, and where
    ``PYTHONDONTWRITEBYTECODE`` is set (this bench machine sets it) every run would compile
    the whole package from source again — 0.3–0.4 s a start that no installed user pays. So
    the package is compiled here once, as the installer would (``__pycache__`` is ignored).
    """
    found = shutil.which("usm-kb")
    if not found:
        raise SystemExit("usm-kb is not on PATH: pip install -e . first")
    import usm_kb

    compileall.compile_dir(Path(usm_kb.__file__).parent, quiet=1)
    return found


def build_cache(exe: str, cache: Path) -> None:
    """Compile the shipped KB into *cache* with the command users run (no HermiT)."""
    subprocess.run(
        [exe, "--cache", str(cache), "build", "--no-reason"], check=True, capture_output=True
    )
