"""Saving in the window: the autosave within a second, the banner that says what cannot
be saved (a read-only file, a failed save) without a box that would take the keys typed
next, the retry after a failure, and the question before unsaved edits would go away
(另存为… / 重试保存 / 放弃修改 — never silently)."""

from __future__ import annotations

import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from model.errors import ZepingError
from storage.errors import SaveConflict

if TYPE_CHECKING:
    from gui.main_window import MainWindow

AUTOSAVE_MS = 600  # a timer that is not restarted by typing: stored within a second
RETRY_MS = 10_000  # after a failed save, try again this often (the edits stay in memory)
BANNER_STYLE = "background-color: #fff4ce; color: #5c3c00; border-bottom: 1px solid #e0c36b; padding: 6px 10px;"
BANNER_TOLD_STYLE = "background-color: #fde2e1; color: #7a1712; border-bottom: 1px solid #e8a29d; padding: 6px 10px;"


def make_banner(parent: MainWindow) -> QLabel:
    """The banner above the tabs, hidden until there is something to say."""
    banner = QLabel(parent)
    banner.setObjectName("read-only-banner")
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    banner.hide()
    return banner


class Saving(QObject):
    """Whether the report on screen is in the data file, and what to do when it is not."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dirty = False
        self.save_error: str | None = None  # why the last save failed; the edits wait in memory
        self.notice: str | None = None  # what the last save did besides saving (a conflict kept both)
        self.read_only_told = False
        self._backup_warned: str | None = None
        self.timer = self._timer(AUTOSAVE_MS)
        self.retry_timer = self._timer(RETRY_MS)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.save_now)
        return timer

    def attached(self) -> None:
        """A new data file: nothing told, nothing failed yet."""
        self.read_only_told = False
        self._backup_warned = None
        self.save_error = self.notice = None
        self.show_banner()

    def mark_dirty(self) -> None:
        w = self._window
        self.dirty = True
        if w.ws.read_only:
            w.save_label.setText("只读：修改不会保存")
            if not self.read_only_told:
                # Once per file, and not in a message box: one would pop up mid-word and
                # swallow the keys typed after it. The banner turns red and says it.
                self.read_only_told = True
                self.show_banner()
                w.statusBar().showMessage("只读：刚才的修改没有保存到数据文件。", 15000)
            return
        w.save_label.setText("正在保存…")
        if not self.timer.isActive():
            self.timer.start()

    def save_now(self) -> bool:
        """Store the report at once; True when nothing is left unsaved.

        A failed save (disk full, USB stick pulled) is said in the banner, never in a box
        that would take the keys typed next; the edits stay in memory, and the save is
        tried again every RETRY_MS and on every edit until it succeeds.
        """
        w = self._window
        self.timer.stop()
        self.retry_timer.stop()
        if not self.dirty or w.workspace is None or w.report_id is None:
            return True
        if w.workspace.read_only:
            w.save_label.setText("只读：修改不会保存")
            return False
        try:
            w.workspace.save()
        except SaveConflict as conflict:
            return self._keep_both(conflict)
        except ZepingError as exc:
            return self._failed(exc.message)
        self.dirty = False
        if self.save_error is not None or self.notice is not None:
            self.save_error = self.notice = None
            self.show_banner()
        w.save_label.setText(f"已保存 {datetime.datetime.now():%H:%M:%S}")
        w.fill_report_combo(w.report_id)
        self._warn_backup_error()
        return True

    def _failed(self, message: str) -> bool:
        """A save that failed: said in the banner, tried again later; the edits stay."""
        self._window.save_label.setText("保存失败，修改仍在窗口中")
        self.save_error = message
        self.show_banner()
        self.retry_timer.start()
        return False

    def _keep_both(self, conflict: SaveConflict) -> bool:
        """The report changed in the file since the window loaded it (another program, a
        restore elsewhere): overwrite neither. The window's content becomes a new report
        (…（冲突副本）), and the window goes on in it, so the clerk keeps typing there."""
        w = self._window
        assert w.workspace is not None
        name = w.report.project.name
        try:
            copy_id = w.workspace.keep_both()
        except ZepingError as exc:
            return self._failed(exc.message)
        elsewhere = "已被删除" if conflict.current is None else f"已改为版本 {conflict.current}"
        self.notice = (f"数据文件中的这份报告在别处{elsewhere}（本窗口打开的是版本 {conflict.expected}）。"
                       f"为不覆盖任何一方，您的修改已另存为新报告“{name}（冲突副本）”，窗口现在显示这份副本；"
                       "原报告保留别处的修改。两份都在报告列表中，核对后可删除多余的一份。")
        self.dirty = False
        w.workspace.open_report(copy_id)
        w.fill_report_combo(copy_id)
        w.show_report(copy_id, w.workspace.report)
        w.save_label.setText(f"已另存为冲突副本 {datetime.datetime.now():%H:%M:%S}")
        self.show_banner()
        return True

    def save_and_say(self) -> bool:
        """Ctrl+S, pressed by reflex: save now and say so (the autosave does it anyway)."""
        w = self._window
        if self.save_now():
            w.save_label.setText(f"已保存 {datetime.datetime.now():%H:%M:%S}")
            w.statusBar().showMessage("已保存", 3000)
            return True
        w.statusBar().showMessage("未能保存，见窗口上方的说明", 5000)
        return False

    def _warn_backup_error(self) -> None:
        """A failed backup does not block saving: say so once, keep it in the 体检 panel."""
        w = self._window
        error = w.ws.store.backup_error
        if error == self._backup_warned:
            return
        self._backup_warned = error
        if error:
            w.statusBar().showMessage(f"警告：{error}。报告已保存，但没有备份。", 30000)
        w.refresh()

    def settle_unsaved(self) -> bool:
        """Before the report on screen goes away (closing, another report or file): save,
        and if that fails, let the clerk choose 另存为… / 重试保存 / 放弃修改 — unsaved edits
        are never dropped without a word. True when the report may go."""
        w = self._window
        while not self.save_now():
            read_only = w.workspace is not None and w.workspace.read_only
            why = (self.read_only_text() if read_only else f"保存失败：{self.save_error}") + "。"
            options = ["另存为…", "放弃修改"] if read_only else ["另存为…", "重试保存", "放弃修改"]
            choice = w.dialogs.choose(w, "尚未保存", f"{why}\n本报告有尚未保存的修改，不保存就离开会丢失它们。", options)
            if choice is None:
                return False
            if options[choice] == "放弃修改":
                self.dirty = False
                return True
            if options[choice] == "另存为…":
                w.files.save_as()
        return True

    # -- read-only --------------------------------------------------------------------------
    def read_only_text(self) -> str:
        reason = self._window.ws.read_only_reason
        return f"数据文件以只读方式打开：{reason}" if reason else "数据文件以只读方式打开"

    def writable(self) -> bool:
        """Whether the file takes writes; if not, the clerk is told why."""
        w = self._window
        if w.ws.read_only:
            w.dialogs.information(w, "只读", f"{self.read_only_text()}，不能修改。")
            return False
        return True

    def show_banner(self) -> None:
        """The banner (a read-only file, a failed save), the status bar and the actions that write."""
        w = self._window
        read_only = w.ws.read_only
        w.commands.update(attached=True, read_only=read_only)
        if read_only:
            told = ("<br><b>您刚才的修改没有保存。</b>可以继续试填，但要保留修改，请用“文件 → 另存为”保存一份副本，"
                    "修改会一并保存到副本中。") if self.read_only_told else ""
            w.banner.setText(f"<b>只读</b>　{self.read_only_text()}。可以查看、复制和导出；修改不会保存。"
                             f"如需修改，请关闭另一个窗口后重新打开，或用“文件 → 另存为”保存一份副本。{told}")
            w.banner.setStyleSheet(BANNER_TOLD_STYLE if self.read_only_told else BANNER_STYLE)
            w.save_label.setText("只读：修改不会保存")
        elif self.save_error is None and self.notice is not None:
            w.banner.setText(f"<b>保存冲突</b>　{escape(self.notice)}")
            w.banner.setStyleSheet(BANNER_STYLE)
        elif self.save_error is not None:
            w.banner.setText(f"<b>保存失败</b>　{escape(self.save_error)}。<br>您的修改仍在窗口中，没有丢失；"
                             f"程序每 {RETRY_MS // 1000} 秒自动重试，也可以按 Ctrl+S 重试，"
                             "或用“文件 → 另存为”保存到别处（如另一个 U 盘或文件夹）。")
            w.banner.setStyleSheet(BANNER_TOLD_STYLE)
        else:
            w.save_label.setText("")
        w.banner.setVisible(read_only or self.save_error is not None or self.notice is not None)
