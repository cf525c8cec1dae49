"""概况: who, which year, which project, the rule set (a bundled one, or the unit's own
stated in 评分规则 → 自定义…, gui.ruleset_editor), the title, the preamble, and the
report's sections 一 to 三 with the conclusion helper."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from gui.dialogs import DialogService
from gui.fields import plain_text
from gui.ruleset_editor import RulesetEditor
from gui.tabs.base import ReportTab
from model.audit import Finding, Place
from model.fields import field, fields_of
from model.report import Project, Report, default_title
from model.rules import RuleSet
from model.scoring import Scores
from model.template import conclusion_sentence
from model.values import read_year, two
from storage.rulesets import DEFAULT_RULESET, builtin_rulesets

OWN = "own:"  # the combo's data for the report's own rules (never a bundled id)
_KEEP = object()  # no change of rules pending


class OverviewTab(ReportTab):
    """概况."""

    tab = "overview"
    text_lines: ClassVar[dict[str, int]] = {"preamble": 3}

    own_widgets: ClassVar[tuple[str, ...]] = ("ruleset",)

    def __init__(self, dialogs: DialogService, parent: QWidget | None = None) -> None:
        super().__init__(dialogs, parent)
        self._title_derived = True
        self.default_title_button = QPushButton("按年度、单位、项目生成标题", self)
        self.default_title_button.setAutoDefault(False)
        self.default_title_button.clicked.connect(self._on_default_title_clicked)
        self.conclusion_label = QLabel(self)
        self.conclusion_label.setObjectName("conclusion-score")
        self.insert_conclusion_button = QPushButton("插入结论句", self)
        self.insert_conclusion_button.setAutoDefault(False)
        self.insert_conclusion_button.setToolTip("在综合评价结论开头插入写明总分和等级的标准句子")
        self.insert_conclusion_button.clicked.connect(self._on_insert_conclusion_clicked)
        self._scores: Scores | None = None
        self._pending_rules: object = _KEEP  # RuleSet: the clerk's own; None: back to a bundled set
        self.editor: RulesetEditor | None = None
        self.ruleset_combo = QComboBox(self)
        self.ruleset_combo.setObjectName("field:ruleset")
        self.ruleset_combo.setAccessibleName(field("ruleset").label)
        self.ruleset_combo.setToolTip("按哪一套评分规则计算得分（分值、档次、反向指标公式）；说明见“帮助 → 评分规则说明”")
        self._builtin = builtin_rulesets()
        self.ruleset_combo.currentIndexChanged.connect(self._on_ruleset_changed)
        self.edit_rules_button = QPushButton("自定义…", self)
        self.edit_rules_button.setAutoDefault(False)
        self.edit_rules_button.setToolTip("按本地财政局的通知填写自己的评分规则（分值、档次、公式、取舍），随报告保存")
        self.edit_rules_button.clicked.connect(self.edit_rules)

        ruleset_label = QLabel(field("ruleset").label, self)
        ruleset_label.setBuddy(self.ruleset_combo)
        ruleset_row = QHBoxLayout()
        ruleset_row.addWidget(self.ruleset_combo, 1)
        ruleset_row.addWidget(self.edit_rules_button)
        title_row = QHBoxLayout()
        title_row.addWidget(self.binder.widget("title"), 1)
        title_row.addWidget(self.default_title_button)
        preamble = QVBoxLayout()
        preamble.addWidget(self.binder.widget("preamble"))
        preamble.addWidget(self.confirm_buttons["preamble"], 0, Qt.AlignmentFlag.AlignRight)
        # Every field of this tab in the catalogue's order (a new one appears by itself);
        # three of them with something beside them.
        rows: dict[str, tuple[QLabel, QLayout]] = {
            "ruleset": (ruleset_label, ruleset_row),
            "title": (self.label_for("title"), title_row),
            "preamble": (self.label_for("preamble"), preamble),
        }
        form = self.form(())
        for spec in fields_of(self.tab):
            if spec.key in rows:
                form.addRow(*rows[spec.key])
            else:
                form.addRow(self.label_for(spec.key), self.binder.widget(spec.key))
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
        self._pending_rules = _KEEP
        with QSignalBlocker(self.ruleset_combo):
            self.ruleset_combo.clear()
            for ruleset in self._builtin:
                self.ruleset_combo.addItem(ruleset.name, ruleset.id)
            if report.own_rules is not None:
                self.ruleset_combo.addItem(f"{report.own_rules.name}（本报告自定义）", OWN + report.own_rules.id)
                index = self.ruleset_combo.count() - 1
            else:
                index = self.ruleset_combo.findData(report.ruleset)
            if index < 0:  # a rule set this copy of the program does not have: show it as filed
                self.ruleset_combo.addItem(report.ruleset, report.ruleset)
                index = self.ruleset_combo.count() - 1
            self.ruleset_combo.setCurrentIndex(index)
        if self.editor is not None and self._ruleset is not None and self.editor.isVisible():
            self.editor.show_current(self._ruleset)

    def apply(self, report: Report) -> None:
        super().apply(report)
        pending, self._pending_rules = self._pending_rules, _KEEP
        if isinstance(pending, RuleSet):
            report.own_rules, report.ruleset, report.scoring = pending, pending.id, None
            return
        chosen = self.ruleset_combo.currentData()
        if pending is None:  # the editor's 不用自定义规则: back to the bundled set it started from
            base = report.ruleset.removesuffix("-custom")
            report.own_rules = None
            report.ruleset = base if any(r.id == base for r in self._builtin) else DEFAULT_RULESET
        elif chosen and not str(chosen).startswith(OWN) and (chosen != report.ruleset or report.own_rules is not None):
            report.ruleset, report.own_rules = chosen, None  # a bundled set chosen: the own rules go

    def _on_ruleset_changed(self, _index: int) -> None:
        self.edited.emit("ruleset")

    def edit_rules(self) -> None:
        """评分规则 → 自定义…: the editor on the report's rules; each valid change is applied
        at once (one undo step per field)."""
        assert self._ruleset is not None, "set_ruleset before editing rules"
        self.editor = RulesetEditor(self._ruleset, self._builtin, self._dialogs, self)
        self.editor.changed.connect(self._on_rules_edited)
        try:
            self._dialogs.run(self.editor)
        finally:
            self.editor.deleteLater()
            self.editor = None

    def _on_rules_edited(self, ruleset: RuleSet | None, key: str) -> None:
        self._pending_rules = ruleset
        self.edited.emit(f"ruleset:{key}")

    def edit_place(self, key: str) -> Place | None:
        if key == "ruleset" or key.startswith("ruleset:"):
            return Place.of("ruleset")
        return super().edit_place(key)

    def focus_place(self, place: Place) -> bool:
        if place.field == "ruleset":
            self.ruleset_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().focus_place(place)

    def _typed_title(self) -> str:
        """The generated title for what the form shows now (an unreadable year: none)."""
        year, _problem = read_year(self.binder.text("year"))
        scratch = Report(unit=self.binder.text("unit"), year=year or 0,
                         project=Project(name=self.binder.text("project.name")))
        return default_title(scratch)

    def field_edited(self, key: str) -> None:
        if key == "title":
            self._title_derived = self.binder.text("title") in ("", self._typed_title())
        elif key in ("unit", "year", "project.name") and self._title_derived:
            # Part of the same edit (one undo step): the window reads the title with it.
            with QSignalBlocker(self.binder.widget("title")):
                self.binder.set_text("title", self._typed_title())

    def _on_default_title_clicked(self) -> None:
        self._title_derived = True
        self.binder.set_text("title", self._typed_title())

    def show_results(self, scores: Scores, findings: list[Finding]) -> None:
        super().show_results(scores, findings)
        self._scores = scores
        if scores.total is None:
            self.conclusion_label.setText("本表不评分：结论中写明绩效目标的总体完成情况，不写总分和等级。")
        else:
            self.conclusion_label.setText(f"按评分规则计算：总分 {two(scores.total)} 分，等级“{scores.grade}”。结论中须写明二者。")

    def _on_insert_conclusion_clicked(self) -> None:
        section = self._report.section("conclusion")
        if section is None or self._scores is None:
            self._dialogs.information(self, "插入结论句", "本报告没有“综合评价结论”一节。")
            return
        sentence = conclusion_sentence(self._report, self._scores)
        path = next(p for p, s, _tab in self._report.walk_sections() if s is section)
        if not self.sections.select_path(path):
            return
        text = plain_text(self.sections.text_edit)
        self.sections.text_edit.setPlainText(sentence + ("\n" + text if text.strip() else ""))
