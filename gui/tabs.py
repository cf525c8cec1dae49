"""The four tabs of the window: 概况, 资金使用, 绩效目标, 问题与改进.

Each tab has the same contract: ``load(report)`` fills it, ``apply(report)`` writes it
back, ``show_results(scores, findings)`` shows what model/ computed, ``focus_place(place)``
shows the widget a finding points at, ``invalid_findings()`` lists text typed that
cannot be stored yet, and ``edited`` is emitted after every change the clerk makes.
Forms are driven by field tables (gui.fields).
"""

from __future__ import annotations

import copy
import itertools

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DialogService
from gui.fields import (
    DATE,
    LINE,
    LINES,
    MONEY,
    PERCENT,
    TEXT,
    YEAR,
    Field,
    FormBinder,
    format_amount,
)
from gui.indicator_model import COLUMN_KEYS, COLUMNS, IndicatorDelegate, IndicatorModel
from gui.section_editor import SectionEditor
from model.audit import ERROR, INDICATOR_COLUMNS, Finding, Place
from model.report import FUND_COLUMNS, FUND_ROWS, Project, Report, default_title
from model.rules import RuleSet
from model.scoring import Scores
from model.template import conclusion_sentence
from storage.rulesets import available_rulesets, load_ruleset

ROW_LABELS = {"total": "年度资金总额", "current": "其中：当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}
COLUMN_LABELS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}


def _two(value: object) -> str:
    return "—" if value is None else f"{value:.2f}"


def input_finding(tab: str, key: str, label: str, raw: str, problem: str, kept: str, **place: object) -> Finding:
    """A finding for text typed into the window that cannot be stored yet."""
    kept_text = f"“{kept}”" if kept else "空值"
    return Finding(
        ERROR, "input.invalid", Place(tab, key, label, **place),  # type: ignore[arg-type]
        f"“{label}”填的“{raw[:30]}”{problem}，这处输入尚未保存，计算仍按原来的{kept_text}。请改正。",
    )


class ReportTab(QWidget):
    """What the four tabs share: a field binder, a section editor, the edited signal."""

    edited = Signal(str)
    tab = ""
    fields: tuple[Field, ...] = ()

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dialogs = dialogs
        self._report = Report()
        self._ruleset: RuleSet | None = None
        self.binder = FormBinder(self.fields, self)
        self.binder.edited.connect(self.edited)
        self.sections = SectionEditor(self.tab, dialogs, self)
        self.sections.edited.connect(self.edited)

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """The rule set whose choices (一级/二级 names, bands) the tab offers."""
        self._ruleset = ruleset

    def load(self, report: Report) -> None:
        self._report = report
        self.binder.load(report)
        self.sections.load(report)

    def apply(self, report: Report) -> None:
        self.binder.apply(report)
        self.sections.apply(report)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        """Show computed figures; most tabs have none."""

    def invalid_findings(self) -> list[Finding]:
        found = [
            input_finding(self.tab, bad.field.key, bad.field.label, bad.raw, bad.problem,
                          format_amount(bad.kept) if not isinstance(bad.kept, str) else bad.kept)
            for bad in self.binder.invalid()
        ]
        title = self.sections.invalid_title()
        if title is not None:
            path, raw, problem = title
            found.append(input_finding(self.tab, "section", "章节标题", raw, problem, "", path=path))
        return found

    def edit_place(self, key: str) -> Place | None:
        """Where the edit ``key`` (as emitted by ``edited``) happened, for undo to return to."""
        if key.startswith("section."):
            path = self.sections.current_path
            if path is None:
                return None
            part = "title" if key.startswith(("section.title", "section.structure")) else "text"
            section = self.sections.current_section()
            title = (section.title if section is not None else "") or "（无标题）"
            what = "小节" if key == "section.structure" else "标题" if part == "title" else "正文"
            return Place(self.tab, "section", f"章节“{title[:16]}”{what}", column=part, path=path)
        if key in self.binder:
            return Place(self.tab, key, self.binder.field(key).label)
        return None

    def focus_place(self, place: Place) -> bool:
        if place.field == "section":
            if place.column in ("title", "text"):  # an undo: the section may be gone
                return self.sections.select_nearest(place.path, title=place.column == "title")
            return self.sections.select_path(place.path)
        for field in self.fields:
            if field.key == place.field or field.key.startswith(place.field + "_") or field.key.startswith(place.field + "."):
                widget = self.binder.widget(field.key)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    @staticmethod
    def _form(binder: FormBinder, keys: tuple[str, ...], parent: QWidget) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            field = binder.field(key)
            label = QLabel(field.label + ("＊" if field.required else ""), parent)
            label.setBuddy(binder.widget(key))
            form.addRow(label, binder.widget(key))
        return form


