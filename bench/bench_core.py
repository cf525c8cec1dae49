"""Benchmark the headless core: import, check and export-json of the sample and of a
made-up large report (300 indicators, about 200 KB of text).

Prints medians. The goal (issue 2): the core's own work for `check` of the sample under
50 ms, interpreter start excluded. Also times whole CLI processes for reference.

    python bench/bench_core.py [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from precompile import precompile  # noqa: E402

sys.path.insert(0, str(ROOT))

from model.audit import audit  # noqa: E402
from model.report import Indicator, Report, Section  # noqa: E402
from model.scoring import score_report  # noqa: E402
from storage.interchange import dumps, loads  # noqa: E402
from storage.rulesets import load_ruleset  # noqa: E402
from storage.sample import sample_report  # noqa: E402
from storage.store import open_store  # noqa: E402


def large_report() -> Report:
    """The sample grown to 300 indicators and ~200 KB of narrative."""
    report = sample_report()
    rows = []
    forms = [("≥5次", "6次"), ("≤28万元", "30万元"), ("=100%", "98%"), ("逐年提升", "明显提升"), ("2022年12月31日前", "2022年11月1日")]
    levels = [("产出指标", "数量指标"), ("产出指标", "成本指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("产出指标", "时效指标")]
    for i in range(300):
        target, actual = forms[i % 5]
        level1, level2 = levels[i % 5]
        rows.append(Indicator(level1, level2, f"指标{i}", target, actual, Decimal("0.3"), None, "达成" if i % 5 == 3 else None, ""))
    paragraph = "今年区科协组织开展科普活动，下达预算资金28万元，到位率为100％，执行率为100%。" * 10
    sections = [Section(None, f"小节{i}", "\n".join([paragraph] * 4)) for i in range(60)]
    return dataclasses.replace(report, indicators=rows, sections=report.sections + sections)


def median_ms(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cli_ms(args: list[str], runs: int) -> float:
    def once() -> None:
        subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, check=False)

    return median_ms(once, runs)


def main() -> None:
    precompile()
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        db = pathlib.Path(tmp) / "bench.db"
        for name, report in (("sample", sample_report()), ("large (300 indicators)", large_report())):
            text = dumps(report)
            ruleset = load_ruleset(report.ruleset)
            with open_store(db) as store:
                report_id = store.add(report)

                def check() -> None:
                    loaded = store.load(report_id)
                    audit(loaded, ruleset, score_report(loaded, ruleset))

                rows = [
                    ("parse JSON", median_ms(lambda: loads(text), runs)),
                    ("import (parse + store)", median_ms(lambda: store.add(loads(text)), runs)),
                    ("check (load + score + audit)", median_ms(check, runs)),
                    ("score + audit only", median_ms(lambda: audit(report, ruleset, score_report(report, ruleset)), runs)),
                    ("export json (load + dump)", median_ms(lambda: dumps(store.load(report_id)), runs)),
                ]
            print(f"{name}: {len(text.encode()) / 1024:.0f} KB of JSON, medians of {runs} runs")
            for label, ms in rows:
                print(f"  {label:32s} {ms:8.2f} ms")
        sample_json = ROOT / "resources" / "sample" / "2022-kepu.json"
        cli_db = pathlib.Path(tmp) / "cli.db"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "import", str(cli_db), str(sample_json)], capture_output=True, check=True)
        process_runs = max(5, runs // 3)
        floor = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), process_runs)
        print(f"whole processes, medians of {process_runs} runs")
        print(f"  {'python -c pass (floor)':32s} {floor:8.2f} ms")
        print(f"  {'main.py check':32s} {cli_ms(['check', str(cli_db), '1'], process_runs):8.2f} ms")
        out = pathlib.Path(tmp) / "out.json"
        print(f"  {'main.py export --json':32s} {cli_ms(['export', str(cli_db), '1', '--json', str(out)], process_runs):8.2f} ms")


if __name__ == "__main__":
    main()
