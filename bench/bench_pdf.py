"""Benchmark the PDF export: whole processes (each a fresh one, as every export from the
command line is), interleaved with what they are compared with; medians, peak memory.

Rows (issue 14), each with its goal:

* ``main.py export --pdf`` of the sample ÷ the floor (``python -c "import
  reportlab.platypus, reportlab.pdfbase.ttfonts"``: Python and reportlab's layout and
  TrueType modules, which any reportlab program needs);
* the same ÷ LibreOffice (``soffice --headless --convert-to pdf``, profile warmed up)
  converting an equivalent .docx of the sample (same paragraphs, same table rows), and
  the peak resident memory of both;
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
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from cases import large_report, long_note_report
from measure import PDF_FLOOR, PYTHON, ROOT, Row, interleaved, peak, precompile, print_rows, ratio_row, run, wall

from model.numbering import chinese_date, section_number
from model.report import Report, Section
from model.scoring import score_report
from storage.rulesets import load_ruleset
from storage.sample import sample_report
from storage.store import open_store

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
        docx = folder / "sample.docx"
        docx_of(reports["sample"], docx)
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
