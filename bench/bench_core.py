"""Benchmark the command line and the headless core.

Whole processes first, as the clerk runs them (a fresh process every time, interleaved
with the floor ``python -c pass``): ``list``, ``check`` and ``export --json`` of the
sample (goal, issue 14: ``check`` and ``list`` ≤ 3.5 × the floor), and ``import`` into a
new data file each time. Then, for reference, the core's own work inside one warm process
(parse, import, check, score + audit, export) for the sample and a 300-indicator report;
the import goes into a new data file each run, so no run measures a bigger file.

    python bench/bench_core.py [--runs N]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import large_report
from measure import PYTHON, PYTHON_FLOOR, ROOT, Row, interleaved, median_ms, precompile, print_rows, ratio_row, run, wall

from model.audit import audit
from model.scoring import score_report
from storage.interchange import dumps, loads
from storage.rulesets import load_ruleset
from storage.sample import sample_report
from storage.store import open_store

SAMPLE_JSON = ROOT / "resources" / "sample" / "2022-kepu.json"
MAIN = str(ROOT / "main.py")


def goal_rows(runs: int, folder: pathlib.Path) -> list[Row]:
    """check and list ÷ python -c pass (cold processes), and export --json, import for reference."""
    db = folder / "cli.db"
    run([PYTHON, MAIN, "import", str(db), str(SAMPLE_JSON)])
    out = folder / "out.json"
    samples = interleaved({
        "floor": PYTHON_FLOOR,
        "check": [PYTHON, MAIN, "check", str(db), "1"],
        "list": [PYTHON, MAIN, "list", str(db)],
        "export": [PYTHON, MAIN, "export", str(db), "1", "--json", str(out)],
    }, runs, ok={"check": (0, 1)})  # check: 1 when the report has error findings (the sample has)
    imports = []
    for number in range(runs):
        imports.append(run([PYTHON, MAIN, "import", str(folder / f"import{number}.db"), str(SAMPLE_JSON)]))
    rows = []
    for case, label, goal in (("check", "main.py check (sample) ÷ python -c pass", 3.5),
                              ("list", "main.py list ÷ python -c pass", 3.5),
                              ("export", "main.py export --json (sample) ÷ python -c pass", None)):
        rows.append(ratio_row(label, samples, case, "floor", goal))
    rows.append(Row("main.py import (sample, into a new data file)", wall(imports) * 1000, "ms", None))
    return rows


def warm_rows(runs: int, folder: pathlib.Path) -> None:
    """The core's own work in one process (imports done, caches warm)."""
    for name, report in (("sample", sample_report()), ("300 indicators", large_report())):
        text = dumps(report)
        ruleset = load_ruleset(report.ruleset)
        with open_store(folder / f"warm-{len(text)}.db") as store:
            report_id = store.add(report)
            fresh = iter(range(runs))

            def import_fresh() -> None:
                with open_store(folder / f"fresh-{len(text)}-{next(fresh)}.db") as target:
                    target.add(loads(text))

            def check() -> None:
                loaded = store.load(report_id)
                audit(loaded, ruleset, score_report(loaded, ruleset))

            figures = [
                ("parse JSON", median_ms(lambda: loads(text), runs)),
                ("import (parse + store, a new file)", median_ms(import_fresh, runs)),
                ("check (load + score + audit)", median_ms(check, runs)),
                ("score + audit only", median_ms(lambda: audit(report, ruleset, score_report(report, ruleset)), runs)),
                ("export json (load + dump)", median_ms(lambda: dumps(store.load(report_id)), runs)),
            ]
        print(f"in one warm process, {name}: {len(text.encode()) / 1024:.0f} KB of JSON, medians of {runs} runs")
        for label, ms in figures:
            print(f"  {label:40s} {ms:8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    runs = parser.parse_args().runs
    precompile()
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        print_rows("command line", goal_rows(runs, folder), runs)
        warm_rows(runs, folder)


if __name__ == "__main__":
    main()
