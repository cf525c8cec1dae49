"""Every row of the speed goals (issue 14) measured in one run, each with its goal.

The PDF export (bench_pdf), the window (bench_gui) and the command line (bench_core), as
fresh processes interleaved with what they are compared with; then the table, one row a
line: what, the figure, the goal, ok or MISSED.

    python bench/bench_all.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_core
import bench_gui
import bench_pdf
from measure import Row, precompile, print_rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    precompile()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        os.environ["ZEPING_HOME"] = str(folder / "home")
        for name, part in (("pdf", bench_pdf.goal_rows), ("core", bench_core.goal_rows)):
            (folder / name).mkdir()
            rows += part(runs, folder / name)
        (folder / "gui").mkdir()
        rows += bench_gui.start_rows(runs, folder / "gui", dict(os.environ))
    print_rows("speed goals (issue 14)", rows, runs)


if __name__ == "__main__":
    main()
