"""发送报告: after the PDF is exported into the export folder, the ways to pass it on, most
reliable first — show it in its folder, copy the file (it pastes into a web mail's
attachment box, WeChat/QQ or a folder) or drag it from here, hand it to the mail program,
and copy a suggested subject and body. The desktop calls go through the dialog service."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDrag, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.fields import plain_text

if TYPE_CHECKING:
    from gui.desktop import MailResult
    from gui.dialogs import DialogService


def file_mime(path: str) -> QMimeData:
    """The file as the clipboard and drag-and-drop carry it: a file URL (Windows turns it
    into CF_HDROP, the form Explorer, WeChat and browsers' upload boxes take), plus the
    GNOME/UOS file managers' own form for 粘贴."""
    url = QUrl.fromLocalFile(path)
    mime = QMimeData()
    mime.setUrls([url])
    mime.setData("x-special/gnome-copied-files", f"copy\n{url.toString()}".encode())
    return mime


class DragHandle(QLabel):
    """A handle the clerk drags the file from (onto a mail's attachment box, a chat, a folder)."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__("📄 拖动这里，把 PDF 放进邮件或聊天窗口", parent)
        self.setObjectName("drag-handle")
        self._path = path
        self._pressed: QPoint | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(path)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed is None:
            return
        if (event.position().toPoint() - self._pressed).manhattanLength() < QGuiApplication.styleHints().startDragDistance():
            return
        self._pressed = None
        self.drag().exec(Qt.DropAction.CopyAction)

    def drag(self) -> QDrag:
        drag = QDrag(self)
        drag.setMimeData(file_mime(self._path))
        return drag


class SendDialog(QDialog):
    """The exported PDF and the ways to send it; the window title says 发送."""

    mail_finished = Signal(object)  # a MailResult, from the thread that waited for the mail program

    def __init__(self, dialogs: DialogService, path: str, subject: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("发送报告")
        self.setObjectName("send")
        self._dialogs = dialogs
        self.path = path
        self.mail_thread: threading.Thread | None = None

        where = QLabel(f"已导出 PDF：<br><b>{path}</b>", self)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.handle = DragHandle(path, self)
        self.folder_button = QPushButton("打开所在文件夹", self)
        self.copy_file_button = QPushButton("复制文件", self)
        self.mail_button = QPushButton("用邮件程序发送", self)
        self.copy_text_button = QPushButton("复制邮件正文", self)
        self.folder_button.setToolTip("在文件夹中选中这个 PDF，可拖入网页邮箱、微信或 U 盘")
        self.copy_file_button.setToolTip("复制后可在网页邮箱的附件栏、微信、QQ 或文件夹中粘贴（Ctrl+V）")
        self.mail_button.setToolTip("打开本机的邮件程序（如 Outlook、Foxmail、Thunderbird），新邮件已附上 PDF")
        self.copy_text_button.setToolTip("复制下面的主题和正文，粘贴到邮件中")
        self.folder_button.clicked.connect(self.show_folder)
        self.copy_file_button.clicked.connect(self.copy_file)
        self.mail_button.clicked.connect(self.send_mail)
        self.copy_text_button.clicked.connect(self.copy_text)
        buttons = QHBoxLayout()
        for button in (self.folder_button, self.copy_file_button, self.mail_button, self.copy_text_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)

        self.subject_edit = QLineEdit(subject, self)
        self.body_edit = QPlainTextEdit(body, self)
        self.body_edit.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("邮件主题", self.subject_edit)
        form.addRow("邮件正文", self.body_edit)
        self.status = QLabel(self)
        self.status.setObjectName("send-status")
        self.status.setWordWrap(True)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        close_row = QHBoxLayout()
        close_row.addWidget(self.status, 1)
        close_row.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(self.handle)
        layout.addLayout(buttons)
        layout.addLayout(form, 1)
        layout.addLayout(close_row)
        self.mail_finished.connect(self._on_mail_finished)
        self.resize(640, 420)

    def subject(self) -> str:
        return self.subject_edit.text()

    def body(self) -> str:
        return plain_text(self.body_edit)

    def show_folder(self) -> bool:
        shown = self._dialogs.show_in_folder(self.path)
        self.status.setText("已在文件夹中选中 PDF。" if shown else f"未能打开文件夹，文件在：{self.path}")
        return shown

    def copy_file(self) -> None:
        QGuiApplication.clipboard().setMimeData(file_mime(self.path))
        self.status.setText("已复制文件：可在网页邮箱的附件栏、微信、QQ 或文件夹中粘贴（Ctrl+V）。")

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.subject()}\n\n{self.body()}")
        self.status.setText("已复制邮件主题和正文。")

    def send_mail(self) -> None:
        """Hand the PDF to the mail program on a thread of its own: MAPI's compose window
        blocks its caller, and the window must not freeze meanwhile."""
        if self.mail_thread is not None and self.mail_thread.is_alive():
            return
        self.mail_button.setEnabled(False)
        self.status.setText("正在打开邮件程序…")
        subject, body = self.subject(), self.body()

        def work() -> None:
            self.mail_finished.emit(self._dialogs.send_mail(self.path, subject, body))

        self.mail_thread = threading.Thread(target=work, name="zeping-mail", daemon=True)
        self.mail_thread.start()

    def _on_mail_finished(self, result: MailResult) -> None:
        self.mail_button.setEnabled(True)
        self.status.setText(result.message)
