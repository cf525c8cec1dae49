"""文件 → 从 Word/Excel 导入…: last year's report read from the clerk's .docx or .xlsx
(storage.reading), shown before anything is stored — what was read, what was not (by
table, row and column) and what could not be read — and imported as a new report only
when the clerk confirms. A file with values that cannot be read is shown but cannot be
imported: the clerk corrects the cell in Word or Excel and reads it again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.exports import busy
from model.errors import ZepingError
from model.fields import INDICATOR_FIELDS, NUMBER_KINDS, PARTS
from model.values import plain

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from storage.reading.result import Reading

TITLE = "从 Word/Excel 导入"
ACTION = "从 Word/Excel 导入…"
TIP = "读取上年的 Word 报告或 Excel 自评表，预览读到的内容，确认后作为新报告导入"
FILE_FILTER = ("Word 或 Excel 文件 (*.docx *.xlsx *.xlsm *.doc *.wps *.xls *.et);;Word 文件 (*.docx);;"
               "Excel 文件 (*.xlsx *.xlsm);;所有文件 (*)")
IMPORT = "导入为新报告"
AFTER_IMPORT = "已导入“{name}”。要写下一年度的报告，可用“从上年复制”。"


class ImportPreview(QDialog):
    """What a reading gives, in three lists; 导入为新报告 only when nothing is unreadable."""

    def __init__(self, reading: Reading, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading = reading
        self.setWindowTitle(f"{TITLE}：{reading.source}")
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        self.read_list = self._section(layout, "读到的内容", reading.read, 3)
        self.indicator_table = self._indicators(layout)
        self.skipped_list = self._section(layout, f"未读取的内容（{len(reading.skipped)} 处）",
                                          [note.sentence() for note in reading.skipped] or ["无"])
        self.problem_list: QListWidget | None = None
        if reading.problems:
            self.problem_list = self._section(layout, f"无法读取的内容（{len(reading.problems)} 处，请在原文件中改正后重新读取）",
                                              [note.sentence() for note in reading.problems])
            self.problem_list.setStyleSheet("color: #b00020;")
        hint = QLabel("导入后作为一份新报告加入当前数据文件，原文件不会改动。" if not reading.problems
                      else "有无法读取的内容，不能导入。", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.import_button: QPushButton = buttons.addButton(IMPORT, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not reading.problems)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _indicators(self, layout: QVBoxLayout) -> QTableWidget:
        """Every indicator read, in the form's columns, for the clerk to check."""
        indicators = self.reading.report.indicators
        label = QLabel(f"{PARTS['indicators']}（{len(indicators)} 个）", self)
        label.setStyleSheet("font-weight: bold;")
        layout.addWidget(label)
        columns = [spec for spec in INDICATOR_FIELDS if spec.key != "band"]
        table = QTableWidget(len(indicators), len(columns), self)
        table.setHorizontalHeaderLabels([spec.label for spec in columns])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, indicator in enumerate(indicators):
            for col, spec in enumerate(columns):
                value = getattr(indicator, spec.key)
                text = plain(value) if spec.kind in NUMBER_KINDS else str(value or "")
                table.setItem(row, col, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        layout.addWidget(table, 4)
        return table

    def _section(self, layout: QVBoxLayout, heading: str, lines: list[str], stretch: int = 1) -> QListWidget:
        label = QLabel(heading, self)
        label.setStyleSheet("font-weight: bold;")
        layout.addWidget(label)
        widget = QListWidget(self)
        widget.setWordWrap(True)
        for line in lines:
            widget.addItem(QListWidgetItem(line))
        layout.addWidget(widget, stretch)
        return widget


def import_office_file(window: MainWindow, path: str | None = None) -> int | None:
    """Ask for a .docx/.xlsx (unless ``path`` is given), read it, preview it; the new
    report's id when the clerk confirmed and it was stored, else None."""
    w = window
    if path is None:
        path = w.dialogs.open_file(w, TITLE, FILE_FILTER)
        if not path:
            return None
    from storage.reading import read_source  # here: the window starts without the readers

    try:
        with busy():
            reading = read_source(path)
    except ZepingError as exc:
        w.dialogs.error(w, "无法导入", exc.message)
        return None
    dialog = ImportPreview(reading, w)
    try:
        accepted = w.dialogs.run(dialog)
    finally:
        dialog.deleteLater()
    if not accepted or reading.problems:
        return None
    report_id = w.reports.add_and_open(reading.report)
    if report_id is not None:
        w.statusBar().showMessage(AFTER_IMPORT.format(name=reading.source), 10000)
    return report_id
