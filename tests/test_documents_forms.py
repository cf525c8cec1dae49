"""Each form printed as it really is, in the content and in all three writers: a form
scored per 二级指标 group (Hubei 黄石) with its 分值 and 得分 merged over each group's
rows, a form without scores (no 分值, 得分, 总分; 执行率 kept), a form in 元."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import openpyxl
import pytest
from conftest import DATA
from docx.oxml.ns import qn
from pypdf import PdfReader
from test_documents_content import _covered

from model.report import Indicator, Report
from model.scoring import score_report
from storage.documents import content
from storage.documents.content import Span
from storage.documents.excel import DETAIL_SHEET, FORM_SHEET, render_xlsx
from storage.documents.layout import GBT9704
from storage.documents.pdf import render_pdf
from storage.documents.word import render_docx
from storage.interchange import load_file
from storage.rulesets import load_ruleset

GROUPS, UNSCORED, YUAN = "huangshi-groups", "unscored-county", "yuan-form"


def _report(name: str) -> Report:
    return load_file(str(DATA / f"{name}.json"))


def _table(report: Report) -> content.IndicatorTable:
    return content.indicator_table(report, score_report(report, load_ruleset(report.ruleset)))


def _figures(table: content.IndicatorTable) -> list[tuple[str, str]]:
    weight, score = (table.columns.index(key) for key in ("weight", "score"))
    return [(row[weight].text, row[score].text) for row in table.rows]


def _attachment_text(data: bytes) -> str:
    """The score table's pages of a PDF, without spaces and line breaks."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    first = next(i for i, page in enumerate(pages) if "项目支出绩效自评表" in re.sub(r"\s+", "", page) and i > 0)
    return re.sub(r"\s+", "", "".join(pages[first:]))


# -- the content -----------------------------------------------------------------------------
def test_group_figures_are_merged_over_each_groups_rows() -> None:
    table = _table(_report(GROUPS))
    # 数量 (rows 1–2) 10 / 9.50, 质量 (3–4) 10 / 9.90, then one row per group.
    assert _figures(table)[:6] == [("10", "9.50"), ("10", "9.50"), ("10", "9.90"), ("10", "9.90"), ("10", "10"),
                                   ("10", "9.09")]
    assert table.groups[:6] == (0, 0, 1, 1, 2, 3) and table.merged == (0, 1, 5, 6)
    spans = table.spans(0, len(table.rows))
    assert {Span(6, 1, 6, 2), Span(7, 1, 7, 2), Span(6, 3, 6, 4), Span(7, 3, 7, 4)} <= set(spans)
    assert not any(span.col0 == 6 and span.row0 == 5 for span in spans)  # a group of one row: no merge
    _covered([table.header, *[(None, *row) for row in table.rows], table.total], spans)
    assert table.total is not None and [c.text for c in table.total if c][:3] == ["总分", "100", "93.39"]
    assert table.rows[0][5].place == "二级指标“数量指标”的“分值”"
    # A page that starts inside the 数量 group merges within itself and shows its figures again.
    page = table.spans(1, 4)
    assert Span(6, 2, 6, 3) in page and not any(span.col0 == 6 and span.row0 == 1 for span in page)
    assert _figures(table)[1] == ("10", "9.50")


def test_a_weight_the_form_did_not_print_is_not_printed() -> None:
    """A form printing only 一级 weights: the share the rules assume is no figure of it."""
    report = _report(GROUPS)
    for group in report.groups:
        group.weight = None
    table = _table(report)
    assert _figures(table)[:3] == [("", "9.50"), ("", "9.50"), ("", "9.90")]
    assert [c.text for c in table.total if c][:3] == ["总分", "100", "93.39"]


def test_a_group_whose_rows_are_apart_shows_its_figures_once() -> None:
    report = _report(GROUPS)
    report.indicators.append(report.indicators.pop(1))  # a 数量 row moved to the end
    table = _table(report)
    assert _figures(table)[0] == ("10", "9.50") and _figures(table)[-1] == ("", "")
    assert table.groups[0] == table.groups[-1]


