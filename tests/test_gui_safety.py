"""The window over the data-safety layer: 历史版本 and 已删除的报告 (restore, undo of a
restore), a read-only file (another window holds it, or a read-only folder), a backup
that failed. Dialogs run through the fake dialog service; no real dialog opens."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

import pytest
from conftest import as_unprivileged_user

from gui.history import DeletedDialog, VersionsDialog
from gui.main_window import MainWindow
from gui_support import FakeDialogs, stored
from storage.sample import sample_report
from storage.store import backup_dir, open_store
from storage.workspace import Workspace

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

UNIT = "益阳市资阳区科学技术协会"




def edit_unit(window, text: str) -> None:
    window.pages["overview"].binder.set_text("unit", text)
    assert window.save_now()


def table_rows(dialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


# -- 历史版本 ----------------------------------------------------------------------------
def test_history_lists_versions_and_restores_one(window, data_file):
    path, report_id = data_file
    edit_unit(window, "某县科协")
    edit_unit(window, "某县科学技术协会")
    seen = []

    def pick_first_version(dialog) -> bool:
        assert isinstance(dialog, VersionsDialog)
        rows = table_rows(dialog)
        seen.append(rows)
        assert not dialog.accept_button.isEnabled()  # the newest is what is on screen
        assert "当前内容" in dialog.note.text()
        assert dialog.choose(1)
        assert dialog.accept_button.isEnabled()
        return True

    window.dialogs.on_dialog = pick_first_version
    window.commands.history.trigger()
    rows = seen[0]
    assert [r[0] for r in rows] == ["3（当前）", "2", "1"]
    assert [r[2] for r in rows] == ["保存", "保存", "新建"]
    assert [r[3] for r in rows] == ["（当前内容）", "单位", "单位"]
    assert rows[0][1][:2] == "20" and "指标 10 项" in rows[0][4]
    assert window.report.unit == UNIT
    assert window.pages["overview"].binder.text("unit") == UNIT
    assert stored(path, report_id).unit == UNIT
    assert window.ws.store.history(report_id)[0].action_label == "恢复（自版本 1）"
    assert "版本 1" in window.statusBar().currentMessage()


def test_restore_is_one_undoable_step(window, data_file):
    path, report_id = data_file
    edit_unit(window, "某县科协")
    assert window.reports.restore_version(1)
    assert window.undo_stack.count() == 2 and window.commands.undo.text() == "撤销 恢复到版本 1"
    window.commands.undo.trigger()
    assert window.report.unit == "某县科协"
    assert window.save_now()
    assert stored(path, report_id).unit == "某县科协"
    assert [v.action for v in window.ws.store.history(report_id)][:2] == ["save", "restore"]
    window.commands.redo.trigger()
    assert window.report.unit == UNIT


def test_history_closed_without_choosing_changes_nothing(window, data_file):
    path, report_id = data_file
    edit_unit(window, "某县科协")
    window.dialogs.on_dialog = lambda dialog: False
    assert not window.reports.show_history()
    assert stored(path, report_id).unit == "某县科协"
    assert len(window.ws.store.history(report_id)) == 2


def test_report_selector_context_menu_reaches_history(window):
    from PySide6.QtCore import Qt

    assert window.report_combo.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    texts = [a.text() for a in window.report_menu.actions() if a.text()]
    assert texts[:2] == ["历史版本…", "已删除的报告…"] and "删除本报告…" in texts
    file_menu = window.menuBar().actions()[0].menu()
    assert window.commands.history in file_menu.actions() and window.commands.deleted in file_menu.actions()
    window.report_menu.actions()[0].trigger()
    assert isinstance(window.dialogs.dialogs[-1], VersionsDialog)


# -- 已删除的报告 -------------------------------------------------------------------------
def test_delete_says_it_is_kept_and_deleted_report_comes_back(window, data_file):
    path, first = data_file
    window.dialogs.on_dialog = lambda dialog: False
    assert not window.reports.show_deleted()
    assert window.dialogs.messages[-1] == ("已删除的报告", "数据文件中没有已删除的报告。")
    second = window.reports.new_report()
    window.pages["overview"].binder.set_text("project.name", "农村科普")
    assert window.reports.delete_report()
    title, text = window.dialogs.messages[-1]
    assert title == "删除报告" and "历史" in text and "已删除的报告" in text and "恢复" in text
    assert window.report_combo.count() == 1

    def pick(dialog) -> bool:
        assert isinstance(dialog, DeletedDialog)
        assert table_rows(dialog)[0][:3] == ["2022", "农村科普", UNIT]
        return True

    window.dialogs.on_dialog = pick
    assert window.reports.show_deleted()
    assert window.report_id == second and window.report.project.name == "农村科普"
    assert window.report_combo.count() == 2 and window.report_combo.currentText() == "2022 · 农村科普"
    with open_store(path) as store:
        assert {i.id for i in store.list_reports()} == {first, second}
        assert store.list_deleted() == []


# -- read-only -------------------------------------------------------------------------
def test_second_window_on_a_held_file_is_read_only(qtbot, data_file, tmp_path):
    path, report_id = data_file
    with open_store(path) as first:  # the writer: another window of the same file
        assert not first.read_only
        win = MainWindow(Workspace.open(path), FakeDialogs())
        qtbot.addWidget(win)
        assert win.ws.store.read_only
        assert "（只读）" in win.windowTitle()
        assert not win.banner.isHidden()
        assert "只读" in win.banner.text() and win.ws.store.read_only_reason in win.banner.text()
        assert win.save_label.text() == "只读：修改不会保存"
        assert not win.commands.new.isEnabled() and not win.commands.delete.isEnabled()
        assert win.pages["overview"].binder.text("unit") == UNIT  # the data is shown

        binder = win.pages["overview"].binder
        binder.set_text("unit", "某县科协")
        binder.set_text("project.department", "某县科协")
        assert win.dialogs.messages == []  # told in the banner, not by a box that eats keys
        assert "刚才的修改没有保存" in win.banner.text() and "另存为" in win.banner.text()
        assert win.statusBar().currentMessage() == "只读：刚才的修改没有保存到数据文件。"
        win.statusBar().clearMessage()
        binder.set_text("project.department", "某县科学技术协会")
        assert win.statusBar().currentMessage() == ""  # once
        assert win.report.unit == "某县科协"  # the clerk may try figures out
        assert not win.save_now()
        assert first.load(report_id).unit == UNIT

        win.dialogs.on_dialog = lambda dialog: (not dialog.accept_button.isEnabled()
                                                and dialog.choose(1) and not dialog.accept_button.isEnabled())
        assert not win.reports.show_history()
        assert win.dialogs.dialogs and not win.reports.restore_version(1)

        copy = tmp_path / "copy.db"  # 另存为 keeps the edits made while read-only
        win.dialogs.paths = [str(copy)]
        win.commands.save_as.trigger()
        assert not win.ws.store.read_only and win.banner.isHidden()
        assert "（只读）" not in win.windowTitle()
        assert stored(copy, report_id).unit == "某县科协"
        assert first.load(report_id).unit == UNIT
        win.close()




@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX file modes")
def test_read_only_folder_is_said_in_the_banner(qtbot):
    folder = pathlib.Path(tempfile.mkdtemp(prefix="zeping-ro-"))
    folder.chmod(0o755)
    path = folder / "data.db"
    with open_store(path) as store:
        report_id = store.add(sample_report())
    path.chmod(0o666)
    folder.chmod(0o555)
    try:
        with as_unprivileged_user():
            store = open_store(path)
        win = MainWindow(Workspace(store), FakeDialogs())
        qtbot.addWidget(win)
        assert store.read_only and "文件夹" in store.read_only_reason
        assert not win.banner.isHidden() and "文件夹" in win.banner.text()
        win.pages["funds"].binder.set_text("funds.arrived", "30")
        assert not win.save_now()
        assert "刚才的修改没有保存" in win.banner.text()
        win.close()
        assert stored(path, report_id).funds.arrived == 28
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


# -- a failed backup ---------------------------------------------------------------------
def test_failed_backup_is_a_warning_once_not_a_stop(qtbot, data_file):
    path, report_id = data_file
    shutil.rmtree(backup_dir(path))
    backup_dir(path).write_text("not a folder", encoding="utf-8")
    win = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(win)
    assert not any(f.code == "store.backup-failed" for f in win.findings)
    edit_unit(win, "某县科协")
    assert stored(path, report_id).unit == "某县科协"  # saving went on
    assert win.ws.store.backup_error
    assert win.statusBar().currentMessage().startswith("警告：未能备份")
    warnings = [f for f in win.dock.model.findings() if f.code == "store.backup-failed"]
    assert len(warnings) == 1 and warnings[0].severity == "warning" and "已正常保存" in warnings[0].message
    assert win.dialogs.messages == []  # not blocking: no message box
    win.statusBar().clearMessage()
    edit_unit(win, "某县科学技术协会")
    assert win.statusBar().currentMessage() == ""  # said once
    assert sum(1 for f in win.findings if f.code == "store.backup-failed") == 1
    win.close()
