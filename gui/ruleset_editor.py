"""评分规则 → 自定义…: the clerk states their own rules (what their 财政局's notice says).

The editor starts from the report's rule set (or a bundled one chosen under 从内置规则开始)
and shows every setting of the rule-set format (resources/rulesets/README.md): scoring
mode, the execution weight and the rate that earns it in full, each 一级指标 (fixed or
free weight, optional, its 二级指标), the reverse formula, the three bands with their
wordings, the grades, rounding and the thresholds for deviation notes.

Every change is checked at once by the model (model.rules: field by field). A valid
change is handed to the report (``changed``: the rule set and the field it came from) —
the window rescores and records one undo step per field; an invalid one marks its field
red with the reason and changes nothing. The rules can be saved to a file and loaded from
one (a 财政局 hands one file to all its units), or dropped for the bundled set.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs import DialogService
from gui.fields import INVALID_STYLE
from model.errors import ZepingError
from model.rules import (
    BAND_KEYS,
    REVERSE_RULE_WORDS,
    REVERSE_RULES,
    ROUNDING_WORDS,
    ROUNDINGS,
    SCORING_MODES,
    SCORING_WORDS,
    RuleSet,
    describe_rules,
    ruleset_from_dict,
    ruleset_problems,
)
from model.values import PERCENT, WEIGHT, plain, read_number

RULES_FILTER = "评分规则文件 (*.json);;所有文件 (*)"
LEVEL1_COLUMNS = ("name", "weight", "optional", "level2")
LEVEL1_HEADERS = ("一级指标", "分值", "可不设", "二级指标（用“、”分隔）")
BAND_COLUMNS = ("label", "low", "high", "default", "aliases")
BAND_HEADERS = ("档次写法", "下限%", "上限%", "建议%", "其他写法（用“、”分隔）")
_SPLIT = re.compile(r"[、，,;；\s]+")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.strip()) if w]


def custom_id(base: RuleSet, builtin: tuple[RuleSet, ...]) -> str:
    """The id of a unit's own rules made from ``base``: never a bundled set's id."""
    ids = {r.id for r in builtin}
    return base.id if base.id not in ids else f"{base.id}-custom"


class RulesetEditor(QDialog):
    """The editor; ``changed(ruleset or None, key)`` after every valid change (None: use
    the bundled rule set again)."""

    changed = Signal(object, str)

    def __init__(self, current: RuleSet, builtin: tuple[RuleSet, ...], dialogs: DialogService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleset-editor")
        self.setWindowTitle("自定义评分规则")
        self._builtin = builtin
        self._dialogs = dialogs
        self._id = custom_id(current, builtin)
        self._last: RuleSet | None = None
        self._marked: list[Any] = []
        self.problems: list[tuple[str, str]] = []  # (key, sentence) of what is refused now

        self.seed = QComboBox(self)
        self.seed.setObjectName("seed")
        self.seed.addItem("（选择一套内置规则，从它开始）", None)
        for ruleset in builtin:
            self.seed.addItem(ruleset.name, ruleset.id)
        self.seed.activated.connect(self._on_seed_activated)
        self.name = self._line("name", "如：某县财政局2023年通知")
        self.scoring = QComboBox(self)
        self.scoring.setObjectName("scoring")
        for mode in SCORING_MODES:
            self.scoring.addItem(SCORING_WORDS[mode], mode)
        self.scoring.currentIndexChanged.connect(lambda _i: self._on_edited("scoring"))
        self.execution_weight = self._line("execution_weight", "如：10")
        self.execution_full_at = self._line("execution_full_at", "一般为 100")
        self.reverse_rule = self._combo("reverse_rule", [(r, REVERSE_RULE_WORDS[r]) for r in REVERSE_RULES])
        self.rounding = self._combo("rounding", [(r, ROUNDING_WORDS[r]) for r in ROUNDINGS])
        self.bare_operator = self._combo("bare_operator", [("≥", "≥（不低于）"), ("=", "=（等于）")])
        self.rescale = QCheckBox("不适用的指标不考核，其余得分按百分制折算", self)
        self.rescale.setObjectName("rescale_not_applicable")
        self.rescale.toggled.connect(lambda _on: self._on_edited("rescale_not_applicable"))
        self.over_achievement = self._line("over_achievement", "如：130")
        self.execution_note_below = self._line("execution_note_below", "如：90")
        self.cost_level2 = self._line("cost_level2", "如：成本指标")
        self.level1 = self._table("level1", LEVEL1_HEADERS, 4)
        weight_header = self.level1.horizontalHeaderItem(1)
        if weight_header is not None:
            weight_header.setToolTip("留空＝在绩效指标分值合计内由单位自由分配")
        self.bands = self._table("bands", BAND_HEADERS, 3)
        self.grades = self._table("grades", ("等级", "最低总分"), 4)
        self.add_level1_button = QPushButton("添加一级指标", self)
        self.remove_level1_button = QPushButton("删除所选一级指标", self)
        self.add_level1_button.clicked.connect(self.add_level1)
        self.remove_level1_button.clicked.connect(self.remove_level1)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b42318;")
        self.save_button = QPushButton("保存到文件…", self)
        self.load_button = QPushButton("从文件载入…", self)
        self.builtin_button = QPushButton("不用自定义规则", self)
        self.close_button = QPushButton("关闭", self)
        self.save_button.clicked.connect(self.save_to_file)
        self.load_button.clicked.connect(self.load_from_file)
        self.builtin_button.clicked.connect(self.use_builtin)
        self.close_button.clicked.connect(self.accept)
        self.builtin_button.setToolTip("本报告改回按所选的内置评分规则计算")
        self._layout()
        self.fill(current)

    # -- building -----------------------------------------------------------------------
    def _line(self, key: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _text: self._on_edited(key))
        return edit

    def _combo(self, key: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(key)
        for value, text in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i: self._on_edited(key))
        return combo

    def _table(self, key: str, headers: tuple[str, ...], rows: int) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(key)
        table.setHorizontalHeaderLabels(list(headers))
        table.horizontalHeader().setStretchLastSection(True)
        height = table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
        table.setMinimumHeight(height + 2 * table.frameWidth() + 2)  # every row in sight
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.itemChanged.connect(lambda item: self._on_edited(f"{key}[{item.row()}]"))
        return table

    def _layout(self) -> None:
        head = QFormLayout()
        head.addRow("从内置规则开始", self.seed)
        head.addRow("规则名称", self.name)
        head.addRow("评分方式", self.scoring)
        execution = QFormLayout()
        execution.addRow("预算执行率分值", self.execution_weight)
        execution.addRow("执行率达到多少（%）得满分", self.execution_full_at)
        execution.addRow("执行率低于（%）须说明原因", self.execution_note_below)
        execution_box = QGroupBox("预算执行率", self)
        execution_box.setLayout(execution)
        level1_box = QGroupBox("一级指标（绩效指标分值合计＝100－预算执行率分值；分值留空＝自由分配）", self)
        level1_layout = QVBoxLayout(level1_box)
        level1_layout.addWidget(self.level1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_level1_button)
        buttons.addWidget(self.remove_level1_button)
        buttons.addStretch(1)
        level1_layout.addLayout(buttons)
        scoring = QFormLayout()
        scoring.addRow("反向指标超出目标", self.reverse_rule)
        scoring.addRow("只写数字的目标值表示", self.bare_operator)
        scoring.addRow("得分保留两位小数", self.rounding)
        scoring.addRow("实际值达到目标值（%）须说明超额原因", self.over_achievement)
        scoring.addRow("成本类二级指标（目标应写上限）", self.cost_level2)
        scoring.addRow(self.rescale)
        scoring_box = QGroupBox("计分方法", self)
        scoring_box.setLayout(scoring)
        bands_box = QGroupBox("定性指标档次（得分占分值的百分比）", self)
        QVBoxLayout(bands_box).addWidget(self.bands)
        grades_box = QGroupBox("等级", self)
        QVBoxLayout(grades_box).addWidget(self.grades)
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(head)
        for box in (execution_box, level1_box, scoring_box, bands_box, grades_box):
            body_layout.addWidget(box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        bottom = QHBoxLayout()
        for button in (self.save_button, self.load_button, self.builtin_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(bottom)
        self.resize(760, 720)

    # -- filling and reading --------------------------------------------------------------
    def fill(self, ruleset: RuleSet) -> None:
        """Show ``ruleset`` (nothing is handed to the report)."""
        with contextlib.ExitStack() as blocked:
            for widget in (self.scoring, self.reverse_rule, self.rounding, self.bare_operator, self.rescale,
                           self.level1, self.bands, self.grades):
                blocked.enter_context(QSignalBlocker(widget))
            self._fill(ruleset)
        self._last = ruleset
        self._mark([])
        self._update_enabled()

    def _fill(self, ruleset: RuleSet) -> None:
        self.name.setText(ruleset.name)
        self.scoring.setCurrentIndex(max(0, self.scoring.findData(ruleset.scoring)))
        self.execution_weight.setText(plain(ruleset.execution_weight))
        self.execution_full_at.setText(plain(ruleset.execution_full_at))
        self.reverse_rule.setCurrentIndex(max(0, self.reverse_rule.findData(ruleset.reverse_rule)))
        self.rounding.setCurrentIndex(max(0, self.rounding.findData(ruleset.rounding)))
        self.bare_operator.setCurrentIndex(max(0, self.bare_operator.findData(ruleset.bare_operator)))
        self.rescale.setChecked(ruleset.rescale_not_applicable)
        self.over_achievement.setText(plain(ruleset.over_achievement))
        self.execution_note_below.setText(plain(ruleset.execution_note_below))
        self.cost_level2.setText("、".join(ruleset.cost_level2))
        self.level1.setRowCount(0)
        for level1 in ruleset.level1:
            self._append_level1(level1.name, plain(level1.weight), level1.optional, "、".join(level1.level2))
        self.bands.setRowCount(len(ruleset.bands))
        self.bands.setVerticalHeaderLabels([b.key for b in ruleset.bands])
        for row, band in enumerate(ruleset.bands):
            for column, text in enumerate((band.label, plain(band.low), plain(band.high), plain(band.default),
                                           "、".join(band.aliases))):
                self.bands.setItem(row, column, QTableWidgetItem(text))
        self.grades.setRowCount(len(ruleset.grades))
        for row, (minimum, grade) in enumerate(ruleset.grades):
            self.grades.setItem(row, 0, QTableWidgetItem(grade))
            self.grades.setItem(row, 1, QTableWidgetItem(plain(minimum)))
        for table in (self.level1, self.bands):
            table.resizeColumnsToContents()

    def show_current(self, ruleset: RuleSet) -> None:
        """The report's rules changed (an edit of ours came back, or an undo): show them."""
        if ruleset != self._last:
            self._id = custom_id(ruleset, self._builtin)
            self.fill(ruleset)

    def _append_level1(self, name: str, weight: str, optional: bool, level2: str) -> None:
        row = self.level1.rowCount()
        self.level1.insertRow(row)
        self.level1.setItem(row, 0, QTableWidgetItem(name))
        self.level1.setItem(row, 1, QTableWidgetItem(weight))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        check.setCheckState(Qt.CheckState.Checked if optional else Qt.CheckState.Unchecked)
        self.level1.setItem(row, 2, check)
        self.level1.setItem(row, 3, QTableWidgetItem(level2))

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _number(self, text: str, key: str, kind: str, problems: list[tuple[str, str]]) -> str | None:
        """A number as typed (15分, 90%, full-width digits: the one reader), or a problem."""
        value, problem = read_number(text, kind)
        if problem is not None:
            problems.append((key, f"“{text}”{problem}"))
        return None if value is None else format(value, "f")

    def data(self) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The rule-set object the widgets describe, and the numbers that cannot be read."""
        unread: list[tuple[str, str]] = []
        scored = self.scoring.currentData() != "none"
        execution = self._number(self.execution_weight.text(), "execution_weight", WEIGHT, unread)
        indicators = format(100 - Decimal(execution), "f") if scored and execution is not None else "0"
        level1 = []
        for row in range(self.level1.rowCount()):
            check = self.level1.item(row, 2)
            level1.append({
                "name": self._cell(self.level1, row, 0),
                "weight": self._number(self._cell(self.level1, row, 1), f"level1[{row}].weight", WEIGHT, unread)
                if scored else None,
                "optional": check is not None and check.checkState() == Qt.CheckState.Checked,
                "level2": _words(self._cell(self.level1, row, 3)),
            })
        bands = [
            {"key": key, "label": self._cell(self.bands, row, 0),
             **{name: self._number(self._cell(self.bands, row, column), f"bands[{row}].{name}", PERCENT, unread)
                for column, name in enumerate(BAND_COLUMNS) if name in ("low", "high", "default")},
             "aliases": _words(self._cell(self.bands, row, 4))}
            for row, key in enumerate(BAND_KEYS[: self.bands.rowCount()])
        ]
        grades = [{"grade": self._cell(self.grades, row, 0),
                   "min": self._number(self._cell(self.grades, row, 1), f"grades[{row}].min", WEIGHT, unread)}
                  for row in range(self.grades.rowCount())]
        data: dict[str, Any] = {
            "id": self._id,
            "name": self.name.text().strip(),
            "scoring": self.scoring.currentData(),
            "execution_weight": execution if scored else "0",
            "execution_full_at": self._number(self.execution_full_at.text(), "execution_full_at", PERCENT, unread),
            "indicators_weight": indicators,
            "level1": level1,
            "reverse_rule": self.reverse_rule.currentData(),
            "bare_operator": self.bare_operator.currentData(),
            "bands": bands,
            "grades": grades,
            "rounding": self.rounding.currentData(),
            "rescale_not_applicable": self.rescale.isChecked(),
            "over_achievement": self._number(self.over_achievement.text(), "over_achievement", PERCENT, unread),
            "execution_note_below": self._number(self.execution_note_below.text(), "execution_note_below", PERCENT,
                                                 unread),
            "cost_level2": _words(self.cost_level2.text()),
        }
        return data, unread

    def ruleset(self) -> RuleSet | None:
        """The rules as shown, when they are valid (with a description written from them)."""
        data, unread = self.data()
        if unread or ruleset_problems(data):
            return None
        ruleset = ruleset_from_dict(data)
        return dataclasses.replace(ruleset, description=describe_rules(ruleset))

    # -- changes --------------------------------------------------------------------------
    def _on_edited(self, key: str) -> None:
        self._update_enabled()
        data, unread = self.data()
        problems = unread + [p for p in ruleset_problems(data) if p[0] not in {k for k, _m in unread}]
        self._mark(problems)
        if problems:
            return
        ruleset = ruleset_from_dict(data)
        ruleset = dataclasses.replace(ruleset, description=describe_rules(ruleset))
        if ruleset != self._last:
            self._last = ruleset
            self.changed.emit(ruleset, key)

    def _update_enabled(self) -> None:
        scored = self.scoring.currentData() != "none"
        for widget in (self.execution_weight, self.execution_full_at, self.reverse_rule, self.bands, self.grades):
            widget.setEnabled(scored)

    def _widgets_for(self, key: str) -> list[Any]:
        """The widget (or table cell) a problem's key belongs to."""
        match = re.match(r"(level1|bands|grades)(?:\[(\d+)\](?:\.(\w+))?)?", key)
        if match:
            table = {"level1": self.level1, "bands": self.bands, "grades": self.grades}[match.group(1)]
            columns = {"level1": LEVEL1_COLUMNS, "bands": BAND_COLUMNS, "grades": ("grade", "min")}[match.group(1)]
            if match.group(2) is None:
                return [table]
            row = int(match.group(2))
            column = columns.index(match.group(3)) if match.group(3) in columns else 0
            item = table.item(row, column)
            return [item] if item is not None else [table]
        if key == "indicators_weight":  # fixed 一级 weights against the total: the weights
            return [self.level1.item(r, 1) for r in range(self.level1.rowCount()) if self.level1.item(r, 1)] or [self.level1]
        widget = self.findChild(QWidget, key) if key not in ("id",) else self.name
        return [widget] if widget is not None else [self.problem_label]

    def _mark(self, problems: list[tuple[str, str]]) -> None:
        for thing in self._marked:
            if isinstance(thing, QTableWidgetItem):
                with QSignalBlocker(thing.tableWidget()):
                    thing.setBackground(Qt.GlobalColor.transparent)
                    thing.setToolTip("")
            else:
                thing.setStyleSheet("")
                thing.setToolTip("")
        self._marked = []
        self.problems = problems
        for key, message in problems:
            for thing in self._widgets_for(key):
                if isinstance(thing, QTableWidgetItem):
                    with QSignalBlocker(thing.tableWidget()):
                        thing.setBackground(Qt.GlobalColor.yellow)
                        thing.setToolTip(message)
                else:
                    thing.setStyleSheet(INVALID_STYLE)
                    thing.setToolTip(message)
                self._marked.append(thing)
        self.problem_label.setText("\n".join(f"未采用：{message}" for _key, message in problems))

    def add_level1(self) -> None:
        with QSignalBlocker(self.level1):
            self._append_level1("新一级指标", "", True, "")
        self._on_edited(f"level1[{self.level1.rowCount() - 1}]")

    def remove_level1(self) -> None:
        rows = sorted({i.row() for i in self.level1.selectedIndexes()}, reverse=True)
        if not rows:
            return
        with QSignalBlocker(self.level1):
            for row in rows:
                self.level1.removeRow(row)
        self._on_edited("level1")

    def _on_seed_activated(self, index: int) -> None:
        rid = self.seed.itemData(index)
        base = next((r for r in self._builtin if r.id == rid), None)
        if base is None:
            return
        self._id = custom_id(base, self._builtin)
        self.fill(dataclasses.replace(base, name=f"{base.name}（自定义）"))
        self._last = None  # hand it over even if it equals the current rules
        self._on_edited("seed")

    # -- files ------------------------------------------------------------------------------
    def save_to_file(self) -> bool:
        ruleset = self.ruleset()
        if ruleset is None:
            self._dialogs.error(self, "保存评分规则", "规则中还有未采用的错误（见对话框下方），请先改正。")
            return False
        path = self._dialogs.save_file(self, "保存评分规则", RULES_FILTER, f"{ruleset.name}.json")
        if not path:
            return False
        from storage.rulesets import write_ruleset_file

        try:
            write_ruleset_file(ruleset, path)
        except (OSError, ZepingError) as exc:
            self._dialogs.error(self, "保存评分规则", getattr(exc, "message", str(exc)))
            return False
        return True

    def load_from_file(self) -> bool:
        path = self._dialogs.open_file(self, "载入评分规则", RULES_FILTER)
        if not path:
            return False
        from storage.rulesets import read_ruleset_file

        try:
            ruleset = read_ruleset_file(path)
        except ZepingError as exc:
            self._dialogs.error(self, "载入评分规则", exc.message)
            return False
        self._id = custom_id(ruleset, self._builtin)
        self.fill(ruleset)
        self._last = None
        self._on_edited("file")
        return True

    def use_builtin(self) -> None:
        self.changed.emit(None, "builtin")
        self.accept()

