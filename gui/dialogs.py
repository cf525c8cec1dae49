"""Message boxes and file dialogs behind one small service, so tests replace it with a
fake (tests/test_gui_*.py) instead of clicking real dialogs. Picard's user_dialog_service."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

JSON_FILTER = "报告文件 (*.json);;所有文件 (*)"
DATA_FILTER = "数据文件 (*.db *.sqlite *.zeping);;所有文件 (*)"
PDF_FILTER = "PDF 文件 (*.pdf)"


class DialogService:
    """Every question the window asks the clerk, as plain calls returning plain values."""

    def information(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str, *, danger: bool = False) -> bool:
        """Yes/no; the safe answer (no) is the default when ``danger``."""
        default = QMessageBox.StandardButton.No if danger else QMessageBox.StandardButton.Yes
        answer = QMessageBox.question(
            parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, default,
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_file(self, parent: QWidget | None, title: str, file_filter: str, directory: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, directory, file_filter)
        return path or None

    def save_file(self, parent: QWidget | None, title: str, file_filter: str, suggested: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path or None
