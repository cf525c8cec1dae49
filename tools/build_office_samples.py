"""Build the office-suite files of tests/data/office/ (needs LibreOffice's ``soffice``).

Each ``<name>.json`` there is a report nobody else has seen, as it should be read back.
This script writes it the way clerks' files look — numbers typed by hand or made by
Word's outline numbering, labels split over lines (年初\\n预算数, 项 目 名 称), 万元 and 分
in cells, full-width digits, extra blank rows, merged and unmerged names, a form in 元
with formulas, a second table or sheet that is not the form, notes under the form — and
has LibreOffice write the final .docx/.xlsx (its own XML, numbering, merges and saved
formula results), so the tests read files an office suite made, without LibreOffice:

    python tools/build_office_samples.py [--soffice soffice]

It also stores this program's own export of the sample, saved again by LibreOffice
(sample-lo.docx, sample-lo.xlsx). The output is not byte-stable (LibreOffice stamps
dates); the tests compare what is read, not bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tests" / "data" / "office"

from model.numbering import section_number  # noqa: E402
from storage.interchange import load_file  # noqa: E402

FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
PARTS = (("total", "年度资金总额"), ("current", "其中：当年财政拨款"), ("carryover", "上年结转资金"), ("other", "其他资金"))


def convert(soffice: str, source: pathlib.Path, target_format: str, out_name: str) -> None:
    """Have LibreOffice open ``source`` and save it as ``OUT/out_name``."""
    with tempfile.TemporaryDirectory() as work:
        profile = pathlib.Path(work) / "profile"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
                        target_format, "--outdir", work, str(source)], check=True, capture_output=True, timeout=180)
        made = pathlib.Path(work) / f"{source.stem}.{target_format.split(':')[0]}"
        shutil.copyfile(made, OUT / out_name)


def spec(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((OUT / f"{name}.json").read_text(encoding="utf-8"))
    return data


# -- 临湘: HTML written by hand, saved as .docx by LibreOffice Writer ------------------------
def _html_sections(sections: list[dict[str, Any]], depth: int, lines: list[str]) -> None:
    for index, section in enumerate(sections, start=1):
        number = section_number(depth, index)
        if depth == 2 and index == 2:
            number = f"{index}、"  # a clerk's 2、 for 2.
        lines.append(f"<p>{html.escape(number + section['title'])}</p>")
        for text in section["text"].split("\n") if section["text"] else []:
            lines.append(f"<p style='text-indent:2em'>{html.escape(text)}</p>")
            if section["title"] == "资金支出情况":  # a table in the text: not the form
                lines.append("<table border='1'><tr><td>支出项目</td><td>金额（万元）</td></tr>"
                             "<tr><td>工程建设</td><td>1180.36</td></tr><tr><td>勘测设计</td><td>108</td></tr></table>")
        _html_sections(section["children"], depth + 1, lines)


def linxiang(soffice: str, work: pathlib.Path) -> None:
    data = spec("linxiang-2023")
    funds, project, goal = data["funds"], data["project"], data["goal"]
    lines = ["<html><head><meta charset='utf-8'></head><body>",
             f"<p align='center'><b>{html.escape(data['title'])}</b></p>",
             f"<p style='text-indent:2em'>{html.escape(data['preamble'])}</p>"]
    _html_sections(data["sections"], 0, lines)
    lines += [f"<p>附件：{html.escape(data['attachments'][0])}</p>", "<p></p>",
              f"<p align='right'>{data['signature']['unit']}</p>",
              "<p align='right'>2024年3月20日</p>",
              "<p style='page-break-before:always'>附件</p>", "<p align='center'>项目支出绩效自评表</p>",
              "<p align='center'>（2023年度）</p>", "<table border='1' cellspacing='0'>"]
    row = lines.append
    row(f"<tr><td>项 目 名 称</td><td colspan='8'>{project['name']}</td></tr>")
    row(f"<tr><td>主管部门</td><td colspan='3'>{project['department']}</td><td>实施单位</td>"
        f"<td colspan='4'>{project['implementer']}</td></tr>")
    row("<tr><td rowspan='5'>项目资金<br>（万元）</td><td colspan='2'></td><td>年初<br>预算数</td><td>全年<br>预算数</td>"
        "<td>全年<br>执行数</td><td>分值</td><td>执行率</td><td>得分</td></tr>")
    for key, label in PARTS:
        money = funds[key]
        cells = []
        for column, value in (("initial", money["initial"]), ("annual", money["annual"]), ("executed", money["executed"])):
            text = value or ""
            if key == "total" and column == "initial":
                text += "万元"  # 万元 typed into the cell
            if key == "total" and column == "annual":
                text = text.translate(FULL_WIDTH)  # full-width digits
            cells.append(f"<td>{text}</td>")
        tail = (f"<td>{funds['weight']}</td><td>{funds['declared']['rate']}</td><td>{funds['declared']['score']}</td>"
                if key == "total" else "<td>—</td><td></td><td>—</td>")
        row(f"<tr><td colspan='2'>{label}</td>{''.join(cells)}{tail}</tr>")
    row("<tr><td colspan='9'></td></tr>")  # an extra blank row
    row(f"<tr><td rowspan='2'>年度总体<br>目标</td><td colspan='4'>预期目标</td><td colspan='4'>实际完成情况</td></tr>"
        f"<tr><td colspan='4'>{goal['expected']}</td><td colspan='4'>{goal['actual']}</td></tr>")
    indicators = data["indicators"]
    row(f"<tr><td rowspan='{len(indicators) + 2}'>绩效<br>指标</td><td>一级指标</td><td>二级指标</td><td>三级<br>指标</td>"
        "<td>年度<br>指标值</td><td>实际<br>完成值</td><td>分值</td><td>得分</td><td>偏差原因分析<br>及改进措施</td></tr>")
    groups: dict[str, int] = {}
    for indicator in indicators:
        groups[indicator["level1"]] = groups.get(indicator["level1"], 0) + 1
    seen: set[str] = set()
    for number, indicator in enumerate(indicators):
        level1 = indicator["level1"]
        first = "" if level1 in seen else f"<td rowspan='{groups[level1]}'>{level1}</td>"
        seen.add(level1)
        weight = f"{indicator['weight']}分" if number % 2 else indicator["weight"]
        score = indicator["score"].translate(FULL_WIDTH) if number == 6 else indicator["score"]
        row(f"<tr>{first}<td>{indicator['level2']}</td><td>{indicator['name']}</td><td>{indicator['target']}</td>"
            f"<td>{indicator['actual']}</td><td>{weight}</td><td>{score}</td><td>{indicator['note']}</td></tr>")
        if number == 3:
            row("<tr><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>")  # blank, inside the label
    row("<tr><td colspan='6'>总分</td><td>100</td><td>96.21</td><td></td></tr></table>")
    lines += ["<p>填表人：李明　　联系电话：0730-1234567</p>", "</body></html>"]
    source = work / "linxiang-2023.html"
    source.write_text("\n".join(lines), encoding="utf-8")
    convert(soffice, source, "docx:MS Word 2007 XML", "linxiang-2023.docx")


# -- 平江: python-docx with Word's outline numbering, saved again by LibreOffice -------------
_NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""


def pingjiang(soffice: str, work: pathlib.Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    data = spec("pingjiang-2022")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(_NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    unit = data["unit"]
    document.add_paragraph(f"{data['year']}年度{unit}")
    document.add_paragraph(data["title"].removeprefix(f"{data['year']}年度{unit}"))
    document.add_paragraph(data["preamble"])

    def add(sections: list[dict[str, Any]], depth: int, skip: bool = False) -> None:
        for section in sections:
            # 二、 has its children numbered 1. directly (a level skipped, as clerks do).
            level = depth + 1 if skip else depth
            paragraph = document.add_paragraph(section["title"], style=f"Heading {min(level, 2) + 1}")
            num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            paragraph._p.get_or_add_pPr().insert(1, num_pr)
            for text in section["text"].split("\n") if section["text"] else []:
                document.add_paragraph(text)
            add(section["children"], depth + 1, skip=section["key"] == "process")

    add(data["sections"], 0)
    document.add_paragraph(f"附件：1.{data['attachments'][0]}")
    document.add_paragraph(f"2.{data['attachments'][1]}")
    document.add_paragraph(unit)
    document.add_paragraph("二〇二三年四月十日")
    document.add_page_break()
    document.add_paragraph("项目支出绩效自评表")
    document.add_paragraph("（2022年度）")
    funds, project, goal = data["funds"], data["project"], data["goal"]
    head = document.add_table(rows=8, cols=8)
    head.style = "Table Grid"
    cells = head.rows
    cells[0].cells[0].text, cells[0].cells[1].text = "项目名称", project["name"]
    cells[0].cells[1].merge(cells[0].cells[7])
    for index, text in enumerate(("主管部门", project["department"], "", "", "实施单位", project["implementer"])):
        cells[1].cells[index].text = text
    cells[1].cells[1].merge(cells[1].cells[3])
    cells[1].cells[5].merge(cells[1].cells[7])
    for index, text in enumerate(("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")):
        cells[2].cells[index].text = text
    for row, key in ((3, "total"), (4, "current")):
        money = funds[key]
        label = "年度资金总额" if key == "total" else "其中：当年财政拨款"
        tail = (funds["weight"], funds["declared"]["rate"], funds["declared"]["score"]) if key == "total" else ("—", "", "—")
        for index, text in enumerate((label, money["initial"], money["annual"], money["executed"], *tail), start=1):
            cells[row].cells[index].text = text or ""
    cells[2].cells[0].merge(cells[4].cells[0])
    cells[5].cells[0].text = "年度总体目标"
    cells[5].cells[1].text, cells[5].cells[4].text = "预期目标", "实际完成情况"
    cells[6].cells[1].text, cells[6].cells[4].text = goal["expected"], goal["actual"]
    for row in (5, 6):
        cells[row].cells[1].merge(cells[row].cells[3])
        cells[row].cells[4].merge(cells[row].cells[7])
    cells[5].cells[0].merge(cells[6].cells[0])
    indicators = data["indicators"]
    document.add_paragraph("")
    table = document.add_table(rows=len(indicators) + 2, cols=9)
    table.style = "Table Grid"
    header = ("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "实际值", "分值", "得分", "偏差原因分析及改进措施")
    for index, text in enumerate(header):
        table.rows[0].cells[index].text = text
    previous = None
    for row, indicator in enumerate(indicators, start=1):
        values = ("" if indicator["level1"] == previous else indicator["level1"], indicator["level2"], indicator["name"],
                  indicator["target"], indicator["actual"], indicator["weight"], indicator["score"], indicator["note"])
        previous = indicator["level1"]
        for index, text in enumerate(values, start=1):
            table.rows[row].cells[index].text = text
    table.rows[2].cells[2].text = ""
    table.rows[1].cells[2].merge(table.rows[2].cells[2])  # 数量指标 over two rows
    last = len(indicators) + 1
    table.rows[last].cells[1].text = "总分"
    table.rows[last].cells[6].text, table.rows[last].cells[7].text = "100", "95"
    table.rows[last].cells[1].merge(table.rows[last].cells[5])
    table.rows[0].cells[0].merge(table.rows[last - 1].cells[0])
    document.add_paragraph("备注：满意度来自问卷调查。")
    source = work / "pingjiang-2022.docx"
    document.save(str(source))
    convert(soffice, source, "docx:MS Word 2007 XML", "pingjiang-2022.docx")


def _workbook() -> tuple[Any, Any]:
    from openpyxl import Workbook

    book = Workbook()
    return book, book.active


def _save_workbook(soffice: str, work: pathlib.Path, book: Any, name: str) -> None:
    """Save the openpyxl workbook and have LibreOffice save it again as ``name``."""
    source = work / name
    book.save(source)
    convert(soffice, source, "xlsx:Calc MS Excel 2007 XML", name)


# -- 岳阳: openpyxl, in 元, with formulas; LibreOffice computes and saves their values -------
def yueyang(soffice: str, work: pathlib.Path) -> None:
    from openpyxl.styles import Alignment

    data = spec("yueyang-2023")
    funds, project, goal = data["funds"], data["project"], data["goal"]
    book, sheet = _workbook()
    sheet.title = "自评表"
    sheet["A1"] = "项目支出绩效自评表"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "（2023年度）"
    sheet.merge_cells("A2:I2")
    sheet["A3"] = f"填报单位：{data['unit']}"
    sheet.merge_cells("A3:E3")
    sheet["H3"] = "单位：元"
    sheet["A4"], sheet["B4"] = "项目名称", project["name"]
    sheet.merge_cells("B4:I4")
    sheet["A5"], sheet["B5"], sheet["E5"], sheet["F5"] = "主管部门", project["department"], "实施单位", project["implementer"]
    sheet.merge_cells("B5:D5")
    sheet.merge_cells("F5:I5")
    for col, text in zip("ABDEFGHI", ("项目资金\n（元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
                         strict=True):
        sheet[f"{col}6"] = text
    sheet.merge_cells("B6:C6")
    rows = {"total": 7, "current": 8, "carryover": 9, "other": 10}
    for key, label in PARTS:
        row = rows[key]
        sheet[f"B{row}"] = "其中：财政拨款" if key == "current" else "上年结转" if key == "carryover" else label.removeprefix("其中：")
        sheet.merge_cells(f"B{row}:C{row}")
        for col, column in zip("DEF", ("initial", "annual", "executed"), strict=True):
            if key == "total":
                sheet[f"{col}{row}"] = f"=SUM({col}8:{col}10)"
            elif funds[key][column] is not None:
                sheet[f"{col}{row}"] = Decimal(funds[key][column])  # the JSON is in 元, as the form
            sheet[f"{col}{row}"].number_format = "#,##0.00"
        if key != "total":
            sheet[f"G{row}"], sheet[f"I{row}"] = "—", "—"
    sheet["G7"] = 10
    sheet["H7"] = "=F7/E7"
    sheet["H7"].number_format = "0.00%"
    sheet["I7"] = "=ROUND(MIN(1,F7/E7)*G7,2)"
    sheet.merge_cells("A6:A10")
    sheet["A12"], sheet["B12"], sheet["F12"] = "年度总体目标", "预期目标", "实际完成情况"  # row 11 left blank
    sheet["B13"], sheet["F13"] = goal["expected"], goal["actual"]
    for row in (12, 13):
        sheet.merge_cells(f"B{row}:E{row}")
        sheet.merge_cells(f"F{row}:I{row}")
    sheet.merge_cells("A12:A13")
    for col, text in zip("ABCDEFGHI", ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                        "偏差原因分析及改进措施"), strict=True):
        sheet[f"{col}14"] = text
    row = 15
    starts: dict[str, int] = {}
    for indicator in data["indicators"]:
        if indicator["level1"] == "效益指标" and "效益指标" not in starts:
            row += 1  # a blank row between the groups
        starts.setdefault(indicator["level1"], row)
        values = (indicator["level1"], indicator["level2"], indicator["name"], indicator["target"], indicator["actual"],
                  Decimal(indicator["weight"]), Decimal(indicator["score"]), indicator["note"] or None)
        for col, value in zip("BCDEFGHI", values, strict=True):
            if col == "B" and row != starts[indicator["level1"]]:
                continue  # merged below
            sheet[f"{col}{row}"] = value
        row += 1
    sheet.merge_cells(f"B{starts['产出指标']}:B{starts['产出指标'] + 3}")
    sheet.merge_cells(f"C{starts['产出指标']}:C{starts['产出指标'] + 1}")  # 数量指标 twice
    sheet.merge_cells(f"B{starts['效益指标']}:B{starts['效益指标'] + 1}")
    sheet[f"A{row}"] = "总分"
    sheet.merge_cells(f"A{row}:F{row}")
    sheet[f"G{row}"] = f"=G7+SUM(G15:G{row - 1})"
    sheet[f"H{row}"] = f"=I7+SUM(H15:H{row - 1})"
    sheet.merge_cells(f"A14:A{row - 1}")
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    notes = book.create_sheet("填表说明")
    notes["A1"] = "1.金额单位为元。"
    notes["A2"] = "2.执行率=全年执行数/全年预算数。"
    _save_workbook(soffice, work, book, "yueyang-2023.xlsx")


# -- 汨罗: text typed or pasted into cells (万元, 分, full-width, split labels), unmerged names --
def miluo(soffice: str, work: pathlib.Path) -> None:
    data = spec("miluo-2021")
    funds, project, goal = data["funds"], data["project"], data["goal"]
    book, sheet = _workbook()
    sheet.append(["项目支出绩效自评表"])
    sheet.append(["（２０２１年度）"])
    sheet.append(["单位：万元"])
    sheet.append(["项目\n名称", project["name"]])
    sheet.append(["主管部门", project["department"], None, None, "实施单位", project["implementer"]])
    sheet.append(["项目资金", None, None, "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分"])
    total = funds["total"]
    sheet.append([None, "年度资金总额", None, f"{total['initial']}万元", total["annual"].translate(FULL_WIDTH),
                  f"{total['executed']}万", "10分", funds["declared"]["rate"], f"{funds['declared']['score']}分"])
    current = funds["current"]
    sheet.append([None, "其中：当年财政拨款", None, current["initial"], current["annual"], current["executed"], "—", None, "—"])
    sheet.append([None, "上年结转资金", None, "—", "—", "—", "—", None, "—"])
    sheet.append([None, "其他资金", None, "/", "/", "/", "—", None, "—"])
    sheet.append([])
    sheet.append([])
    sheet.append(["年度总体目标", "预期目标", None, None, None, "实际完成情况"])
    sheet.append([None, goal["expected"], None, None, None, goal["actual"]])
    sheet.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及\n改进措施"])
    for number, indicator in enumerate(data["indicators"]):
        weight = indicator["weight"].translate(FULL_WIDTH) if number == 1 else f"{indicator['weight']}分"
        sheet.append([None, indicator["level1"], indicator["level2"], indicator["name"], indicator["target"],
                      indicator["actual"], weight, indicator["score"], indicator["note"] or None])
        if number == 3:
            sheet.append([])
    sheet.append(["总分", None, None, None, None, None, "100", "98.6"])
    sheet.append([])
    sheet.append(["自评等级", "优"])
    for span in ("B4:I4", "B5:D5", "F5:I5", "A6:A10", "B6:C6", "B7:C7", "B8:C8", "B9:C9", "B10:C10", "A13:A14",
                 "B13:E13", "F13:I13", "B14:E14", "F14:I14", "B16:B19", "A23:F23"):
        sheet.merge_cells(span)
    _save_workbook(soffice, work, book, "miluo-2021.xlsx")


def own_exports(soffice: str, work: pathlib.Path) -> None:
    """This program's export of the sample, opened and saved again by LibreOffice."""
    from storage.documents.excel import render_xlsx
    from storage.documents.word import render_docx
    from storage.rulesets import load_ruleset

    report = load_file(str(ROOT / "resources" / "sample" / "2022-kepu.json"))
    ruleset = load_ruleset(report.ruleset)
    (work / "sample-lo.docx").write_bytes(render_docx(report, ruleset))
    (work / "sample-lo.xlsx").write_bytes(render_xlsx(report, ruleset))
    convert(soffice, work / "sample-lo.docx", "docx:MS Word 2007 XML", "sample-lo.docx")
    convert(soffice, work / "sample-lo.xlsx", "xlsx:Calc MS Excel 2007 XML", "sample-lo.xlsx")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = pathlib.Path(folder)
        for build in (linxiang, pingjiang, yueyang, miluo, own_exports):
            build(args.soffice, work)
            print(f"{build.__name__}: done")
    print(f"written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