class OverviewTab(ReportTab):
    """概况: who, which year, which project, the title, the preamble, sections 一 to 三."""

    tab = "overview"
    fields = (
        Field("unit", "单位", LINE, True, "如：益阳市资阳区科学技术协会"),
        Field("year", "评价年度", YEAR, True, "如：2022"),
        Field("project.name", "项目名称", LINE, True),
        Field("project.department", "主管部门", LINE, True),
        Field("project.implementer", "实施单位", LINE, True),
        Field("title", "报告标题", LINE, False, "留空或不改动时按年度、单位、项目名称生成"),
        Field("preamble", "开头语", TEXT, False, "为切实做好……现将……报告如下：", 3),
    )

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        self._title_derived = True
        self.default_title_button = QPushButton("按年度、单位、项目生成标题", self)
        self.default_title_button.setAutoDefault(False)
        self.default_title_button.clicked.connect(self._on_default_title_clicked)
        self.binder.edited.connect(self._on_field_edited)
        self.conclusion_label = QLabel(self)
        self.conclusion_label.setObjectName("conclusion-score")
        self.insert_conclusion_button = QPushButton("插入结论句", self)
        self.insert_conclusion_button.setAutoDefault(False)
        self.insert_conclusion_button.setToolTip("在综合评价结论开头插入写明总分和等级的标准句子")
        self.insert_conclusion_button.clicked.connect(self._on_insert_conclusion_clicked)
        self._scores: Scores | None = None
        self.ruleset_combo = QComboBox(self)
        self.ruleset_combo.setObjectName("field:ruleset")
        self.ruleset_combo.setAccessibleName("评分规则")
        self.ruleset_combo.setToolTip("按哪一套评分规则计算得分（分值、档次、反向指标公式）；说明见“帮助 → 评分规则说明”")
        for name in available_rulesets():
            self.ruleset_combo.addItem(load_ruleset(name).name, name)
        self.ruleset_combo.currentIndexChanged.connect(self._on_ruleset_changed)

        form = self._form(self.binder, ("unit", "year", "project.name", "project.department", "project.implementer"), self)
        ruleset_label = QLabel("评分规则", self)
        ruleset_label.setBuddy(self.ruleset_combo)
        form.insertRow(2, ruleset_label, self.ruleset_combo)
        title_row = QHBoxLayout()
        title_row.addWidget(self.binder.widget("title"), 1)
        title_row.addWidget(self.default_title_button)
        title_label = QLabel("报告标题", self)
        title_label.setBuddy(self.binder.widget("title"))
        form.addRow(title_label, title_row)
        preamble_label = QLabel("开头语", self)
        preamble_label.setBuddy(self.binder.widget("preamble"))
        form.addRow(preamble_label, self.binder.widget("preamble"))
        head = QGroupBox("基本信息", self)
        head.setLayout(form)
        conclusion_row = QHBoxLayout()
        conclusion_row.addWidget(self.conclusion_label, 1)
        conclusion_row.addWidget(self.insert_conclusion_button)
        body = QGroupBox("报告正文：一、项目概况　二、绩效自评工作开展情况　三、综合评价结论", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        body_layout.addLayout(conclusion_row)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(body, 1)
        self.setTabOrder(self.binder.widget("title"), self.default_title_button)
        self.setTabOrder(self.default_title_button, self.binder.widget("preamble"))

    def load(self, report: Report) -> None:
        super().load(report)
        self._title_derived = not report.title or report.title == default_title(report)
        with QSignalBlocker(self.ruleset_combo):
            index = self.ruleset_combo.findData(report.ruleset)
            if index < 0:  # a rule set this copy of the program does not have: show it as filed
                self.ruleset_combo.addItem(report.ruleset, report.ruleset)
                index = self.ruleset_combo.count() - 1
            self.ruleset_combo.setCurrentIndex(index)

    def apply(self, report: Report) -> None:
        super().apply(report)
        chosen = self.ruleset_combo.currentData()
        if chosen and chosen != report.ruleset:
            report.ruleset = chosen

    def _on_ruleset_changed(self, _index: int) -> None:
        self.edited.emit("ruleset")

    def edit_place(self, key: str) -> Place | None:
        if key == "ruleset":
            return Place(self.tab, "ruleset", "评分规则")
        return super().edit_place(key)

    def focus_place(self, place: Place) -> bool:
        if place.field == "ruleset":
            self.ruleset_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().focus_place(place)

    def _typed_title(self) -> str:
        year = self.binder.text("year").strip()
        scratch = Report(unit=self.binder.text("unit"), year=int(year) if year.isdigit() else 0,
                         project=Project(name=self.binder.text("project.name")))
        return default_title(scratch)

    def _on_field_edited(self, key: str) -> None:
        if key == "title":
            self._title_derived = self.binder.text("title") in ("", self._typed_title())
        elif key in ("unit", "year", "project.name") and self._title_derived:
            with QSignalBlocker(self.binder.widget("title")):
                self.binder.set_text("title", self._typed_title())

    def _on_default_title_clicked(self) -> None:
        self._title_derived = True
        self.binder.set_text("title", self._typed_title())

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        self._scores = scores
        self.conclusion_label.setText(f"按评分规则计算：总分 {scores.total:.2f} 分，等级“{scores.grade}”。结论中须写明二者。")

    def _on_insert_conclusion_clicked(self) -> None:
        section = self._report.section("conclusion")
        if section is None or self._scores is None:
            self._dialogs.information(self, "插入结论句", "本报告没有“综合评价结论”一节。")
            return
        sentence = conclusion_sentence(self._report, self._scores)
        path = next(p for p, s, _tab in self._report.walk_sections() if s is section)
        if not self.sections.select_path(path):
            return
        text = self.sections.text_edit.toPlainText()
        self.sections.text_edit.setPlainText(sentence + ("\n" + text if text.strip() else ""))


class FundsTab(ReportTab):
    """资金使用: the money grid with computed rates and score, and section 四（一）."""

    tab = "funds"
    fields = (
        *(Field(f"funds.{r}.{c}", f"{ROW_LABELS[r].removeprefix('其中：')} / {COLUMN_LABELS[c]}", MONEY)
          for r in FUND_ROWS for c in FUND_COLUMNS),
        Field("funds.arrived", "到位资金", MONEY),
        Field("funds.weight", "预算执行率分值", MONEY),
        Field("funds.declared_rate", "原表填报的执行率（%）", PERCENT, False, "仅供核对，可留空"),
        Field("funds.declared_score", "原表填报的执行率得分", MONEY, False, "仅供核对，可留空"),
        Field("funds.note", "执行率偏差说明", TEXT, False, "执行率低于规定时说明原因和改进措施", 2),
    )

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        grid = QGridLayout()
        grid.addWidget(QLabel("万元", self), 0, 0)
        for j, column in enumerate(FUND_COLUMNS):
            grid.addWidget(QLabel(COLUMN_LABELS[column], self), 0, j + 1, Qt.AlignmentFlag.AlignCenter)
        for i, row in enumerate(FUND_ROWS):
            label = QLabel(ROW_LABELS[row], self)
            label.setBuddy(self.binder.widget(f"funds.{row}.initial"))
            grid.addWidget(label, i + 1, 0)
            for j, column in enumerate(FUND_COLUMNS):
                widget = self.binder.widget(f"funds.{row}.{column}")
                widget.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(widget, i + 1, j + 1)
        self.parts_labels: dict[str, QLabel] = {}
        grid.addWidget(QLabel("分项合计（计算）", self), 5, 0)
        for j, column in enumerate(FUND_COLUMNS):
            label = QLabel("—", self)
            label.setObjectName(f"parts:{column}")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.parts_labels[column] = label
            grid.addWidget(label, 5, j + 1)
        money = QGroupBox("项目资金（万元）", self)
        money.setLayout(grid)

        self.rate_label = QLabel("—", self)
        self.arrival_label = QLabel("—", self)
        self.score_label = QLabel("—", self)
        for label, name in ((self.rate_label, "execution-rate"), (self.arrival_label, "arrival-rate"), (self.score_label, "execution-score")):
            label.setObjectName(name)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        computed = QFormLayout()
        computed.addRow("执行率（计算）", self.rate_label)
        computed.addRow("到位率（计算）", self.arrival_label)
        computed.addRow("执行率得分（计算）", self.score_label)
        side = self._form(self.binder, ("funds.arrived", "funds.weight", "funds.declared_rate", "funds.declared_score"), self)
        side.addRow(computed)
        side_box = QGroupBox("到位、分值与计算结果", self)
        side_box.setLayout(side)
        note_form = self._form(self.binder, ("funds.note",), self)

        top = QHBoxLayout()
        top.addWidget(money, 3)
        top.addWidget(side_box, 2)
        body = QGroupBox("报告正文：（一）项目资金使用及管理情况", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(note_form)
        layout.addWidget(body, 1)
        order = [self.binder.widget(f"funds.{r}.{c}") for r in FUND_ROWS for c in FUND_COLUMNS]
        order += [self.binder.widget(k) for k in ("funds.arrived", "funds.weight", "funds.declared_rate",
                                                  "funds.declared_score", "funds.note")]
        order += [self.sections.tree, self.sections.title_edit, self.sections.text_edit]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        rate = scores.execution_rate
        self.rate_label.setText(f"{rate:.2f}%" if rate is not None else "无法计算（全年预算数为空或 0）")
        arrival = scores.arrival_rate
        self.arrival_label.setText(f"{arrival:.2f}%" if arrival is not None else "—")
        score = scores.execution_score
        self.score_label.setText(f"{score:.2f} / {format_amount(scores.execution_weight)} 分" if score is not None else "—")
        problems = {f.place.field: f for f in findings if f.code in ("funds.total-mismatch", "funds.parts-blank")}
        for column in FUND_COLUMNS:
            label = self.parts_labels[column]
            value = getattr(scores.funds_columns, column)
            mismatch = problems.get(f"funds.total.{column}")
            blank = problems.get(f"funds.current.{column}")
            if mismatch is not None:
                label.setText(f"≠ 总额！按分项 {format_amount(value)}")
                label.setStyleSheet("color: #b42318; font-weight: bold;")
                label.setToolTip(mismatch.message)
            elif blank is not None:
                label.setText("分项未填")
                label.setStyleSheet("color: #b54708;")
                label.setToolTip(blank.message)
            else:
                label.setText(format_amount(value) or "—")
                label.setStyleSheet("")
                label.setToolTip("用于计算的年度资金总额")


class TargetsTab(ReportTab):
    """绩效目标: 年度总体目标, the indicator table with subtotals, section 四（二）（三）."""

    tab = "targets"
    fields = (
        Field("goal.expected", "年度总体目标：预期目标", TEXT, False, "", 2),
        Field("goal.actual", "年度总体目标：实际完成情况", TEXT, False, "", 2),
    )

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        self.model = IndicatorModel(self)
        self.model.edited.connect(self.edited)
        self.view = QTableView(self)
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
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        for i, column in enumerate(COLUMNS):
            self.view.setColumnWidth(i, column.width)
        self.view.horizontalHeader().setStretchLastSection(True)

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
        for button in (self.add_button, self.insert_button, self.delete_button, self.up_button,
                       self.down_button, self.paste_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("subtotals")
        self.totals_label.setWordWrap(True)

        goal = QGroupBox("年度总体目标", self)
        goal_layout = QHBoxLayout(goal)
        for key in ("goal.expected", "goal.actual"):
            column = QVBoxLayout()
            label = QLabel(self.binder.field(key).label.split("：")[1], goal)
            label.setBuddy(self.binder.widget(key))
            column.addWidget(label)
            column.addWidget(self.binder.widget(key))
            goal_layout.addLayout(column)
        table_box = QGroupBox("绩效指标", self)
        table_layout = QVBoxLayout(table_box)
        table_layout.addLayout(buttons)
        table_layout.addWidget(self.view, 1)
        table_layout.addWidget(self.totals_label)
        body = QGroupBox("报告正文：四、绩效目标实现情况分析（二）（三）", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(table_box)
        splitter.addWidget(body)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 170])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(goal)
        layout.addWidget(splitter, 1)
        order = [self.binder.widget("goal.expected"), self.binder.widget("goal.actual"), self.add_button,
                 self.insert_button, self.delete_button, self.up_button, self.down_button, self.paste_button,
                 self.view, self.sections.tree, self.sections.title_edit, self.sections.text_edit]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def load(self, report: Report) -> None:
        super().load(report)
        assert self._ruleset is not None, "set_ruleset before load"
        self.model.set_indicators(report.indicators, self._ruleset)

    def apply(self, report: Report) -> None:
        super().apply(report)
        if report is not self._report:
            report.indicators = copy.deepcopy(self._report.indicators)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        self.model.set_scores(scores)
        parts = []
        for name, total in scores.level1_totals.items():
            weight = scores.level1_weights.get(name)
            parts.append(f"{name or '（未填一级指标）'} {total:.2f}／{format_amount(weight)}")
        rate = f"{scores.execution_score:.2f}" if scores.execution_score is not None else "—"
        parts.append(f"预算执行率 {rate}／{format_amount(scores.execution_weight)}")
        self.totals_label.setText(
            "小计：" + "　".join(parts)
            + f"　　分值合计 {format_amount(scores.weight_total)}　总分 {scores.total:.2f}（{scores.grade}）"
        )

    def invalid_findings(self) -> list[Finding]:
        found = super().invalid_findings()
        for row, key, raw, problem in self.model.invalid():
            item = self.model.indicator(row)
            label = f"第{row + 1}行“{(item.name or '（未命名）')[:16]}” / {INDICATOR_COLUMNS[key]}"
            kept = format_amount(getattr(item, key)) if key in ("weight", "score") else getattr(item, key)
            found.append(input_finding(self.tab, "indicators", label, raw, problem, kept, row=row, column=key))
        return found

    def edit_place(self, key: str) -> Place | None:
        if key.startswith("indicator"):
            parts = key.split(":")  # indicator:<row>:<column> for a cell, else rows or a paste
            if len(parts) == 3 and parts[1].isdigit() and parts[2] in COLUMN_KEYS:
                row, column = int(parts[1]), parts[2]
            else:
                index = self.view.currentIndex()
                row = index.row() if index.isValid() else 0
                column = COLUMN_KEYS[index.column()] if index.isValid() else "name"
            what = INDICATOR_COLUMNS.get(column, "") if len(parts) == 3 else "行"
            return Place(self.tab, "indicators", f"绩效指标第{row + 1}行{what}", row, column)
        return super().edit_place(key)

    def focus_place(self, place: Place) -> bool:
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

    def handles_clipboard(self) -> bool:
        """Whether Ctrl+C / Ctrl+V should go to the indicator table."""
        return self.view.hasFocus()


class IssuesTab(ReportTab):
    """问题与改进: sections 五 to 七, the attachments, the signature."""

    tab = "issues"
    fields = (
        Field("attachments", "附件（每行一个）", LINES, False, "如：2022年度项目支出绩效自评表", 2),
        Field("signature.unit", "落款单位", LINE, True),
        Field("signature.date", "落款日期", DATE, True, "如：2023年4月17日"),
    )

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        body = QGroupBox("报告正文：五、存在的问题和改进措施　六、结果应用和公开　七、其他需要说明的问题", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        tail = QGroupBox("附件与落款", self)
        tail.setLayout(self._form(self.binder, ("attachments", "signature.unit", "signature.date"), self))
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(tail)
        order = [self.sections.tree, self.sections.title_edit, self.sections.text_edit,
                 self.binder.widget("attachments"), self.binder.widget("signature.unit"),
                 self.binder.widget("signature.date")]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)
