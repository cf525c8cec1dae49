"""导出 PDF from the window, and 打印预览 and 打印 when QtPdf is missing: the default file
name, the question whether to open the PDF, the system's reader (a replaceable opener),
and the writer's own message when a character cannot be printed. A stand-in writer with
the interface of storage.documents.pdf (export_pdf(report, ruleset, out_path, *, stable=False),
render_pdf) keeps these tests about the window; the real writer's own tests check the
pages, and tests/test_gui_print.py the pages printed with QtPdf."""

from __future__ import annotations

import os
import pathlib
import shutil
import sys
import tempfile
import types

import pytest

import gui.main_window
import gui.printing
import storage.documents
from gui.exports import preview_folder
from gui.main_window import MainWindow
from gui_support import FakeDialogs, told
from model.errors import ZepingError
from storage.files import report_file_name
from storage.sample import sample_report
from storage.store import open_store
from storage.workspace import Workspace

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

DEFAULT_NAME = "2022年度益阳市资阳区科学技术协会科普宣传与科普活动绩效自评报告.pdf"
LACKING = "\U0002b81d"  # a CJK Extension D character no bundled font has


class StandInWriter(types.ModuleType):
    """storage.documents.pdf's interface: writes a small file, refuses a character like the real one."""

    def __init__(self) -> None:
        super().__init__("storage.documents.pdf")
        self.calls: list[tuple[object, object]] = []

    def render_pdf(self, report, ruleset, *, stable=False):
        if LACKING in report.unit:
            raise ZepingError(f"“单位”中的“{LACKING}”字体中没有，无法打印。请改用常用字或造字。", "pdf.missing-glyph")
        self.calls.append((report, ruleset))
        return b"%PDF-1.4\n% stand-in\n"


@pytest.fixture
def writer(monkeypatch) -> StandInWriter:
    module = StandInWriter()
    monkeypatch.setitem(sys.modules, "storage.documents.pdf", module)
    monkeypatch.setattr(storage.documents, "pdf", module, raising=False)
    return module


