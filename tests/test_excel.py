"""The Excel export, read back with openpyxl: the form on one sheet with its merged cells,
numbers as numbers (rates with a % format), borders, wrap, print settings, and the
指标明细 sheet with one row per indicator."""

from __future__ import annotations

import io

import openpyxl
import pytest

from model.errors import ZepingError
from model.report import Report
from storage.documents.excel import DETAIL_SHEET, FORM_SHEET, render_xlsx
from storage.documents.registry import exporter
from storage.rulesets import load_ruleset


@pytest.fixture(scope="module")
def book():
    from storage.sample import sample_report

    report = sample_report()
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report, load_ruleset(report.ruleset))))


def _find(sheet, value):
    return next(cell for row in sheet.iter_rows() for cell in row if cell.value == value)


def _merged(sheet, cell) -> str | None:
    return next((str(r) for r in sheet.merged_cells.ranges if cell.coordinate in r), None)


def test_the_form_is_the_first_sheet_with_title_and_year(book) -> None:
    assert book.sheetnames == [FORM_SHEET, DETAIL_SHEET]
    sheet = book[FORM_SHEET]
    assert sheet["A1"].value == "项目支出绩效自评表" and sheet["A2"].value == "（2022年度）"
    assert _merged(sheet, sheet["A1"]) == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}1"
    assert sheet["A1"].font.name == "方正小标宋简体" and sheet["A1"].font.size == 22


def test_the_money_row_holds_numbers_and_the_rate_as_a_percent(book) -> None:
    sheet = book[FORM_SHEET]
    label = _find(sheet, "年度资金总额")
    values = [c for c in sheet[label.row] if c.value is not None and c.column > label.column]
    assert [c.value for c in values] == [43, 43, 28, 10, 0.6512, 6.51]
    rate = values[4]
    assert rate.number_format == "0.00%" and values[5].number_format == "0.00" and values[0].number_format == "0"
    assert _merged(sheet, _find(sheet, "项目名称").offset(column=1)) is not None  # the name spans the row


def test_merged_indicator_names_and_the_total(book) -> None:
    sheet = book[FORM_SHEET]
    output = _find(sheet, "产出指标（50分）")
    span = _merged(sheet, output)
    assert span is not None
    first, last = span.split(":")
    assert int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == 4
    total = _find(sheet, "总分")
    assert [c.value for c in sheet[total.row] if isinstance(c.value, (int, float))] == [110, 106.51]
    assert _merged(sheet, _find(sheet, "绩效指标")) is not None
    assert sheet.max_row == total.row


def test_cells_have_borders_wrap_and_the_sheet_prints_on_a4_one_page_wide(book) -> None:
    sheet = book[FORM_SHEET]
    cell = _find(sheet, "组织科普宣传活动")
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert _find(sheet, "项目名称").border.left.style == "medium"
    assert sheet.print_area == f"'{FORM_SHEET}'!$A$1:${openpyxl.utils.get_column_letter(sheet.max_column)}${sheet.max_row}"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, sheet.max_column + 1)]
    assert sheet.max_column == 15 and min(widths) >= 1 and 60 < sum(widths) < 100  # 156 mm
    assert sheet.oddFooter.right.text == "— &P —" and sheet.evenFooter.left.text == "— &P —"
    header = _find(sheet, "一级指标").row
    assert sheet.print_title_rows == f"${header}:${header}"  # the indicator header on every page


def test_the_detail_sheet_has_one_row_per_indicator(book) -> None:
    sheet = book[DETAIL_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "评价档次",
                       "偏差原因分析及改进措施")
    assert len(rows) == 11
    assert rows[1] == (1, "产出指标（50分）", "数量指标", "组织科普宣传活动", "≥5次", "12次", 10, 10, None, None)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J11"


def test_a_character_xml_cannot_hold_is_refused_naming_the_field(sample_report, tmp_path) -> None:
    sample_report.project.name = "科普\uffff"
    out = tmp_path / "表.xlsx"
    with pytest.raises(ZepingError) as refused:
        exporter("xlsx").write(sample_report, load_ruleset(sample_report.ruleset), out)
    assert "项目名称" in refused.value.message and not out.exists()


def test_a_report_without_indicators_exports() -> None:
    report = Report(unit="某单位", year=2023)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, load_ruleset("national-2020"))))
    assert book[FORM_SHEET]["A2"].value == "（2023年度）"
    assert book[FORM_SHEET].cell(book[FORM_SHEET].max_row, 1).value == "总分"
    assert book[DETAIL_SHEET].max_row == 1
