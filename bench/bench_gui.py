"""Benchmarks of the window (a script that prints figures, not a test).

1. Process start → window shown: separate processes, median of several runs, against a
   bare QMainWindow started the same way in the same run. Goal: ≤ 2× the bare start.
2. One edit → scores, audit and every view refreshed, on a report with 300 indicators
   (median ms). Goal: ≤ 16 ms.

    python bench/bench_gui.py [--runs 7] [--edits 40]

Runs headless (QT_QPA_PLATFORM=offscreen) unless a display is set and --display is given.
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

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from precompile import precompile  # noqa: E402

MARK = "SHOWN"  # the window is shown with its report (bare: the window is shown)
SHOWN_EMPTY = "FRAME"  # the window frame is shown, its data file not yet opened


def _child(kind: str, path: str) -> None:
    """Runs in a fresh process: start, show, print the mark once the window is exposed."""
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    def done() -> None:
        print(MARK, flush=True)
        window.close()
        app.quit()

    if kind == "bare":
        window = QMainWindow()
        window.resize(1280, 760)
        window.show()
        QTimer.singleShot(0, done)  # after the first show has been processed
    else:
        # As gui.app.run_window does it: show the window, then open the file into it.
        from gui.app import ensure_cjk_font, install_qt_translation
        from gui.main_window import MainWindow

        ensure_cjk_font(app)
        install_qt_translation(app)
        window = MainWindow(None)
        window.show()

        def attach() -> None:
            print(SHOWN_EMPTY, flush=True)
            from storage.store import open_store

            window.attach_store(open_store(path))
            QTimer.singleShot(0, done)

        QTimer.singleShot(0, attach)
    app.exec()


def _start_ms(kind: str, path: str, env: dict[str, str]) -> tuple[float, float]:
    """(ms to the window frame shown, ms to the window shown with its report)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, path],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )
    assert proc.stdout is not None
    frame = None
    for line in proc.stdout:
        now = (time.perf_counter() - start) * 1000
        if line.strip() == SHOWN_EMPTY:
            frame = now
        if line.strip() == MARK:
            elapsed = now
            break
    else:
        raise RuntimeError(f"{kind} window never showed")
    proc.wait()
    return (frame if frame is not None else elapsed), elapsed


def bench_start(runs: int, folder: pathlib.Path, env: dict[str, str]) -> tuple[float, float, float]:
    from storage.sample import sample_report
    from storage.store import open_store

    path = folder / "start.db"
    with open_store(path) as store:
        store.add(sample_report())
    frame, window, bare = [], [], []
    _start_ms("bare", str(path), env)  # warm the file cache
    _start_ms("window", str(path), env)
    for _ in range(runs):
        bare.append(_start_ms("bare", str(path), env)[1])
        shown, loaded = _start_ms("window", str(path), env)
        frame.append(shown)
        window.append(loaded)
    return statistics.median(frame), statistics.median(window), statistics.median(bare)


def bench_edit(edits: int, folder: pathlib.Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow
    from storage.sample import sample_report
    from storage.store import open_store

    app = QApplication.instance() or QApplication(sys.argv[:1])
    report = sample_report()
    base = report.indicators
    report.indicators = [copy.deepcopy(base[i % len(base)]) for i in range(300)]
    for i, indicator in enumerate(report.indicators):
        indicator.name = f"{indicator.name}{i}"
    path = folder / "edit.db"
    with open_store(path) as store:
        report_id = store.add(report)
    window = MainWindow(open_store(path))
    window.resize(1280, 760)
    window.show()
    window.tabs.setCurrentIndex(2)
    app.processEvents()
    results: dict[str, float] = {}
    binder = window.pages["funds"].binder
    targets = window.pages["targets"]
    model = targets.model  # type: ignore[attr-defined]

    def timed(action) -> float:
        samples = []
        for i in range(edits):
            start = time.perf_counter()
            action(i)
            samples.append((time.perf_counter() - start) * 1000)
            app.processEvents()  # paint and autosave happen outside the measured edit
        return statistics.median(samples)

    results["money cell (资金使用)"] = timed(lambda i: binder.set_text("funds.total.executed", str(20 + i % 20)))
    results["indicator actual (绩效目标)"] = timed(lambda i: model.setData(model.index(i % 300, 4), f"{i % 9 + 1}次"))

    def with_paint(i: int) -> None:
        model.setData(model.index(i % 20, 4), f"{i % 9 + 1}次")
        app.processEvents()

    results["indicator actual incl. repaint"] = timed(with_paint)
    window.save_now()
    window.close()
    assert report_id
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--display", action="store_true", help="use $DISPLAY instead of offscreen")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    precompile()
    if not args.display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        env = dict(os.environ, ZEPING_HOME=str(folder / "home"))
        os.environ["ZEPING_HOME"] = env["ZEPING_HOME"]
        frame_ms, window_ms, bare_ms = bench_start(args.runs, folder, env)
        print(f"start → shown, median of {args.runs} processes each: bare QMainWindow {bare_ms:.0f} ms; "
              f"window shown {frame_ms:.0f} ms (ratio {frame_ms / bare_ms:.2f}, goal ≤ 2.00); "
              f"window with its report loaded {window_ms:.0f} ms (ratio {window_ms / bare_ms:.2f})")
        for name, ms in bench_edit(args.edits, folder).items():
            print(f"one edit → scores + audit + views, 300 indicators, {name}: median {ms:.1f} ms (goal ≤ 16)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
