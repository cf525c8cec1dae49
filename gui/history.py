"""The dialogs of the data file's memory: a report's saved versions (历史版本) and the
reports deleted from the file (已删除的报告). Both list rows from storage.store
(Store.history, Store.list_deleted) and hand back the row the clerk chose; the window
does the restoring. They run through the dialog service (DialogService.run)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the SQLite layer loads after the window shows
    from storage.store import ReportInfo, Version

KEY_ROLE = Qt.ItemDataRole.UserRole


def shown_time(stamp: str) -> str:
    """An ISO time stamp of the data file as the clerk reads it, in local time."""
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment:%Y-%m-%d %H:%M:%S}"


class ChoiceDialog(QDialog):
    """A table of rows and one action button that accepts the dialog with the chosen row."""

    def __init__(self, title: str, intro: str, headers: Sequence[str], rows: Sequence[tuple[object, Sequence[str]]],
                 accept_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        for r, (key, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(KEY_ROLE, key)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_table_double_clicked)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.accept_button = QPushButton(accept_text, self)
        self.buttons.addButton(self.accept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        if rows:
            self.table.selectRow(0)
        self._on_table_selection_changed()

    def chosen(self) -> object | None:
        """The key of the selected row (None when nothing is selected)."""
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.data(KEY_ROLE) if item is not None else None

    def choose(self, key: object) -> bool:
        """Select the row with ``key``."""
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(KEY_ROLE) == key:
                self.table.selectRow(r)
                return True
        return False

    def can_accept(self, key: object | None) -> str | None:
        """None when the action may run on ``key``, else why not (shown under the table)."""
        return None if key is not None else "请先选择一行。"

    def _on_table_selection_changed(self) -> None:
        problem = self.can_accept(self.chosen())
        self.accept_button.setEnabled(problem is None)
        self.note.setText(problem or "")

    def _on_table_double_clicked(self, _item: QTableWidgetItem) -> None:
        if self.accept_button.isEnabled():
            self.accept()


class VersionsDialog(ChoiceDialog):
    """历史版本: one report's saved versions, newest first; 恢复此版本 accepts."""

    def __init__(self, report_name: str, versions: Sequence[Version], *, read_only_reason: str | None = None,
                 changes: Callable[[int], str] | None = None, parent: QWidget | None = None) -> None:
        """``changes(version)`` says how a version differs from the current content."""
        self._current = versions[0].version if versions else None
        self._read_only_reason = read_only_reason

        def differs(version: int) -> str:
            if version == self._current:
                return "（当前内容）"
            return changes(version) if changes is not None else ""

        rows = [
            (v.version, (f"{v.version}{'（当前）' if v.version == self._current else ''}", shown_time(v.saved_at),
                         v.action_label, differs(v.version), v.summary))
            for v in versions
        ]
        intro = (f"“{report_name}”保存过的版本（最新的在上）。恢复某个版本后，它成为报告的当前内容，"
                 "恢复前的内容仍保留在历史中；恢复也可以撤销。")
        headers = ("版本", "时间", "操作", "与当前内容不同之处", "内容摘要")
        super().__init__("历史版本", intro, headers, rows, "恢复此版本", parent)
        self.setObjectName("history-dialog")
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 300)

    def can_accept(self, key: object | None) -> str | None:
        if self._read_only_reason is not None:
            return f"数据文件以只读方式打开（{self._read_only_reason}），不能恢复。"
        if key is None:
            return "请先选择一个版本。"
        if key == self._current:
            return "这是报告的当前内容。"
        return None


class DeletedDialog(ChoiceDialog):
    """已删除的报告: reports removed from the list, whose history the file still holds."""

    def __init__(self, reports: Sequence[ReportInfo], *, read_only_reason: str | None = None,
                 parent: QWidget | None = None) -> None:
        self._read_only_reason = read_only_reason
        rows = [(info.id, (str(info.year), info.project or "（未命名项目）", info.unit, shown_time(info.updated_at)))
                for info in reports]
        intro = "这些报告已从报告列表中删除，但仍保存在数据文件的历史中。恢复后报告回到列表，内容为删除时的样子。"
        super().__init__("已删除的报告", intro, ("年度", "项目", "单位", "删除时间"), rows, "恢复此报告", parent)
        self.setObjectName("deleted-dialog")

    def can_accept(self, key: object | None) -> str | None:
        if self._read_only_reason is not None:
            return f"数据文件以只读方式打开（{self._read_only_reason}），不能恢复。"
        return super().can_accept(key)