def test_an_unscored_form_has_no_score_columns_and_no_total() -> None:
    report = _report(UNSCORED)
    scores = score_report(report, load_ruleset(report.ruleset))
    blocks = content.head_blocks(report, scores)
    for block in blocks:
        assert all(len(row) == len(GBT9704.table.unscored_head_columns_mm) for row in block.rows)
        _covered(block.rows, list(block.spans))
    money = blocks[0].rows
    assert [c.text for c in money[2]] == ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "执行率"]
    assert [c.text if c else None for c in money[3]] == [None, "年度资金总额", "50", "50", "46", "92.00%"]
    assert [c.text if c else None for c in money[4]] == [None, "其中：当年财政拨款", "50", "50", "46", ""]
    table = content.indicator_table(report, scores)
    assert table.columns == content.UNSCORED_COLUMNS and table.total is None and table.groups == ()
    assert [c.text for c in table.header] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                              "偏差原因分析及改进措施"]
    assert all(len(row) + 1 == len(GBT9704.table.unscored_indicator_columns_mm) for row in table.rows)
    spans = table.spans(0, len(table.rows))
    assert Span(0, 0, 0, len(table.rows)) in spans  # the label runs down to the last indicator
    _covered([table.header, *[(None, *row) for row in table.rows]], spans)
    report.funds.note = "执行偏差说明"
    note = content.head_blocks(report, scores)[1]
    assert len(note.rows[0]) == 6 and note.spans == (Span(0, 0, 1, 0), Span(2, 0, 5, 0))


def test_the_columns_fill_the_type_area_either_way() -> None:
    table = GBT9704.table
    widths = (table.head_columns_mm, table.indicator_columns_mm, table.unscored_head_columns_mm,
              table.unscored_indicator_columns_mm)
    assert {sum(columns) for columns in widths} == {156}
    assert table.head_columns(False) == table.unscored_head_columns_mm


# -- the PDF ---------------------------------------------------------------------------------
def _long_group() -> Report:
    """A 数量 group of 70 rows, running over pages."""
    report = _report(GROUPS)
    rows = [Indicator("产出指标", "数量指标", f"第{n}号培训点", "≥5期", "5期", None, None, None, "") for n in range(70)]
    report.indicators[2:2] = rows
    report.groups[0].weight, report.groups[0].score = Decimal("10.5"), Decimal("7.25")
    return report


def test_pdf_group_figures_are_made_again_on_each_page() -> None:
    report = _long_group()
    data = render_pdf(report, load_ruleset(report.ruleset), stable=True)
    pages = [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
    group_pages = [page for page in pages if "培训点" in page]
    assert len(group_pages) >= 2
    for page in group_pages:  # once per page: merged over the group's rows on that page
        assert page.count("10.5") == 1 and page.count("7.25") == 1
    assert "总分" in pages[-1]


def test_pdf_of_an_unscored_form() -> None:
    report = _report(UNSCORED)
    text = _attachment_text(render_pdf(report, load_ruleset(report.ruleset), stable=True))
    for word in ("分值", "得分", "总分", "等级"):
        assert word not in text
    assert "全年执行数执行率" in text and "92.00%" in text and "偏差原因分析及改进措施" in text
    assert "服务对象满意度≥90%93%" in text  # the last row: no score cells after it, no total below


def test_pdf_of_a_group_form() -> None:
    report = _report(GROUPS)
    text = _attachment_text(render_pdf(report, load_ruleset(report.ruleset), stable=True))
    assert "分值执行率得分" in text and "总分10093.39" in text
    assert text.count("9.50") == 1  # the 数量 group's score, merged over its two rows


@pytest.mark.parametrize("name", [GROUPS, UNSCORED, YUAN])
def test_the_money_unit_heads_the_money_block(name: str) -> None:
    report = _report(name)
    text = _attachment_text(render_pdf(report, load_ruleset(report.ruleset), stable=True))
    assert f"项目资金（{report.funds.unit}）" in text
    if name == YUAN:
        assert "3724055.00" in text and "3512730.50" in text  # as filed, never converted


# -- Word ------------------------------------------------------------------------------------
def _docx(name: str) -> docx.document.Document:
    report = _report(name)
    return docx.Document(io.BytesIO(render_docx(report, load_ruleset(report.ruleset))))


def _texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_merges_the_group_figures() -> None:
    head, indicators = _docx(GROUPS).tables
    rows = indicators.rows
    merges = [[tc.vMerge for tc in row._tr.tc_lst[6:8]] for row in rows[1:6]]
    assert merges == [["restart", "restart"], ["continue", "continue"], ["restart", "restart"],
                      ["continue", "continue"], [None, None]]
    assert _texts(indicators)[1][6:8] == ["10", "9.50"] and _texts(indicators)[-1][5:8] == ["总分", "100", "93.39"]
    assert _texts(head)[3][1:] == ["年度资金总额", "50", "50", "46", "20", "92.00%", "18.40"]


def test_word_of_an_unscored_form() -> None:
    head, indicators = _docx(UNSCORED).tables
    assert len(head.columns) == 6 and len(indicators.columns) == 7
    assert _texts(head)[2][2:] == ["年初预算数", "全年预算数", "全年执行数", "执行率"]
    rows = _texts(indicators)
    assert rows[0][1:] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施"]
    assert rows[-1][3:6] == ["服务对象满意度", "≥90%", "93%"]  # no 总分 row
    assert indicators.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_word_money_unit_and_figures_as_filed() -> None:
    head, _indicators = _docx(YUAN).tables
    assert _texts(head)[2][0] == "项目资金（元）" and _texts(head)[3][2:5] == ["3724055.00", "3724055.00", "3512730.50"]


# -- Excel -----------------------------------------------------------------------------------
def _book(name: str) -> openpyxl.Workbook:
    report = _report(name)
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report, load_ruleset(report.ruleset))))


