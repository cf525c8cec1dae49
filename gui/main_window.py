"""The main window, a shell: the report selector, the four tabs, the 体检 dock, the status
bar, and the edit cycle. Actions live in gui.actions, exports and printing in
gui.exports, report-level flows in gui.reports, settings in gui.settings; every operation
on the data file goes through the workspace (storage.workspace), which holds no Qt.

Every edit goes the same way: the tab writes its widgets into the live report, the
window evaluates it once (scores and findings, ``Workspace.evaluate``), shows the result,
records an undo step if the data changed, and the autosave timer stores the report within
a second (one transaction).
"""

from __future__ import annotations

import datetime
import functools
import pathlib
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import settings
from gui.actions import Actions
from gui.dialogs import DATA_FILTER, DialogService
from gui.exports import ExportFlows
from gui.findings import FindingsDock
from gui.reports import ReportFlows
from gui.tabs import ReportTab, TargetsTab, build_tabs
from gui.undo import SnapshotCommand
from model.audit import Finding, Place
from model.errors import ZepingError
from model.fields import TABS
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores
from model.values import percent, two
from storage.interchange import report_from_dict, report_to_dict

if TYPE_CHECKING:  # the SQLite layer is imported when a file is opened, after the window shows
    from storage.workspace import Workspace

APP_NAME = "绩效自评助手"
AUTOSAVE_MS = 600  # a timer that is not restarted by typing: stored within a second
RETRY_MS = 10_000  # after a failed save, try again this often (the edits stay in memory)
BANNER_STYLE = "background-color: #fff4ce; color: #5c3c00; border-bottom: 1px solid #e0c36b; padding: 6px 10px;"
BANNER_TOLD_STYLE = "background-color: #fde2e1; color: #7a1712; border-bottom: 1px solid #e8a29d; padding: 6px 10px;"


