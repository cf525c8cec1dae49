"""Every action of the window, declared once: text, shortcut, tip, what it needs (an
attached data file, a writable one), and the menus and toolbar that show it (Picard's
``ui/mainwindow/actions.py``). Actions that need a data file stay disabled until one is
attached, so no action can reach a missing store; those that write are disabled on a
read-only file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar

from gui import import_preview
from gui.tabs import OverviewTab

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | list[str] | None


class Actions:
    """The window's QActions (``window.commands.new`` …)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._needs_file: list[QAction] = []
        self._writes: list[QAction] = []
        w, reports, exports = window, window.reports, window.exports
        make = self._make
        self.new = make("新建", reports.new_report, QKeySequence.StandardKey.New, "按模板新建一份报告", writes=True)
        self.copy_year = make("从上年复制", reports.copy_last_year, None, "以本报告为底稿建立下一年度的报告", writes=True)
        self.open = make("打开…", w.files.open_file, QKeySequence.StandardKey.Open, "打开另一个数据文件")
        self.save_as = make("另存为…", w.files.save_as, "Ctrl+Shift+S", "把数据文件另存一份并继续在新文件上工作")
        self.import_json = make("导入 JSON…", exports.import_dialog, None, "从报告 JSON 文件导入一份报告", writes=True)
        self.import_office = make(import_preview.ACTION, lambda: import_preview.import_office_file(w), None,
                                  import_preview.TIP, writes=True)
        self.exports = {
            exporter.key: make(exporter.label, lambda _=False, key=exporter.key: exports.export_dialog(key), None,
                               exporter.tip)
            for exporter in exports.exporters()
        }
        self.send = make("发送…", exports.send, "Ctrl+Shift+M", "导出 PDF，再用邮件、微信等发给财政局")
        self.sign = make("数字签名（非电子印章）…", exports.sign, None,
                         "用您自己的数字证书（.p12/.pfx）给导出的 PDF 签名；这不是电子印章")
        self.preview = make("打印预览…", exports.print_preview, None, "预览打印的各页（与导出的 PDF 相同）")
        self.print = make("打印…", exports.print_report, QKeySequence.StandardKey.Print, "打印导出的 PDF 的各页（A4）")
        self.quit = make("退出", w.close, "Ctrl+Q", needs_file=False)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.delete = make("删除本报告…", reports.delete_report, None, "从报告列表中删除当前报告（历史中保留，可恢复）", writes=True)
        self.history = make("历史版本…", reports.show_history, None, "查看本报告保存过的版本，恢复其中一个")
        self.deleted = make("已删除的报告…", reports.show_deleted, None, "查看并恢复已删除的报告")

        self.undo = w.undo_stack.createUndoAction(w, "撤销")
        self.undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo = w.undo_stack.createRedoAction(w, "重做")
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.cut = make("剪切", w.editing.cut, QKeySequence.StandardKey.Cut, needs_file=False)
        self.copy = make("复制", w.editing.copy, QKeySequence.StandardKey.Copy, needs_file=False)
        self.paste = make("粘贴", w.editing.paste, QKeySequence.StandardKey.Paste, needs_file=False)

        self.find = make("查找…", lambda: w.editing.find_replace(replacing=False), QKeySequence.StandardKey.Find,
                         "在本报告的所有文字、章节和指标中查找")
        self.replace = make("替换…", lambda: w.editing.find_replace(replacing=True), "Ctrl+H", "查找并替换本报告中的文字")
        self.custom_rules = make("自定义…", self._edit_rules, None,
                                 "按本地财政局的通知填写本报告的评分规则（分值、档次、公式、取舍）", writes=True)
        self.rules = make("评分规则说明", w.editing.show_rules, needs_file=False)
        self.about = make("关于", w.editing.show_about, needs_file=False)

        # Window-wide keys that no menu shows.
        self.save = make("保存", w.saving.save_and_say, QKeySequence.StandardKey.Save, "立即保存（修改也会在一秒内自动保存）")
        self.next_tab = make("下一页", lambda: w.cycle_tab(1), ["Ctrl+Tab", "Ctrl+PgDown"], needs_file=False)
        self.previous_tab = make("上一页", lambda: w.cycle_tab(-1), ["Ctrl+Shift+Tab", "Ctrl+PgUp"], needs_file=False)
        for action in (self.save, self.next_tab, self.previous_tab):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            w.addAction(action)
        self.update(attached=False, read_only=False)

    def _edit_rules(self) -> None:
        page = self._window.pages.get("overview")
        if isinstance(page, OverviewTab):
            page.edit_rules()

    def _make(self, text: str, slot: Callable[..., Any], keys: Keys = None, tip: str = "", *,
              needs_file: bool = True, writes: bool = False) -> QAction:
        action = QAction(text, self._window)
        if keys is not None:
            action.setShortcuts([QKeySequence(k) for k in (keys if isinstance(keys, list) else [keys])])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        if needs_file:
            self._needs_file.append(action)
        if writes:
            self._writes.append(action)
        return action

    def update(self, *, attached: bool, read_only: bool) -> None:
        """Enable what the attached data file allows."""
        for action in self._needs_file:
            action.setEnabled(attached)
        for action in self._writes:
            action.setEnabled(attached and not read_only)

    def build_menus(self, recent: QMenu) -> QMenu:
        """The menu bar and the toolbar; returns the report selector's context menu."""
        w = self._window
        menu = w.menuBar().addMenu("文件(&F)")
        exports: list[QAction | None] = [*self.exports.values()]
        for action in (self.new, self.copy_year, None, self.open, self.save_as, None, self.import_json, *exports[:1],
                       self.import_office, None, self.history, self.deleted, None, *exports[1:], self.send,
                       self.sign, self.preview, self.print, None):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.addMenu(recent)
        menu.addSeparator()
        menu.addAction(self.quit)
        edit = w.menuBar().addMenu("编辑(&E)")
        for action in (self.undo, self.redo, None, self.cut, self.copy, self.paste, None, self.find, self.replace):
            edit.addSeparator() if action is None else edit.addAction(action)
        rules_menu = w.menuBar().addMenu("评分规则(&R)")
        rules_menu.addAction(self.custom_rules)
        rules_menu.addAction(self.rules)
        help_menu = w.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self.rules)
        help_menu.addAction(self.about)
        # The report selector's context menu: what can be done with the report as a whole.
        report_menu = QMenu(w)
        for action in (self.history, self.deleted, None, self.new, self.copy_year, self.delete):
            report_menu.addSeparator() if action is None else report_menu.addAction(action)

        toolbar = QToolBar("报告", w)
        toolbar.setObjectName("report-toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 报告：", toolbar))
        toolbar.addWidget(w.report_combo)
        for action in (self.new, self.copy_year, self.delete, self.history, None, self.undo, self.redo, None,
                       self.send, self.print):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        w.addToolBar(toolbar)
        return report_menu