@pytest.fixture
def window(qtbot, tmp_path, writer, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # previews land in this test's folder
    (tmp_path / "temp").mkdir()
    path = tmp_path / "units.db"
    with open_store(path) as store:
        store.add(sample_report())
    win = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(win)
    yield win
    win.close()


def test_export_pdf_offers_the_default_name_and_opens_if_asked(window, writer, tmp_path):
    out = tmp_path / "out" / "报告.pdf"
    out.parent.mkdir()
    assert window.commands.exports["pdf"].isEnabled()
    window.dialogs.paths = [str(out)]
    window.commands.exports["pdf"].trigger()
    title, suggested = told(window)[0]
    assert title == "导出 PDF" and pathlib.Path(suggested).name == DEFAULT_NAME
    assert out.read_bytes().startswith(b"%PDF")
    report, ruleset = writer.calls[-1]
    assert report is window.report and ruleset is window.ruleset
    question = told(window)[1]
    assert question[0] == "导出 PDF" and "现在打开它吗" in question[1] and str(out) in question[1]
    assert window.dialogs.opened == [str(out)]
    # the next export starts in the folder used last
    window.dialogs.answer = False
    window.dialogs.paths = [str(out.with_name("again"))]
    window.commands.exports["pdf"].trigger()
    assert pathlib.Path(told(window)[2][1]).parent == out.parent
    assert out.with_name("again.pdf").exists()  # .pdf added
    assert window.dialogs.opened == [str(out)]  # declined: not opened again


def test_export_pdf_without_a_reader_says_where_the_file_is(window, tmp_path):
    out = tmp_path / "a.pdf"
    window.dialogs.opener_works = False
    assert window.exports.export_pdf(str(out))
    title, text = told(window)[-1]
    assert title == "导出 PDF" and str(out) in text and "未找到" in text


def test_character_the_fonts_lack_is_shown_as_the_writer_says(window, writer, tmp_path):
    window.pages["overview"].binder.set_text("unit", f"某县{LACKING}科协")
    out = tmp_path / "a.pdf"
    assert not window.exports.export_pdf(str(out))
    title, text = told(window)[-1]
    assert title == "无法生成 PDF" and "“单位”" in text and LACKING in text
    assert not out.exists() and window.dialogs.opened == []
    assert window.exports.open_pdf_for("打印") is None
    assert window.exports.preview_root is not None
    assert not any(window.exports.preview_root.glob("preview-*/*.pdf"))  # nothing left behind
    # with QtPdf: refused before any preview or print dialog shows
    window.commands.preview.trigger()
    window.commands.print.trigger()
    assert [title for title, _ in told(window)[-2:]] == ["无法生成 PDF"] * 2
    assert LACKING in told(window)[-1][1]
    assert window.dialogs.previews == [] and window.dialogs.print_dialogs == []


def test_without_qtpdf_preview_and_print_open_the_same_pdf_in_the_reader(window, writer, monkeypatch):
    monkeypatch.setattr(gui.printing, "qtpdf_available", lambda: False)
    window.commands.preview.trigger()
    preview = pathlib.Path(window.dialogs.opened[-1])
    try:
        assert preview.name == DEFAULT_NAME and preview.read_bytes().startswith(b"%PDF")
        window.commands.print.trigger()
        printed = pathlib.Path(window.dialogs.opened[-1])
        assert printed.read_bytes().startswith(b"%PDF") and printed != preview
        message = window.statusBar().currentMessage()
        assert "Ctrl+P" in message and str(printed) in message  # a started reader may still fail
        assert "QtPdf" in message  # why not the window's own preview
        assert window.dialogs.previews == [] and window.dialogs.print_dialogs == []
        assert printed.parent.parent == preview.parent.parent == preview_folder()
    finally:
        for path in (preview, pathlib.Path(window.dialogs.opened[-1])):
            shutil.rmtree(path.parent, ignore_errors=True)


def test_old_previews_are_cleared(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    root = preview_folder()
    old, new = root / "preview-old", root / "preview-new"
    for folder in (old, new):
        folder.mkdir()
        (folder / "a.pdf").write_bytes(b"%PDF")
    os.utime(old, (1, 1))
    assert preview_folder() == root
    assert not old.exists() and (new / "a.pdf").exists()



def test_file_name_is_safe_on_windows():
    report = sample_report()
    report.unit, report.project.name = '某单位"A/B:', 'C"项目'
    assert report_file_name(report, "") == "2022年度某单位_A_B_C_项目绩效自评报告"
    report.unit, report.project.name, report.year = " ", ".", 0
    assert report_file_name(report, ".pdf") == "绩效自评报告.pdf"


def test_real_writer_through_the_window(qtbot, tmp_path):
    path = tmp_path / "units.db"
    with open_store(path) as store:
        store.add(sample_report())
    win = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(win)
    assert pathlib.Path(win.exports.suggested_name(".pdf")).name == report_file_name(win.report) == DEFAULT_NAME
    win.dialogs.answer = False
    out = tmp_path / "real.pdf"
    assert win.exports.export_pdf(str(out))
    assert out.read_bytes().startswith(b"%PDF")
    win.pages["overview"].binder.set_text("project.department", "某县\ue000科协")  # a private-use character
    assert not win.exports.export_pdf(str(tmp_path / "lacking.pdf"))
    title, text = win.dialogs.messages[-1]
    assert title == "无法生成 PDF" and "主管部门" in text
    assert not (tmp_path / "lacking.pdf").exists()
    win.close()


def test_a_report_with_errors_asks_before_it_leaves(window, writer, tmp_path):
    out = tmp_path / "a.pdf"
    window.dialogs.choices = ["查看体检"]
    assert not window.exports.export_pdf(str(out), offer_open=False)
    assert not out.exists() and writer.calls == []
    title, text = window.dialogs.messages[-1]
    errors = sum(1 for f in window.findings if f.severity == "error")
    assert errors == 14  # the seed's mistakes that are errors (DOMAIN.md §6)
    assert title == "导出 PDF" and text.startswith(f"体检发现 {errors} 个错误") and "建议改正后再导出 PDF" in text
    assert window.dialogs.questions[-1] == ["查看体检", "仍然导出 PDF"]
    first_error = next(f for f in window.findings if f.severity == "error")
    assert window.tabs.currentWidget() is window.pages[first_error.place.tab]
    window.dialogs.choices = [None]  # 取消
    assert not window.exports.export_pdf(str(out), offer_open=False)
    window.dialogs.choices = ["仍然导出 PDF"]
    assert window.exports.export_pdf(str(out), offer_open=False) and out.exists()
    window.dialogs.choices = [None]
    assert window.exports.print_report() is None and window.dialogs.print_dialogs == []
    assert window.dialogs.questions[-1] == ["查看体检", "仍然打印"]


def test_a_clean_report_leaves_without_a_question_but_a_missing_date_is_named(qtbot, tmp_path, writer):
    from conftest import DATA

    from storage.interchange import load_file

    path = tmp_path / "clean.db"
    with open_store(path) as store:
        store.add(load_file(str(DATA / "correct-national.json")))
    win = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(win)
    assert not [f for f in win.findings if f.severity == "error"]
    assert win.exports.export_pdf(str(tmp_path / "clean.pdf"), offer_open=False)
    assert win.dialogs.questions == []
    win.pages["issues"].binder.set_text("signature.date", "")
    win.dialogs.choices = ["查看体检"]
    assert not win.exports.export_pdf(str(tmp_path / "undated.pdf"), offer_open=False)
    assert "未填写：落款日期" in win.dialogs.messages[-1][1]
    assert win.tabs.currentWidget() is win.pages["issues"]
    win.close()
