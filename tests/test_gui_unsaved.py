"""Nothing typed is lost in the window (issue 9 items 1–5): failed saves, unreadable
fields, separators in text, the generated title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui_support import show, stored, type_text
from model.errors import ZepingError
from storage.errors import StoreError
from storage.interchange import report_to_dict
from storage.store import open_store

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

DISK_FULL = "磁盘空间已满，无法保存到 units.db；之前保存的内容没有变化，请腾出空间后再保存"


@pytest.fixture
def failing_disk(window, monkeypatch):
    """The data file's disk is full until ``state['full']`` is set False."""
    state = {"full": True, "tries": 0}
    real_save = window.ws.save

    def save() -> None:
        state["tries"] += 1
        if state["full"]:
            raise StoreError(DISK_FULL, "store.disk-full")
        real_save()

    monkeypatch.setattr(window.ws, "save", save)
    return state


def _type_fifty(qtbot, window) -> str:
    show(qtbot, window)
    note = window.pages["funds"].binder.widget("funds.note")
    note.setFocus()
    typed = "abcdefghij" * 5
    for char in typed:
        QTest.keyClick(note, char)
        if char == "e":  # let autosave fire (and fail) while the clerk goes on typing
            qtbot.wait(1)
            window.save_now()
    return typed


def test_a_failed_save_takes_no_keystroke_and_keeps_the_edits(qtbot, window, data_file, failing_disk):
    typed = _type_fifty(qtbot, window)
    assert window.pages["funds"].binder.text("funds.note") == typed  # all 50 keystrokes
    assert window.report.funds.note == typed
    assert window.dialogs.messages == []  # no box that takes the keys typed after it
    assert not window.banner.isHidden() and "保存失败" in window.banner.text() and "磁盘空间已满" in window.banner.text()
    assert "修改仍在窗口中" in window.banner.text()
    assert failing_disk["tries"] >= 2
    failing_disk["full"] = False
    assert window.save_now()
    assert window.banner.isHidden()
    assert stored(*data_file).funds.note == typed


def test_the_save_is_retried_without_the_clerk(qtbot, window, data_file, failing_disk):
    window.saving.retry_timer.setInterval(50)
    window.pages["funds"].binder.set_text("funds.note", "说明")
    assert not window.save_now()
    failing_disk["full"] = False
    qtbot.waitUntil(lambda: stored(*data_file).funds.note == "说明", timeout=3000)
    assert window.banner.isHidden()


def test_closing_after_a_failed_save_asks_and_never_drops_silently(qtbot, window, data_file, failing_disk):
    path, report_id = data_file
    window.pages["funds"].binder.set_text("funds.note", "未保存的说明")
    window.dialogs.choices = [None]  # 取消: the window stays open, the edit too
    assert not window.close()
    assert window.dialogs.questions[-1] == ["另存为…", "重试保存", "放弃修改"]
    assert window.report.funds.note == "未保存的说明"
    failing_disk["full"] = False
    window.dialogs.choices = []
    assert window.close()  # the save now succeeds: nothing to ask
    assert len(window.dialogs.questions) == 1
    assert stored(path, report_id).funds.note == "未保存的说明"


def test_closing_retry_then_save_as(qtbot, window, data_file, failing_disk, tmp_path):
    window.pages["funds"].binder.set_text("funds.note", "换个地方保存")
    copy = tmp_path / "elsewhere.db"
    window.dialogs.choices = ["重试保存", "另存为…"]
    window.dialogs.paths = [str(copy)]
    assert window.close()  # the copy is a new workspace: its saves succeed
    assert window.dialogs.questions == [["另存为…", "重试保存", "放弃修改"]] * 2
    assert stored(copy, data_file[1]).funds.note == "换个地方保存"
    assert stored(*data_file).funds.note != "换个地方保存"


def test_discarding_is_the_clerks_choice(qtbot, window, data_file, failing_disk):
    window.pages["funds"].binder.set_text("funds.note", "不要了")
    window.dialogs.choices = ["放弃修改"]
    assert window.close()
    assert stored(*data_file).funds.note != "不要了"


def test_switching_reports_after_a_failed_save_asks_first(qtbot, window, data_file, failing_disk):
    from storage.sample import sample_report

    other = window.ws.store.add(sample_report())
    window.fill_report_combo(window.report_id)
    window.pages["funds"].binder.set_text("funds.note", "还没存")
    window.dialogs.choices = [None]
    window.open_report(other)
    assert window.report_id == data_file[1] and window.report.funds.note == "还没存"


