"""The 二级指标 groups of a form scored per group (Hubei 黄石): one 分值 and one 得分 per
二级指标, over ``report.groups``.

The rows are what model.scoring made of the report (``Scores.groups``): the groups the
report lists and those its indicator rows imply but it does not list yet. Typing a 分值
or 得分 into an implied row adds that group to the report. A number that cannot be read
is kept as typed, shown red and reported (``invalid``); the stored value stays.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from model.fields import FIGURES, SCORE, WEIGHT, group_field
from model.report import Group
from model.scoring import GroupScore, Scores
from model.values import plain, read_number

Index = QModelIndex | QPersistentModelIndex
GROUP_COLUMNS = ("level1", "level2", "weight", "score", "suggested")
HEADERS = (*(group_field(k).label for k in GROUP_COLUMNS[:4]), FIGURES["suggested"])
EDITABLE = ("weight", "score")
_RED = QColor("#ffe4e4")
_ORANGE = QColor("#ffe9d6")
_GREY = QColor("#777777")


class GroupModel(QAbstractTableModel):
    """The groups; ``edited`` (``group:<row>:<column>``) after every change made through it."""

    edited = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[Group] = []
        self._rows: list[GroupScore] = []
        self._raw: dict[tuple[str, str, str], tuple[str, str]] = {}  # (level1, level2, key) → (text, problem)

    def set_groups(self, groups: list[Group]) -> None:
        self.beginResetModel()
        self._groups = groups
        self._raw.clear()
        self.endResetModel()

    def set_scores(self, scores: Scores) -> None:
        self.beginResetModel()
        self._rows = list(scores.groups)
        self.endResetModel()

    def row(self, row: int) -> GroupScore:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GROUP_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return str(section + 1) if orientation == Qt.Orientation.Vertical else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if GROUP_COLUMNS[index.column()] in EDITABLE else flags

    def _key(self, group: GroupScore, column: str) -> tuple[str, str, str]:
        return group.level1, group.level2, column

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        group, key = self._rows[index.row()], GROUP_COLUMNS[index.column()]
        raw = self._raw.get(self._key(group, key))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if raw is not None:
                return raw[0]
            if key == "level1":
                return group.level1
            if key == "level2":
                return group.level2
            if key == "weight":
                stored = self._groups[group.index].weight if group.index is not None else None
                return plain(stored) if stored is not None or role == Qt.ItemDataRole.EditRole else (
                    f"{plain(group.weight)}（按一级分摊）" if group.derived and group.weight is not None else "")
            if key == "score":
                return plain(group.filed)
            return plain(group.suggested)
        if role == Qt.ItemDataRole.BackgroundRole:
            if raw is not None:
                return QBrush(_RED)
            if key == "score" and (group.blank or group.index is None):
                return QBrush(_ORANGE)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "weight" and group.derived:
            return QBrush(_GREY)
        if role == Qt.ItemDataRole.ToolTipRole:
            if raw is not None:
                return f"“{raw[0]}”{raw[1]}。尚未保存，仍使用原来的值。"
            if key == "suggested":
                return group.reason or "同单位的定量指标先汇总完成数，再计算得分；其余指标在分值内平均计分"
            if group.index is None:
                return "这一组还没有填分值和得分"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        group, key = self._rows[index.row()], GROUP_COLUMNS[index.column()]
        text = "" if value is None else str(value)
        number, problem = read_number(text, WEIGHT if key == "weight" else SCORE)
        if problem is not None:
            self._raw[self._key(group, key)] = (text, problem)
        else:
            self._raw.pop(self._key(group, key), None)
            if group.index is None:  # an implied group: the report lists it from now on
                group.index = len(self._groups)
                self._groups.append(Group(group.level1, group.level2))
            setattr(self._groups[group.index], key, number)
        self.dataChanged.emit(index, index)
        self.edited.emit(f"group:{index.row()}:{key}")
        return True

    def invalid(self) -> list[tuple[int, str, str, str]]:
        """(row, column key, raw text, problem) of every cell not yet taken."""
        rows = {(g.level1, g.level2): i for i, g in enumerate(self._rows)}
        return sorted((rows[(l1, l2)], key, text, problem) for (l1, l2, key), (text, problem) in self._raw.items()
                      if (l1, l2) in rows)
