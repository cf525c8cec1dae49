"""Reading last year's report from Word and Excel (storage.reading).

The files in tests/data/office/ were written by LibreOffice (tools/build_office_samples.py)
from reports nobody here has seen, each set out as clerks' files are — typed and Word-made
numbering, split labels, 万元 and 分 in cells, full-width digits, blank rows, merged and
unmerged names, a form in 元 with formulas — and each ``.json`` beside it is what must be
read back. These tests need no LibreOffice."""

from __future__ import annotations

import io
import pathlib
import zipfile
from decimal import Decimal

import docx
import pytest
from conftest import DATA, SAMPLE_JSON

from model.errors import InputRefused
from model.report import Report
from storage.documents.excel import render_xlsx
from storage.documents.word import render_docx
from storage.interchange import load_file, report_to_dict
from storage.reading import read_source
from storage.reading.text import Paragraph, read_text
from storage.rulesets import load_ruleset

OFFICE = DATA / "office"
TABLE_KEYS = ("unit", "year", "project", "funds", "goal", "indicators", "filed", "scoring", "blank_scores")
TEXT_KEYS = ("title", "preamble", "sections", "attachments", "signature")
# 到位资金 is not on the form; the form prints the computed rate, score and total; a
# reading is a transcription (a blank 得分 is blank): set apart in the round trips.
NOT_PRINTED = ("arrived", "declared")


def _part(report: Report, keys: tuple[str, ...]) -> dict[str, object]:
    data = report_to_dict(report)
    return {key: data.get(key) for key in keys}


def _as_printed(data: dict[str, object]) -> dict[str, object]:
    """What a round trip through the form cannot bring back, set apart."""
    funds = data.get("funds")
    if isinstance(funds, dict):
        for key in NOT_PRINTED:
            funds[key] = None
    for key in ("filed", "blank_scores"):
        data.pop(key, None)
    return data


@pytest.mark.parametrize(("name", "keys"), [
    ("linxiang-2023.docx", TABLE_KEYS + TEXT_KEYS),
    ("pingjiang-2022.docx", TABLE_KEYS + TEXT_KEYS),
    ("yueyang-2023.xlsx", TABLE_KEYS),
    ("miluo-2021.xlsx", TABLE_KEYS),
])
def test_office_files_read_exactly_as_the_report_they_hold(name: str, keys: tuple[str, ...]) -> None:
    reading = read_source(OFFICE / name)
    expected = load_file(str(OFFICE / f"{pathlib.Path(name).stem}.json"))
    assert reading.problems == [] and reading.refusal() is None
    assert _part(reading.report, keys) == _part(expected, keys)


def test_what_is_not_read_is_listed_by_table_row_and_column() -> None:
    notes = [note.sentence() for note in read_source(OFFICE / "linxiang-2023.docx").skipped]
    assert "第1个表格：（3 行 × 2 列）不是自评表，未读取" in notes  # the table in the text
    assert any(n.startswith("正文第") and "填表人：李明" in n for n in notes)
    assert read_source(OFFICE / "miluo-2021.xlsx").skipped == []  # its 自评等级 row is the filed grade
    assert [n.where for n in read_source(OFFICE / "yueyang-2023.xlsx").skipped] == ["工作表“填表说明”"]


def test_what_was_taken_from_elsewhere_is_said() -> None:
    read = read_source(OFFICE / "pingjiang-2022.docx").read
    assert "第2个表格第3行第2列的一级指标为空，沿用上一行的“产出指标”" in read
    assert any("越过了上一级" in line for line in read)  # 二、 then 1.
    assert "总分：原表分值合计 100、得分 95（本程序按各项重新计算，体检核对）" in read
    read = read_source(OFFICE / "miluo-2021.xlsx").read
    assert "单位：文件中没有落款或填报单位，取实施单位“汨罗市文化馆”" in read
    assert "报告正文：文件中没有，导入后按模板建立空白章节" in read
    assert "等级：原表为“优”（本程序按总分重新评定，体检核对）" in read


@pytest.mark.parametrize("name", ["sample-lo.docx", "sample-lo.xlsx"])
def test_our_export_saved_by_an_office_suite_reads_back(name: str) -> None:
    sample = load_file(str(SAMPLE_JSON))
    reading = read_source(OFFICE / name)
    keys = TABLE_KEYS + (TEXT_KEYS if name.endswith(".docx") else ())
    assert _as_printed(_part(reading.report, keys)) == _as_printed(_part(sample, keys))


