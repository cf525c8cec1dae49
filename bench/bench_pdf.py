"""Benchmark the PDF export: time and peak memory of whole processes, medians.

Cases, each a fresh process (peak memory = the process's maximum resident set, from
os.wait4):

* the floor: ``python -c "import reportlab.platypus"`` (Python start + reportlab);
* ``main.py export FILE ID --pdf`` of the sample, and of a made-up report with 300
  indicators and ~200 KB of narrative (bench_core.large_report); the sample also straight
  from its JSON file with export_pdf (no SQLite data file opened);
* LibreOffice (``soffice --headless --convert-to pdf``) converting an equivalent .docx of
  each, written here as minimal WordprocessingML (same paragraphs, the same table rows),
  with a warmed-up profile, and for the sample also with a new profile (a first run). Skipped, and said so, when soffice is not installed
  (``apt-get install libreoffice-writer``, for the benchmark only).

Goals (issue 5): sample export ≤ 4 × the floor and ≤ 0.25 × LibreOffice; sample PDF
≤ 500 KB.

    python bench/bench_pdf.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_core import large_report  # noqa: E402
from precompile import precompile  # noqa: E402

from model.numbering import chinese_date, section_number  # noqa: E402
from model.report import Report, Section  # noqa: E402
from model.scoring import score_report  # noqa: E402
from storage.rulesets import load_ruleset  # noqa: E402
from storage.sample import sample_report  # noqa: E402
from storage.store import open_store  # noqa: E402


def run_process(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one process and the children it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{args[:3]} failed ({process.returncode}): {stderr.strip()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(args: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    results = [run_process(args, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


# ---------------------------------------------------------------- an equivalent .docx

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


_OOXML = "http://schemas.openxmlformats.org"
_CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_OOXML}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OOXML}/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _run(text: str, font: str, half_points: int, bold: bool = False) -> str:
    props = (f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"/>'
             f'{"<w:b/>" if bold else ""}<w:sz w:val="{half_points}"/>')
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, font: str = "仿宋_GB2312", half_points: int = 32, align: str = "both",
          indent: bool = True, bold: bool = False, page_break: bool = False) -> str:
    props = f'<w:jc w:val="{align}"/><w:spacing w:line="579" w:lineRule="exact"/>'
    if indent:
        props += '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
    if page_break:
        props = '<w:pageBreakBefore/>' + props
    return f"<w:p><w:pPr>{props}</w:pPr>{_run(text, font, half_points, bold)}</w:p>"


def _cell(text: str, width: int) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'{_para(text, half_points=21, align="center", indent=False)}</w:tc>')


def docx_of(report: Report, path: pathlib.Path) -> None:
    """The report and its score table as a minimal .docx with the same text."""
    scores = score_report(report, load_ruleset(report.ruleset))
    body = [_para(report.title, "方正小标宋简体", 44, "center", indent=False)]
    body += [_para(line) for line in report.preamble.split("\n") if line.strip()]

    def sections(items: list[Section], depth: int) -> None:
        for index, section in enumerate(items, start=1):
            font = ("黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312")[min(depth, 3)]
            body.append(_para(section_number(depth, index) + section.title, font))
            body.extend(_para(line) for line in section.text.split("\n") if line.strip())
            sections(section.children, depth + 1)

    sections(report.sections, 0)
    body.append(_para("附件：" + "、".join(report.attachments)))
    body.append(_para(report.signature.unit, align="right", indent=False))
    if report.signature.date:
        body.append(_para(chinese_date(report.signature.date), align="right", indent=False))
    body.append(_para("附件", "黑体", indent=False, align="left", page_break=True))
    body.append(_para("项目支出绩效自评表", "方正小标宋简体", 44, "center", indent=False))
    body.append(_para(f"（{report.year}年度）", "楷体_GB2312", align="center", indent=False))
    widths = [460, 970, 970, 1700, 1020, 1020, 620, 740, 1340]
    rows = [["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    rate = f"{scores.execution_rate}%" if scores.execution_rate is not None else ""
    rows.insert(0, ["项目资金", "年度资金总额", str(scores.funds_columns.initial), str(scores.funds_columns.annual),
                    str(scores.funds_columns.executed), str(scores.execution_weight), rate,
                    str(scores.execution_score), ""])
    for indicator, result in zip(report.indicators, scores.indicators, strict=True):
        rows.append(["", indicator.level1, indicator.level2, indicator.name, indicator.target, indicator.actual,
                     str(indicator.weight or ""), str(result.score), indicator.note])
    rows.append(["总分", "", "", "", "", "", "", str(scores.total), ""])
    table = ['<w:tbl><w:tblPr><w:tblBorders>'
             + "".join(f'<w:{side} w:val="single" w:sz="4"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders></w:tblPr><w:tblGrid>'
             + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    for index, row in enumerate(rows):
        header = '<w:trPr><w:tblHeader/></w:trPr>' if index == 1 else ""
        table.append(f"<w:tr>{header}" + "".join(_cell(t, w) for t, w in zip(row, widths, strict=True)) + "</w:tr>")
    table.append("</w:tbl>")
    section = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
               '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992"/>'
               '</w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
                + "".join(body) + "".join(table) + _para("") + section + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr("[Content_Types].xml", _CONTENT_TYPES)
        docx.writestr("_rels/.rels", _RELS)
        docx.writestr("word/document.xml", document)


# ---------------------------------------------------------------- main


def main() -> None:
    precompile()
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    python = sys.executable
    rows: list[tuple[str, float, float]] = []
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = pathlib.Path(tmp_name)
        db = tmp / "bench.db"
        reports = {"sample": sample_report(), "300 indicators": large_report()}
        with open_store(db) as store:
            ids = {name: store.add(report) for name, report in reports.items()}

        floor = measure([python, "-c", "import reportlab.platypus"], runs)
        rows.append(("floor: python -c 'import reportlab.platypus'", *floor))
        sample_json = ROOT / "resources" / "sample" / "2022-kepu.json"
        direct = ("from storage.interchange import load_file; from storage.documents.pdf import export_pdf; "
                  "from storage.rulesets import load_ruleset; import sys; r = load_file(sys.argv[1]); "
                  "export_pdf(r, load_ruleset(r.ruleset), sys.argv[2])")
        result = measure([python, "-c", direct, str(sample_json), str(tmp / "direct.pdf")], runs)
        rows.append(("export_pdf from the sample JSON (no data file)", *result))
        for name, report_id in ids.items():
            out = tmp / f"{name}.pdf"
            result = measure([python, str(ROOT / "main.py"), "export", str(db), str(report_id), "--pdf", str(out)], runs)
            rows.append((f"main.py export --pdf, {name}", *result))
            sizes[name] = out.stat().st_size

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        lo: dict[str, tuple[float, float]] = {}
        if soffice:
            profile = (tmp / "lo-profile").as_uri()
            for name, report in reports.items():
                docx = tmp / f"{name.replace(' ', '-')}.docx"
                docx_of(report, docx)
                args = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp / "lo"), str(docx)]
                if name == "sample":
                    # A first conversion on a machine: a new profile every time.
                    cold = [run_process([soffice, f"-env:UserInstallation={(tmp / f'cold{i}').as_uri()}",
                                         *args[2:]]) for i in range(max(1, runs // 2))]
                    rows.append(("LibreOffice .docx → PDF, sample, new profile",
                                 statistics.median(c[0] for c in cold), max(c[1] for c in cold)))
                run_process(args)  # warm-up: creates the profile
                lo[name] = measure(args, runs)
                rows.append((f"LibreOffice .docx → PDF, {name}", *lo[name]))
        else:
            print("soffice not found: LibreOffice not measured (apt-get install libreoffice-writer)")

    print(f"medians of {runs} runs (wall time), peak resident memory (max over runs)")
    for label, seconds, megabytes in rows:
        print(f"  {label:52s} {seconds * 1000:8.0f} ms {megabytes:7.1f} MB")
    sample = next(seconds for label, seconds, _mb in rows if label == "main.py export --pdf, sample")
    print(f"sample export / floor: {sample / floor[0]:.2f} × (goal ≤ 4)")
    if "sample" in lo:
        print(f"sample export / LibreOffice: {sample / lo['sample'][0]:.2f} × (goal ≤ 0.25)")
    for name, size in sizes.items():
        print(f"PDF size, {name}: {size / 1024:.0f} KB" + ("  (goal ≤ 500 KB)" if name == "sample" else ""))


if __name__ == "__main__":
    main()