def _find(sheet, value):
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == value)


def test_excel_merges_the_group_figures_and_lists_them_once() -> None:
    book = _book(GROUPS)
    sheet = book[FORM_SHEET]
    first = _find(sheet, "举办技术培训")
    header = _find(sheet, "一级指标").row
    for word, value in (("分值", 10), ("得分", 9.5)):
        column = next(c.column for c in sheet[header] if c.value == word)
        merged = next(r for r in sheet.merged_cells.ranges if sheet.cell(first.row, column).coordinate in r)
        assert (merged.min_row, merged.max_row) == (first.row, first.row + 1)  # the two 数量 rows
        assert sheet.cell(first.row, column).value == value
    rows = list(book[DETAIL_SHEET].iter_rows(values_only=True))
    assert [row[6:8] for row in rows[1:4]] == [(10, 9.5), (None, None), (10, 9.9)]  # sums stay right


def test_excel_of_an_unscored_form() -> None:
    book = _book(UNSCORED)
    words = {c.value for row in book[FORM_SHEET].iter_rows() for c in row if isinstance(c.value, str)}
    assert not words & {"分值", "得分", "总分"} and "执行率" in words
    table = GBT9704.table  # the grid is the union of the two blocks' column edges
    edges = {sum(columns[:n]) for columns in (table.unscored_head_columns_mm, table.unscored_indicator_columns_mm)
             for n in range(len(columns) + 1)}
    assert book[FORM_SHEET].max_column == len(edges) - 1
    rows = list(book[DETAIL_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("序号", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "评价档次", "偏差原因分析及改进措施")


def test_excel_keeps_a_target_written_with_an_equals_sign_as_text() -> None:
    """=100% is a target, not a formula (a spreadsheet would show 1)."""
    book = _book(UNSCORED)
    for sheet in (book[FORM_SHEET], book[DETAIL_SHEET]):
        cell = _find(sheet, "=100%")
        assert cell.data_type == "s"


def test_excel_money_unit_and_figures_as_filed() -> None:
    sheet = _book(YUAN)[FORM_SHEET]
    assert _find(sheet, "项目资金（元）") is not None
    label = _find(sheet, "年度资金总额")
    figures = [c for c in sheet[label.row] if c.column > label.column and c.value is not None]
    assert [c.value for c in figures[:3]] == [3724055, 3724055, 3512730.5]
    assert {c.number_format for c in figures[:3]} == {"0.00"}  # shown as filed: 3724055.00
