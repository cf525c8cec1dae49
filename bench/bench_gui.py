"""Benchmarks of the window (a script that prints figures, not a test).

1. Start: a fresh process until the window's first paint with its report loaded, as
   ``gui.app.run_window`` does it (the window shows, then the data file opens into it),
   against a bare QMainWindow started the same way until its first paint, interleaved.
   Each start is bench/window_child.py, which imports nothing but what its start needs
   (the bare one PySide6 alone). Goal (issue 14): the sample's window ≤ 2.3 × the bare one.
2. A report whose 体检 finds 7,399 things (cases.large_report): from its data file opened
   to the first paint of the window with the report. Goal: ≤ 400 ms; the findings list
   may still be filling.
3. One edit → scores, audit and every view refreshed, on a report with 300 indicators
   (median ms). Goal: ≤ 16 ms.

    python bench/bench_gui.py [--runs 7] [--edits 40]

Runs headless (QT_QPA_PLATFORM=offscreen) unless --display is given.
"""

from __future__ import annotations

import argparse
import copy
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import window_child
from cases import large_report
from measure import PYTHON, Row, load_average, precompile, print_rows

CHILD = pathlib.Path(__file__).with_name("window_child.py")


def _start(kind: str, path: pathlib.Path, env: dict[str, str]) -> tuple[float, float]:
    """(ms from the process's start to its first paint that counts, ms from the data file
    opened to that paint)."""
    start = time.perf_counter()
    proc = subprocess.Popen([PYTHON, str(CHILD), kind, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    opened = None
    for line in proc.stdout:
        now = (time.perf_counter() - start) * 1000
        if line.strip() == window_child.OPENED:
            opened = now
        if line.strip() == window_child.PAINTED:
            proc.stdout.close()
            proc.wait()
            return now, now - (opened if opened is not None else 0)
    proc.wait()
    raise RuntimeError(f"{kind}: the window never painted")


def start_rows(runs: int, folder: pathlib.Path, env: dict[str, str]) -> list[Row]:
    from storage.sample import sample_report
    from storage.store import open_store

    paths = {"sample": folder / "sample.db", "findings": folder / "findings.db"}
    for name, report in (("sample", sample_report()), ("findings", large_report(300))):
        with open_store(paths[name]) as store:
            store.add(report)
    cases = {"bare": folder / "none.db", **paths}
    for kind, path in cases.items():  # warm the file cache
        _start("bare" if kind == "bare" else "window", path, env)
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in cases}
    for _ in range(runs):
        for kind, path in cases.items():
            times[kind].append(_start("bare" if kind == "bare" else "window", path, env))
    bare, sample, findings = (statistics.median(t[0] for t in times[k]) for k in ("bare", "sample", "findings"))
    after_open = statistics.median(t[1] for t in times["findings"])
    return [
        Row("window with the sample loaded, first paint ÷ bare QMainWindow", sample / bare, "×", 2.3,
            f"{sample:.0f} ms ÷ {bare:.0f} ms"),
        Row("report of 7,399 findings: data file opened → first paint", after_open, "ms", 400,
            f"{findings:.0f} ms from the process's start"),
    ]


def edit_rows(edits: int, folder: pathlib.Path) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from storage.sample import sample_report
    from storage.store import open_store
    from storage.workspace import Workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    report = sample_report()
    base = report.indicators
    report.indicators = [copy.deepcopy(base[i % len(base)]) for i in range(300)]
    for i, indicator in enumerate(report.indicators):
        indicator.name = f"{indicator.name}{i}"
    path = folder / "edit.db"
    with open_store(path) as store:
        store.add(report)
    window = MainWindow(Workspace(open_store(path)))
    window.resize(1280, 760)
    window.show()
    window.tabs.setCurrentIndex(2)
    app.processEvents()
    binder = window.pages["funds"].binder
    model = window.pages["targets"].model  # type: ignore[attr-defined]

    def timed(action: Callable[[int], object]) -> float:
        samples = []
        for i in range(edits):
            start = time.perf_counter()
            action(i)
            samples.append((time.perf_counter() - start) * 1000)
            app.processEvents()  # paint and autosave happen outside the measured edit
        return statistics.median(samples)

    def with_paint(i: int) -> None:
        model.setData(model.index(i % 20, 4), f"{i % 9 + 1}次")
        app.processEvents()

    rows = [
        Row("one edit, 300 indicators: money cell (资金使用)",
            timed(lambda i: binder.set_text("funds.total.executed", str(20 + i % 20))), "ms", 16),
        Row("one edit, 300 indicators: indicator actual (绩效目标)",
            timed(lambda i: model.setData(model.index(i % 300, 4), f"{i % 9 + 1}次")), "ms", 16),
        Row("one edit, 300 indicators: indicator actual incl. repaint", timed(with_paint), "ms", None),
    ]
    window.save_now()
    window.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--display", action="store_true", help="use $DISPLAY instead of offscreen")
    args = parser.parse_args()
    precompile()
    if not args.display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        os.environ["ZEPING_HOME"] = str(folder / "home")
        print_rows("window", start_rows(args.runs, folder, dict(os.environ)), args.runs)
        rows = edit_rows(args.edits, folder)
        print(f"edits — medians of {args.edits} edits in one process, {load_average()}")
        for row in rows:
            print(row.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
