"""Field tables: a form is a list of fields, and one binder builds, fills and reads it.

A :class:`Field` names a value of the report by a dotted path (``funds.total.annual``),
the same ids the audit's ``Place.field`` uses, so a finding can jump to its widget.
:class:`FormBinder` keeps what the clerk typed in the widget even when it cannot be
taken (``abc`` in a money cell): the widget is marked red with a tooltip, the stored
value stays as it was until the text is valid, and :meth:`FormBinder.invalid` lists the
problem for the 体检 panel.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from model.errors import ZepingError
from model.numbering import chinese_date
from model.report import Report
from storage.interchange import check_text, read_amount

LINE, TEXT, LINES, YEAR, MONEY, PERCENT, DATE = "line", "text", "lines", "year", "money", "percent", "date"
INVALID_STYLE = "background-color: #ffe4e4; border: 1px solid #d9534f;"


@dataclass(frozen=True)
class Field:
    """One value of the report shown in one widget."""

    key: str  # dotted path on Report, e.g. project.name, funds.total.annual
    label: str
    kind: str = LINE
    required: bool = False
    placeholder: str = ""
    lines: int = 3  # visible lines of a TEXT field


def get_value(report: Report, key: str) -> Any:
    value: Any = report
    for part in key.split("."):
        value = getattr(value, part)
    return value


def set_value(report: Report, key: str, value: Any) -> None:
    *parents, last = key.split(".")
    target: Any = report
    for part in parents:
        target = getattr(target, part)
    setattr(target, last, value)


def format_amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_amount(text: str, *, percent: bool = False) -> tuple[Decimal | None, str | None]:
    """A money, weight or score cell: blank is None; 43万元, 10分 and 65.12% are read as
    the importer reads numbers (storage.interchange.read_amount)."""
    clean = text.strip()
    for suffix in (("%", "％") if percent else ("万元", "万", "分")):
        clean = clean.removesuffix(suffix).strip()
    return read_amount(clean)


def parse_date(text: str) -> tuple[datetime.date | None, str | None]:
    """2023-04-17, 2023/4/17 or 2023年4月17日; blank is None."""
    clean = text.strip()
    if not clean:
        return None, None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", clean)
    if not match:
        return None, "不是日期，应写成 2023-04-17 或 2023年4月17日"
    try:
        return datetime.date(*(int(g) for g in match.groups())), None
    except ValueError:
        return None, "日期不存在"


def to_text(field: Field, value: Any) -> str:
    if field.kind in (MONEY, PERCENT):
        return format_amount(value)
    if field.kind == YEAR:
        return str(value) if value else ""
    if field.kind == DATE:
        return chinese_date(value) if value else ""
    if field.kind == LINES:
        return "\n".join(value)
    return str(value)


def from_text(field: Field, text: str) -> tuple[Any, str | None]:
    """The value a widget's text stands for, or a Chinese reason it stands for none."""
    if field.kind in (MONEY, PERCENT):
        return parse_amount(text, percent=field.kind == PERCENT)
    if field.kind == DATE:
        return parse_date(text)
    if field.kind == YEAR:
        clean = text.strip()
        if not clean.isdigit() or not 1949 <= int(clean) <= 2200:
            return None, "应是四位年份，如 2022"
        return int(clean), None
    try:
        check_text(text, field.key)
    except ZepingError:
        return None, "含有不可见的控制字符，请删除"
    if field.required and not text.strip() and field.kind == LINE:
        return None, "不能为空"
    if field.kind == LINES:
        return [line.strip() for line in text.splitlines() if line.strip()], None
    return text, None


class _UndoKeysToWindow(QObject):
    """Let Ctrl+Z / Ctrl+Y reach the window's undo stack instead of a widget's own undo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            for key in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
                if event.matches(key):  # type: ignore[attr-defined]
                    return True  # not accepted: the shortcut map gets it
        return False


@dataclass
class Invalid:
    """Text in a widget that cannot be stored yet."""

    field: Field
    raw: str
    problem: str
    kept: Any  # the value still stored (and used for scores)


class FormBinder(QObject):
    """Builds one widget per field, fills them (``load``) and reads them (``apply``)."""

    edited = Signal(str)

    def __init__(self, fields: tuple[Field, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.fields = fields
        self._by_key = {f.key: f for f in fields}
        self._widgets: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._problems: dict[str, str] = {}
        self._kept: dict[str, Any] = {}
        self._undo_filter = _UndoKeysToWindow(self)
        for field in fields:
            self._widgets[field.key] = self._make(field, parent)

    def _make(self, field: Field, parent: QWidget) -> QLineEdit | QPlainTextEdit:
        widget: QLineEdit | QPlainTextEdit
        if field.kind in (TEXT, LINES):
            widget = QPlainTextEdit(parent)
            widget.setTabChangesFocus(True)
            widget.setUndoRedoEnabled(False)
            height = widget.fontMetrics().lineSpacing() * field.lines + 14
            widget.setMinimumHeight(min(height, 60))
            widget.setMaximumHeight(max(height, 60) if field.lines <= 4 else 16777215)
            widget.textChanged.connect(lambda key=field.key: self._on_widget_changed(key))
        else:
            widget = QLineEdit(parent)
            widget.textChanged.connect(lambda _text, key=field.key: self._on_widget_changed(key))
        widget.setObjectName(f"field:{field.key}")
        widget.setAccessibleName(field.label)
        if field.placeholder:
            widget.setPlaceholderText(field.placeholder)
        widget.installEventFilter(self._undo_filter)
        return widget

    def widget(self, key: str) -> QLineEdit | QPlainTextEdit:
        return self._widgets[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def field(self, key: str) -> Field:
        return self._by_key[key]

    def text(self, key: str) -> str:
        widget = self._widgets[key]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def set_text(self, key: str, text: str) -> None:
        """Put text in a widget as if typed (signals on)."""
        widget = self._widgets[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)

    def load(self, report: Report) -> None:
        for field in self.fields:
            widget = self._widgets[field.key]
            text = to_text(field, get_value(report, field.key))
            with QSignalBlocker(widget):
                if isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != text:
                        widget.setPlainText(text)
                elif widget.text() != text:
                    widget.setText(text)
                    widget.setCursorPosition(0)
            self._mark(field.key, None)
        self._problems.clear()

    def apply(self, report: Report) -> None:
        """Write every valid widget into ``report``; invalid ones leave it as it was."""
        for field in self.fields:
            value, problem = from_text(field, self.text(field.key))
            if problem is None:
                if get_value(report, field.key) != value:
                    set_value(report, field.key, value)
            else:
                self._kept[field.key] = get_value(report, field.key)

    def invalid(self) -> list[Invalid]:
        return [
            Invalid(self._by_key[key], self.text(key), problem, self._kept.get(key))
            for key, problem in self._problems.items()
        ]

    def _mark(self, key: str, problem: str | None) -> None:
        widget = self._widgets[key]
        field = self._by_key[key]
        if problem is None:
            self._problems.pop(key, None)
            widget.setStyleSheet("")
            widget.setToolTip(field.label)
        else:
            self._problems[key] = problem
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(f"{field.label}：“{self.text(key)[:30]}”{problem}。此处尚未保存，仍使用原来的值。")

    def _on_widget_changed(self, key: str) -> None:
        _value, problem = from_text(self._by_key[key], self.text(key))
        self._mark(key, problem)
        self.edited.emit(key)