class MainWindow(QMainWindow):
    """One open data file (a workspace) and the report being edited."""

    def __init__(self, workspace: Workspace | None, dialogs: DialogService | None = None,
                 parent: QWidget | None = None) -> None:
        """``workspace`` None: the window shows at once and ``attach`` fills it."""
        super().__init__(parent)
        self.setObjectName("main-window")
        self.dialogs = dialogs or DialogService()
        self.workspace: Workspace | None = None
        self.scores: Scores | None = None
        self.findings: list[Finding] = []
        self._snapshot: dict[str, Any] = {}
        self._dirty = False
        self.save_error: str | None = None  # why the last save failed; the edits wait in memory
        self._read_only_told = False
        self._backup_warned: str | None = None
        self.undo_stack = QUndoStack(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, ReportTab] = {}
        for title in TABS.values():  # placeholders until a data file is attached
            self.tabs.addTab(QWidget(self.tabs), title)
        # Above the tabs, shown only for a read-only file: what it means and why.
        self.banner = QLabel(self)
        self.banner.setObjectName("read-only-banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.dock = FindingsDock(self)
        self.dock.activated.connect(self.jump_to)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

        self.report_combo = QComboBox(self)
        self.report_combo.setObjectName("report-selector")
        self.report_combo.setAccessibleName("报告")
        self.report_combo.setMinimumContentsLength(26)
        self.report_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.report_combo.activated.connect(self._on_report_combo_activated)
        self.report_combo.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.report_combo.customContextMenuRequested.connect(self._on_report_combo_context_menu)

        self.total_label = QLabel(self)
        self.grade_label = QLabel(self)
        self.rate_label = QLabel(self)
        self.save_label = QLabel(self)
        for label in (self.total_label, self.grade_label, self.rate_label, self.save_label):
            self.statusBar().addPermanentWidget(label)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(AUTOSAVE_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.setInterval(RETRY_MS)
        self._retry_timer.timeout.connect(self.save_now)

        self.reports = ReportFlows(self)
        self.exports = ExportFlows(self)
        self.commands = Actions(self)
        self.recent_menu = QMenu("最近文件", self)
        self.report_menu = self.commands.build_menus(self.recent_menu)
        settings.restore_geometry(self)
        self._fill_recent_menu()
        if workspace is not None:
            self.attach(workspace)
        else:
            self.tabs.setEnabled(False)
            self.setWindowTitle(f"正在打开数据文件… — {APP_NAME}")

    # -- the workspace -------------------------------------------------------------------
    @property
    def ws(self) -> Workspace:
        """The attached workspace (actions that need it are disabled until ``attach``)."""
        if self.workspace is None:
            raise RuntimeError("no data file is attached to the window")
        return self.workspace

    @property
    def report(self) -> Report:
        return self.workspace.report if self.workspace is not None else Report()

    @property
    def report_id(self) -> int | None:
        return self.workspace.report_id if self.workspace is not None else None

    @property
    def ruleset(self) -> RuleSet:
        from storage.rulesets import DEFAULT_RULESET, load_ruleset

        return self.workspace.ruleset if self.workspace is not None else load_ruleset(DEFAULT_RULESET)

    def _build_pages(self) -> None:
        """The four tabs, built once (after the window first shows when started empty)."""
        if self.pages:
            return
        self.pages = build_tabs(self.dialogs)
        current = self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            for i, (key, page) in enumerate(self.pages.items()):
                placeholder = self.tabs.widget(i)
                self.tabs.removeTab(i)
                if placeholder is not None:
                    placeholder.deleteLater()
                self.tabs.insertTab(i, page, TABS[key])
                page.edited.connect(functools.partial(self._on_page_edited, page))
            self.tabs.setCurrentIndex(max(0, current))

    def attach(self, workspace: Workspace) -> None:
        """Show the reports of ``workspace`` (the window's data file from now on)."""
        self._build_pages()
        self.workspace = workspace
        self.tabs.setEnabled(True)
        self._read_only_told = False
        self._backup_warned = None
        self.save_error = None
        settings.remember_file(workspace.path)
        self._fill_recent_menu()
        self._show_banner()
        workspace.open_first()
        self.fill_report_combo(workspace.report_id)
        self.show_report(workspace.report_id, workspace.report)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(functools.partial(self.switch_file, path))
        self.recent_menu.setEnabled(bool(files))

    # -- reports --------------------------------------------------------------------------
    def fill_report_combo(self, select: int | None = None) -> None:
        with QSignalBlocker(self.report_combo):
            self.report_combo.clear()
            for info in self.ws.list_reports():
                self.report_combo.addItem(f"{info.year} · {info.project or '（未命名项目）'}", info.id)
            if select is not None:
                self.report_combo.setCurrentIndex(self.report_combo.findData(select))

    def open_report(self, report_id: int) -> None:
        """Store what is pending, then load another report of the file."""
        if not self.settle_unsaved():
            self.report_combo.setCurrentIndex(self.report_combo.findData(self.report_id))
            return
        try:
            self.ws.open_report(report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "无法打开报告", exc.message)
            return
        self.show_report(report_id, self.ws.report)
        self.report_combo.setCurrentIndex(self.report_combo.findData(report_id))

    def show_report(self, report_id: int | None, report: Report) -> None:
        """Show ``report`` as loaded (no undo history, nothing pending)."""
        self.ws.show(report_id, report)
        self._load_pages()
        self._snapshot = report_to_dict(report)
        self.undo_stack.clear()
        self._dirty = False
        self._refresh()
        self._update_title()

    def _load_pages(self) -> None:
        for page in self.pages.values():
            page.set_ruleset(self.ruleset)
            page.load(self.report)

    def _on_report_combo_activated(self, index: int) -> None:
        report_id = self.report_combo.itemData(index)
        if report_id is not None and report_id != self.report_id:
            self.open_report(int(report_id))

    def _on_report_combo_context_menu(self, pos: QPoint) -> None:
        self.report_menu.popup(self.report_combo.mapToGlobal(pos))

    # -- the edit cycle -----------------------------------------------------------------
    def _on_page_edited(self, page: ReportTab, key: str) -> None:
        page.apply(self.report)
        if key.startswith("ruleset"):  # new weights, 一级/二级 names and bands for every tab
            self.ws.use_ruleset(self.report.ruleset)
            self._load_pages()
        if key == "section.structure":  # paths of the other tabs' sections may have moved
            for other in self.pages.values():
                if other is not page:
                    other.sections.load(self.report)
        self._refresh()
        self._record_undo(key, page.edit_place(key))
        if page is self.pages["overview"]:
            self._update_title()

    def _refresh(self) -> None:
        """Scores and findings once, then every view that shows them."""
        evaluation = self.ws.evaluate()
        invalid = [f for page in self.pages.values() for f in page.invalid_findings()]
        self.scores, self.findings = evaluation.scores, invalid + evaluation.findings
        for page in self.pages.values():
            page.show_results(evaluation.scores, self.findings)
        self.dock.set_findings(self.findings)
        scored = evaluation.scores.total is not None  # an unscored form has neither
        self.total_label.setText(f"总分 {two(evaluation.scores.total)}" if scored else "本表不评分")
        self.grade_label.setText(f"等级 {evaluation.scores.grade}" if scored else "")
        rate = evaluation.scores.execution_rate
        self.rate_label.setText(f"执行率 {percent(rate)}" if rate is not None else "执行率 —")

    def _record_undo(self, key: str, place: Place | None = None) -> None:
        snapshot = report_to_dict(self.report)
        if snapshot == self._snapshot:
            return
        text = f"编辑（{place.label}）" if place is not None else "编辑"
        self.undo_stack.push(SnapshotCommand(self.restore_snapshot, self._snapshot, snapshot, key, text, place))
        self._snapshot = snapshot
        self._mark_dirty()

    def show_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show ``snapshot`` as the report (its rule set too: a restored version may differ)."""
        self.ws.show(self.report_id, report_from_dict(snapshot))
        self._snapshot = snapshot
        self._load_pages()
        self._refresh()
        self._update_title()

    def restore_snapshot(self, snapshot: dict[str, Any], place: Place | None) -> None:
        """Undo/redo: show the data, store it, and put the keyboard back where it changed."""
        self.show_snapshot(snapshot)
        self._mark_dirty()
        if place is not None:
            self.focus_place(place)

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.ws.read_only:
            self.save_label.setText("只读：修改不会保存")
            if not self._read_only_told:
                # Once per file, and not in a message box: one would pop up mid-word and
                # swallow the keys typed after it. The banner turns red and says it.
                self._read_only_told = True
                self._show_banner()
                self.statusBar().showMessage("只读：刚才的修改没有保存到数据文件。", 15000)
            return
        self.save_label.setText("正在保存…")
        if not self._save_timer.isActive():
            self._save_timer.start()

    def mark_saved(self) -> None:
        """What is shown is what the file holds (after a restore)."""
        self._dirty = False

    def save_now(self) -> bool:
        """Store the report at once (Ctrl+S); True when nothing is left unsaved.

        A failed save (disk full, USB stick pulled) is said in the banner, never in a box
        that would take the keys typed next; the edits stay in memory, and the save is
        tried again every RETRY_MS and on every edit until it succeeds.
        """
        self._save_timer.stop()
        self._retry_timer.stop()
        if not self._dirty or self.workspace is None or self.report_id is None:
            return True
        if self.workspace.read_only:
            self.save_label.setText("只读：修改不会保存")
            return False
        try:
            self.workspace.save()
        except ZepingError as exc:
            self.save_label.setText("保存失败，修改仍在窗口中")
            self.save_error = exc.message
            self._show_banner()
            self._retry_timer.start()
            return False
        self._dirty = False
        if self.save_error is not None:
            self.save_error = None
            self._show_banner()
        self.save_label.setText(f"已保存 {datetime.datetime.now():%H:%M:%S}")
        self.fill_report_combo(self.report_id)
        self._warn_backup_error()
        return True

    def _warn_backup_error(self) -> None:
        """A failed backup does not block saving: say so once, keep it in the 体检 panel."""
        error = self.ws.store.backup_error
        if error == self._backup_warned:
            return
        self._backup_warned = error
        if error:
            self.statusBar().showMessage(f"警告：{error}。报告已保存，但没有备份。", 30000)
        self._refresh()

    # -- read-only, title ------------------------------------------------------------------
    def read_only_text(self) -> str:
        reason = self.ws.read_only_reason
        return f"数据文件以只读方式打开：{reason}" if reason else "数据文件以只读方式打开"

    def _show_banner(self) -> None:
        """The banner above the tabs (a read-only file, a failed save), the status bar and
        the actions that write. Never a message box: one would take the keys typed next."""
        read_only = self.ws.read_only
        self.commands.update(attached=True, read_only=read_only)
        if read_only:
            told = ("<br><b>您刚才的修改没有保存。</b>可以继续试填，但要保留修改，请用“文件 → 另存为”保存一份副本，"
                    "修改会一并保存到副本中。") if self._read_only_told else ""
            self.banner.setText(f"<b>只读</b>　{self.read_only_text()}。可以查看、复制和导出；修改不会保存。"
                                f"如需修改，请关闭另一个窗口后重新打开，或用“文件 → 另存为”保存一份副本。{told}")
            self.banner.setStyleSheet(BANNER_TOLD_STYLE if self._read_only_told else BANNER_STYLE)
            self.save_label.setText("只读：修改不会保存")
        elif self.save_error is not None:
            self.banner.setText(f"<b>保存失败</b>　{escape(self.save_error)}。<br>您的修改仍在窗口中，没有丢失；"
                                f"程序每 {RETRY_MS // 1000} 秒自动重试，也可以按 Ctrl+S 重试，"
                                "或用“文件 → 另存为”保存到别处（如另一个 U 盘或文件夹）。")
            self.banner.setStyleSheet(BANNER_TOLD_STYLE)
        else:
            self.save_label.setText("")
        self.banner.setVisible(read_only or self.save_error is not None)

    def writable(self) -> bool:
        if self.ws.read_only:
            self.dialogs.information(self, "只读", f"{self.read_only_text()}，不能修改。")
            return False
        return True

    def _update_title(self) -> None:
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}".strip()
        read_only = "（只读）" if self.ws.read_only else ""
        self.setWindowTitle(f"{name} — {self.ws.path.name}{read_only} — {APP_NAME}")

    # -- 体检 jumps and tabs -------------------------------------------------------------
    def jump_to(self, finding: Finding) -> bool:
        return self.focus_place(finding.place)

    def focus_place(self, place: Place) -> bool:
        """Show the tab of ``place`` and put the keyboard on its field, cell or section."""
        page = self.pages.get(place.tab)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        return page.focus_place(place)

    def cycle_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self.tabs.currentWidget().setFocus(Qt.FocusReason.TabFocusReason)

    # -- files --------------------------------------------------------------------------
    def switch_file(self, path: str, *, ask_unsaved: bool = True) -> bool:
        """Close this data file (after saving) and open another."""
        from storage.workspace import Workspace

        if self.workspace is not None and pathlib.Path(path).resolve() == self.workspace.path.resolve():
            return True
        if ask_unsaved and not self.settle_unsaved():
            return False
        try:
            workspace = Workspace.open(path, create=True)
        except ZepingError as exc:
            self.dialogs.error(self, "无法打开数据文件", exc.message)
            return False
        if self.workspace is not None:
            self.workspace.close()
        self.attach(workspace)
        return True

    def open_file(self) -> None:
        path = self.dialogs.open_file(self, "打开数据文件", DATA_FILTER, str(self.ws.path.parent))
        if path:
            self.switch_file(path)

    def save_as(self) -> None:
        from storage.files import copy_data_file

        path = self.dialogs.save_file(self, "数据文件另存为", DATA_FILTER, str(self.ws.path.parent))
        if not path:
            return
        self.save_now()
        # Edits made in a read-only file go into the copy: that is how the clerk keeps them.
        pending = report_from_dict(report_to_dict(self.report)) if self._dirty else None
        try:
            copy_data_file(self.ws.store, path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法另存", exc.message)
            return
        current = self.report_id
        if not self.switch_file(path, ask_unsaved=False) or current not in [i.id for i in self.ws.list_reports()]:
            return
        if pending is not None and current is not None and not self.ws.read_only:
            try:
                self.ws.store.save(current, pending)
            except ZepingError as exc:
                self.dialogs.error(self, "无法保存", exc.message)
        self.open_report(current)

    # -- edit menu, help ----------------------------------------------------------------
    def copy_selection(self) -> None:
        targets = self.pages.get("targets")
        widget = QApplication.focusWidget()
        if isinstance(targets, TargetsTab) and targets.handles_clipboard():
            targets.copy_selection()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.copy()

    def paste_clipboard(self) -> None:
        targets = self.pages.get("targets")
        widget = QApplication.focusWidget()
        if isinstance(targets, TargetsTab) and targets.handles_clipboard():
            targets.paste_clipboard()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.paste()

    def show_rules(self) -> None:
        self.dialogs.information(self, "评分规则说明", f"{self.ruleset.name}\n\n{self.ruleset.description}")

    def show_about(self) -> None:
        where = f"\n数据文件：{self.workspace.path}" if self.workspace is not None else ""
        self.dialogs.information(
            self, "关于", f"{APP_NAME}\n填写预算绩效自评报告和项目支出绩效自评表，实时评分、体检，导出 PDF。{where}")

    # -- closing ----------------------------------------------------------------------
    def settle_unsaved(self) -> bool:
        """Before the report on screen goes away (closing, another report or file): save,
        and if that fails, let the clerk choose 另存为… / 重试保存 / 放弃修改 — unsaved edits
        are never dropped without a word. True when the report may go."""
        while not self.save_now():
            read_only = self.workspace is not None and self.workspace.read_only
            why = (self.read_only_text() if read_only else f"保存失败：{self.save_error}") + "。"
            options = ["另存为…", "放弃修改"] if read_only else ["另存为…", "重试保存", "放弃修改"]
            choice = self.dialogs.choose(self, "尚未保存", f"{why}\n本报告有尚未保存的修改，不保存就离开会丢失它们。", options)
            if choice is None:
                return False
            if options[choice] == "放弃修改":
                self._dirty = False
                return True
            if options[choice] == "另存为…":
                self.save_as()
                if self._dirty:  # cancelled, or the copy failed too: ask again
                    continue
        return True

    def has_invalid_input(self) -> bool:
        return any(f.code == "input.invalid" for f in self.findings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_invalid_input() and not self.dialogs.confirm(
            self, "退出", "有输入有误、尚未保存的内容（见体检面板中的“错误”）。仍要退出吗？", danger=True
        ):
            event.ignore()
            return
        if not self.settle_unsaved():
            event.ignore()
            return
        settings.save_geometry(self)
        if self.workspace is not None:
            self.workspace.close()
        event.accept()
