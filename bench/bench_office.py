"""Benchmark the Word and Excel writers and readers: export .docx/.xlsx and read them back,
for the sample and a 300-indicator report (cases.large_report). Prints medians.

    python bench/bench_office.py [--runs 5]
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cases import large_report  # noqa: E402
from measure import median_ms  # noqa: E402

from storage.documents.excel import render_xlsx  # noqa: E402
from storage.documents.word import render_docx  # noqa: E402
from storage.reading import read_source  # noqa: E402
from storage.rulesets import load_ruleset  # noqa: E402
from storage.sample import sample_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        for name, report in (("sample", sample_report()), ("large (300 indicators)", large_report())):
            ruleset = load_ruleset(report.ruleset)
            docx, xlsx = pathlib.Path(tmp) / "r.docx", pathlib.Path(tmp) / "r.xlsx"
            docx.write_bytes(render_docx(report, ruleset))
            xlsx.write_bytes(render_xlsx(report, ruleset))
            rows = [
                ("export docx", median_ms(lambda: render_docx(report, ruleset), runs)),
                ("export xlsx", median_ms(lambda: render_xlsx(report, ruleset), runs)),
                ("read docx", median_ms(lambda: read_source(docx), runs)),
                ("read xlsx", median_ms(lambda: read_source(xlsx), runs)),
            ]
            print(f"{name}: {docx.stat().st_size / 1024:.0f} KB docx, {xlsx.stat().st_size / 1024:.0f} KB xlsx, "
                  f"medians of {runs} runs")
            for label, ms in rows:
                print(f"  {label:32s} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
