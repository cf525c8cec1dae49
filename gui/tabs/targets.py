"""绩效目标: 年度总体目标, the indicator grid with its subtotals, what the form printed
(总分, 等级, 分值合计, 一级 subtotals), the 二级指标 groups of a form scored per group,
sections 四（二）（三）."""

from __future__ import annotations

import copy
import itertools
from typing import ClassVar

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DialogService
from gui.group_model import GROUP_COLUMNS, GroupModel
from gui.indicator_model import COLUMN_KEYS, COLUMNS, EDITABLE_KEYS, SCORE_KEYS, IndicatorDelegate, IndicatorModel
from gui.tabs.base import ReportTab, input_finding
from model.audit import Finding, Place, indicator_place
from model.fields import FIELDS, FIGURES, PARTS, group_field, indicator_field
from model.report import Report
from model.scoring import Scores
from model.values import plain, two

SHOWN_ROWS = 12  # indicator rows the table shows at first, also at 1366 × 768
ROW_PADDING = 5  # pixels above and below a row's text
CELL_PADDING = 12  # pixels beside a cell's text
GOAL_MIN_HEIGHT = 80  # 年度总体目标: two lines of each text
BODY_MIN_HEIGHT = 110  # the section editor below stays usable
NARROW_HIDDEN = frozenset({"reading"})  # columns a narrow table leaves out


