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

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import settings
from gui.actions import Actions
from gui.dialogs import DialogService
from gui.editing import EditFlows
from gui.exports import ExportFlows
from gui.files import FileFlows
from gui.findings import FindingsDock
from gui.reports import ReportFlows
from gui.saving import Saving, make_banner
from gui.tabs import ReportTab, build_tabs
from gui.undo import SnapshotCommand
from model.audit import Finding, Place
from model.errors import ZepingError
from model.fields import TABS
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores
from model.values import percent, two
from storage.interchange import report_from_dict, report_to_dict
from storage.resources import PRODUCT_NAME

if TYPE_CHECKING:  # the SQLite layer is imported when a file is opened, after the window shows
    from storage.workspace import Workspace

APP_NAME = PRODUCT_NAME


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
        self.undo_stack = QUndoStack(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, ReportTab] = {}
        for title in TABS.values():  # placeholders until a data file is attached
            self.tabs.addTab(QWidget(self.tabs), title)
        # Above the tabs, shown only when something cannot be saved: what it means and why.
        self.banner = make_banner(self)
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

        self.saving = Saving(self)
        self.reports = ReportFlows(self)
        self.exports = ExportFlows(self)
        self.files = FileFlows(self)
        self.editing = EditFlows(self)
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
        # Hidden while the placeholders are swapped: else each page shown on the way is
        # laid out (the targets grid fits its columns), 28 ms for nothing.
        self.tabs.hide()
        with QSignalBlocker(self.tabs):
            for i, (key, page) in enumerate(self.pages.items()):
                placeholder = self.tabs.widget(i)
                self.tabs.removeTab(i)
                if placeholder is not None:
                    placeholder.deleteLater()
                self.tabs.insertTab(i, page, TABS[key])
                page.edited.connect(functools.partial(self._on_page_edited, page))
            self.tabs.setCurrentIndex(max(0, current))
        self.tabs.show()

    def attach(self, workspace: Workspace) -> None:
        """Show the reports of ``workspace`` (the window's data file from now on)."""
        self._build_pages()
        self.workspace = workspace
        self.tabs.setEnabled(True)
        settings.remember_file(workspace.path)
        self._fill_recent_menu()
        self.saving.attached()
        workspace.open_first()
        self.fill_report_combo(workspace.report_id)
        self.show_report(workspace.report_id, workspace.report)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(functools.partial(self.files.switch_file, path))
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
        self.saving.dirty = False
        self.refresh()
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
        self.refresh()
        self._record_undo(key, page.edit_place(key))
        if page is self.pages["overview"]:
            self._update_title()

    def refresh(self) -> None:
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

    def _record_undo(self, key: str, place: Place | None = None, text: str | None = None) -> None:
        snapshot = report_to_dict(self.report)
        if snapshot == self._snapshot:
            return
        if text is None:
            text = f"编辑（{place.label}）" if place is not None else "编辑"
        self.undo_stack.push(SnapshotCommand(self.restore_snapshot, self._snapshot, snapshot, key, text, place))
        self._snapshot = snapshot
        self.saving.mark_dirty()

    def edit_report(self, change: Callable[[Report], bool], key: str, place: Place | None, text: str) -> bool:
        """A change to the report as a whole (查找和替换): shown, evaluated, one undo step
        named ``text``, saved like any edit. ``change`` returns whether it changed anything."""
        if not change(self.report):
            return False
        self._load_pages()
        self.refresh()
        self._record_undo(key, place, text)
        return True

    def show_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show ``snapshot`` as the report (its rule set too: a restored version may differ)."""
        self.ws.show(self.report_id, report_from_dict(snapshot))
        self._snapshot = snapshot
        self._load_pages()
        self.refresh()
        self._update_title()

    def restore_snapshot(self, snapshot: dict[str, Any], place: Place | None) -> None:
        """Undo/redo: show the data, store it, and put the keyboard back where it changed."""
        self.show_snapshot(snapshot)
        self.saving.mark_dirty()
        if place is not None:
            self.focus_place(place)

    # -- the title, 体检 jumps and tabs ----------------------------------------------------
    def _update_title(self) -> None:
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}".strip()
        read_only = "（只读）" if self.ws.read_only else ""
        self.setWindowTitle(f"{name} — {self.ws.path.name}{read_only} — {APP_NAME}")

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

    # -- closing ----------------------------------------------------------------------
    def save_now(self) -> bool:
        return self.saving.save_now()

    def settle_unsaved(self) -> bool:
        return self.saving.settle_unsaved()

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
