"""The main window: the report selector, the four tabs, the 体检 dock, the status bar,
menus, autosave and undo. It wires widgets to model/ and storage/ and holds no rules.

Every edit goes the same way: the tab writes its widgets into the live report, the
window recomputes scores and findings once (model.scoring, model.audit), shows them,
records an undo step if the data changed, and the autosave timer stores the report
within a second (one Store.save transaction).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import pathlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, QSignalBlocker, QStandardPaths, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DATA_FILTER, JSON_FILTER, PDF_FILTER, DialogService
from gui.findings import FindingsDock
from gui.tabs import FundsTab, IssuesTab, OverviewTab, ReportTab, TargetsTab
from gui.undo import SnapshotCommand
from model.audit import WARNING, Finding, Place, audit
from model.compare import differences
from model.errors import ZepingError
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores, score_report
from model.template import copy_to_next_year, new_report
from storage.files import report_file_name
from storage.interchange import dumps, load_file, report_from_dict, report_to_dict
from storage.paths import data_dir
from storage.rulesets import DEFAULT_RULESET, load_ruleset

if TYPE_CHECKING:  # the SQLite layer is imported when a file is opened, after the window shows
    from PySide6.QtPrintSupport import QPrinter

    from gui.printing import PdfPages
    from storage.repository import Store

APP_NAME = "绩效自评助手"
AUTOSAVE_MS = 600  # a timer that is not restarted by typing: stored within a second
MAX_RECENT = 8
NEW_UNIT, NEW_PROJECT = "本单位", "新项目"
TAB_ORDER = ("overview", "funds", "targets", "issues")
TAB_TITLES = {"overview": "概况", "funds": "资金使用", "targets": "绩效目标", "issues": "问题与改进"}
BANNER_STYLE = "background-color: #fff4ce; color: #5c3c00; border-bottom: 1px solid #e0c36b; padding: 6px 10px;"
BANNER_TOLD_STYLE = "background-color: #fde2e1; color: #7a1712; border-bottom: 1px solid #e8a29d; padding: 6px 10px;"
BACKUP_FAILED = "store.backup-failed"
PREVIEW_KEEP_DAYS = 1
NO_QTPDF = "本机没有 QtPdf（PySide6-Addons），改用系统的 PDF 阅读器"


def settings() -> QSettings:
    """Window settings live next to the data, in an INI file (no registry, testable)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)



@contextlib.contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while the PDF is written or its pages rendered (about a second)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def preview_folder(keep_days: float = PREVIEW_KEEP_DAYS) -> pathlib.Path:
    """The temporary folder of the PDFs opened for 打印预览 and 打印. They stay while a
    reader may show them (after the window closes, too); older ones are removed here."""
    root = pathlib.Path(tempfile.gettempdir()) / "zeping-preview"
    root.mkdir(exist_ok=True)
    limit = time.time() - keep_days * 86400
    for folder in root.glob("preview-*"):
        with contextlib.suppress(OSError):  # still open in a reader (Windows), or gone
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder)
    return root



