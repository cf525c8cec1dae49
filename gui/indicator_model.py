"""The indicator grid: a thin QAbstractTableModel over ``report.indicators``.

Columns are defined once; ``data`` maps roles to values; what the rules make of a row
(parsed target and actual, direction, suggested score, band) comes from model.scoring via
``set_scores``. A weight or score typed as ``abc`` is kept as raw text, shown red and
reported by ``invalid``; the stored value changes only when the text is valid.

The 方向 column shows whether more or less is better: the clerk's choice, or what the
program read from the operator or guessed from the words (marked 推测), which the clerk
may change. On a form scored per 二级指标 or not at all, a row has no 分值/得分 of its own.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from model import notation
from model.direction import DIRECTION_WORDS, HIGHER, LOWER
from model.fields import FIGURES, SCORE, WEIGHT, indicator_field
from model.notation import Parsed
from model.paste import PAPER_KEYS, parse_tabular, paste_rows
from model.report import Indicator
from model.rules import RuleSet
from model.scoring import IndicatorScore, Scores
from model.values import plain, read_number, text_problem

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    editable: bool
    chars: float  # the column's starting width, in characters of the table's font
    tip: str = ""
    stretch: bool = False  # shares the width left over (long texts)


def _field_column(key: str, chars: float, tip: str = "", *, stretch: bool = False) -> Column:
    """An editable column: a field of the indicator row, headed as the catalogue labels it."""
    return Column(key, indicator_field(key).label, True, chars, tip, stretch)


COLUMNS: tuple[Column, ...] = (
    _field_column("level1", 6),
    _field_column("level2", 6),
    _field_column("name", 8, stretch=True),
    _field_column("target", 7),
    _field_column("actual", 5),
    Column("reading", "解读（目标｜实际）", False, 6.5, "程序对年度指标值和实际完成值的理解：运算、数值、单位"),
    _field_column("weight", 3),
    Column("suggested", FIGURES["suggested"], False, 4, "按评分规则计算的得分"),
    _field_column("score", 3, "留空则采用建议得分；与建议得分不同时标黄"),
    _field_column("band", 4.5, "定性指标须选择档次"),
    _field_column("direction", 5.5, "越高越好还是越低越好：按运算符读出，或按指标名称推测（可改选）"),
    _field_column("note", 11, stretch=True),  # its header, 偏差原因分析及改进措施, in full
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
EDITABLE_KEYS = tuple(c.key for c in COLUMNS if c.editable)
NUMBER_KEYS = ("weight", "score")
TEXT_KEYS = ("level1", "level2", "name", "target", "actual", "note")
SCORE_KEYS = ("weight", "suggested", "score")  # a row's own 分值/得分: indicator-scored forms only
AUTO = "自动"
DIRECTION_CHOICES = {AUTO: None, DIRECTION_WORDS[HIGHER]: HIGHER, DIRECTION_WORDS[LOWER]: LOWER}

_RED = QColor("#ffe4e4")
_YELLOW = QColor("#fff3c4")
_ORANGE = QColor("#ffe9d6")
_GREY = QColor("#777777")
_PROBLEM = QColor("#b42318")


def brief(parsed: Parsed) -> str:
    """A short reading of a target or actual for the grid."""
    if parsed.kind == notation.QUANTITY:
        return f"{parsed.operator or ''}{plain(parsed.value)}{parsed.unit}"
    if parsed.kind == notation.RELATIVE:
        return f"提升≥{plain(parsed.value)}{parsed.unit}"
    if parsed.kind in (notation.DEADLINE, notation.DATE) and parsed.date:
        suffix = "前" if parsed.kind == notation.DEADLINE else ""
        return f"{parsed.date.isoformat()}{suffix}"
    if parsed.kind == notation.QUALITATIVE:
        return "定性"
    if parsed.kind == notation.EMPTY:
        return "—"
    return "无法识别"


class IndicatorModel(QAbstractTableModel):
    """The rows of report.indicators; ``edited`` after every change made through it."""

    edited = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Indicator] = []
        self._scores: list[IndicatorScore] = []
        self._ruleset: RuleSet | None = None
        self._mode = "indicator"  # how the form scores (model.scoring: indicator, group, none)
        self._raw: dict[tuple[int, str], tuple[str, str]] = {}  # (id(row), key) → (text, problem)

    # -- binding ----------------------------------------------------------------------
    def set_indicators(self, items: list[Indicator], ruleset: RuleSet) -> None:
        self.beginResetModel()
        self._items = items
        self._ruleset = ruleset
        self._scores = []
        self._raw.clear()
        self.endResetModel()

    def set_scores(self, scores: Scores) -> None:
        self._scores = scores.indicators
        self._mode = scores.mode
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(COLUMNS) - 1))

    @property
    def ruleset(self) -> RuleSet | None:
        return self._ruleset

    def indicator(self, row: int) -> Indicator:
        return self._items[row]

    def _result(self, row: int) -> IndicatorScore | None:
        return self._scores[row] if row < len(self._scores) else None

    # -- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].header
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section].tip:
                return COLUMNS[section].tip
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = COLUMNS[index.column()]
        if column.key in SCORE_KEYS and self._mode != "indicator":
            return flags
        if column.editable and (column.key != "band" or self._is_qualitative(index.row())):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @property
    def mode(self) -> str:
        return self._mode

    def _is_qualitative(self, row: int) -> bool:
        result = self._result(row)
        if result is not None:
            return result.target.kind == notation.QUALITATIVE
        return notation.parse(self._items[row].target).kind == notation.QUALITATIVE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row, key = index.row(), COLUMNS[index.column()].key
        item, result = self._items[row], self._result(row)
        raw = self._raw.get((id(item), key))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, result, key, raw, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(item, result, key, raw)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "score" and raw is None and item.score is None:
                return QBrush(_GREY)
            if key == "reading" and result is not None and notation.UNPARSED in (result.target.kind, result.actual.kind):
                return QBrush(_PROBLEM)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, result, key, raw)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("weight", "suggested", "score"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, item: Indicator, result: IndicatorScore | None, key: str, raw: tuple[str, str] | None, edit: bool) -> str:
        if raw is not None:
            return raw[0]
        if key in TEXT_KEYS:
            return str(getattr(item, key))
        if key == "direction":
            return self._direction_text(item, result, edit)
        if key == "weight":
            return plain(item.weight)
        if key == "score":
            if item.score is not None or edit:
                return plain(item.score)
            if result is None or result.blank or not result.counted:
                return ""  # a blank 得分 cell of the form stays blank (the 体检 says so)
            return plain(result.suggested) if result.suggested is not None else ""
        if key == "suggested":
            return format(result.suggested, "f") if result and result.suggested is not None else ""
        if key == "band":
            band = self._ruleset.band(item.band) if self._ruleset else None
            if band is not None:
                return band.key
            return "" if edit or (result and result.target.kind == notation.QUALITATIVE) else "—"
        if key == "reading":
            return f"{brief(result.target)}｜{brief(result.actual)}" if result else ""
        return ""

    @staticmethod
    def _direction_text(item: Indicator, result: IndicatorScore | None, edit: bool) -> str:
        if item.direction in DIRECTION_WORDS:
            return DIRECTION_WORDS[item.direction]
        if edit:
            return AUTO
        if result is None or result.direction is None:
            return ""
        words = DIRECTION_WORDS[result.direction.direction]
        return f"{words}？" if result.direction.guessed else words  # ？: a guess from the words (tooltip says)

    def _background(self, item: Indicator, result: IndicatorScore | None, key: str, raw: tuple[str, str] | None) -> Any:
        if raw is not None:
            return QBrush(_RED)
        if result is None:
            return None
        if key == "score" and item.score is not None and result.suggested is not None and item.score != result.suggested:
            return QBrush(_YELLOW)
        if key == "target" and result.target.kind in (notation.UNPARSED, notation.EMPTY):
            return QBrush(_ORANGE)
        if key == "actual" and (
            result.actual.kind in (notation.UNPARSED, notation.EMPTY)
            or (result.target.is_numeric and result.actual.is_numeric and not notation.units_compatible(result.target, result.actual))
        ):
            return QBrush(_ORANGE)
        if key == "band" and result.target.kind == notation.QUALITATIVE and item.band is None:
            return QBrush(_ORANGE)
        if key == "score" and result.blank:
            return QBrush(_ORANGE)
        if key == "direction" and result.direction is not None and result.direction.guessed and item.direction is None:
            return QBrush(_YELLOW)
        return None

    def _tooltip(self, item: Indicator, result: IndicatorScore | None, key: str, raw: tuple[str, str] | None) -> str | None:
        if raw is not None:
            return f"“{raw[0]}”{raw[1]}。尚未保存，仍使用原来的值。"
        if result is None:
            return None
        if key in ("target", "reading"):
            reading = f"年度指标值：{result.target.describe()}\n实际完成值：{result.actual.describe()}"
            return reading if key == "reading" else result.target.describe()
        if key == "actual":
            return result.actual.describe()
        if key == "direction":
            return result.direction.describe() if result.direction is not None else "只有数值目标才分高低方向"
        if key in ("suggested", "score"):
            if result.suggested is None:
                return f"无法计算建议得分：{result.reason}"
            if key == "score" and result.blank:
                return f"原表得分栏空白；建议得分 {result.suggested}，请填写"
            if key == "score" and item.score is not None and item.score != result.suggested:
                return f"填写的得分与建议得分 {result.suggested} 不同"
            return f"建议得分 {result.suggested}"
        if key == "band" and self._ruleset is not None:
            return "；".join(f"{b.key}：{b.label}（{plain(b.low)}%–{plain(b.high)}%）" for b in self._ruleset.bands)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        key = COLUMNS[index.column()].key
        if not self.set_cell(index.row(), key, "" if value is None else str(value)):
            return False
        self.edited.emit(f"indicator:{index.row()}:{key}")
        return True

    def set_cell(self, row: int, key: str, text: str) -> bool:
        """Write one cell as typed; invalid numbers are kept as raw text."""
        item = self._items[row]
        raw_key = (id(item), key)
        if key in NUMBER_KEYS:
            number, problem = read_number(text, WEIGHT if key == "weight" else SCORE)
            if problem is not None:
                self._raw[raw_key] = (text, problem)
            else:
                self._raw.pop(raw_key, None)
                setattr(item, key, number)
        elif key == "band":
            band = self._ruleset.band(text.strip()) if self._ruleset else None
            item.band = band.key if band is not None else None
        elif key == "direction":
            item.direction = DIRECTION_CHOICES.get(text.strip().split("（")[0])
        elif key in TEXT_KEYS:
            problem = text_problem(text)
            if problem is not None:
                self._raw[raw_key] = (text, problem)
            else:
                self._raw.pop(raw_key, None)
                setattr(item, key, text)
        else:
            return False
        column = COLUMN_KEYS.index(key)
        self.dataChanged.emit(self.index(row, column), self.index(row, column))
        return True

    def clear_cells(self, cells: list[tuple[int, str]]) -> int:
        """Empty the cells (row, column key) that can be typed in (剪切), as one edit."""
        count = 0
        for row, key in sorted(set(cells)):
            if key in EDITABLE_KEYS and 0 <= row < len(self._items) and self.set_cell(row, key, ""):
                count += 1
        if count:
            self.edited.emit("indicator.cut")
        return count

    def invalid(self) -> list[tuple[int, str, str, str]]:
        """(row, column key, raw text, problem) of every cell not yet taken."""
        rows = {id(item): i for i, item in enumerate(self._items)}
        found = [(rows[k[0]], k[1], text, problem) for k, (text, problem) in self._raw.items() if k[0] in rows]
        return sorted(found)

    # -- rows ---------------------------------------------------------------------------
    def insert_rows(self, row: int, items: list[Indicator]) -> None:
        row = max(0, min(row, len(self._items)))
        if not items:
            return
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self._items[row:row] = items
        self._scores = []
        self.endInsertRows()
        self.edited.emit("indicator.rows")

    def new_row_like(self, row: int) -> Indicator:
        """An empty indicator under the same 一级/二级 as ``row`` (if any)."""
        if 0 <= row < len(self._items):
            return Indicator(level1=self._items[row].level1, level2=self._items[row].level2)
        if self._ruleset is not None and self._ruleset.level1:
            first = self._ruleset.level1[0]
            return Indicator(level1=first.name, level2=first.level2[0] if first.level2 else "")
        return Indicator()

    def remove_rows_at(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._items):
                self.beginRemoveRows(QModelIndex(), row, row)
                item = self._items.pop(row)
                for key in [k for k in self._raw if k[0] == id(item)]:
                    del self._raw[key]
                self._scores = []
                self.endRemoveRows()
        self.edited.emit("indicator.rows")

    def move_row(self, row: int, delta: int) -> bool:
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)) or delta not in (-1, 1):
            return False
        destination = target if delta < 0 else target + 1
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items[row], self._items[target] = self._items[target], self._items[row]
        self._scores = []
        self.endMoveRows()
        self.edited.emit("indicator.rows")
        return True

    def paste(self, text: str, row: int, column: int) -> int:
        """Paste rows copied from Excel/WPS at (row, column), over existing rows and then
        as new rows (model.paste: the paper's columns, merged cells filled down).
        Returns the number of rows touched."""
        table = parse_tabular(text)
        if not table:
            return 0
        row = max(0, min(row, len(self._items)))
        start = max(0, column)
        while start < len(COLUMNS) and COLUMNS[start].key not in PAPER_KEYS:
            start += 1
        if start >= len(COLUMNS):
            return 0
        above = None
        if row > 0:
            item = self._items[row - 1]
            above = {"level1": item.level1, "level2": item.level2}
        cells = paste_rows(table, COLUMNS[start].key, above)
        needed = row + len(cells) - len(self._items)
        if needed > 0:
            self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + needed - 1)
            self._items.extend(Indicator() for _ in range(needed))
            self._scores = []
            self.endInsertRows()
        for offset, values in enumerate(cells):
            for key, value in values.items():
                self.set_cell(row + offset, key, value)
        self.edited.emit("indicator.paste")
        return len(cells)

    def copy_text(self, rows: list[int]) -> str:
        """The cells of ``rows`` in the paper table's column order, tab-separated."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        for row in sorted(set(rows)):
            writer.writerow(self.data(self.index(row, COLUMN_KEYS.index(k)), Qt.ItemDataRole.EditRole) for k in PAPER_KEYS)
        return out.getvalue()


class IndicatorDelegate(QStyledItemDelegate):
    """Combo boxes for 一级/二级 (from the rule set) and the band; text elsewhere."""

    def __init__(self, model: IndicatorModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model

    def _choices(self, index: Index) -> list[str] | None:
        ruleset = self._model.ruleset
        key = COLUMNS[index.column()].key
        if ruleset is None:
            return None
        if key == "level1":
            return [l1.name for l1 in ruleset.level1]
        if key == "level2":
            level1 = ruleset.level1_named(self._model.indicator(index.row()).level1)
            groups = [level1] if level1 is not None else list(ruleset.level1)
            return [name for group in groups for name in group.level2]
        if key == "band":
            return ["", *(b.key for b in ruleset.bands)]
        if key == "direction":
            return list(DIRECTION_CHOICES)
        return None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        choices = self._choices(index)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setObjectName(f"combo:{COLUMNS[index.column()].key}")
        current = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if current and current not in choices:
            choices = [current, *choices]  # keep what was filed, the audit explains it
        combo.addItems(choices)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
