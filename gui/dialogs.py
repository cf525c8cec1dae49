"""Message boxes and file dialogs behind one small service, so tests replace it with a
fake (tests/test_gui_*.py) instead of clicking real dialogs. Picard's user_dialog_service."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QDialog, QFileDialog, QGraphicsView, QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:  # QtPrintSupport loads when printing, not when the window starts
    from PySide6.QtPrintSupport import QPrinter

    from gui.desktop import MailResult

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

    def choose(self, parent: QWidget | None, title: str, text: str, options: list[str]) -> int | None:
        """One of ``options`` (buttons, the first is the default), or None when the clerk
        closes the box (Esc): the caller then does nothing."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole) for option in options]
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(buttons[0])
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        return buttons.index(clicked) if clicked in buttons else None

    def ask_password(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """A password, typed hidden; None when cancelled. Never stored by the caller."""
        text, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
        return text if accepted else None

    def open_file(self, parent: QWidget | None, title: str, file_filter: str, directory: str = "") -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, directory, file_filter)
        return path or None

    def save_file(self, parent: QWidget | None, title: str, file_filter: str, suggested: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path or None

    def run(self, dialog: QDialog) -> bool:
        """Show one of the window's own dialogs modally; True when accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_in_folder(self, path: str) -> bool:
        """The file manager, with ``path`` selected (gui.desktop); False when none opened."""
        from gui.desktop import show_in_folder

        return show_in_folder(pathlib.Path(path))

    def send_mail(self, path: str, subject: str, body: str) -> MailResult:
        """The mail program with a new mail carrying ``path`` (gui.desktop). It may block
        while the mail window is open: the window calls it off its own thread."""
        from gui.desktop import send_mail

        return send_mail(pathlib.Path(path), subject, body)

    def open_externally(self, path: str) -> bool:
        """Open a file with the program the system uses for it (a PDF reader); False if none."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def print_preview(self, parent: QWidget | None, printer: QPrinter, paint: Callable[[QPrinter], object]) -> None:
        """打印预览: Qt's preview of what ``paint`` draws on ``printer`` (it may repaint, and
        print from there through the system's print dialog)."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle("打印预览")
        for view in dialog.findChildren(QGraphicsView):  # the pages: shrink images smoothly
            view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if parent is not None:  # big enough to read a page; the parent fits the screen
            dialog.resize(parent.size())
        dialog.paintRequested.connect(paint)
        dialog.exec()
        dialog.deleteLater()

    def print_dialog(self, parent: QWidget | None, printer: QPrinter) -> bool:
        """打印: the system's print dialog for ``printer``; True when the clerk chose 打印."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted
