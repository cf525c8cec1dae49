"""One section editor, reused by every tab: the tree of the tab's sections, numbered as
printed, with the clerk's own sub-sections (add, rename, move, delete) and plain text.

Like the indicator table, the editor works on the loaded report's section objects (a
view over the model's tree): edits change them at once and emit ``edited``; ``apply``
copies the tab's sections into another report when asked to.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DialogService
from gui.fields import INVALID_STYLE, _UndoKeysToWindow, plain_text
from model.carried import confirm, paragraphs_still_copied
from model.errors import ZepingError
from model.numbering import section_number
from model.report import SECTION_TABS, Report, Section
from model.template import add_template_section, missing_template_sections, section_at
from storage.json_values import check_text

PATH_ROLE = Qt.ItemDataRole.UserRole
NEW_TITLE = "新小节"


def numbered_title(path: tuple[int, ...], section: Section) -> str:
    return f"{section_number(len(path) - 1, path[-1] + 1)}{section.title or '（无标题）'}"


class SectionEditor(QWidget):
    """The sections edited on one tab (overview, funds, targets or issues)."""

    edited = Signal(str)

    def __init__(self, tab: str, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = tab
        self._dialogs = dialogs
        self._report = Report()
        self._paths: list[tuple[int, ...]] = []  # this tab's sections, reading order
        self._current: tuple[int, ...] | None = None
        self._title_problem: str | None = None

        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setObjectName(f"sections:{tab}")
        self.tree.setAccessibleName("章节")
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("章节标题")
        self.title_edit.setPlaceholderText("章节标题（不写编号，编号自动生成）")
        self.title_edit.textChanged.connect(self._on_title_edited)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setAccessibleName("章节正文")
        self.text_edit.setPlaceholderText("正文：每段一行，不必缩进。")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setUndoRedoEnabled(False)
        self.text_edit.textChanged.connect(self._on_text_edited)
        self._undo_filter = _UndoKeysToWindow(self)
        self.title_edit.installEventFilter(self._undo_filter)
        self.text_edit.installEventFilter(self._undo_filter)

        self.add_child_button = QPushButton("添加下级", self)
        self.add_sibling_button = QPushButton("添加同级", self)
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        self.delete_button = QPushButton("删除", self)
        self.add_child_button.clicked.connect(self.add_child)
        self.add_sibling_button.clicked.connect(self.add_sibling)
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.delete_button.clicked.connect(self.delete)
        # Shown only when a template section of this tab is missing (an imported report,
        # an older outline): a menu of those sections, put back at their outline place.
        self.add_missing_button = QPushButton("添加缺少的模板章节", self)
        self.add_missing_button.setObjectName(f"add-missing:{tab}")
        self.add_missing_button.setToolTip("把本报告中缺少的模板章节按模板的位置加回来")
        self.missing_menu = QMenu(self.add_missing_button)
        self.add_missing_button.setMenu(self.missing_menu)
        # Shown while the section holds paragraphs copied from last year, unchecked (model.carried).
        self.confirm_button = QPushButton("已核对上年内容", self)
        self.confirm_button.setObjectName(f"confirm-carried:{tab}")
        self.confirm_button.setToolTip("本节从上年复制的段落已逐一核对（年份、日期、金额无误），不再提醒")
        self.confirm_button.clicked.connect(self.confirm_carried)
        for button, tip in (
            (self.add_child_button, "在所选章节下添加一个小节"),
            (self.add_sibling_button, "在所选小节后添加一个同级小节"),
            (self.up_button, "自建小节上移"),
            (self.down_button, "自建小节下移"),
            (self.delete_button, "删除自建小节（模板章节不能删除）"),
        ):
            button.setToolTip(tip)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        buttons = QHBoxLayout()
        for button in (self.add_child_button, self.add_sibling_button, self.up_button,
                       self.down_button, self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        left_layout.addLayout(buttons)
        self.add_missing_button.setAutoDefault(False)
        left_layout.addWidget(self.add_missing_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("标题", right))
        title_row.addWidget(self.title_edit)
        self.confirm_button.setAutoDefault(False)
        title_row.addWidget(self.confirm_button)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.text_edit)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([300, 600])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.tree, self.title_edit)
        self.setTabOrder(self.title_edit, self.text_edit)
        self._update_buttons()

    # -- load / apply ---------------------------------------------------------------
    def load(self, report: Report) -> None:
        keep = self._current
        self._report = report
        self._rebuild(keep)

    def apply(self, report: Report) -> None:
        """Sections are edited in place; into another report, copy this tab's sections."""
        if report is self._report:
            return
        for path in self._root_paths():
            parent = report.sections if len(path) == 1 else section_at(report, path[:-1]).children
            parent[path[-1]] = copy.deepcopy(section_at(self._report, path))

    def _root_paths(self) -> list[tuple[int, ...]]:
        mine = set(self._paths)
        return [p for p in self._paths if p[:-1] not in mine]

    def current_section(self) -> Section | None:
        return section_at(self._report, self._current) if self._current is not None else None

    def invalid_title(self) -> tuple[tuple[int, ...], str, str] | None:
        """(path, raw title, problem) when the title box holds text that cannot be stored."""
        if self._title_problem and self._current is not None:
            return self._current, self.title_edit.text(), self._title_problem
        return None

    # -- the tree ---------------------------------------------------------------------
    def _rebuild(self, select: tuple[int, ...] | None) -> None:
        items: dict[tuple[int, ...], QTreeWidgetItem] = {}
        self._paths = [path for path, _s, tab in self._report.walk_sections() if tab == self.tab]
        self._fill_missing_menu()
        with QSignalBlocker(self.tree):
            self.tree.clear()
            for path in self._paths:
                section = section_at(self._report, path)
                parent = items.get(path[:-1])
                item = QTreeWidgetItem([numbered_title(path, section)])
                item.setData(0, PATH_ROLE, list(path))
                if section.key is None:
                    item.setToolTip(0, "自建小节")
                if parent is None:
                    self.tree.addTopLevelItem(item)
                else:
                    parent.addChild(item)
                items[path] = item
            self.tree.expandAll()
        if select not in items:
            select = self._paths[0] if self._paths else None
        self._select(select, items)

    def missing_sections(self) -> list[tuple[str, str]]:
        """(key, title) of this tab's template sections the report lacks, outline order."""
        return [(key, title) for key, title in missing_template_sections(self._report) if SECTION_TABS[key] == self.tab]

    def _fill_missing_menu(self) -> None:
        self.missing_menu.clear()
        missing = self.missing_sections()
        for key, title in missing:
            action = self.missing_menu.addAction(title)
            action.triggered.connect(lambda _checked=False, key=key: self.add_missing_section(key))
        self.add_missing_button.setVisible(bool(missing))

    def add_missing_section(self, key: str) -> tuple[int, ...]:
        """Put the template section ``key`` back at its outline place and show it."""
        path = add_template_section(self._report, key)
        self._after_structure(path)
        return path

    def _select(self, path: tuple[int, ...] | None, items: dict[tuple[int, ...], QTreeWidgetItem] | None = None) -> None:
        if items is None:
            items = self._items()
        item = items.get(path) if path is not None else None
        with QSignalBlocker(self.tree):
            if item is None:
                self.tree.setCurrentIndex(QModelIndex())
            else:
                self.tree.setCurrentItem(item)
        self._show(path)

    def _items(self) -> dict[tuple[int, ...], QTreeWidgetItem]:
        found: dict[tuple[int, ...], QTreeWidgetItem] = {}
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            found[tuple(item.data(0, PATH_ROLE))] = item
            stack.extend(item.child(i) for i in range(item.childCount()))
        return found

    def _show(self, path: tuple[int, ...] | None) -> None:
        self._current = path
        self._title_problem = None
        section = section_at(self._report, path) if path is not None else None
        with QSignalBlocker(self.title_edit), QSignalBlocker(self.text_edit):
            self.title_edit.setText(section.title if section else "")
            self.title_edit.setStyleSheet("")
            self.text_edit.setPlainText(section.text if section else "")
        self.title_edit.setEnabled(section is not None)
        self.text_edit.setEnabled(section is not None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        section = self.current_section()
        own = section is not None and section.key is None
        path = self._current
        self.add_child_button.setEnabled(section is not None)
        self.add_sibling_button.setEnabled(own and path is not None and len(path) > 1)
        self.delete_button.setEnabled(own)
        self.up_button.setEnabled(own and self._neighbour(-1) is not None)
        self.down_button.setEnabled(own and self._neighbour(1) is not None)
        self.confirm_button.setVisible(section is not None and bool(paragraphs_still_copied(section.text, section.carried)))

    def confirm_carried(self) -> None:
        """The clerk has checked this section's paragraphs copied from last year."""
        section = self.current_section()
        if section is not None and confirm(self._report, "section", section):
            self._update_buttons()
            self.edited.emit("section.carried")

    def _siblings(self, path: tuple[int, ...]) -> list[Section]:
        return self._report.sections if len(path) == 1 else section_at(self._report, path[:-1]).children

    def _neighbour(self, delta: int) -> int | None:
        """The index a user section can move to: next to another user section."""
        if self._current is None:
            return None
        siblings = self._siblings(self._current)
        index = self._current[-1] + delta
        if 0 <= index < len(siblings) and siblings[index].key is None:
            return index
        return None

    def select_path(self, path: tuple[int, ...], *, title: bool = False) -> bool:
        """Show the section at ``path`` (a jump from the 体检 panel, an undo) and put the
        keyboard in its text, or its title for ``title``."""
        if path not in self._paths:
            return False
        self._select(path)
        (self.title_edit if title else self.text_edit).setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def select_nearest(self, path: tuple[int, ...], *, title: bool = False) -> bool:
        """``select_path``, or the nearest section of this tab that still exists (after
        undoing an added sub-section: its parent or the sibling before it)."""
        while path:
            if self.select_path(path, title=title):
                return True
            path = (*path[:-1], path[-1] - 1) if path[-1] > 0 else path[:-1]
        if self._paths:
            return self.select_path(self._paths[0], title=title)
        return False

    @property
    def current_path(self) -> tuple[int, ...] | None:
        return self._current

    # -- edits --------------------------------------------------------------------------
    def _on_tree_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._show(tuple(current.data(0, PATH_ROLE)) if current is not None else None)

    def _on_title_edited(self, text: str) -> None:
        section = self.current_section()
        if section is None or self._current is None:
            return
        try:
            check_text(text, "title")
        except ZepingError:
            self._title_problem = "含有不可见的控制字符，请删除"
            self.title_edit.setStyleSheet(INVALID_STYLE)
            self.title_edit.setToolTip(f"标题{self._title_problem}。此处尚未保存。")
            self.edited.emit(f"section.title:{self._current}")
            return
        self._title_problem = None
        self.title_edit.setStyleSheet("")
        self.title_edit.setToolTip("")
        section.title = text
        item = self.tree.currentItem()
        if item is not None:
            item.setText(0, numbered_title(self._current, section))
        self.edited.emit(f"section.title:{self._current}")

    def _on_text_edited(self) -> None:
        section = self.current_section()
        if section is None:
            return
        text = plain_text(self.text_edit)
        try:
            check_text(text, "text")
        except ZepingError:
            self.text_edit.setStyleSheet(INVALID_STYLE)
            self.text_edit.setToolTip("正文含有不可见的控制字符，请删除。此处尚未保存。")
            return
        self.text_edit.setStyleSheet("")
        section.text = text
        self._update_buttons()
        self.edited.emit(f"section.text:{self._current}")

    def add_child(self) -> None:
        section = self.current_section()
        if section is None or self._current is None:
            return
        section.children.append(Section(title=NEW_TITLE))
        self._after_structure((*self._current, len(section.children) - 1))

    def add_sibling(self) -> None:
        path = self._current
        if path is None or len(path) < 2:
            return
        self._siblings(path).insert(path[-1] + 1, Section(title=NEW_TITLE))
        self._after_structure((*path[:-1], path[-1] + 1))

    def move_section(self, delta: int) -> None:
        target = self._neighbour(delta)
        path = self._current
        if target is None or path is None:
            return
        siblings = self._siblings(path)
        siblings[path[-1]], siblings[target] = siblings[target], siblings[path[-1]]
        self._after_structure((*path[:-1], target))

    def delete(self) -> None:
        section = self.current_section()
        path = self._current
        if section is None or path is None or section.key is not None:
            return
        if (section.text.strip() or section.children) and not self._dialogs.confirm(
            self, "删除小节", f"删除小节“{section.title}”及其下的全部内容？（可用“撤销”恢复）", danger=True
        ):
            return
        siblings = self._siblings(path)
        del siblings[path[-1]]
        if siblings and path[-1] < len(siblings):
            after = path
        elif path[-1] > 0:
            after = (*path[:-1], path[-1] - 1)
        else:
            after = path[:-1]
        self._after_structure(after)

    def _after_structure(self, select: tuple[int, ...]) -> None:
        self._rebuild(select)
        self.edited.emit("section.structure")
        if self._current == select:
            self.title_edit.setFocus()
            self.title_edit.selectAll()
