"""What the four tabs share: a form on the field catalogue, a section editor, the edited
signal, and the contract the window drives them by.

Each tab: ``load(report)`` fills it, ``apply(report)`` writes it back,
``show_results(scores, findings)`` shows what model/ computed, ``focus_place(place)``
shows the widget a finding points at, ``invalid_findings()`` lists text typed that cannot
be stored yet, and ``edited`` is emitted after every change the clerk makes.

Text copied from last year (model.carried) is listed by the 体检 until the clerk edits it
or says it was checked: the tabs with such fields offer a 已核对上年内容 button.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QWidget

from gui.dialogs import DialogService
from gui.fields import FormBinder, form_label
from gui.section_editor import SectionEditor
from model.audit import ERROR, Finding, Place
from model.carried import CARRIED_FIELDS, confirm, paragraphs_still_copied, prune
from model.fields import fields_of, get_value
from model.report import Report
from model.rules import RuleSet
from model.scoring import Scores
from model.values import plain


def input_finding(tab: str, key: str, label: str, raw: str, problem: str, kept: str, **place: object) -> Finding:
    """A finding for text typed into the window that cannot be stored yet."""
    kept_text = f"“{kept}”" if kept else "空值"
    return Finding(
        ERROR, "input.invalid", Place(tab, key, label, **place),  # type: ignore[arg-type]
        f"“{label}”填的“{raw[:30]}”{problem}，这处输入尚未保存，计算仍按原来的{kept_text}。请改正。",
    )


class ReportTab(QWidget):
    """A tab of the window: the catalogue's fields of this tab, and its sections."""

    edited = Signal(str)
    tab = ""
    # Visible lines of the tab's multi-line fields (the rest: the catalogue's defaults).
    text_lines: ClassVar[dict[str, int]] = {}
    # Catalogue fields of this tab with a widget of the tab's own (not a text box).
    own_widgets: ClassVar[tuple[str, ...]] = ()

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dialogs = dialogs
        self._report = Report()
        self._ruleset: RuleSet | None = None
        keys = tuple(f.key for f in fields_of(self.tab) if f.key not in self.own_widgets)
        self.binder = FormBinder(keys, self, lines=self.text_lines)
        self.binder.edited.connect(self._on_binder_edited)
        self.sections = SectionEditor(self.tab, dialogs, self)
        self.sections.edited.connect(self.edited)
        self._confirmed: set[str] = set()
        self.confirm_buttons: dict[str, QPushButton] = {}
        for key in keys:
            if key in CARRIED_FIELDS:
                button = QPushButton("已核对上年内容", self)
                button.setObjectName(f"confirm-carried:{key}")
                button.setAutoDefault(False)
                button.setToolTip("这段从上年复制的文字已核对（年份、日期、金额无误），不再提醒")
                button.clicked.connect(lambda _checked=False, key=key: self.confirm_carried(key))
                button.hide()
                self.confirm_buttons[key] = button

    def _on_binder_edited(self, key: str) -> None:
        self.field_edited(key)
        self.edited.emit(key)

    def field_edited(self, key: str) -> None:
        """A field of the form changed; runs before the window reads the tab (``apply``),
        so what a tab derives from the field (the generated title) is saved with it."""

    def set_ruleset(self, ruleset: RuleSet) -> None:
        """The rule set whose choices (一级/二级 names, bands) the tab offers."""
        self._ruleset = ruleset

    def load(self, report: Report) -> None:
        self._report = report
        self._confirmed.clear()
        self.binder.load(report)
        self.sections.load(report)
        self._update_confirm_buttons(report)

    def apply(self, report: Report) -> None:
        self.binder.apply(report)
        self.sections.apply(report)
        for key in self._confirmed:
            confirm(report, key)
        self._confirmed.clear()
        prune(report)  # copied paragraphs edited since are no longer last year's

    def confirm_carried(self, key: str) -> None:
        """The clerk has checked the paragraphs of ``key`` copied from last year."""
        self._confirmed.add(key)
        self.confirm_buttons[key].hide()
        self.edited.emit(f"carried:{key}")

    def _update_confirm_buttons(self, report: Report) -> None:
        for key, button in self.confirm_buttons.items():
            waiting = paragraphs_still_copied(str(get_value(report, key)), report.carried.get(key, []))
            button.setVisible(bool(waiting) and key not in self._confirmed)

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        """Show computed figures (most tabs have none) and what waits to be checked."""
        self._update_confirm_buttons(self._report)

    def invalid_findings(self) -> list[Finding]:
        found = [
            input_finding(self.tab, bad.field.key, bad.field.name, bad.raw, bad.problem,
                          bad.kept if isinstance(bad.kept, str) else plain(bad.kept))
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
            return Place.of(key)
        if key.startswith("carried:"):
            return Place.of(key.removeprefix("carried:"))
        return None

    def focus_place(self, place: Place) -> bool:
        if place.field == "section":
            if place.column in ("title", "text"):  # an undo: the section may be gone
                return self.sections.select_nearest(place.path, title=place.column == "title")
            return self.sections.select_path(place.path)
        for spec in self.binder.fields:
            if spec.key == place.field or spec.key.startswith((place.field + "_", place.field + ".")):
                self.binder.widget(spec.key).setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def form(self, keys: tuple[str, ...]) -> QFormLayout:
        """A form of the binder's widgets for ``keys``, labelled from the catalogue."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in keys:
            form.addRow(self.label_for(key), self.binder.widget(key))
        return form

    def label_for(self, key: str, text: str | None = None) -> QLabel:
        """The label of field ``key`` (＊ when required), buddy of its widget."""
        spec = self.binder.field(key)
        label = QLabel((text or form_label(spec)) + ("＊" if spec.required else ""), self)
        label.setBuddy(self.binder.widget(key))
        return label
