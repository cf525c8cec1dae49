"""What the window tests share: the fake dialog service, showing a window, typing Chinese."""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from gui.dialogs import DialogService
from gui.main_window import MainWindow
from storage.sample import sample_report
from storage.store import open_store
from storage.workspace import Workspace


class FakeDialogs(DialogService):
    """Records every question and answers as told; never opens a real dialog.

    ``on_dialog`` plays the clerk in the window's own dialogs: it gets the dialog and
    returns whether it was accepted (default: close it). ``opened`` lists the files handed
    to the system, which answers ``opener_works``. ``previews`` records each 打印预览
    (printer, paint callback) without showing it; ``print_dialogs`` each printer offered
    to the print dialog, which answers ``print_answer`` and, when ``print_to`` names a
    file, turns the printer into a PDF printer writing there (like 打印到文件).
    """

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []
        self.answer = True
        self.choices: list[str | None] = []  # answers to choose(): an option's words, or None (cancel)
        self.questions: list[list[str]] = []
        self.paths: list[str] = []
        self.dialogs: list[QDialog] = []
        self.on_dialog: Callable[[QDialog], bool] = lambda dialog: False
        self.opened: list[str] = []
        self.opener_works = True
        self.shown_in_folder: list[str] = []
        self.passwords: list[str] = []
        self.mails: list[tuple[str, str, str]] = []
        self.mail_works = True
        self.previews: list[tuple[QPrinter, Callable[[QPrinter], object]]] = []
        self.print_dialogs: list[QPrinter] = []
        self.print_answer = True
        self.print_to: str | None = None

    def information(self, parent, title, text):
        self.messages.append((title, text))

    def error(self, parent, title, text):
        self.messages.append((title, text))

    def confirm(self, parent, title, text, *, danger=False):
        self.messages.append((title, text))
        return self.answer

    def choose(self, parent, title, text, options):
        """Answers with the option named in ``choices`` (first left first), else the last
        option offered; records the question and its options."""
        self.messages.append((title, text))
        self.questions.append(list(options))
        wanted = self.choices.pop(0) if self.choices else options[-1]
        return None if wanted is None else options.index(wanted)

    def open_file(self, parent, title, file_filter, directory=""):
        return self.paths.pop(0) if self.paths else None

    def save_file(self, parent, title, file_filter, suggested=""):
        self.messages.append((title, suggested))
        return self.paths.pop(0) if self.paths else None

    def run(self, dialog):
        self.dialogs.append(dialog)
        return self.on_dialog(dialog)

    def open_externally(self, path):
        self.opened.append(path)
        return self.opener_works

    def ask_password(self, parent, title, text):
        self.messages.append((title, text))
        return self.passwords.pop(0) if self.passwords else None

    def show_in_folder(self, path):
        self.shown_in_folder.append(path)
        return self.opener_works

    def send_mail(self, path, subject, body):
        from gui.desktop import MailResult

        self.mails.append((path, subject, body))
        return MailResult(self.mail_works, "已交给邮件程序。" if self.mail_works else "没有找到能带附件发邮件的邮件程序。")

    def print_preview(self, parent, printer, paint):
        self.previews.append((printer, paint))

    def print_dialog(self, parent, printer):
        self.print_dialogs.append(printer)
        if self.print_answer and self.print_to:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.print_to)
        return self.print_answer


def told(window) -> list[tuple[str, str]]:
    """What the window said, without the check before a document leaves (体检发现 N 个错误…),
    which the sample report always gets."""
    return [(title, text) for title, text in window.dialogs.messages if not text.startswith("体检发现")]


def show(qtbot, window) -> None:
    """Show and activate: window shortcuts only fire in the active window."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def stored(path: pathlib.Path, report_id: int):
    with open_store(path) as store:
        return store.load(report_id)


def type_text(widget, text: str) -> None:
    """Type (Chinese too) as an input method commits it: keyClicks cannot send CJK."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def data_file(tmp_path: pathlib.Path) -> tuple[pathlib.Path, int]:
    """A data file holding the sample report, and the report's id."""
    path = tmp_path / "units.db"
    with open_store(path) as store:
        report_id = store.add(sample_report())
    return path, report_id


@pytest.fixture
def window(qtbot, data_file) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on ``data_file``, with the fake dialog service."""
    win = MainWindow(Workspace.open(data_file[0]), FakeDialogs())
    qtbot.addWidget(win)
    yield win
    win.close()
