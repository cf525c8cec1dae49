"""The main window: the report selector, the four tabs, the 体检 dock, the status bar,
menus, autosave and undo. It wires widgets to model/ and storage/ and holds no rules.

Every edit goes the same way: the tab writes its widgets into the live report, the
window recomputes scores and findings once (model.scoring, model.audit), shows them,
records an undo step if the data changed, and the autosave timer stores the report
within a second (one Store.save transaction).
"""

from __future__ import annotations

import datetime
import functools
import importlib.util
import pathlib
import tempfile
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSignalBlocker, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QToolBar,
    QWidget,
)

from gui.dialogs import DATA_FILTER, JSON_FILTER, PDF_FILTER, DialogService
from gui.findings import FindingsDock
from gui.tabs import FundsTab, IssuesTab, OverviewTab, ReportTab, TargetsTab
from gui.undo import SnapshotCommand
from model.audit import Finding, audit
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores, score_report
from model.template import copy_to_next_year, new_report
from storage.errors import ZepingError
from storage.interchange import dumps, load_file, report_from_dict, report_to_dict
from storage.paths import data_dir
from storage.rulesets import DEFAULT_RULESET, load_ruleset

if TYPE_CHECKING:  # the SQLite layer is imported when a file is opened, after the window shows
    from storage.repository import Store

APP_NAME = "绩效自评助手"
AUTOSAVE_MS = 600  # a timer that is not restarted by typing: stored within a second
MAX_RECENT = 8
NEW_UNIT, NEW_PROJECT = "本单位", "新项目"
TAB_ORDER = ("overview", "funds", "targets", "issues")
TAB_TITLES = {"overview": "概况", "funds": "资金使用", "targets": "绩效目标", "issues": "问题与改进"}


