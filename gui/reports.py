"""What the window does with whole reports: new, copy last year, delete, the history and
the deleted reports (restore as one undoable step). Each flow asks the clerk through the
dialog service and calls one workspace operation (storage.workspace)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from gui.undo import SnapshotCommand
from model.compare import differences
from model.errors import ZepingError
from model.report import Report
from storage.interchange import report_to_dict

if TYPE_CHECKING:
    from gui.history import ChoiceDialog
    from gui.main_window import MainWindow


class ReportFlows:
    """The report-level operations of the window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def _chosen(self, dialog: ChoiceDialog) -> object | None:
        """What the clerk chose in one of the history dialogs (None: closed without)."""
        try:
            return dialog.chosen() if self._window.dialogs.run(dialog) else None
        finally:
            dialog.deleteLater()

    def _name(self) -> str:
        report = self._window.report
        return report.title or f"{report.year} 年度 {report.project.name}"

    def add_and_open(self, report: Report) -> int | None:
        """Store ``report`` as a new report of the file and open it."""
        w = self._window
        if not w.saving.writable() or not w.settle_unsaved():
            return None
        try:
            report_id = w.ws.store.add(report)
        except ZepingError as exc:
            w.dialogs.error(w, "无法新建报告", exc.message)
            return None
        w.fill_report_combo(report_id)
        w.open_report(report_id)
        return report_id

    def new_report(self) -> int | None:
        """A report from the template, for the same unit, the year after this one."""
        from storage.workspace import NEW_PROJECT, NEW_UNIT

        w = self._window
        year = w.report.year or datetime.date.today().year - 1
        report_id = self.add_and_open(w.ws.template_report(year, w.report.unit or NEW_UNIT, NEW_PROJECT))
        if report_id is not None:
            w.tabs.setCurrentWidget(w.pages["overview"])
            name = w.pages["overview"].binder.widget("project.name")
            name.setFocus()
            if isinstance(name, QLineEdit):
                name.selectAll()
            w.statusBar().showMessage("已按模板新建报告，请填写项目名称。", 5000)
        return report_id

    def copy_last_year(self) -> int | None:
        """Next year's report from this one; what was cleared is listed for review."""
        w = self._window
        if w.report_id is None:
            return None
        result = w.ws.next_year_copy()
        new = result.report
        if w.ws.same_year_and_project(new) and not w.dialogs.confirm(
            w, "从上年复制", f"数据文件中已有 {new.year} 年度“{new.project.name}”的报告。仍要再建一份吗？"
        ):
            return None
        report_id = self.add_and_open(new)
        if report_id is not None:
            cleared = "\n".join(f"· {item}" for item in result.cleared) or "· （无）"
            w.dialogs.information(
                w, "从上年复制",
                f"已建立 {new.year} 年度报告。以下内容已清空，请按本年度情况重新填写：\n{cleared}\n"
                "标题、附件和指标中的年份已顺延一年；正文照上年原样复制，其中的年份、日期和金额列在体检面板中"
                "（上年内容，请核对），改写该段或点“已核对上年内容”后不再提醒。体检面板也会列出尚未填写的项目。",
            )
        return report_id

    def delete_report(self) -> bool:
        w = self._window
        if w.report_id is None or not w.saving.writable():
            return False
        if len(w.ws.list_reports()) <= 1:
            w.dialogs.information(w, "删除报告", "这是数据文件中唯一的报告，不能删除。可先新建一份报告。")
            return False
        kept = "删除后报告仍保存在数据文件的历史中，可以用“文件 → 已删除的报告”恢复。"
        if not w.dialogs.confirm(w, "删除报告", f"删除报告“{self._name()}”？\n{kept}", danger=True):
            return False
        if not w.settle_unsaved():  # the history keeps the report as it was last typed
            return False
        try:
            w.ws.delete(w.report_id)
        except ZepingError as exc:
            w.dialogs.error(w, "无法删除报告", exc.message)
            return False
        w.fill_report_combo()
        w.show_report(w.ws.report_id, w.ws.report)
        return True

    # -- history and deleted reports -------------------------------------------------------
    def show_history(self) -> bool:
        """历史版本 of the current report; restores the version the clerk chooses."""
        from gui.history import VersionsDialog

        w = self._window
        if w.report_id is None:
            return False
        w.save_now()  # what is on screen becomes the newest version first (viewing needs no more)
        try:
            versions = w.ws.history(w.report_id)
        except ZepingError as exc:
            w.dialogs.error(w, "历史版本", exc.message)
            return False
        reason = w.saving.read_only_text() if w.ws.read_only else None
        version = self._chosen(VersionsDialog(self._name(), versions, read_only_reason=reason,
                                              changes=self.version_changes, parent=w))
        return isinstance(version, int) and self.restore_version(version)

    def version_changes(self, version: int) -> str:
        """How ``version`` differs from what the window shows (model.compare)."""
        w = self._window
        assert w.report_id is not None
        try:
            old = w.ws.load_version(w.report_id, version)
        except ZepingError:
            return "（内容无法读取）"
        found = differences(w.report, old)
        return "、".join(found) if found else "相同"

    def restore_version(self, version: int) -> bool:
        """Make ``version`` the report's content (a new version in the file).

        The restore is one undoable step: undo puts back what was there before (and
        autosave stores that as another version), so a wrong choice costs nothing.
        """
        w = self._window
        report_id = w.report_id
        if report_id is None or not w.saving.writable() or not w.settle_unsaved():
            return False
        before = report_to_dict(w.report)
        try:
            new_version = w.ws.restore(report_id, version)  # the workspace remembers the new version
            restored = w.ws.report
        except ZepingError as exc:
            w.dialogs.error(w, "无法恢复", exc.message)
            return False
        after = report_to_dict(restored)
        w.show_snapshot(after)
        w.saving.dirty = False
        w.undo_stack.push(SnapshotCommand(w.restore_snapshot, before, after, "report.restore",
                                          f"恢复到版本 {version}", None))
        w.fill_report_combo(report_id)
        w.save_label.setText(f"已恢复 {datetime.datetime.now():%H:%M:%S}")
        w.statusBar().showMessage(f"已恢复到版本 {version}（记为新版本 {new_version}）。可用“撤销”退回。", 8000)
        return True

    def show_deleted(self) -> bool:
        """已删除的报告: restores the one the clerk chooses and opens it."""
        from gui.history import DeletedDialog

        w = self._window
        try:
            deleted = w.ws.list_deleted()
        except ZepingError as exc:
            w.dialogs.error(w, "已删除的报告", exc.message)
            return False
        if not deleted:
            w.dialogs.information(w, "已删除的报告", "数据文件中没有已删除的报告。")
            return False
        reason = w.saving.read_only_text() if w.ws.read_only else None
        report_id = self._chosen(DeletedDialog(deleted, read_only_reason=reason, parent=w))
        return isinstance(report_id, int) and self.restore_deleted(report_id)

    def restore_deleted(self, report_id: int) -> bool:
        """Bring a deleted report back to the list as it was when deleted, and open it."""
        w = self._window
        if not w.saving.writable() or not w.settle_unsaved():
            return False
        try:
            w.ws.restore_deleted(report_id)
        except ZepingError as exc:
            w.dialogs.error(w, "无法恢复", exc.message)
            return False
        w.fill_report_combo(report_id)
        w.show_report(report_id, w.ws.report)
        w.statusBar().showMessage("已恢复删除的报告。更早的内容可在“历史版本”中找到。", 8000)
        return True
