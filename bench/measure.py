"""Timing whole processes for the benchmarks, as the clerk meets them: every command and
every window start is a new process (cold), so the figures are of fresh processes.

Cases compared by a ratio are run interleaved (A, B, A, B …), so that both see the same
load on a shared machine; each figure is a median. The peak resident memory comes from
the kernel (``os.wait4``: the largest resident set of the process). Every report starts
with the load average, to judge how far the figures can be trusted.
"""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# What the PDF export is measured against: Python with reportlab's layout and TrueType
# modules imported, which any reportlab program needs.
PDF_FLOOR = [PYTHON, "-c", "import reportlab.platypus, reportlab.pdfbase.ttfonts"]
PYTHON_FLOOR = [PYTHON, "-c", "pass"]


@dataclass(frozen=True)
class Sample:
    """One process: wall time and CPU time in seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    peak_mb: float


@dataclass(frozen=True)
class Row:
    """One line of a benchmark's report: what was measured, the figure, the goal."""

    case: str
    value: float
    unit: str  # "×" for a ratio, "s", "ms", "MB", "KB"
    goal: float | None
    detail: str = ""

    def line(self) -> str:
        shown = f"{self.value:.2f} ×" if self.unit == "×" else f"{self.value:.0f} {self.unit}" \
            if self.unit in ("ms", "KB") else f"{self.value:.2f} {self.unit}"
        if self.goal is None:
            verdict = ""
        else:
            goal = f"{self.goal:g} ×" if self.unit == "×" else f"{self.goal:g} {self.unit}"
            verdict = f"goal ≤ {goal:>8}  {'ok' if self.value <= self.goal else 'MISSED'}"
        detail = f"  ({self.detail})" if self.detail else ""
        return f"  {self.case:58s} {shown:>10}   {verdict}{detail}"


def run(args: Sequence[str], env: Mapping[str, str] | None = None, ok: Sequence[int] = (0,)) -> Sample:
    """Run ``args`` to its end (its output discarded); SystemExit when its exit status
    is not one of ``ok``."""
    started = time.perf_counter()
    process = subprocess.Popen(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(env) if env is not None else None, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in ok:
        raise SystemExit(f"{' '.join(args)[:120]} failed ({process.returncode}): {errors.strip()[-400:]}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def interleaved(cases: Mapping[str, Sequence[str]], runs: int, env: Mapping[str, str] | None = None,
                ok: Mapping[str, Sequence[int]] | None = None) -> dict[str, list[Sample]]:
    """Each case ``runs`` times, in turn (after one unmeasured run each: the file cache);
    ``ok``: exit statuses that are no failure, by case (default 0)."""
    statuses = ok or {}
    for name, args in cases.items():
        run(args, env, statuses.get(name, (0,)))
    samples: dict[str, list[Sample]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, args in cases.items():
            samples[name].append(run(args, env, statuses.get(name, (0,))))
    return samples


def wall(samples: Sequence[Sample]) -> float:
    return statistics.median(s.wall for s in samples)


def peak(samples: Sequence[Sample]) -> float:
    return max(s.peak_mb for s in samples)


def ratio_row(label: str, samples: Mapping[str, Sequence[Sample]], case: str, base: str,
              goal: float | None) -> Row:
    """Median wall time of ``case`` ÷ that of ``base`` (both in the detail, with the ratio
    of CPU times, which a busy machine disturbs less)."""
    a, b = wall(samples[case]), wall(samples[base])
    cpu = statistics.median(s.cpu for s in samples[case]) / statistics.median(s.cpu for s in samples[base])
    return Row(label, a / b, "×", goal, f"{a * 1000:.0f} ms ÷ {b * 1000:.0f} ms; CPU time {cpu:.2f} ×")


def median_ms(func: Callable[[], object], runs: int) -> float:
    """Median milliseconds of ``func()`` in this process (warm: for the core's own work)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def print_rows(title: str, rows: Sequence[Row], runs: int) -> None:
    print(f"{title} — medians of {runs} fresh processes each, {load_average()}")
    for row in rows:
        print(row.line())


def precompile() -> None:
    """Compile the project's modules before timing whole processes.

    A user's copy runs from cached bytecode after its first start; this machine sets
    PYTHONDONTWRITEBYTECODE, so without this step every timed process would recompile
    the project (about 30 ms) while the floor it is compared with (site-packages) would not.
    """
    import py_compile

    sources = [ROOT / "main.py"] + [p for d in ("model", "storage", "gui") for p in sorted((ROOT / d).rglob("*.py"))]
    for source in sources:
        py_compile.compile(str(source), doraise=True)