def settings() -> QSettings:
    """Window settings live next to the data, in an INI file (no registry, testable)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def pdf_available() -> bool:
    """Whether the PDF writer (storage/pdf.py) is installed."""
    return importlib.util.find_spec("storage.pdf") is not None


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
        self.undo_stack = QUndoStack(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.pages: dict[str, ReportTab] = {}
        for key in TAB_ORDER:  # placeholders until a data file is attached
            self.tabs.addTab(QWidget(self.tabs), TAB_TITLES[key])
        self.setCentralWidget(self.tabs)

        self.dock = FindingsDock(self)
        self.dock.activated.connect(self._on_finding_activated)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

        self.report_combo = QComboBox(self)
        self.report_combo.setObjectName("report-selector")
        self.report_combo.setAccessibleName("报告")
        self.report_combo.setMinimumContentsLength(26)
        self.report_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.report_combo.activated.connect(self._on_report_combo_activated)

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
        self._remember_file(store.path)
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
        self.preview_action = self._action("打印预览…", self._on_preview_triggered, None, "生成 PDF 并用系统的 PDF 阅读器打开")
        self.print_action = self._action(
            "打印…", self._on_print_triggered, QKeySequence.StandardKey.Print, "生成 PDF 并用系统的 PDF 阅读器打开以打印"
        )
        if not pdf_available():
            for action in (self.pdf_action, self.preview_action, self.print_action):
                action.setEnabled(False)
                action.setStatusTip("本版本尚未安装 PDF 导出模块")
        self.quit_action = self._action("退出", self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.delete_action = self._action("删除本报告…", self.delete_report, None, "从数据文件中删除当前报告")

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
                       self.import_action, self.export_action, None, self.pdf_action, self.preview_action,
                       self.print_action, None):
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

        toolbar = QToolBar("报告", self)
        toolbar.setObjectName("report-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 报告：", toolbar))
        toolbar.addWidget(self.report_combo)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.copy_year_action)
        toolbar.addAction(self.delete_action)
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
        kept = "删除后仍可从历史版本中恢复。" if hasattr(self.store, "restore") else "删除后无法恢复；如需保留，请先“导出 JSON”。"
        name = self.report.title or f"{self.report.year} 年度 {self.report.project.name}"
        if not self.dialogs.confirm(self, "删除报告", f"删除报告“{name}”？{kept}", danger=True):
            return False
        self._save_timer.stop()
        self._dirty = False
        try:
            self.store.delete(self.report_id)
        except ZepingError as exc:
            self.dialogs.error(self, "无法删除报告", exc.message)
            return False
        self._fill_report_combo()
        self.open_report(self.store.list_reports()[0].id)
        return True

    # -- the edit cycle -----------------------------------------------------------------
    def _on_page_edited(self, page: ReportTab, key: str) -> None:
        page.apply(self.report)
        self._refresh()
        self._record_undo(key)
        if page is self.pages["overview"]:
            self._update_title()

    def _refresh(self) -> None:
        """Scores and findings once, then every view that shows them."""
        scores = score_report(self.report, self.ruleset)
        findings = audit(self.report, self.ruleset, scores)
        invalid = [f for key in TAB_ORDER for f in self.pages[key].invalid_findings()]
        self.scores, self.findings = scores, invalid + findings
        for page in self.pages.values():
            page.show_results(scores, self.findings)
        self.dock.set_findings(self.findings)
        self.total_label.setText(f"总分 {scores.total:.2f}")
        self.grade_label.setText(f"等级 {scores.grade}")
        rate = scores.execution_rate
        self.rate_label.setText(f"执行率 {rate:.2f}%" if rate is not None else "执行率 —")

    def _record_undo(self, key: str) -> None:
        snapshot = report_to_dict(self.report)
        if snapshot == self._snapshot:
            return
        label = key.split(":")[0]
        self.undo_stack.push(SnapshotCommand(self._restore_snapshot, self._snapshot, snapshot, key, f"编辑（{label}）"))
        self._snapshot = snapshot
        self._mark_dirty()

    def _restore_snapshot(self, snapshot: dict[str, Any]) -> None:
        self.report = report_from_dict(snapshot)
        self._snapshot = snapshot
        self._load_pages()
        self._refresh()
        self._update_title()
        self._mark_dirty()

    def _mark_dirty(self) -> None:
        self._dirty = True
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
        return True

    def _writable(self) -> bool:
        if self.store.read_only:
            self.dialogs.information(self, "只读", "数据文件以只读方式打开，不能修改。")
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
        page = self.pages.get(finding.place.tab)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        return page.focus_place(finding.place)

    def _cycle_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self.tabs.currentWidget().setFocus(Qt.FocusReason.TabFocusReason)

    # -- files --------------------------------------------------------------------------
    def switch_file(self, path: str) -> bool:
        """Close this data file (after saving) and open another."""
        from storage.repository import open_store

        if self.store is not None and pathlib.Path(path).resolve() == pathlib.Path(self.store.path).resolve():
            return True
        if not self.save_now() and not self.dialogs.confirm(self, "打开", "当前报告未能保存。仍要打开其他文件吗？", danger=True):
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

        try:
            copy_data_file(self.store, path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法另存", exc.message)
            return
        current = self.report_id
        if self.switch_file(path) and current is not None and current in [i.id for i in self.store.list_reports()]:
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

    def _suggested_name(self, suffix: str) -> str:
        name = self.report.title or "绩效自评报告"
        return str(pathlib.Path(self.store.path).parent / f"{name}{suffix}")

    def _on_export_triggered(self) -> None:
        path = self.dialogs.save_file(self, "导出报告 JSON", JSON_FILTER, self._suggested_name(".json"))
        if path:
            self.export_json(path)

    def export_json(self, path: str) -> bool:
        from storage.files import write_text_atomically

        try:
            write_text_atomically(path, dumps(self.report))
        except ZepingError as exc:
            self.dialogs.error(self, "无法导出", exc.message)
            return False
        self.statusBar().showMessage(f"已导出到 {path}", 5000)
        return True

    def export_pdf(self, path: str) -> bool:
        """Write the formatted PDF through storage.pdf (the PDF engineer's writer)."""
        from storage import pdf  # type: ignore[attr-defined]

        try:
            pdf.export_pdf(self.report, self.ruleset, path)
        except ZepingError as exc:
            self.dialogs.error(self, "无法导出 PDF", exc.message)
            return False
        self.statusBar().showMessage(f"已导出 PDF：{path}", 5000)
        return True

    def _on_export_pdf_triggered(self) -> None:
        path = self.dialogs.save_file(self, "导出 PDF", PDF_FILTER, self._suggested_name(".pdf"))
        if path:
            self.export_pdf(path)

    def _open_pdf_externally(self, purpose: str) -> None:
        # PySide6-Essentials has no QtPdf to draw PDF pages, so preview and printing use
        # the system's PDF reader on the very file that would be emailed.
        folder = pathlib.Path(tempfile.mkdtemp(prefix="zeping-"))
        path = folder / f"{self.report.title or '绩效自评报告'}.pdf"
        if self.export_pdf(str(path)) and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.dialogs.information(self, purpose, f"未找到 PDF 阅读器。PDF 已生成在：\n{path}")

    def _on_preview_triggered(self) -> None:
        self._open_pdf_externally("打印预览")

    def _on_print_triggered(self) -> None:
        self._open_pdf_externally("打印")

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
