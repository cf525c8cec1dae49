"""资金使用: the money grid with the computed rates and score, and section 四（一）."""

from __future__ import annotations

import itertools
from typing import ClassVar

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DialogService
from gui.tabs.base import ReportTab
from model.audit import Finding, Place
from model.fields import FIGURES, FUND_COLUMN_LABELS, FUND_PARTS_LEAD, FUND_ROW_LABELS, PARTS, field
from model.report import FUND_COLUMNS, FUND_ROWS, Report
from model.scoring import Scores, execution_rate_problem
from model.values import MONEY_UNITS, percent, plain, two


class FundsTab(ReportTab):
    """资金使用."""

    tab = "funds"
    text_lines: ClassVar[dict[str, int]] = {"funds.note": 2}
    own_widgets: ClassVar[tuple[str, ...]] = ("funds.unit",)

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        # The unit the form prints money in, in the grid's corner where the form says it.
        self.unit_combo = QComboBox(self)
        self.unit_combo.setObjectName("field:funds.unit")
        self.unit_combo.setAccessibleName(field("funds.unit").label)
        self.unit_combo.setToolTip("原表的金额单位：多数表为万元，有的表（如重庆）为元。改单位不会换算已填的金额。")
        for unit in MONEY_UNITS:
            self.unit_combo.addItem(unit, unit)
        self.unit_combo.currentIndexChanged.connect(self._on_unit_changed)
        grid = QGridLayout()
        grid.addWidget(self.unit_combo, 0, 0)
        for j, column in enumerate(FUND_COLUMNS):
            grid.addWidget(QLabel(FUND_COLUMN_LABELS[column], self), 0, j + 1, Qt.AlignmentFlag.AlignCenter)
        for i, row in enumerate(FUND_ROWS):
            lead = FUND_PARTS_LEAD if row == "current" else ""
            grid.addWidget(self.label_for(f"funds.{row}.initial", lead + FUND_ROW_LABELS[row]), i + 1, 0)
            for j, column in enumerate(FUND_COLUMNS):
                widget = self.binder.line(f"funds.{row}.{column}")
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
        self.money_box = QGroupBox(PARTS["funds"], self)
        self.money_box.setLayout(grid)

        self.rate_label = QLabel("—", self)
        self.arrival_label = QLabel("—", self)
        self.score_label = QLabel("—", self)
        computed = QFormLayout()
        for label, name, figure in ((self.rate_label, "execution-rate", "execution_rate"),
                                    (self.arrival_label, "arrival-rate", "arrival_rate"),
                                    (self.score_label, "execution-score", "execution_score")):
            label.setObjectName(name)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            computed.addRow(f"{FIGURES[figure]}（计算）", label)
        side = self.form(("funds.arrived", "funds.weight", "funds.declared_rate", "funds.declared_score"))
        side.addRow(computed)
        side_box = QGroupBox("到位、分值与计算结果", self)
        side_box.setLayout(side)
        note_form = self.form(("funds.note",))

        top = QHBoxLayout()
        top.addWidget(self.money_box, 3)
        top.addWidget(side_box, 2)
        body = QGroupBox("报告正文：（一）项目资金使用及管理情况", self)
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.sections)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(note_form)
        layout.addWidget(body, 1)
        order: list[QWidget] = [self.unit_combo]
        order += [self.binder.widget(f"funds.{r}.{c}") for r in FUND_ROWS for c in FUND_COLUMNS]
        order += [self.binder.widget(k) for k in ("funds.arrived", "funds.weight", "funds.declared_rate",
                                                  "funds.declared_score", "funds.note")]
        order += [self.sections.tree, self.sections.title_edit, self.sections.text_edit]
        for a, b in itertools.pairwise(order):
            self.setTabOrder(a, b)

    def load(self, report: Report) -> None:
        super().load(report)
        with QSignalBlocker(self.unit_combo):
            self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(report.funds.unit)))

    def apply(self, report: Report) -> None:
        super().apply(report)
        report.funds.unit = str(self.unit_combo.currentData())

    def _on_unit_changed(self, _index: int) -> None:
        self.binder.money_unit = str(self.unit_combo.currentData())
        self.binder.recheck()
        self.edited.emit("funds.unit")

    def edit_place(self, key: str) -> Place | None:
        return Place.of("funds.unit") if key == "funds.unit" else super().edit_place(key)

    def focus_place(self, place: Place) -> bool:
        if place.field == "funds.unit":
            self.unit_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().focus_place(place)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        super().show_results(scores, findings)
        unit = str(self.unit_combo.currentData())
        self.money_box.setTitle(f"{PARTS['funds']}（{unit}）")
        rate = scores.execution_rate
        self.rate_label.setText(percent(rate) if rate is not None else f"无法计算（{execution_rate_problem(self._report.funds)}）")
        self.arrival_label.setText(percent(scores.arrival_rate) or "—")
        score = scores.execution_score
        if not scores.scored:
            self.score_label.setText("本表不评分")
        else:
            self.score_label.setText(f"{two(score)} / {plain(scores.execution_weight)} 分" if score is not None else "—")
        problems = {f.place.field: f for f in findings if f.code in ("funds.total-mismatch", "funds.parts-blank")}
        for column in FUND_COLUMNS:
            label = self.parts_labels[column]
            value = getattr(scores.funds_columns, column)
            mismatch = problems.get(f"funds.total.{column}")
            blank = problems.get(f"funds.current.{column}")
            if mismatch is not None:
                label.setText(f"≠ 总额！按分项 {plain(value)}")
                label.setStyleSheet("color: #b42318; font-weight: bold;")
                label.setToolTip(mismatch.message)
            elif blank is not None:
                label.setText("分项未填")
                label.setStyleSheet("color: #b54708;")
                label.setToolTip(blank.message)
            else:
                label.setText(plain(value) or "—")
                label.setStyleSheet("")
                label.setToolTip(f"用于计算的{FUND_ROW_LABELS['total']}")
