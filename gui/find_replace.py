"""查找和替换, as in WPS: a non-modal dialog over the whole report — every text field,
section and indicator cell (model.search) — with next/previous, a list of every match
to jump to, replace and replace all. A replacement is one edit of the report: one undo
step, saved like any other."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from model.fields import TABS
from model.report import Report
from model.search import Match, find_all, replace_all, replace_one

if TYPE_CHECKING:
    from gui.main_window import MainWindow

MATCH_ROLE = Qt.ItemDataRole.UserRole


class FindReplaceDialog(QDialog):
    """The window's 查找和替换 (Ctrl+F, Ctrl+H); it stays open while the clerk edits."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.setWindowTitle("查找和替换")
        self.setObjectName("find-replace")
        self.setModal(False)
        self._matches: list[Match] = []
        self._current = -1

        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("find-text")
        self.find_edit.setPlaceholderText("如：今年、去年、2022")
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setObjectName("replace-text")
        self.case_box = QCheckBox("区分大小写", self)
        form = QFormLayout()
        find_label = QLabel("查找内容(&N)：", self)
        find_label.setBuddy(self.find_edit)
        replace_label = QLabel("替换为(&I)：", self)
        replace_label.setBuddy(self.replace_edit)
        form.addRow(find_label, self.find_edit)
        form.addRow(replace_label, self.replace_edit)
        form.addRow("", self.case_box)

        self.next_button = QPushButton("查找下一个(&F)", self)
        self.previous_button = QPushButton("查找上一个(&B)", self)
        self.replace_button = QPushButton("替换(&R)", self)
        self.replace_all_button = QPushButton("全部替换(&A)", self)
        close_button = QPushButton("关闭", self)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(lambda: self.find_next(1))
        self.previous_button.clicked.connect(lambda: self.find_next(-1))
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_everything)
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.next_button, self.previous_button, self.replace_button, self.replace_all_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("find-count")
        self.results = QListWidget(self)
        self.results.setObjectName("find-results")
        self.results.setAccessibleName("查找结果")
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(self._on_result_chosen)
        self.results.itemClicked.connect(self._on_result_chosen)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.count_label)
        layout.addWidget(self.results, 1)
        self.find_edit.textChanged.connect(self.search)
        self.case_box.toggled.connect(self.search)
        self.resize(560, 420)

    def open_for(self, *, replacing: bool) -> None:
        """Show (or raise) the dialog; the words selected in the window are searched for."""
        selected = self._window.editing.selected_text()
        if selected and "\n" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.raise_()
        self.activateWindow()
        target = self.replace_edit if replacing and self.find_edit.text() else self.find_edit
        target.setFocus()
        target.selectAll()
        self.search()

    # -- finding ----------------------------------------------------------------------
    def search(self) -> list[Match]:
        """Every match in the report as it is now; the list shows them with their place."""
        self._matches = find_all(self._window.report, self.find_edit.text(), match_case=self.case_box.isChecked())
        self._current = -1
        self.results.clear()
        for match in self._matches:
            item = QListWidgetItem(f"{TABS[match.place.tab]} / {match.place.label}\n{match.context()}")
            item.setData(MATCH_ROLE, self.results.count())
            self.results.addItem(item)
        needle = self.find_edit.text()
        self.count_label.setText(f"找到 {len(self._matches)} 处" if needle else "")
        for button in (self.next_button, self.previous_button, self.replace_button, self.replace_all_button):
            button.setEnabled(bool(self._matches))
        return self._matches

    def find_next(self, step: int = 1) -> Match | None:
        """The next (or previous) match, shown in the window with its words selected."""
        if not self._matches:
            self.search()
        if not self._matches:
            self.count_label.setText("没有找到。" if self.find_edit.text() else "")
            return None
        self._current = (self._current + step) % len(self._matches)
        return self._show(self._current)

    def _show(self, index: int) -> Match:
        match = self._matches[index]
        self._current = index
        self.results.setCurrentRow(index)
        self._window.editing.reveal(match)
        self.count_label.setText(f"第 {index + 1} 处，共 {len(self._matches)} 处")
        return match

    def _on_result_chosen(self, item: QListWidgetItem) -> None:
        self._show(int(item.data(MATCH_ROLE)))

    # -- replacing --------------------------------------------------------------------
    def replace(self) -> bool:
        """Replace the current match (finding one first) and go to the next."""
        if self._current < 0:  # the first press shows what would be replaced
            self.find_next(1)
            return False
        match = self._matches[self._current]
        replacement = self.replace_edit.text()
        done = self._window.edit_report(lambda report: replace_one(report, match, replacement),
                                        "report.replace", match.place, f"替换“{self.find_edit.text()}”")
        position = self._current
        self.search()
        if self._matches:
            self._show(min(position, len(self._matches) - 1))
        return done

    def replace_everything(self) -> int:
        needle, replacement = self.find_edit.text(), self.replace_edit.text()
        count = 0

        def change(report: Report) -> bool:
            nonlocal count
            count = replace_all(report, needle, replacement, match_case=self.case_box.isChecked())
            return count > 0

        self._window.edit_report(change, "report.replace", None, f"全部替换“{needle}”")
        self.search()
        self.count_label.setText(f"已替换 {count} 处")
        return count
