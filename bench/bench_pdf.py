"""Benchmark the PDF export: whole processes (each a fresh one, as every export from the
command line is), interleaved with what they are compared with; medians, peak memory.

Rows (issue 14), each with its goal:

* ``main.py export --pdf`` of the sample ÷ the floor (``python -c "import
  reportlab.platypus, reportlab.pdfbase.ttfonts"``: Python and reportlab's layout and
  TrueType modules, which any reportlab program needs);
* the same ÷ LibreOffice (``soffice --headless --convert-to pdf``, profile warmed up)
  converting the sample's .docx as 导出 Word writes it (storage.documents.word), and the
  peak resident memory of both;
* 300 and 1,000 indicators (cases.large_report) ÷ the floor;
* one indicator note of 100,000 characters: seconds;
* the sample PDF's size.

LibreOffice is skipped, and said so, when ``soffice`` is not installed (``apt-get install
libreoffice-writer``, for the benchmark only).

    python bench/bench_pdf.py [--runs N]
"""

from __future__ import annotations

import argparse
import pathlib
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import large_report, long_note_report
from measure import PDF_FLOOR, PYTHON, ROOT, Row, interleaved, peak, precompile, print_rows, ratio_row, run, wall

from storage.documents.word import render_docx
from storage.rulesets import load_ruleset
from storage.sample import sample_report
from storage.store import open_store


def goal_rows(runs: int, folder: pathlib.Path) -> list[Row]:
    reports = {"sample": sample_report(), "300": large_report(300), "1000": large_report(1000),
               "note": long_note_report(100_000)}
    db = folder / "bench.db"
    with open_store(db) as store:
        ids = {name: store.add(report) for name, report in reports.items()}

    def export(name: str) -> list[str]:
        return [PYTHON, str(ROOT / "main.py"), "export", str(db), str(ids[name]), "--pdf", str(folder / f"{name}.pdf")]

    cases = {"floor": PDF_FLOOR, **{name: export(name) for name in reports}}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    lo_cold: list[float] = []
    if soffice:
        docx = folder / "sample.docx"  # the product's own Word export of the same report
        docx.write_bytes(render_docx(reports["sample"], load_ruleset(reports["sample"].ruleset)))
        convert = ["--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(docx)]
        cases["libreoffice"] = [soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", *convert]
        # A first conversion on a machine: a new profile every time (for reference).
        lo_cold = [run([soffice, f"-env:UserInstallation={(folder / f'cold{i}').as_uri()}", *convert]).wall
                   for i in range(max(1, runs // 3))]
    samples = interleaved(cases, runs)
    rows = [ratio_row("sample export --pdf ÷ floor", samples, "sample", "floor", 2.3)]
    if soffice:
        rows.append(ratio_row("sample export --pdf ÷ LibreOffice .docx → PDF", samples, "sample", "libreoffice", 0.2))
        ours, theirs = peak(samples["sample"]), peak(samples["libreoffice"])
        rows.append(Row("peak memory of the sample export ÷ LibreOffice's", ours / theirs, "×", 0.5,
                        f"{ours:.0f} MB ÷ {theirs:.0f} MB"))
        rows.append(Row("LibreOffice with a new profile (a first conversion)", statistics.median(lo_cold), "s", None))
    else:
        print("soffice not found: LibreOffice not measured (apt-get install libreoffice-writer)")
    rows.append(ratio_row("300 indicators export --pdf ÷ floor", samples, "300", "floor", 6))
    rows.append(ratio_row("1,000 indicators export --pdf ÷ floor", samples, "1000", "floor", 12))
    rows.append(Row("one indicator note of 100,000 characters, export --pdf", wall(samples["note"]), "s", 2,
                    f"{peak(samples['note']):.0f} MB at most"))
    rows.append(Row("sample PDF size", (folder / "sample.pdf").stat().st_size / 1024, "KB", 500))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    precompile()
    with tempfile.TemporaryDirectory() as tmp:
        print_rows("PDF export", goal_rows(runs, pathlib.Path(tmp)), runs)


if __name__ == "__main__":
    main()