class IndicatorView(QTableView):
    """The indicator grid, with Excel's Enter: it commits the cell and moves down."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter, not Tab or Esc
            self._move_down()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self._move_down()
            return
        super().keyPressEvent(event)

    def _move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(current.sibling(current.row() + 1, current.column()))


class TargetsTab(ReportTab):
    """绩效目标: 年度总体目标, the indicator table with subtotals, section 四（二）（三）."""

    tab = "targets"
    text_lines: ClassVar[dict[str, int]] = {"goal.expected": 2, "goal.actual": 2}

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        self.model = IndicatorModel(self)
        self.model.edited.connect(self.edited)
        self.view = IndicatorView(self)
        self._form_hidden: set[str] = set()
        self.view.resized.connect(self.fit_columns)
        self.view.setObjectName("indicators")
        self.view.setAccessibleName("绩效指标表")
        self.view.setModel(self.model)
        self.view.setItemDelegate(IndicatorDelegate(self.model, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + ROW_PADDING)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        em = self.view.fontMetrics().horizontalAdvance("中")
        for i, column in enumerate(COLUMNS):
            self.view.setColumnWidth(i, round(column.chars * em) + CELL_PADDING)
            if column.stretch:  # the long texts share what is left: no column is pushed off the side
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton("添加行", self)
        self.insert_button = QPushButton("插入行", self)
        self.delete_button = QPushButton("删除行", self)
        self.up_button = QPushButton("上移", self)
        self.down_button = QPushButton("下移", self)
        self.paste_button = QPushButton("从 Excel/WPS 粘贴", self)
        self.add_button.clicked.connect(self.add_row)
        self.insert_button.clicked.connect(self.insert_row)
        self.delete_button.clicked.connect(self.delete_rows)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.paste_button.clicked.connect(self.paste_clipboard)
        self.paste_button.setToolTip("在 Excel 或 WPS 表格中选中指标行（从一级指标列起）复制，再点此处或在表格中按 Ctrl+V")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"<b>{PARTS['indicators']}</b>", self)
        title.setBuddy(self.view)
        buttons.addWidget(title)
        buttons.addSpacing(12)
        for button in (self.add_button, self.insert_button, self.delete_button, self.up_button,
                       self.down_button, self.paste_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("subtotals")
        self.totals_label.setWordWrap(True)
        # What the form printed for the figures the program computes (kept to check them).
        self.filed_keys = tuple(f.key for f in FIELDS if f.key.startswith("filed."))
        # Only for a form transcribed from paper: shown when it holds something, or asked for.
        self.filed_box = QWidget(self)
        filed_row = QHBoxLayout(self.filed_box)
        filed_row.setContentsMargins(0, 0, 0, 0)
        filed_row.addWidget(QLabel("原表所印：", self))
        for key in self.filed_keys:
            filed_row.addWidget(self.label_for(key, self.binder.field(key).label.removeprefix("原表")))
            filed_row.addWidget(self.binder.widget(key), 3 if key == "filed.level1" else 1)
        self.filed_box.hide()
        self.filed_button = QPushButton("原表所印总分…", self)
        self.filed_button.setCheckable(True)
        self.filed_button.setAutoDefault(False)
        self.filed_button.setToolTip("照纸质表抄录时，填写原表印的总分、等级和小计，程序核对它们是否算对")
        self.filed_button.toggled.connect(self.filed_box.setVisible)
        buttons.addWidget(self.filed_button)
        self.group_model = GroupModel(self)
        self.group_model.edited.connect(self.edited)
        self.group_view = QTableView(self)
        self.group_view.setObjectName("groups")
        self.group_view.setAccessibleName("二级指标分组得分")
        self.group_view.setModel(self.group_model)
        self.group_view.horizontalHeader().setStretchLastSection(True)
        self.group_box = QGroupBox("二级指标分组的分值和得分（本表按二级指标评分）", self)
        QVBoxLayout(self.group_box).addWidget(self.group_view)
        self.group_box.hide()

        # 年度总体目标: the two texts side by side, labels beside them (a small screen's
        # height goes to the indicator table).
        goal = QGroupBox(PARTS["goal"], self)
        self.goal_box = goal
        goal_layout = QHBoxLayout(goal)
        goal_layout.setContentsMargins(8, 4, 8, 6)
        for key in ("goal.expected", "goal.actual"):
            goal_layout.addWidget(self.label_for(key, self.binder.field(key).label))
            if key in self.confirm_buttons:  # copied from last year: 已核对上年内容 under it
                stack = QVBoxLayout()
                stack.addWidget(self.binder.widget(key), 1)
                stack.addWidget(self.confirm_buttons[key], 0, Qt.AlignmentFlag.AlignRight)
                goal_layout.addLayout(stack, 1)
            else:
                goal_layout.addWidget(self.binder.widget(key), 1)
        # The indicator table without a frame of its own: its title sits in the button row.
        table_box = QWidget(self)
        self.table_box = table_box
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 4, 0, 0)
        table_layout.setSpacing(4)
        table_layout.addLayout(buttons)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.group_box)
        table_layout.addWidget(self.totals_label)
        table_layout.addWidget(self.filed_box)
        body = QGroupBox("报告正文：四、绩效目标实现情况分析（二）（三）", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        # One splitter for the three parts: on a small screen (1366 × 768) the table gets
        # room for SHOWN_ROWS rows first; the clerk drags the handles to change that.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        for index, pane in enumerate((goal, table_box, body)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(index, (0, 3, 1)[index])
        self.splitter.setChildrenCollapsible(False)
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter, 1)
        order = [self.binder.widget("goal.expected"), self.binder.widget("goal.actual"), self.add_button,
                 self.insert_button, self.delete_button, self.up_button, self.down_button, self.paste_button,
                 self.view, self.group_view, *(self.binder.widget(k) for k in self.filed_keys),
                 self.sections.tree, self.sections.title_edit, self.sections.text_edit]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def table_height(self, rows: int = SHOWN_ROWS) -> int:
        """The height of the table's pane showing ``rows`` rows."""
        table = self.view.horizontalHeader().sizeHint().height() + rows * self.view.verticalHeader().defaultSectionSize()
        table += 2 * self.view.frameWidth() + 2  # the grid's last line
        rest = self.table_box.sizeHint().height() - self.view.sizeHint().height()
        return table + max(0, rest)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.size_panes()

    def size_panes(self) -> None:
        """The table first (SHOWN_ROWS rows), then what is left for the other two panes."""
        total = self.splitter.height() - 2 * self.splitter.handleWidth()
        table = min(self.table_height(), total - GOAL_MIN_HEIGHT - BODY_MIN_HEIGHT)
        goal = max(GOAL_MIN_HEIGHT, min(self.goal_box.sizeHint().height(), (total - table) // 3))
        self.splitter.setSizes([goal, table, total - goal - table])
        self.fit_label_columns()

    def fit_columns(self) -> None:
        """Hide what the form does not have (scores on unscored forms); on a narrow table
        also the 解读 column (its reading is in the 年度指标值/实际完成值 tooltips too), so
        that every other column, 偏差原因 included, stays in sight."""
        hidden = set(self._form_hidden)
        em = self.view.fontMetrics().horizontalAdvance("中")
        needed = sum(self.view.columnWidth(i) for i, c in enumerate(COLUMNS) if not c.stretch and c.key not in hidden)
        needed += sum(round(c.chars * em) + CELL_PADDING for c in COLUMNS if c.stretch)
        if needed > self.view.viewport().width():
            hidden |= NARROW_HIDDEN
        for i, column in enumerate(COLUMNS):
            self.view.setColumnHidden(i, column.key in hidden)

    def fit_label_columns(self) -> None:
        """一级/二级 columns as wide as their longest label (产出指标（50分）), no wider
        than a quarter of the table: merged cells on paper, whole words here."""
        metrics = self.view.fontMetrics()
        limit = max(1, self.view.viewport().width() // 4)
        for key in ("level1", "level2"):
            column = COLUMN_KEYS.index(key)
            labels = {getattr(item, key) for item in self._report.indicators} | {COLUMNS[column].header}
            widest = max(metrics.horizontalAdvance(label) for label in labels) + CELL_PADDING + metrics.height()
            self.view.setColumnWidth(column, min(widest, max(limit, self.view.columnWidth(column))))

    def load(self, report: Report) -> None:
        super().load(report)
        assert self._ruleset is not None, "set_ruleset before load"
        self.model.set_indicators(report.indicators, self._ruleset)
        self.group_model.set_groups(report.groups)
        self.fit_label_columns()
        printed = any(self.binder.text(key).strip() for key in self.filed_keys)
        self.filed_button.setChecked(printed or self.filed_button.isChecked())

    def apply(self, report: Report) -> None:
        super().apply(report)
        if report is not self._report:
            report.indicators = copy.deepcopy(self._report.indicators)
            report.groups = copy.deepcopy(self._report.groups)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        super().show_results(scores, findings)
        self.model.set_scores(scores)
        self.group_model.set_scores(scores)
        self.group_box.setVisible(scores.mode == "group")
        self._form_hidden = (set(SCORE_KEYS) | {"band"} if not scores.scored
                             else set(SCORE_KEYS) if scores.mode == "group" else set())
        self.fit_columns()
        for key in self.filed_keys:  # an unscored form prints none of these
            self.binder.widget(key).setEnabled(scores.scored)
        if not scores.scored:
            self.totals_label.setText("本表不评分：只核对年度指标值、实际完成值和偏差说明，不计总分和等级。")
            return
        parts = []
        for name, total in scores.level1_totals.items():
            weight = scores.level1_weights.get(name)
            parts.append(f"{name or '（未填一级指标）'} {two(total)}／{plain(weight)}")
        parts.append(f"预算执行率 {two(scores.execution_score) or '—'}／{plain(scores.execution_weight)}")
        rescaled = "（不适用指标已按百分制折算）" if scores.rescaled else ""
        self.totals_label.setText(
            "小计：" + "　".join(parts)
            + f"　　{FIGURES['weight_total']} {plain(scores.weight_total)}　{FIGURES['total']} {two(scores.total)}"
            f"（{scores.grade}）{rescaled}"
        )

    def invalid_findings(self) -> list[Finding]:
        found = super().invalid_findings()
        for row, key, raw, problem in self.model.invalid():
            item = self.model.indicator(row)
            place = indicator_place(row, item, key)
            kept = plain(getattr(item, key)) if key in ("weight", "score") else getattr(item, key)
            found.append(input_finding(self.tab, "indicators", place.label, raw, problem, kept, row=row, column=key))
        for row, key, raw, problem in self.group_model.invalid():
            label = self._group_label(row, key)
            group = self.group_model.row(row)
            kept = plain(group.weight if key == "weight" else group.filed)
            found.append(input_finding(self.tab, "groups", label, raw, problem, kept, row=row, column=key))
        return found

    def _group_label(self, row: int, key: str) -> str:
        return f"二级指标“{self.group_model.row(row).level2}” / {group_field(key).label}"

    def edit_place(self, key: str) -> Place | None:
        if key.startswith("group:"):
            _group, group_row, group_column = key.split(":")
            return Place(self.tab, "groups", self._group_label(int(group_row), group_column), int(group_row), group_column)
        if key.startswith("indicator"):
            parts = key.split(":")  # indicator:<row>:<column> for a cell, else rows or a paste
            if len(parts) == 3 and parts[1].isdigit() and parts[2] in COLUMN_KEYS:
                row, column = int(parts[1]), parts[2]
            else:
                index = self.view.currentIndex()
                row = index.row() if index.isValid() else 0
                column = COLUMN_KEYS[index.column()] if index.isValid() else "name"
            what = indicator_field(column).label if len(parts) == 3 and column in EDITABLE_KEYS else "行"
            return Place(self.tab, "indicators", f"{PARTS['indicators']}第{row + 1}行{what}", row, column)
        return super().edit_place(key)

    def focus_place(self, place: Place) -> bool:
        if place.field == "groups":
            rows = self.group_model.rowCount()
            if place.row is not None and rows:
                column = GROUP_COLUMNS.index(place.column) if place.column in GROUP_COLUMNS else 0
                self.group_view.setCurrentIndex(self.group_model.index(min(place.row, rows - 1), column))
            self.group_view.setFocus()
            return True
        if place.field == "indicators":
            rows = self.model.rowCount()
            if place.row is not None and rows:
                column = COLUMN_KEYS.index(place.column) if place.column in COLUMN_KEYS else 0
                self.select_cell(min(place.row, rows - 1), column)  # an undone added row: the last one
            else:
                self.view.setFocus()
            return True
        return super().focus_place(place)

    # -- rows and clipboard ----------------------------------------------------------------
    def select_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        self.view.setFocus()

    def _current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else self.model.rowCount() - 1

    def _selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return sorted(rows)

    def add_row(self) -> None:
        row = self.model.rowCount()
        self.model.insert_rows(row, [self.model.new_row_like(self._current_row())])
        self.select_cell(row, COLUMN_KEYS.index("name"))

    def insert_row(self) -> None:
        row = max(0, self._current_row())
        self.model.insert_rows(row, [self.model.new_row_like(row)])
        self.select_cell(row, COLUMN_KEYS.index("name"))

    def delete_rows(self) -> None:
        rows = self._selected_rows()
        if not rows:
            return
        names = "、".join(f"第{r + 1}行" for r in rows[:5]) + ("等" if len(rows) > 5 else "")
        if not self._dialogs.confirm(self, "删除指标", f"删除{names}绩效指标？（可用“撤销”恢复）", danger=True):
            return
        self.model.remove_rows_at(rows)

    def move_row(self, delta: int) -> None:
        index = self.view.currentIndex()
        if index.isValid() and self.model.move_row(index.row(), delta):
            self.select_cell(index.row() + delta, index.column())

    def paste_clipboard(self) -> int:
        text = QGuiApplication.clipboard().text()
        index = self.view.currentIndex()
        row = index.row() if index.isValid() else self.model.rowCount()
        column = index.column() if index.isValid() else 0
        count = self.model.paste(text, row, column)
        if count == 0:
            self._dialogs.information(self, "粘贴", "剪贴板中没有表格内容。请在 Excel 或 WPS 中选中指标行后复制。")
        return count

    def copy_selection(self) -> None:
        rows = self._selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(self.model.copy_text(rows))

    def cut_selection(self) -> int:
        """剪切: copy the selected rows (as 复制 does), then empty the selected cells that
        can be typed in, as one step of 撤销. Returns the cells emptied."""
        self.copy_selection()
        cells = [(i.row(), COLUMN_KEYS[i.column()]) for i in self.view.selectionModel().selectedIndexes()]
        if not cells and self.view.currentIndex().isValid():
            current = self.view.currentIndex()
            cells = [(current.row(), COLUMN_KEYS[current.column()])]
        return self.model.clear_cells(cells)

    def handles_clipboard(self) -> bool:
        """Whether Ctrl+C / Ctrl+V should go to the indicator table."""
        return self.view.hasFocus()