def test_export_docx_read_gives_the_sample_back(tmp_path, sample_report) -> None:
    path = tmp_path / "报告.docx"
    path.write_bytes(render_docx(sample_report, load_ruleset(sample_report.ruleset)))
    reading = read_source(path)
    assert reading.skipped == [] and reading.problems == []
    found, expected = report_to_dict(reading.report), report_to_dict(sample_report)
    assert found["funds"]["declared"] == {"rate": "65.12%", "score": "6.51"}  # as the form prints them
    assert found["filed"] == {"total": "106.51", "grade": None, "level1": {}, "weight_total": "110"}
    assert found["blank_scores"] == "blank"
    assert _as_printed(found) == _as_printed(expected)


def test_export_xlsx_read_gives_the_table_back(tmp_path, sample_report) -> None:
    path = tmp_path / "表.xlsx"
    path.write_bytes(render_xlsx(sample_report, load_ruleset(sample_report.ruleset)))
    reading = read_source(path)
    assert [note.reason for note in reading.skipped] == ["是本程序导出的指标明细，与自评表重复，未另读"]
    assert _part(reading.report, ("project", "goal", "indicators")) == _part(sample_report, ("project", "goal", "indicators"))
    assert reading.report.funds.total.annual == 43 and reading.report.funds.declared_rate == Decimal("65.12")


def _sample_docx(tmp_path: pathlib.Path, sample_report, change) -> pathlib.Path:  # type: ignore[no-untyped-def]
    document = docx.Document(io.BytesIO(render_docx(sample_report, load_ruleset(sample_report.ruleset))))
    change(document)
    path = tmp_path / "changed.docx"
    document.save(str(path))
    return path


def test_a_value_that_cannot_be_read_refuses_the_file_naming_the_cell(tmp_path, sample_report) -> None:
    def bad_weight(document) -> None:  # type: ignore[no-untyped-def]
        document.tables[1].rows[2].cells[6].paragraphs[0].runs[0].text = "十分"

    reading = read_source(_sample_docx(tmp_path, sample_report, bad_weight))
    assert [note.sentence() for note in reading.problems] == ["第2个表格第3行第7列“十分”：“第2个绩效指标的分值”不是数字"]
    refusal = reading.refusal()
    assert refusal is not None and refusal.code == "input.unreadable-cell"
    assert "changed.docx 中有无法读取的内容：第2个表格第3行第7列" in refusal.message


def test_an_amount_in_yuan_on_a_wan_yuan_form_is_refused_not_converted(tmp_path, sample_report) -> None:
    def in_yuan(document) -> None:  # type: ignore[no-untyped-def]
        document.tables[0].rows[3].cells[3].paragraphs[0].runs[0].text = "430000元"

    reading = read_source(_sample_docx(tmp_path, sample_report, in_yuan))
    assert len(reading.problems) == 1 and "本表金额以“万元”填写" in reading.problems[0].reason


@pytest.mark.parametrize(("name", "content", "code"), [
    ("上年.doc", b"anything", "input.old-format"),
    ("上年.wps", b"anything", "input.old-format"),
    ("上年.xls", b"anything", "input.old-format"),
    ("上年.et", b"anything", "input.old-format"),
    ("改了扩展名.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "input.old-format"),
    ("坏的.docx", b"PK\x03\x04 not really", "input.not-docx"),
    ("坏的.xlsx", b"plain text", "input.not-xlsx"),
    ("报告.pdf", b"%PDF-1.4", "input.not-json"),
])
def test_files_that_cannot_be_read_are_refused_with_what_to_do(tmp_path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputRefused) as refused:
        read_source(path)
    assert refused.value.code == code
    if code == "input.old-format":
        assert "另存为" in refused.value.message and (".docx" in refused.value.message or ".xlsx" in refused.value.message)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path) -> None:
    path = tmp_path / "压缩包.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputRefused) as refused:
        read_source(path)
    assert refused.value.code == "input.not-docx"


def test_a_missing_file_is_refused(tmp_path) -> None:
    with pytest.raises(InputRefused) as refused:
        read_source(tmp_path / "没有.docx")
    assert refused.value.code == "input.unreadable"


def test_a_document_without_the_form_lacks_the_project_name(tmp_path) -> None:
    document = docx.Document()
    document.add_paragraph("2023年度某单位某项目绩效自评报告")
    document.add_paragraph("一、项目概况")
    document.add_paragraph("正文。")
    path = tmp_path / "只有正文.docx"
    document.save(str(path))
    reading = read_source(path)
    assert "没有找到项目支出绩效自评表（按表头“项目名称”“一级指标”等查找）" in reading.read
    assert [note.reason for note in reading.problems] == ["没有找到单位名称（落款单位或实施单位）", "没有找到项目名称"]


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(text, f"正文第{n}段") for n, text in enumerate(texts, start=1)]