def test_an_unreadable_year_is_marked_and_everything_else_keeps_saving(qtbot, window, data_file):
    path, report_id = data_file
    overview = window.pages["overview"]
    for bad in ("①", "²"):
        overview.binder.set_text("year", bad)
        found = [f for f in window.findings if f.code == "input.invalid" and f.place.field == "year"]
        assert found and "四位年份" in found[0].message
        assert window.report.year == 2022
        overview.binder.set_text("project.department", f"部门{bad}")
        assert window.save_now()
        assert stored(path, report_id).project.department == f"部门{bad}"
        assert window.commands.undo.isEnabled()
    assert "input.invalid" in {f.code for f in window.dock.model.findings()}


def test_separators_in_text_are_kept_when_another_field_changes(qtbot, data_file):
    from gui.main_window import MainWindow
    from gui_support import FakeDialogs
    from storage.workspace import Workspace

    path, report_id = data_file
    with open_store(path) as store:
        report = store.load(report_id)
        report.preamble = "第一行\u2028同一段\u2029第二段\u00a0不换行"
        report.goal.expected = "目标\u2028说明"
        store.save(report_id, report, store.version_of(report_id))
    window = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(window)
    window.pages["overview"].binder.set_text("unit", "某县科协")
    window.pages["targets"].binder.set_text("goal.actual", "已完成")
    assert window.save_now()
    again = stored(path, report_id)
    assert again.preamble == "第一行\u2028同一段\u2029第二段\u00a0不换行"
    assert again.goal.expected == "目标\u2028说明"
    assert again.unit == "某县科协"
    window.close()


def test_typed_line_separator_is_kept(qtbot, window, data_file):
    preamble = window.pages["overview"].binder.widget("preamble")
    preamble.setPlainText("")
    type_text(preamble, "甲\u2028乙")
    assert window.report.preamble == "甲\u2028乙"


def test_the_generated_title_is_what_is_saved_and_named(qtbot, window, data_file, tmp_path):
    show(qtbot, window)
    window.commands.new.trigger()
    name = window.pages["overview"].binder.widget("project.name")
    assert name.hasFocus()
    name.selectAll()
    type_text(name, "科技馆运行维护")
    QTest.keyClick(name, Qt.Key.Key_Tab)
    title = window.pages["overview"].binder.text("title")
    assert "科技馆运行维护" in title and title == window.report.title
    assert window.undo_stack.command(window.undo_stack.count() - 1).text().startswith("编辑")
    assert window.save_now()
    assert stored(data_file[0], window.report_id).title == title
    assert "科技馆运行维护" in window.exports.suggested_name(".pdf")
    window.dialogs.answer = False
    window.commands.delete.trigger()
    assert title in window.dialogs.messages[-1][1]
    # One undo puts back both the name and the title generated from it.
    window.commands.undo.trigger()
    assert "科技馆运行维护" not in window.report.title and "科技馆运行维护" not in window.report.project.name


def test_save_failures_are_known_errors_only(window, monkeypatch):
    """A bug while saving is not dressed up as a failed save: it propagates."""
    window.pages["funds"].binder.set_text("funds.note", "x")

    def broken() -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(window.ws, "save", broken)
    with pytest.raises(RuntimeError):
        window.save_now()
    assert not isinstance(RuntimeError("bug"), ZepingError)
    assert report_to_dict(window.report)["funds"]["note"] == "x"
    window.saving.dirty = False  # let the fixture close the window


def test_a_save_conflict_keeps_both_and_goes_on_in_the_copy(qtbot, window, data_file):
    """Another writer changed the report since the window loaded it: neither side is
    overwritten; the window's edits become a copy and the clerk goes on typing in it."""
    path, report_id = data_file
    store = window.ws.store
    theirs, version = store.load_with_version(report_id)
    theirs.funds.note = "别处的修改"
    store.save(report_id, theirs, version)  # the window still believes it holds `version`
    window.pages["funds"].binder.set_text("funds.note", "窗口里的修改")
    assert window.save_now()
    assert window.dialogs.messages == []  # said in the banner, not by a box
    assert not window.banner.isHidden() and "冲突副本" in window.banner.text()
    copy_id = window.report_id
    assert copy_id != report_id and window.report.project.name.endswith("（冲突副本）")
    assert window.report.funds.note == "窗口里的修改"
    assert stored(path, report_id).funds.note == "别处的修改"
    assert stored(path, copy_id).funds.note == "窗口里的修改"
    window.pages["funds"].binder.set_text("funds.note", "接着写")
    assert window.save_now() and window.banner.isHidden()
    assert stored(path, copy_id).funds.note == "接着写"