class MainWindow(QMainWindow):
    """One open data file and the report being edited."""

    def __init__(self, store: Store | None, dialogs: DialogService | None = None, parent: QWidget | None = None) -> None:
        """``store`` None: the window shows at once and ``attach_store`` fills it."""
        super().__init__(parent)
        self.setObjectName("main-window")
        self.dialogs = dialogs or DialogService()
        self.store = store
        self.report = Report()
        self.report_id: int | None = None
        self.ruleset: RuleSet = load_ruleset(DEFAULT_RULESET)
        self.scores: Scores | None = None
        self.findings: list[Finding] = []
        self._snapshot: dict[str, Any] = {}
        self._dirty = False
        self._save_error_shown = False
        self._read_only_told = False
        self._backup_warned: str | None = None
        self._preview_root: pathlib.Path | None = None  # PDFs for 打印预览 and 打印
        self.undo_stack = QUndoStack(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, ReportTab] = {}
        for key in TAB_ORDER:  # placeholders until a data file is attached
            self.tabs.addTab(QWidget(self.tabs), TAB_TITLES[key])
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
        self.dock.activated.connect(self._on_finding_activated)
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
        self._save_timer.timeout.connect(self._on_save_timer_timeout)

        self._build_actions()
        self._build_menus()
        self._restore_settings()
        if store is not None:
            self.attach_store(store)
        else:
            self.tabs.setEnabled(False)
            self.setWindowTitle(f"正在打开数据文件… — {APP_NAME}")

    def _build_pages(self) -> None:
        """The four tabs, built once (after the window first shows when started empty)."""
        if self.pages:
            return
        self.pages = {
            "overview": OverviewTab(self.dialogs),
            "funds": FundsTab(self.dialogs),
            "targets": TargetsTab(self.dialogs),
            "issues": IssuesTab(self.dialogs),
        }
        current = self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            for i, key in enumerate(TAB_ORDER):
                page = self.pages[key]
                placeholder = self.tabs.widget(i)
                self.tabs.removeTab(i)
                placeholder.deleteLater()
                self.tabs.insertTab(i, page, TAB_TITLES[key])
                page.edited.connect(functools.partial(self._on_page_edited, page))
            self.tabs.setCurrentIndex(max(0, current))

    def attach_store(self, store: Store) -> None:
        """Show the reports of ``store`` (the window's data file from now on)."""
        self._build_pages()
        self.store = store
        self.tabs.setEnabled(True)
        self._read_only_told = False
        self._backup_warned = None
        self._remember_file(store.path)
        self._show_read_only()
        self._open_first_report()

    # -- actions and menus ----------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action("新建", self.new_report, QKeySequence.StandardKey.New, "按模板新建一份报告")
        self.copy_year_action = self._action("从上年复制", self.copy_last_year, None, "以本报告为底稿建立下一年度的报告")
        self.open_action = self._action("打开…", self._on_open_triggered, QKeySequence.StandardKey.Open, "打开另一个数据文件")
        self.save_as_action = self._action("另存为…", self._on_save_as_triggered, "Ctrl+Shift+S", "把数据文件另存一份并继续在新文件上工作")
        self.import_action = self._action("导入 JSON…", self._on_import_triggered, None, "从报告 JSON 文件导入一份报告")
        self.export_action = self._action("导出 JSON…", self._on_export_triggered, None, "把本报告导出为 JSON 文件")
        self.pdf_action = self._action("导出 PDF…", self._on_export_pdf_triggered, None, "导出排版好的 PDF")
        self.preview_action = self._action("打印预览…", self._on_preview_triggered, None, "预览打印的各页（与导出的 PDF 相同）")
        self.print_action = self._action(
            "打印…", self._on_print_triggered, QKeySequence.StandardKey.Print, "打印导出的 PDF 的各页（A4）"
        )
        self.quit_action = self._action("退出", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.delete_action = self._action("删除本报告…", self.delete_report, None, "从报告列表中删除当前报告（历史中保留，可恢复）")
        self.history_action = self._action("历史版本…", self.show_history, None, "查看本报告保存过的版本，恢复其中一个")
        self.deleted_action = self._action("已删除的报告…", self.show_deleted, None, "查看并恢复已删除的报告")

        self.undo_action = self.undo_stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.copy_action = self._action("复制", self._on_copy_triggered, QKeySequence.StandardKey.Copy)
        self.paste_action = self._action("粘贴", self._on_paste_triggered, QKeySequence.StandardKey.Paste)

        self.rules_action = self._action("评分规则说明", self._on_rules_triggered)
        self.about_action = self._action("关于", self._on_about_triggered)

        # Window-wide keys that no menu shows.
        self.save_action = self._action("立即保存", self.save_now, QKeySequence.StandardKey.Save)
        self.next_tab_action = self._action("下一页", lambda: self._cycle_tab(1), ["Ctrl+Tab", "Ctrl+PgDown"])
        self.previous_tab_action = self._action(
            "上一页", lambda: self._cycle_tab(-1), ["Ctrl+Shift+Tab", "Ctrl+PgUp"]
        )
        for action in (self.save_action, self.next_tab_action, self.previous_tab_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("文件(&F)")
        for action in (self.new_action, self.copy_year_action, None, self.open_action, self.save_as_action, None,
                       self.import_action, self.export_action, None, self.history_action, self.deleted_action,
                       None, self.pdf_action, self.preview_action, self.print_action, None):
            menu.addSeparator() if action is None else menu.addAction(action)
        self.recent_menu = menu.addMenu("最近文件")
        menu.addSeparator()
        menu.addAction(self.quit_action)
        edit = self.menuBar().addMenu("编辑(&E)")
        for action in (self.undo_action, self.redo_action, None, self.copy_action, self.paste_action):
            edit.addSeparator() if action is None else edit.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self.rules_action)
        help_menu.addAction(self.about_action)
        # The report selector's context menu: what can be done with the report as a whole.
        self.report_menu = QMenu(self)
        for action in (self.history_action, self.deleted_action, None, self.new_action, self.copy_year_action,
                       self.delete_action):
            self.report_menu.addSeparator() if action is None else self.report_menu.addAction(action)

        toolbar = QToolBar("报告", self)
        toolbar.setObjectName("report-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 报告：", toolbar))
        toolbar.addWidget(self.report_combo)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.copy_year_action)
        toolbar.addAction(self.delete_action)
        toolbar.addAction(self.history_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.addToolBar(toolbar)

    # -- settings -----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            area = screen.availableGeometry() if screen is not None else None
            width = min(1280, area.width()) if area else 1200
            height = min(800, area.height()) if area else 760
            self.resize(width, height)
        state = store.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self._fit_to_screen()
        self._fill_recent_menu()

    def _fit_to_screen(self) -> None:
        """Keep a restored geometry on the screen (another monitor, a smaller screen)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry()
        margin = frame.height() - self.height()
        width = min(self.width(), area.width())
        height = min(self.height(), area.height() - max(0, margin))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(frame.x(), area.x()), area.right() - self.frameGeometry().width() + 1)
        y = min(max(frame.y(), area.y()), area.bottom() - self.frameGeometry().height() + 1)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def recent_files(self) -> list[str]:
        value = settings().value("recent/files") or []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value]

    def _remember_file(self, path: pathlib.Path | str) -> None:
        path = str(pathlib.Path(path).resolve())
        files = [path, *(f for f in self.recent_files() if f != path)][:MAX_RECENT]
        settings().setValue("recent/files", files)
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(functools.partial(self.switch_file, path))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    # -- reports ----------------------------------------------------------------------
    def _open_first_report(self) -> None:
        infos = self.store.list_reports()
        if not infos and not self.store.read_only:
            report = new_report(datetime.date.today().year - 1, NEW_UNIT, NEW_PROJECT, self.ruleset)
            self.store.add(report)
            infos = self.store.list_reports()
        self._fill_report_combo()
        if infos:
            self.open_report(infos[0].id)
        else:
            self._set_report(None, Report())

    def _fill_report_combo(self, select: int | None = None) -> None:
        self.report_combo.blockSignals(True)
        self.report_combo.clear()
        for info in self.store.list_reports():
            self.report_combo.addItem(f"{info.year} · {info.project or '（未命名项目）'}", info.id)
        if select is not None:
            self.report_combo.setCurrentIndex(self.report_combo.findData(select))
        self.report_combo.blockSignals(False)

    def open_report(self, report_id: int) -> None:
        """Store what is pending, then load another report of the file."""
        self.save_now()
        try:
            report = self.store.load(report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "无法打开报告", exc.message)
            return
        self._set_report(report_id, report)
        self.report_combo.setCurrentIndex(self.report_combo.findData(report_id))

    def _set_report(self, report_id: int | None, report: Report) -> None:
        self.report_id = report_id
        try:
            self.ruleset = load_ruleset(report.ruleset)
        except ZepingError as exc:
            self.dialogs.error(self, "评分规则", f"{exc.message}。改用默认评分规则。")
            self.ruleset = load_ruleset(DEFAULT_RULESET)
        self.report = report
        self._load_pages()
        self._snapshot = report_to_dict(report)
        self.undo_stack.clear()
        self._dirty = False
        self._refresh()
        self._update_title()

    def _use_ruleset(self, name: str) -> None:
        """Score by the rule set ``name``; the default one if this program lacks it."""
        if name == self.ruleset.id:
            return
        try:
            self.ruleset = load_ruleset(name)
        except ZepingError:
            self.ruleset = load_ruleset(DEFAULT_RULESET)

    def _load_pages(self) -> None:
        for page in self.pages.values():
            page.set_ruleset(self.ruleset)
            page.load(self.report)

    def _on_report_combo_activated(self, index: int) -> None:
        report_id = self.report_combo.itemData(index)
        if report_id is not None and report_id != self.report_id:
            self.open_report(int(report_id))

    def _add_and_open(self, report: Report) -> int | None:
        if not self._writable():
            return None
        self.save_now()
        try:
            report_id = self.store.add(report)
        except ZepingError as exc:
            self.dialogs.error(self, "无法新建报告", exc.message)
            return None
        self._fill_report_combo(report_id)
        self.open_report(report_id)
        return report_id

    def new_report(self) -> int | None:
        """A report from the template, for the same unit, the year after this one."""
        year = self.report.year or datetime.date.today().year - 1
        # The data file refuses a report without unit or project name: placeholders.
        report = new_report(year, self.report.unit or NEW_UNIT, NEW_PROJECT, self.ruleset)
        report_id = self._add_and_open(report)
        if report_id is not None:
            self.tabs.setCurrentWidget(self.pages["overview"])
            name = self.pages["overview"].binder.widget("project.name")
            name.setFocus()
            if isinstance(name, QLineEdit):
                name.selectAll()
            self.statusBar().showMessage("已按模板新建报告，请填写项目名称。", 5000)
        return report_id

    def copy_last_year(self) -> int | None:
        """Next year's report from this one; what was cleared is listed for review."""
        if self.report_id is None:
            return None
        result = copy_to_next_year(self.report)
        new = result.report
        same = [i for i in self.store.list_reports() if i.year == new.year and i.project == new.project.name]
        if same and not self.dialogs.confirm(
            self, "从上年复制", f"数据文件中已有 {new.year} 年度“{new.project.name}”的报告。仍要再建一份吗？"
        ):
            return None
        report_id = self._add_and_open(new)
        if report_id is not None:
            cleared = "\n".join(f"· {item}" for item in result.cleared) or "· （无）"
            self.dialogs.information(
                self, "从上年复制",
                f"已建立 {new.year} 年度报告。以下内容已清空，请按本年度情况重新填写：\n{cleared}\n"
                "标题和正文中的年份已顺延一年，请通读核对；体检面板会列出尚未填写的项目。",
            )
        return report_id

    def delete_report(self) -> bool:
        if self.report_id is None or not self._writable():
            return False
        infos = self.store.list_reports()
        if len(infos) <= 1:
            self.dialogs.information(self, "删除报告", "这是数据文件中唯一的报告，不能删除。可先新建一份报告。")
            return False
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}"
        kept = "删除后报告仍保存在数据文件的历史中，可以用“文件 → 已删除的报告”恢复。"
        if not self.dialogs.confirm(self, "删除报告", f"删除报告“{name}”？\n{kept}", danger=True):
            return False
        self.save_now()  # the history keeps the report as it was last typed
        self._dirty = False
        try:
            self.store.delete(self.report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "无法删除报告", exc.message)
            return False
        self._fill_report_combo()
        self.open_report(self.store.list_reports()[0].id)
        return True

    # -- history and deleted reports -------------------------------------------------------
    def _on_report_combo_context_menu(self, pos: QPoint) -> None:
        self.report_menu.popup(self.report_combo.mapToGlobal(pos))

    def show_history(self) -> bool:
        """历史版本 of the current report; restores the version the clerk chooses."""
        from gui.history import VersionsDialog

        if self.report_id is None or self.store is None:
            return False
        self.save_now()  # what is on screen becomes the newest version first
        try:
            versions = self.store.history(self.report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "历史版本", exc.message)
            return False
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}"
        reason = self._read_only_text() if self.store.read_only else None
        dialog = VersionsDialog(name, versions, read_only_reason=reason, changes=self._version_changes, parent=self)
        try:
            if not self.dialogs.run(dialog):
                return False
            version = dialog.chosen()
        finally:
            dialog.deleteLater()
        return isinstance(version, int) and self.restore_version(version)

    def _version_changes(self, version: int) -> str:
        """How ``version`` differs from what the window shows (model.compare)."""
        assert self.store is not None and self.report_id is not None
        try:
            old = self.store.load_version(self.report_id, version)
        except ZepingError:
            return "（内容无法读取）"
        found = differences(self.report, old)
        return "、".join(found) if found else "相同"

    def restore_version(self, version: int) -> bool:
        """Make ``version`` the report's content (Store.restore, a new version in the file).

        The restore is one undoable step: undo puts back what was there before (and
        autosave stores that as another version), so a wrong choice costs nothing.
        """
        if self.report_id is None or not self._writable():
            return False
        self.save_now()
        before = report_to_dict(self.report)
        try:
            new_version = self.store.restore(self.report_id, version)
            restored = self.store.load(self.report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "无法恢复", exc.message)
            return False
        after = report_to_dict(restored)
        self._show_snapshot(after)
        self._dirty = False
        self.undo_stack.push(SnapshotCommand(self._restore_snapshot, before, after, "report.restore",
                                             f"恢复到版本 {version}", None))
        self._fill_report_combo(self.report_id)
        self.save_label.setText(f"已恢复 {datetime.datetime.now():%H:%M:%S}")
        self.statusBar().showMessage(f"已恢复到版本 {version}（记为新版本 {new_version}）。可用“撤销”退回。", 8000)
        return True

    def show_deleted(self) -> bool:
        """已删除的报告: restores the one the clerk chooses and opens it."""
        from gui.history import DeletedDialog

        if self.store is None:
            return False
        try:
            deleted = self.store.list_deleted()
        except ZepingError as exc:
            self.dialogs.error(self, "已删除的报告", exc.message)
            return False
        if not deleted:
            self.dialogs.information(self, "已删除的报告", "数据文件中没有已删除的报告。")
            return False
        reason = self._read_only_text() if self.store.read_only else None
        dialog = DeletedDialog(deleted, read_only_reason=reason, parent=self)
        try:
            if not self.dialogs.run(dialog):
                return False
            report_id = dialog.chosen()
        finally:
            dialog.deleteLater()
        return isinstance(report_id, int) and self.restore_deleted(report_id)

    def restore_deleted(self, report_id: int) -> bool:
        """Bring a deleted report back to the list as it was when deleted, and open it."""
        if not self._writable():
            return False
        self.save_now()
        try:
            newest = self.store.history(report_id)[0]
            self.store.restore(report_id, newest.version)
        except ZepingError as exc:
            self.dialogs.error(self, "无法恢复", exc.message)
            return False
        self._fill_report_combo(report_id)
        self.open_report(report_id)
        self.statusBar().showMessage("已恢复删除的报告。更早的内容可在“历史版本”中找到。", 8000)
        return True

    # -- the edit cycle -----------------------------------------------------------------
    def _on_page_edited(self, page: ReportTab, key: str) -> None:
        page.apply(self.report)
        if key == "ruleset":  # new weights, 一级/二级 names and bands for every tab
            self._use_ruleset(self.report.ruleset)
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
        scores = score_report(self.report, self.ruleset)
        findings = audit(self.report, self.ruleset, scores)
        invalid = [f for key in TAB_ORDER for f in self.pages[key].invalid_findings()]
        self.scores, self.findings = scores, invalid + findings + self._store_findings()
        for page in self.pages.values():
            page.show_results(scores, self.findings)
        self.dock.set_findings(self.findings)
        self.total_label.setText(f"总分 {scores.total:.2f}")
        self.grade_label.setText(f"等级 {scores.grade}")
        rate = scores.execution_rate
        self.rate_label.setText(f"执行率 {rate:.2f}%" if rate is not None else "执行率 —")

    def _store_findings(self) -> list[Finding]:
        """What the data file has to say in the 体检 panel: a backup that failed."""
        if self.store is None or not self.store.backup_error:
            return []
        return [Finding(WARNING, BACKUP_FAILED, Place("overview", "file", "数据文件"),
                        f"{self.store.backup_error}。报告已正常保存，只是没有备份；请检查磁盘空间和文件夹权限，"
                        "或用“另存为”另存一份副本。")]

    def _record_undo(self, key: str, place: Place | None = None) -> None:
        snapshot = report_to_dict(self.report)
        if snapshot == self._snapshot:
            return
        text = f"编辑（{place.label}）" if place is not None else "编辑"
        self.undo_stack.push(SnapshotCommand(self._restore_snapshot, self._snapshot, snapshot, key, text, place))
        self._snapshot = snapshot
        self._mark_dirty()

    def _show_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show ``snapshot`` as the report (its rule set too: a restored version may differ)."""
        self.report = report_from_dict(snapshot)
        self._snapshot = snapshot
        self._use_ruleset(self.report.ruleset)
        self._load_pages()
        self._refresh()
        self._update_title()

    def _restore_snapshot(self, snapshot: dict[str, Any], place: Place | None) -> None:
        """Undo/redo: show the data, store it, and put the keyboard back where it changed."""
        self._show_snapshot(snapshot)
        self._mark_dirty()
        if place is not None:
            self.focus_place(place)

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.store is not None and self.store.read_only:
            self.save_label.setText("只读：修改不会保存")
            if not self._read_only_told:
                # Once per file, and not in a message box: one would pop up mid-word and
                # swallow the keys typed after it. The banner turns red and says it.
                self._read_only_told = True
                self._show_read_only()
                self.statusBar().showMessage("只读：刚才的修改没有保存到数据文件。", 15000)
            return
        self.save_label.setText("正在保存…")
        if not self._save_timer.isActive():
            self._save_timer.start()

    def _on_save_timer_timeout(self) -> None:
        self.save_now()

    def save_now(self) -> bool:
        """Store the report at once (Ctrl+S); True when nothing is left unsaved."""
        self._save_timer.stop()
        if not self._dirty or self.report_id is None or self.store is None:
            return True
        if self.store.read_only:
            self.save_label.setText("只读：修改不会保存")
            return False
        try:
            self.store.save(self.report_id, self.report)
        except ZepingError as exc:
            self.save_label.setText("保存失败")
            if not self._save_error_shown:
                self._save_error_shown = True
                self.dialogs.error(self, "无法保存", exc.message)
            return False
        self._dirty = False
        self._save_error_shown = False
        self.save_label.setText(f"已保存 {datetime.datetime.now():%H:%M:%S}")
        self._fill_report_combo(self.report_id)
        self._warn_backup_error()
        return True

    def _warn_backup_error(self) -> None:
        """A failed backup does not block saving: say so once, keep it in the 体检 panel."""
        error = self.store.backup_error if self.store is not None else None
        if error == self._backup_warned:
            return
        self._backup_warned = error
        if error:
            self.statusBar().showMessage(f"警告：{error}。报告已保存，但没有备份。", 30000)
        self._refresh()

    def _read_only_text(self) -> str:
        reason = self.store.read_only_reason if self.store is not None else None
        return f"数据文件以只读方式打开：{reason}" if reason else "数据文件以只读方式打开"

    def _show_read_only(self) -> None:
        """The banner, the status bar and the actions that write, for the attached file."""
        read_only = self.store is not None and self.store.read_only
        for action in (self.new_action, self.copy_year_action, self.delete_action, self.import_action):
            action.setEnabled(not read_only)
        if read_only:
            told = ("<br><b>您刚才的修改没有保存。</b>可以继续试填，但要保留修改，请用“文件 → 另存为”保存一份副本，"
                    "修改会一并保存到副本中。") if self._read_only_told else ""
            self.banner.setText(f"<b>只读</b>　{self._read_only_text()}。可以查看、复制和导出；修改不会保存。"
                                f"如需修改，请关闭另一个窗口后重新打开，或用“文件 → 另存为”保存一份副本。{told}")
            self.banner.setStyleSheet(BANNER_TOLD_STYLE if self._read_only_told else BANNER_STYLE)
            self.save_label.setText("只读：修改不会保存")
        else:
            self.save_label.setText("")
        self.banner.setVisible(read_only)

    def _writable(self) -> bool:
        if self.store.read_only:
            self.dialogs.information(self, "只读", f"{self._read_only_text()}，不能修改。")
            return False
        return True

    def _update_title(self) -> None:
        if self.store is None:
            return
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}".strip()
        read_only = "（只读）" if self.store.read_only else ""
        self.setWindowTitle(f"{name} — {pathlib.Path(self.store.path).name}{read_only} — {APP_NAME}")

    # -- 体检 jumps and tabs -------------------------------------------------------------
    def _on_finding_activated(self, finding: Finding) -> None:
        self.jump_to(finding)

    def jump_to(self, finding: Finding) -> bool:
        return self.focus_place(finding.place)

    def focus_place(self, place: Place) -> bool:
        """Show the tab of ``place`` and put the keyboard on its field, cell or section."""
        page = self.pages.get(place.tab)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        return page.focus_place(place)

    def _cycle_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self.tabs.currentWidget().setFocus(Qt.FocusReason.TabFocusReason)

    # -- files --------------------------------------------------------------------------
    def switch_file(self, path: str, *, ask_unsaved: bool = True) -> bool:
        """Close this data file (after saving) and open another."""
        from storage.repository import open_store

        if self.store is not None and pathlib.Path(path).resolve() == pathlib.Path(self.store.path).resolve():
            return True
        if not self.save_now() and ask_unsaved and not self.dialogs.confirm(
            self, "打开", "当前报告未能保存。仍要打开其他文件吗？", danger=True
        ):
            return False
        try:
            store = open_store(path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法打开数据文件", exc.message)
            return False
        if self.store is not None:
            self.store.close()
        self.attach_store(store)
        return True

    def _on_open_triggered(self) -> None:
        path = self.dialogs.open_file(self, "打开数据文件", DATA_FILTER, str(pathlib.Path(self.store.path).parent))
        if path:
            self.switch_file(path)

    def _on_save_as_triggered(self) -> None:
        path = self.dialogs.save_file(self, "数据文件另存为", DATA_FILTER, str(pathlib.Path(self.store.path).parent))
        if not path:
            return
        self.save_now()
        from storage.files import copy_data_file

        # Edits made in a read-only file go into the copy: that is how the clerk keeps them.
        pending = report_from_dict(report_to_dict(self.report)) if self._dirty else None
        try:
            copy_data_file(self.store, path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法另存", exc.message)
            return
        current = self.report_id
        if not self.switch_file(path, ask_unsaved=False) or current not in [i.id for i in self.store.list_reports()]:
            return
        if pending is not None and current is not None and not self.store.read_only:
            try:
                self.store.save(current, pending)
            except ZepingError as exc:
                self.dialogs.error(self, "无法保存", exc.message)
        self.open_report(current)

    def _on_import_triggered(self) -> None:
        path = self.dialogs.open_file(self, "导入报告 JSON", JSON_FILTER)
        if path:
            self.import_json(path)

    def import_json(self, path: str) -> int | None:
        try:
            report = load_file(path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法导入", exc.message)
            return None
        return self._add_and_open(report)

    def _export_folder(self) -> pathlib.Path:
        """Where exports are offered: the last folder used, else the clerk's documents."""
        folder = settings().value("export/folder")
        if isinstance(folder, str) and pathlib.Path(folder).is_dir():
            return pathlib.Path(folder)
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return pathlib.Path(documents) if documents and pathlib.Path(documents).is_dir() else pathlib.Path.home()

    def _remember_export_folder(self, path: str) -> None:
        settings().setValue("export/folder", str(pathlib.Path(path).parent))

    def suggested_name(self, suffix: str) -> str:
        """``{year}年度{unit}{project}绩效自评报告`` + suffix, in the export folder."""
        return str(self._export_folder() / report_file_name(self.report, suffix))

    def _on_export_triggered(self) -> None:
        path = self.dialogs.save_file(self, "导出报告 JSON", JSON_FILTER, self.suggested_name(".json"))
        if path:
            self.export_json(path)

    def export_json(self, path: str) -> bool:
        from storage.files import write_text_atomically

        try:
            write_text_atomically(path, dumps(self.report))
        except ZepingError as exc:
            self.dialogs.error(self, "无法导出", exc.message)
            return False
        self._remember_export_folder(path)
        self.statusBar().showMessage(f"已导出到 {path}", 5000)
        return True

    def write_pdf(self, path: str) -> bool:
        """Write the formatted PDF through storage.pdf; a problem the clerk can fix (a
        character the fonts lack, naming the field) is shown as the writer words it."""
        from storage.documents import pdf  # reportlab loads on the first export, not at start

        try:
            pdf.export_pdf(self.report, self.ruleset, path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法生成 PDF", exc.message)
            return False
        except OSError as exc:
            self.dialogs.error(self, "无法生成 PDF", f"无法写入 {path}（{exc.strerror or exc}）")
            return False
        return True

    def export_pdf(self, path: str, *, offer_open: bool = True) -> bool:
        """导出 PDF to ``path``; then ask whether to open it."""
        if not self.write_pdf(path):
            return False
        self._remember_export_folder(path)
        self.statusBar().showMessage(f"已导出 PDF：{path}", 8000)
        if offer_open and self.dialogs.confirm(self, "导出 PDF", f"已导出 PDF：\n{path}\n\n现在打开它吗？"):
            self._open_file(path, "导出 PDF")
        return True

    def _on_export_pdf_triggered(self) -> None:
        path = self.dialogs.save_file(self, "导出 PDF", PDF_FILTER, self.suggested_name(".pdf"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_pdf(path)

    def _open_file(self, path: str, purpose: str) -> bool:
        if self.dialogs.open_externally(path):
            return True
        self.dialogs.information(self, purpose, f"未找到打开 PDF 的程序。PDF 已生成在：\n{path}")
        return False

    def open_pdf_for(self, purpose: str) -> str | None:
        """打印预览 and 打印 without QtPdf: the PDF that would be emailed, opened in the
        system's reader, which shows exactly those pages and prints them. Returns the path
        written (in a temporary folder), or None.
        """
        if self._preview_root is None:
            self._preview_root = preview_folder()
        # Each preview in its own folder: a reader may still hold (on Windows: lock) the last one.
        folder = pathlib.Path(tempfile.mkdtemp(prefix="preview-", dir=self._preview_root))
        path = str(folder / report_file_name(self.report))
        if not self.write_pdf(path):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        if self._open_file(path, purpose):
            # The system only says a reader was started, not that it showed the file: name it.
            hint = "已交给 PDF 阅读器，请在阅读器中打印（Ctrl+P）" if purpose == "打印" else "已交给 PDF 阅读器打开"
            self.statusBar().showMessage(f"{purpose}：{NO_QTPDF}，{hint}。文件：{path}", 15000)
        return path

    def printable_pages(self) -> PdfPages | None:
        """The report's PDF (storage.pdf, the bytes 导出 PDF writes), loaded for printing;
        None after telling the clerk why not (a character the fonts lack, naming the field)."""
        from gui.printing import PdfPages
        from storage.documents import pdf  # reportlab loads on the first export, not at start

        try:
            with _busy():  # the message below shows with the ordinary cursor
                return PdfPages(pdf.render_pdf(self.report, self.ruleset))
        except ZepingError as exc:
            self.dialogs.error(self, "无法生成 PDF", exc.message)
            return None

    def print_preview(self) -> int | None:
        """打印预览: Qt's preview of the PDF's own pages on A4. Returns the page count
        (None when nothing was shown); without QtPdf, the system's reader shows the PDF."""
        from gui.printing import a4_printer, qtpdf_available

        if not qtpdf_available():
            self.open_pdf_for("打印预览")
            return None
        pages = self.printable_pages()
        if pages is None:
            return None

        def paint(printer: QPrinter) -> None:  # for the preview, and for printing from it
            try:
                with _busy():
                    pages.paint(printer)
            except ZepingError as exc:
                self.dialogs.error(self, "无法打印", exc.message)

        self.statusBar().showMessage(f"打印预览：共 {pages.page_count} 页，与导出的 PDF 相同", 8000)
        printer = a4_printer(report_file_name(self.report, ""))  # held here: the dialog does not own it
        self.dialogs.print_preview(self, printer, paint)
        return pages.page_count

    def print_report(self) -> int | None:
        """打印: the print dialog, then the PDF's own pages onto the chosen printer, one A4
        sheet each. Returns the pages printed (None when cancelled or refused)."""
        from gui.printing import a4_printer, qtpdf_available

        if not qtpdf_available():
            self.open_pdf_for("打印")
            return None
        pages = self.printable_pages()  # before the dialog: a refusal comes first
        if pages is None:
            return None
        printer = a4_printer(report_file_name(self.report, ""))
        if not self.dialogs.print_dialog(self, printer):
            self.statusBar().showMessage("已取消打印", 5000)
            return None
        try:
            with _busy():
                count = pages.paint(printer)
        except ZepingError as exc:
            self.dialogs.error(self, "无法打印", exc.message)
            return None
        where = printer.outputFileName() or printer.printerName() or "打印机"
        self.statusBar().showMessage(f"已打印 {count} 页：{where}", 8000)
        return count

    def _on_preview_triggered(self) -> None:
        self.print_preview()

    def _on_print_triggered(self) -> None:
        self.print_report()

    # -- edit menu, help ----------------------------------------------------------------
    def _on_copy_triggered(self) -> None:
        targets = self.pages.get("targets")
        widget = QApplication.focusWidget()
        if isinstance(targets, TargetsTab) and targets.handles_clipboard():
            targets.copy_selection()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.copy()

    def _on_paste_triggered(self) -> None:
        targets = self.pages.get("targets")
        widget = QApplication.focusWidget()
        if isinstance(targets, TargetsTab) and targets.handles_clipboard():
            targets.paste_clipboard()
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.paste()

    def _on_rules_triggered(self) -> None:
        self.dialogs.information(self, "评分规则说明", f"{self.ruleset.name}\n\n{self.ruleset.description}")

    def _on_about_triggered(self) -> None:
        self.dialogs.information(
            self, "关于",
            f"{APP_NAME}\n填写预算绩效自评报告和项目支出绩效自评表，实时评分、体检，导出 PDF。\n"
            f"数据文件：{self.store.path}",
        )

    # -- closing ----------------------------------------------------------------------
    def has_invalid_input(self) -> bool:
        return any(f.code == "input.invalid" for f in self.findings)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.has_invalid_input() and not self.dialogs.confirm(
            self, "退出", "有输入有误、尚未保存的内容（见体检面板中的“错误”）。仍要退出吗？", danger=True
        ):
            event.ignore()
            return
        self.save_now()
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()
        if self.store is not None:
            self.store.close()
        event.accept()
