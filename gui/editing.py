"""The 编辑 and 帮助 menus: 剪切/复制/粘贴 where the keyboard is (the indicator grid takes
whole rows), 查找和替换 (gui.find_replace) with its jumps, and the help texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from gui.tabs import TargetsTab

if TYPE_CHECKING:
    from gui.find_replace import FindReplaceDialog
    from gui.main_window import MainWindow
    from model.search import Match


class EditFlows:
    """What the 编辑 and 帮助 menus do."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.find_dialog: FindReplaceDialog | None = None

    def _clipboard(self, grid_action: str, text_action: str) -> None:
        targets = self._window.pages.get("targets")
        widget = QApplication.focusWidget()
        if isinstance(targets, TargetsTab) and targets.handles_clipboard():
            getattr(targets, grid_action)()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            getattr(widget, text_action)()

    def cut(self) -> None:
        self._clipboard("cut_selection", "cut")

    def copy(self) -> None:
        self._clipboard("copy_selection", "copy")

    def paste(self) -> None:
        self._clipboard("paste_clipboard", "paste")

    # -- 查找和替换 -------------------------------------------------------------------------
    def find_replace(self, *, replacing: bool = False) -> FindReplaceDialog:
        """查找和替换 (Ctrl+F / Ctrl+H), one dialog for the window."""
        from gui.find_replace import FindReplaceDialog

        if self.find_dialog is None:
            self.find_dialog = FindReplaceDialog(self._window)
        self.find_dialog.open_for(replacing=replacing)
        return self.find_dialog

    def reveal(self, match: Match) -> None:
        """Show a 查找 match: its tab, its field or cell, its words selected."""
        if not self._window.focus_place(match.place):
            return
        widget = QApplication.focusWidget()
        # Qt counts UTF-16 code units: a character outside the BMP (𠀀, 😀) is two.
        start = len(match.text[: match.start].encode("utf-16-le")) // 2
        end = len(match.text[: match.end].encode("utf-16-le")) // 2
        if isinstance(widget, QLineEdit):
            widget.setSelection(start, end - start)
        elif isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
            widget.ensureCursorVisible()

    @staticmethod
    def selected_text() -> str:
        """The words selected where the keyboard is (what 查找 starts with)."""
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit):
            return widget.selectedText()
        if isinstance(widget, QPlainTextEdit):
            return widget.textCursor().selectedText()
        return ""

    # -- help -----------------------------------------------------------------------------
    def show_rules(self) -> None:
        w = self._window
        w.dialogs.information(w, "评分规则说明", f"{w.ruleset.name}\n\n{w.ruleset.description}")

    def show_about(self) -> None:
        from gui.main_window import APP_NAME

        w = self._window
        where = f"\n数据文件：{w.workspace.path}" if w.workspace is not None else ""
        w.dialogs.information(w, "关于", f"{APP_NAME}\n填写预算绩效自评报告和项目支出绩效自评表，实时评分、体检，导出 PDF。{where}")
