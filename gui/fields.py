"""Field tables: a form is a list of fields, and one binder builds, fills and reads it.

A :class:`Field` names a value of the report by a dotted path (``funds.total.annual``),
the same ids the audit's ``Place.field`` uses, so a finding can jump to its widget.
:class:`FormBinder` keeps what the clerk typed in the widget even when it cannot be
taken (``abc`` in a money cell): the widget is marked red with a tooltip, the stored
value stays as it was until the text is valid, and :meth:`FormBinder.invalid` lists the
problem for the 体检 panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from model import fields as catalogue
from model.fields import DATE, LINE, LINES, NUMBER_KINDS, PERCENT, SUBTOTALS, TEXT, YEAR, Field, get_value, set_value
from model.numbering import chinese_date
from model.report import Report
from model.values import WAN_YUAN, plain, read_date, read_number, read_subtotals, read_year, subtotals_text, text_problem

INVALID_STYLE = "background-color: #ffe4e4; border: 1px solid #d9534f;"


def form_label(spec: Field) -> str:
    """The label beside the widget: the percent sign says what to type."""
    return f"{spec.name}（%）" if spec.kind == PERCENT else spec.name


def plain_text(widget: QPlainTextEdit) -> str:
    """What a text box holds, exactly: paragraphs joined by newlines, but line separators
    (U+2028) and no-break spaces kept (``toPlainText`` turns them into \\n and spaces)."""
    return widget.document().toRawText().replace("\u2029", "\n")


def to_text(spec: Field, value: Any) -> str:
    if spec.kind in NUMBER_KINDS:
        return plain(value)
    if spec.kind == YEAR:
        return str(value) if value else ""
    if spec.kind == DATE:
        return chinese_date(value) if value else ""
    if spec.kind == LINES:
        return "\n".join(value)
    if spec.kind == SUBTOTALS:
        return subtotals_text(value)
    return str(value)


def from_text(spec: Field, text: str, unit: str = WAN_YUAN) -> tuple[Any, str | None]:
    """The value a widget's text stands for, or a Chinese reason it stands for none
    (the one typed-value reader, model.values, as for imported files); ``unit`` is the
    unit the form prints money in."""
    if spec.kind in NUMBER_KINDS:
        return read_number(text, spec.kind, unit=unit)
    if spec.kind == SUBTOTALS:
        return read_subtotals(text)
    if spec.kind == DATE:
        return read_date(text)
    if spec.kind == YEAR:
        year, problem = read_year(text)
        return (None, problem or "应是四位年份，如 2022") if year is None else (year, None)
    problem = text_problem(text)
    if problem is not None:
        return None, problem
    if spec.required and not text.strip() and spec.kind == LINE:
        return None, "不能为空"
    if spec.kind == LINES:
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

    def __init__(self, keys: tuple[str, ...], parent: QWidget, *, lines: dict[str, int] | None = None) -> None:
        """One widget per catalogue field in ``keys``; ``lines``: visible lines of text fields."""
        super().__init__(parent)
        fields = tuple(catalogue.field(key) for key in keys)
        self.fields = fields
        self._lines = lines or {}
        self._by_key = {f.key: f for f in fields}
        self._widgets: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._problems: dict[str, str] = {}
        self._kept: dict[str, Any] = {}
        self._shown: dict[str, str] = {}  # each widget's text as load() left it
        self.money_unit = WAN_YUAN  # the unit amounts are typed in (the report's funds.unit)
        self._undo_filter = _UndoKeysToWindow(self)
        for field in fields:
            self._widgets[field.key] = self._make(field, parent)

    def _make(self, field: Field, parent: QWidget) -> QLineEdit | QPlainTextEdit:
        widget: QLineEdit | QPlainTextEdit
        if field.kind in (TEXT, LINES):
            widget = QPlainTextEdit(parent)
            widget.setTabChangesFocus(True)
            widget.setUndoRedoEnabled(False)
            lines = self._lines.get(field.key, 3)
            height = widget.fontMetrics().lineSpacing() * lines + 14
            widget.setMinimumHeight(min(height, 60))
            widget.setMaximumHeight(max(height, 60) if lines <= 4 else 16777215)
            widget.textChanged.connect(lambda key=field.key: self._on_widget_changed(key))
        else:
            widget = QLineEdit(parent)
            widget.textChanged.connect(lambda _text, key=field.key: self._on_widget_changed(key))
        widget.setObjectName(f"field:{field.key}")
        widget.setAccessibleName(field.name)
        if field.placeholder:
            widget.setPlaceholderText(field.placeholder)
        widget.installEventFilter(self._undo_filter)
        return widget

    def widget(self, key: str) -> QLineEdit | QPlainTextEdit:
        return self._widgets[key]

    def line(self, key: str) -> QLineEdit:
        """The widget of a one-line field."""
        widget = self._widgets[key]
        assert isinstance(widget, QLineEdit), key
        return widget

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def field(self, key: str) -> Field:
        return self._by_key[key]

    def text(self, key: str) -> str:
        widget = self._widgets[key]
        return plain_text(widget) if isinstance(widget, QPlainTextEdit) else widget.text()

    def set_text(self, key: str, text: str) -> None:
        """Put text in a widget as if typed (signals on)."""
        widget = self._widgets[key]
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        else:
            widget.setText(text)

    def load(self, report: Report) -> None:
        self.money_unit = report.funds.unit
        for field in self.fields:
            widget = self._widgets[field.key]
            text = to_text(field, get_value(report, field.key))
            with QSignalBlocker(widget):
                if isinstance(widget, QPlainTextEdit):
                    if plain_text(widget) != text:
                        widget.setPlainText(text)
                elif widget.text() != text:
                    widget.setText(text)
                    widget.setCursorPosition(0)
            self._shown[field.key] = self.text(field.key)
            self._mark(field.key, None)
        self._problems.clear()

    def apply(self, report: Report) -> None:
        """Write every valid widget the clerk changed into ``report``; invalid ones and
        untouched ones leave it as it was (a widget may show a value slightly otherwise
        than stored: the stored text stays exactly as typed or imported)."""
        for field in self.fields:
            text = self.text(field.key)
            if text == self._shown.get(field.key):
                continue
            value, problem = from_text(field, text, self.money_unit)
            if problem is None:
                if get_value(report, field.key) != value:
                    set_value(report, field.key, value)
            else:
                self._kept[field.key] = get_value(report, field.key)

    def recheck(self) -> None:
        """Check every widget's text again (the money unit changed: 45万 is no amount on a 元 form)."""
        for field in self.fields:
            if self.text(field.key) != self._shown.get(field.key) or field.key in self._problems:
                self._mark(field.key, from_text(field, self.text(field.key), self.money_unit)[1])

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
            widget.setToolTip(field.name)
        else:
            self._problems[key] = problem
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(f"{field.name}：“{self.text(key)[:30]}”{problem}。此处尚未保存，仍使用原来的值。")

    def _on_widget_changed(self, key: str) -> None:
        _value, problem = from_text(self._by_key[key], self.text(key), self.money_unit)
        self._mark(key, problem)
        self.edited.emit(key)