def test_numbered_sentences_stay_text_and_headings_nest_by_their_numbers() -> None:
    reading = read_text(_paragraphs(
        "2023年度某局某项目", "绩效自评报告", "开头语。", "一、项目概况", "1.目前，培训形式落后，效果不明显。",
        "（一）资金", "（1）投入", "一是完成了任务。", "二、自评结论", "附件：1.自评表", "2.照片", "某局", "2024年3月1日"))
    assert reading.title == "2023年度某局某项目绩效自评报告" and reading.preamble == "开头语。"
    overview, conclusion = reading.sections
    assert (overview.key, overview.text) == ("overview", "1.目前，培训形式落后，效果不明显。")
    money = overview.children[0]
    assert money.title == "资金" and money.children[0].title == "投入" and money.children[0].text == "一是完成了任务。"
    assert (conclusion.key, conclusion.title, conclusion.text) == ("conclusion", "自评结论", "")  # in other words
    assert reading.attachments == ["自评表", "照片"]
    assert (reading.signature_unit, reading.signature_date_text) == ("某局", "2024年3月1日")


def test_a_styled_heading_without_a_number_is_a_heading() -> None:
    paragraphs = [Paragraph("某报告", "正文第1段"), Paragraph("项目概况", "正文第2段", heading_level=0),
                  Paragraph("正文", "正文第3段")]
    reading = read_text(paragraphs)
    assert [(s.title, s.text, s.key) for s in reading.sections] == [("项目概况", "正文", "overview")]


def test_text_before_the_title_is_listed() -> None:
    reading = read_text(_paragraphs("附件2", "X财发〔2023〕1号", "某项目绩效自评报告", "一、概况"))
    assert reading.title == "某项目绩效自评报告"
    assert [note.sentence() for note in reading.notes] == ["正文第1段“附件2”：在标题之前，未读取",
                                                           "正文第2段“X财发〔2023〕1号”：在标题之前，未读取"]


def test_a_formula_saved_without_its_value_is_a_problem(tmp_path, sample_report) -> None:
    import openpyxl

    path = tmp_path / "公式.xlsx"
    path.write_bytes(render_xlsx(sample_report, load_ruleset(sample_report.ruleset)))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    weight = next(c for row in sheet.iter_rows() for c in row if c.value == "分值" and c.row > 10)
    sheet.cell(weight.row + 1, weight.column).value = "=5+5"  # openpyxl computes nothing
    book.save(path)
    problems = [note.sentence() for note in read_source(path).problems]
    assert any("公式没有保存计算结果" in text and "=5+5" in text for text in problems), problems


def _round_trip(tmp_path: pathlib.Path, name: str, render) -> tuple[Report, Report]:  # type: ignore[no-untyped-def]
    """A test report exported with ``render`` and read back: (as read, as it was but for
    its bands, which the form does not print)."""
    report = load_file(str(DATA / f"{name}.json"))
    path = tmp_path / ("表.docx" if render is render_docx else "表.xlsx")
    path.write_bytes(render(report, load_ruleset(report.ruleset)))
    reading = read_source(path)
    assert reading.problems == []
    for indicator in report.indicators:
        indicator.band = None
    return reading.report, report


@pytest.mark.parametrize("render", [render_docx, render_xlsx])
def test_a_group_scored_export_reads_back_its_groups(tmp_path, render) -> None:
    """The 分值/得分 merged over each 二级指标's rows come back as report.groups."""
    found, report = _round_trip(tmp_path, "huangshi-groups", render)
    assert found.scoring == "group" and found.groups == report.groups
    assert _part(found, ("indicators",)) == _part(report, ("indicators",))
    assert found.funds.declared_score == Decimal("18.40") and found.filed.total == Decimal("93.39")


@pytest.mark.parametrize("render", [render_docx, render_xlsx])
def test_an_unscored_export_reads_back_unscored(tmp_path, render) -> None:
    found, report = _round_trip(tmp_path, "unscored-county", render)
    assert found.scoring == "none" and found.groups == []
    assert _part(found, ("indicators", "goal", "project")) == _part(report, ("indicators", "goal", "project"))
    assert found.funds.declared_rate == Decimal("92.00") and found.funds.weight is None
