"""Real forms in the window (issue 10): 评分规则 → 自定义…, the money unit, what the form
printed, the 方向 column, 二级 group scores, unscored forms, last year's text checked."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import DATA
from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from gui.ruleset_editor import RulesetEditor
from gui_support import FakeDialogs, stored
from storage.interchange import load_file
from storage.store import open_store
from storage.workspace import Workspace

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _menu_action(window: MainWindow, menu: str, text: str):
    titles = {a.text(): a.menu() for a in window.menuBar().actions()}
    return next(a for a in titles[menu].actions() if a.text() == text)


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _edit_rules(window: MainWindow, play) -> RulesetEditor:
    """Trigger 评分规则 → 自定义… with ``play`` acting the clerk in the editor."""
    seen: list[RulesetEditor] = []

    def on_dialog(dialog) -> bool:
        assert isinstance(dialog, RulesetEditor)
        seen.append(dialog)
        play(dialog)
        return True

    window.dialogs.on_dialog = on_dialog
    _menu_action(window, "评分规则(&R)", "自定义…").trigger()
    assert seen, "the editor did not open"
    return seen[0]


def test_own_rules_rescore_at_once_one_undo_step_per_change(qtbot, window, data_file):
    steps = window.undo_stack.count()
    states = []

    def play(editor: RulesetEditor) -> None:
        _type(qtbot, editor.execution_weight, "20")  # 20 + 50 + 30 + 10 = 110: refused
        states.append((window.report.own_rules, list(editor.problems), editor.level1.item(0, 1).toolTip()))
        editor.level1.item(0, 1).setText("40")  # 产出 40: 20 + 80 = 100, taken
        states.append((window.report.own_rules, window.scores.execution_score, window.undo_stack.count()))
        editor.rounding.setCurrentIndex(editor.rounding.findData("truncate"))
        states.append((window.report.own_rules, window.undo_stack.count()))

    _edit_rules(window, play)
    refused_rules, problems, tip = states[0]
    assert refused_rules is None and problems and "90" in tip and "80" in tip  # the weights named
    taken, execution, count = states[1]
    assert taken is not None and taken.execution_weight == 20 and taken.level1[0].weight == 40
    assert execution == Decimal("13.02")  # 65.12% × 20, rescored at once
    assert count == steps + 1
    truncating, count = states[2]
    assert truncating.rounding == "truncate" and count == steps + 2
    assert window.pages["overview"].ruleset_combo.currentText().endswith("（本报告自定义）")
    assert "20分" in truncating.description
    window.save_now()
    assert stored(*data_file).own_rules == truncating  # saved with the report
    window.commands.undo.trigger()
    assert window.report.own_rules is not None and window.report.own_rules.rounding == "half-up"
    window.commands.undo.trigger()
    assert window.report.own_rules is None and window.ruleset.id == "national-2020"
    assert window.scores.execution_score == Decimal("6.51")


def test_rules_saved_to_a_file_and_loaded_by_another_unit(qtbot, window, tmp_path):
    path = tmp_path / "某县财政局.json"

    def play(editor: RulesetEditor) -> None:
        editor.seed.setCurrentIndex(editor.seed.findData("sichuan"))
        editor.seed.activated.emit(editor.seed.currentIndex())
        window.dialogs.paths = [str(path)]
        assert editor.save_to_file()

    _edit_rules(window, play)
    assert window.report.own_rules is not None and window.report.own_rules.id == "sichuan-custom"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["id"] == "sichuan-custom" and saved["indicators_weight"] == "90"

    def back(editor: RulesetEditor) -> None:
        editor.builtin_button.click()

    _edit_rules(window, back)
    assert window.report.own_rules is None and window.report.ruleset == "sichuan"

    def load(editor: RulesetEditor) -> None:
        window.dialogs.paths = [str(path)]
        assert editor.load_from_file()

    _edit_rules(window, load)
    assert window.report.own_rules is not None and window.report.own_rules.id == "sichuan-custom"
    path.write_text('{"id": "x"}', encoding="utf-8")

    def broken(editor: RulesetEditor) -> None:
        window.dialogs.paths = [str(path)]
        assert not editor.load_from_file()

    _edit_rules(window, broken)
    assert "有误" in window.dialogs.messages[-1][1]


def test_unscored_rules_leave_no_total_and_no_grade(qtbot, window):
    def play(editor: RulesetEditor) -> None:
        editor.scoring.setCurrentIndex(editor.scoring.findData("none"))

    _edit_rules(window, play)
    assert window.scores.total is None and window.total_label.text() == "本表不评分" and window.grade_label.text() == ""
    targets = window.pages["targets"]
    assert targets.view.isColumnHidden(7) and "不评分" in targets.totals_label.text()
    assert not [f for f in window.findings if f.code.startswith(("weights.", "total.", "conclusion.no-"))]


def test_money_unit_on_the_funds_tab(qtbot, window):
    funds = window.pages["funds"]
    funds.unit_combo.setCurrentIndex(funds.unit_combo.findData("元"))
    assert window.report.funds.unit == "元" and funds.money_box.title() == "项目资金（元）"
    funds.binder.set_text("funds.arrived", "45万")  # 万 on a 元 form: refused, never converted
    assert window.report.funds.arrived == Decimal(28)
    assert any(f.code == "input.invalid" and "万元" in f.message for f in window.findings)
    window.commands.undo.trigger()
    assert window.report.funds.unit == "万元"


def test_printed_total_and_grade_on_the_targets_tab(qtbot, window):
    targets = window.pages["targets"]
    targets.binder.set_text("filed.total", "94")
    targets.binder.set_text("filed.grade", "优")
    targets.binder.set_text("filed.level1", "产出指标 48；效益指标 29")
    assert window.report.filed.total == Decimal(94) and window.report.filed.grade == "优"
    assert window.report.filed.level1 == {"产出指标": Decimal(48), "效益指标": Decimal(29)}
    codes = {f.code for f in window.findings}
    assert {"filed.total-sum", "filed.level1-sum"} <= codes


def test_direction_column(qtbot, window):
    from gui.indicator_model import COLUMN_KEYS

    targets = window.pages["targets"]
    model = targets.model
    column = COLUMN_KEYS.index("direction")
    model.setData(model.index(0, COLUMN_KEYS.index("name")), "安全事故")
    model.setData(model.index(0, COLUMN_KEYS.index("target")), "0起")
    model.setData(model.index(0, COLUMN_KEYS.index("actual")), "3起")
    cell = model.index(0, column)
    assert model.data(cell) == "越低越好？" and "事故" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert window.scores.indicators[0].suggested == Decimal("0.00")
    model.setData(cell, "越高越好")
    assert window.report.indicators[0].direction == "higher" and model.data(cell) == "越高越好"
    assert window.scores.indicators[0].suggested == Decimal("10.00")
    window.commands.undo.trigger()
    assert window.report.indicators[0].direction is None


def test_group_scores_are_edited_on_a_group_form(qtbot, tmp_path):
    report = load_file(str(DATA / "correct-national.json"))
    report.ruleset = "hubei-huangshi"
    path = tmp_path / "group.db"
    with open_store(path) as store:
        store.add(report)
    window = MainWindow(Workspace.open(path), FakeDialogs())
    qtbot.addWidget(window)
    targets = window.pages["targets"]
    assert not targets.group_box.isHidden() and targets.group_model.rowCount() == len(window.scores.groups)
    assert targets.view.isColumnHidden(6)  # no 分值 per row
    model = targets.group_model
    model.setData(model.index(0, 3), "18分")
    assert window.report.groups[0].score == Decimal(18) and window.report.groups[0].level2 == "数量指标"
    model.setData(model.index(0, 3), "abc")
    assert window.report.groups[0].score == Decimal(18)
    assert any(f.code == "input.invalid" and f.place.field == "groups" for f in window.findings)
    window.close()


def test_last_years_text_is_listed_until_checked(qtbot, window):
    window.reports.copy_last_year()
    assert window.report.year == 2023 and "2022年" in window.report.preamble  # copied as written
    carried = [f for f in window.findings if f.code == "text.carried-over"]
    assert carried and all("上年内容，请核对" in f.message for f in carried)
    overview = window.pages["overview"]
    button = overview.confirm_buttons["preamble"]
    assert not button.isHidden()
    steps = window.undo_stack.count()
    button.click()
    assert "preamble" not in window.report.carried and window.undo_stack.count() == steps + 1
    assert not [f for f in window.findings if f.code == "text.carried-over" and f.place.field == "preamble"]
    targets = window.pages["targets"]
    goal = window.report.section("goal").children[0]
    path = next(p for p, s, _t in window.report.walk_sections() if s is goal)
    targets.sections.select_path(path)
    assert not targets.sections.confirm_button.isHidden()
    targets.sections.confirm_button.click()
    assert goal.carried == [] and targets.sections.confirm_button.isHidden()
    window.commands.undo.trigger()
    assert window.report.section("goal").children[0].carried


def test_group_model_is_a_well_behaved_qt_model(qtmodeltester):
    from gui.group_model import GroupModel
    from model.scoring import score_report
    from storage.rulesets import load_ruleset

    report = load_file(str(DATA / "correct-national.json"))
    model = GroupModel()
    model.set_groups(report.groups)
    model.set_scores(score_report(report, load_ruleset("hubei-huangshi")))
    assert model.rowCount() == 8
    qtmodeltester.check(model, force_py=True)


def test_choosing_a_bundled_rule_set_drops_the_own_rules(qtbot, window):
    def play(editor: RulesetEditor) -> None:
        editor.rounding.setCurrentIndex(editor.rounding.findData("truncate"))

    _edit_rules(window, play)
    assert window.report.own_rules is not None
    combo = window.pages["overview"].ruleset_combo
    combo.setCurrentIndex(combo.findData("national-2020"))
    assert window.report.own_rules is None and window.ruleset.id == "national-2020"
    assert combo.findText("（本报告自定义）", Qt.MatchFlag.MatchEndsWith) < 0
