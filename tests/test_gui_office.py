"""Word and Excel in the window: 导出 Word…/导出 Excel… from the exporter registry, and 从
Word/Excel 导入… — the preview of what was read and what was not, the import only on
confirm, no import when a value could not be read, the old formats refused."""

from __future__ import annotations

from decimal import Decimal

import docx
import pytest
from conftest import DATA

from gui.import_preview import IMPORT, ImportPreview
from gui_support import FakeDialogs, stored
from storage.documents.word import render_docx
from storage.rulesets import load_ruleset

OFFICE = DATA / "office"


def _reports(window) -> list[str]:
    return [info.project for info in window.ws.list_reports()]


def test_the_action_is_in_the_file_menu(window) -> None:
    action = window.commands.import_office
    assert action.text() == "从 Word/Excel 导入…" and action.isEnabled()
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "文件(&F)")
    assert action in file_menu.actions()


def test_the_preview_shows_what_was_read_and_what_was_not_and_imports_on_confirm(window, data_file) -> None:
    dialogs: FakeDialogs = window.dialogs
    dialogs.paths = [str(OFFICE / "linxiang-2023.docx")]
    shown: list[ImportPreview] = []

    def confirm(dialog) -> bool:  # type: ignore[no-untyped-def]
        shown.append(dialog)
        assert dialog.import_button.isEnabled() and dialog.import_button.text() == IMPORT
        assert dialog.problem_list is None
        return True

    dialogs.on_dialog = confirm
    window.commands.import_office.trigger()
    (preview,) = shown
    read = [preview.read_list.item(i).text() for i in range(preview.read_list.count())]
    assert "项目名称：高标准农田建设项目；主管部门：临湘市农业农村局；实施单位：临湘市农田建设服务中心" in read
    assert "绩效指标：8 个" in read
    table = preview.indicator_table  # every indicator, for the clerk to check
    assert table.rowCount() == 8 and table.horizontalHeaderItem(6).text() == "得分"
    assert [table.item(6, col).text() for col in (2, 3, 4, 5, 6)] == ["节水灌溉面积占比", "≥60%", "58%", "10", "9.67"]
    skipped = [preview.skipped_list.item(i).text() for i in range(preview.skipped_list.count())]
    assert "第1个表格：（3 行 × 2 列）不是自评表，未读取" in skipped
    assert window.report.project.name == "高标准农田建设项目" and window.report.year == 2023
    assert len(window.report.indicators) == 8
    assert "从上年复制" in window.statusBar().currentMessage()
    path, _sample_id = data_file
    assert stored(path, window.report_id).indicators[6].score == Decimal("9.67")


def test_cancel_imports_nothing(window) -> None:
    dialogs: FakeDialogs = window.dialogs
    dialogs.paths = [str(OFFICE / "yueyang-2023.xlsx")]
    dialogs.on_dialog = lambda dialog: False
    before = _reports(window)
    window.commands.import_office.trigger()
    assert len(dialogs.dialogs) == 1 and _reports(window) == before


def test_a_file_with_an_unreadable_value_is_shown_but_cannot_be_imported(window, tmp_path, sample_report) -> None:
    path = tmp_path / "上年.docx"
    path.write_bytes(render_docx(sample_report, load_ruleset(sample_report.ruleset)))
    document = docx.Document(str(path))
    document.tables[1].rows[1].cells[7].paragraphs[0].runs[0].text = "满分"
    document.save(str(path))
    dialogs: FakeDialogs = window.dialogs
    dialogs.paths = [str(path)]
    problems: list[str] = []

    def look(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert not dialog.import_button.isEnabled()
        problems.extend(dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count()))
        return True  # even a confirmed dialog imports nothing

    dialogs.on_dialog = look
    before = _reports(window)
    window.commands.import_office.trigger()
    assert problems == ["第2个表格第2行第8列“满分”：“第1个绩效指标的得分”不是数字"]
    assert _reports(window) == before


def test_old_formats_are_refused_before_any_preview(window, tmp_path) -> None:
    old = tmp_path / "去年的报告.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    dialogs: FakeDialogs = window.dialogs
    dialogs.paths = [str(old)]
    window.commands.import_office.trigger()
    assert dialogs.dialogs == []
    title, message = dialogs.messages[-1]
    assert title == "无法导入" and "另存为” .docx 后再读" in message


def test_nothing_happens_when_no_file_is_chosen(window) -> None:
    window.commands.import_office.trigger()
    assert window.dialogs.dialogs == [] and window.dialogs.messages == []


@pytest.mark.parametrize(("key", "label", "suffix"), [("docx", "导出 Word…", ".docx"), ("xlsx", "导出 Excel…", ".xlsx")])
def test_export_word_and_excel_from_the_file_menu(window, tmp_path, key, label, suffix) -> None:
    from storage.reading import read_source

    action = window.commands.exports[key]
    assert action.text() == label
    dialogs: FakeDialogs = window.dialogs
    out = tmp_path / f"导出{suffix}"
    dialogs.paths = [str(out)]
    dialogs.choices = [f"仍然{label.rstrip('…')}"]  # the sample has 体检 errors: export anyway
    action.trigger()
    assert out.exists() and read_source(out).report.project.name == "科普宣传与科普活动"
    title = label.rstrip("…")
    suggested = next(text for asked, text in dialogs.messages if asked == title)  # the save dialog's proposal
    assert suggested.endswith(f"科普宣传与科普活动绩效自评报告{suffix}")
