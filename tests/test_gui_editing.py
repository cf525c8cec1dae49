"""The habits clerks bring from WPS/Word/Excel (issue 11 item 4): Ctrl+S, 剪切, 查找和替换,
Enter in the indicator grid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from gui.indicator_model import COLUMN_KEYS
from gui_support import show, stored

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def test_ctrl_s_saves_now_and_says_so(qtbot, window, data_file):
    show(qtbot, window)
    window.pages["overview"].binder.set_text("project.department", "某县科协")
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored(*data_file).project.department == "某县科协"
    assert window.statusBar().currentMessage() == "已保存" and window.save_label.text().startswith("已保存")
    assert window.isVisible()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing new: still said
    assert window.statusBar().currentMessage() == "已保存"


def test_cut_is_in_the_edit_menu_and_cuts_text(qtbot, window):
    show(qtbot, window)
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("编辑"))
    assert [a.text() for a in edit_menu.actions() if a.text()][:5] == ["撤销", "重做", "剪切", "复制", "粘贴"]
    unit = window.pages["overview"].binder.widget("unit")
    assert isinstance(unit, QLineEdit)
    unit.setFocus()
    unit.setSelection(0, 3)
    window.commands.cut.trigger()
    assert QGuiApplication.clipboard().text() == "益阳市"
    assert window.report.unit == "资阳区科学技术协会"


def test_cut_in_the_grid_empties_cells_as_one_undo_step(qtbot, window):
    show(qtbot, window)
    targets = window.pages["targets"]
    window.tabs.setCurrentWidget(targets)
    column = COLUMN_KEYS.index("note")  # 偏差原因
    note = targets.model.index(0, column)
    targets.model.setData(note, "原因")
    targets.select_cell(0, column)
    before = window.undo_stack.count()
    assert targets.cut_selection() == 1
    assert window.report.indicators[0].note == ""
    assert "原因" in QGuiApplication.clipboard().text()
    assert window.undo_stack.count() == before + 1


def test_find_and_replace_across_the_report(qtbot, window, data_file):
    show(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = window.editing.find_dialog
    assert dialog is not None and dialog.isVisible() and "查找和替换" in dialog.windowTitle()
    assert not dialog.isModal()
    dialog.find_edit.setText("今年")
    matches = dialog.search()
    assert len(matches) >= 2 and dialog.results.count() == len(matches)
    assert "找到" in dialog.count_label.text()
    first = dialog.find_next(1)
    assert first is not None
    widget = QApplication.focusWidget()
    assert isinstance(widget, (QLineEdit, QPlainTextEdit))
    selected = widget.selectedText() if isinstance(widget, QLineEdit) else widget.textCursor().selectedText()
    assert selected == "今年"
    second = dialog.find_next(1)
    assert second is not None and second != first
    assert dialog.find_next(-1) == first
    # Replace one, then all; each is one undo step.
    dialog.replace_edit.setText("2022年")
    count = len(dialog.search())
    dialog.find_next(1)
    assert dialog.replace()
    assert len(dialog.search()) == count - 1
    assert dialog.replace_everything() == count - 1
    assert dialog.search() == []
    window.commands.undo.trigger()
    assert len(dialog.search()) == count - 1
    window.commands.redo.trigger()
    assert window.save_now()
    assert "今年" not in stored(*data_file).preamble + "".join(s.text for _d, s in stored(*data_file).all_sections())


def test_find_reaches_indicator_cells_and_the_list_jumps(qtbot, window):
    show(qtbot, window)
    dialog = window.editing.find_replace()
    dialog.find_edit.setText("科普中国传播量")
    dialog.search()
    cell = next(i for i, m in enumerate(dialog.search()) if m.place.field == "indicators")
    dialog.results.setCurrentRow(cell)
    dialog._on_result_chosen(dialog.results.item(cell))
    targets = window.pages["targets"]
    assert window.tabs.currentWidget() is targets and targets.view.currentIndex().row() == 1


def test_ctrl_h_opens_replace_with_the_selected_words(qtbot, window):
    show(qtbot, window)
    unit = window.pages["overview"].binder.widget("unit")
    unit.setFocus()
    unit.setSelection(0, 3)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.editing.find_dialog
    assert dialog is not None and dialog.find_edit.text() == "益阳市"
    assert dialog.focusWidget() is dialog.replace_edit


def test_enter_in_the_grid_commits_and_moves_down(qtbot, window):
    show(qtbot, window)
    targets = window.pages["targets"]
    window.tabs.setCurrentWidget(targets)
    target_column = 3
    targets.select_cell(0, target_column)
    QTest.keyClick(targets.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, ">=6")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: targets.view.currentIndex().row() == 1)
    assert window.report.indicators[0].target == ">=6"
    assert targets.view.currentIndex().column() == target_column
    QTest.keyClick(targets.view, Qt.Key.Key_Return)  # not editing: Enter moves down too
    assert targets.view.currentIndex().row() == 2
