"""The four tabs: load/apply round trips through their field tables, bad input kept and
reported, the title derived from the other fields, the section editor."""

from __future__ import annotations

import copy
import datetime
import itertools
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent

from gui.dialogs import DialogService
from gui.tabs import FundsTab, IssuesTab, OverviewTab, TargetsTab
from model.audit import audit
from model.report import default_title
from model.scoring import score_report
from storage.interchange import report_to_dict
from storage.rulesets import load_ruleset


class AnswerYes(DialogService):
    def __init__(self) -> None:
        self.asked: list[str] = []

    def confirm(self, parent, title, text, *, danger=False):
        self.asked.append(text)
        return True

    def information(self, parent, title, text):
        self.asked.append(text)


def type_text(widget, text: str) -> None:
    """Type (also Chinese) as an input method commits it: keyClicks cannot send CJK."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(widget, event)


def make(tab_class, qtbot, report):
    tab = tab_class(AnswerYes())
    qtbot.addWidget(tab)
    tab.set_ruleset(load_ruleset(report.ruleset))
    tab.load(report)
    return tab


@pytest.mark.parametrize("tab_class", [OverviewTab, FundsTab, TargetsTab, IssuesTab])
def test_load_then_apply_changes_nothing(qtbot, sample_report, tab_class):
    tab = make(tab_class, qtbot, sample_report)
    other = copy.deepcopy(sample_report)
    tab.apply(other)
    assert report_to_dict(other) == report_to_dict(sample_report)
    assert tab.invalid_findings() == []


def test_overview_round_trip_with_chinese_typing(qtbot, sample_report):
    tab = make(OverviewTab, qtbot, sample_report)
    unit = tab.binder.widget("unit")
    unit.selectAll()
    type_text(unit, "某县农业农村局")
    tab.binder.set_text("year", "2023")
    target = copy.deepcopy(sample_report)
    tab.apply(target)
    assert target.unit == "某县农业农村局"
    assert target.year == 2023
    assert target.project.name == sample_report.project.name


def test_title_follows_the_fields_until_edited(qtbot, sample_report):
    tab = make(OverviewTab, qtbot, sample_report)
    tab.binder.set_text("project.name", "科技周")
    assert tab.binder.text("title") == sample_report.title  # the seed's own title: kept
    sample_report.title = default_title(sample_report)
    tab.load(sample_report)
    tab.binder.set_text("project.name", "科技周")
    assert tab.binder.text("title") == "2022年度益阳市资阳区科学技术协会科技周绩效自评报告"
    tab.binder.set_text("title", "自拟标题")
    tab.binder.set_text("project.name", "科普日")
    assert tab.binder.text("title") == "自拟标题"
    tab.default_title_button.click()
    assert tab.binder.text("title") == "2022年度益阳市资阳区科学技术协会科普日绩效自评报告"


def test_funds_round_trip_and_bad_money_kept(qtbot, sample_report):
    tab = make(FundsTab, qtbot, sample_report)
    edits = []
    tab.edited.connect(edits.append)
    tab.binder.set_text("funds.total.annual", "50")
    tab.binder.set_text("funds.carryover.executed", "abc")
    tab.binder.set_text("funds.arrived", "-3")
    target = copy.deepcopy(sample_report)
    tab.apply(target)
    assert target.funds.total.annual == Decimal(50)
    assert target.funds.carryover.executed is None  # 'abc' not stored…
    assert target.funds.arrived == Decimal(28)  # …nor a negative amount
    assert tab.binder.text("funds.carryover.executed") == "abc"  # …but kept where typed
    widget = tab.binder.widget("funds.arrived")
    assert "不能为负数" in widget.toolTip() and widget.styleSheet()
    findings = tab.invalid_findings()
    assert {f.place.field for f in findings} == {"funds.carryover.executed", "funds.arrived"}
    assert all(f.severity == "error" and "尚未保存" in f.message for f in findings)
    assert "funds.arrived" in edits
    tab.binder.set_text("funds.arrived", "30")
    assert [f.place.field for f in tab.invalid_findings()] == ["funds.carryover.executed"]


def test_funds_show_computed_figures_and_the_parts_check(qtbot, sample_report):
    tab = make(FundsTab, qtbot, sample_report)
    ruleset = load_ruleset("national-2020")
    scores = score_report(sample_report, ruleset)
    tab.show_results(scores, audit(sample_report, ruleset, scores))
    assert tab.rate_label.text() == "65.12%"
    assert tab.score_label.text().startswith("6.51")
    assert tab.parts_labels["annual"].text() == "分项未填"
    sample_report.funds.current.annual = Decimal(40)
    scores = score_report(sample_report, ruleset)
    tab.show_results(scores, audit(sample_report, ruleset, scores))
    assert "≠ 总额" in tab.parts_labels["annual"].text()
    assert "不等于" in tab.parts_labels["annual"].toolTip()


def test_issues_round_trip(qtbot, sample_report):
    tab = make(IssuesTab, qtbot, sample_report)
    assert tab.binder.text("signature.date") == "2023年4月17日"
    tab.binder.set_text("signature.date", "2023-05-02")
    tab.binder.set_text("attachments", "附表一\n\n附表二")
    target = copy.deepcopy(sample_report)
    tab.apply(target)
    assert target.signature.date == datetime.date(2023, 5, 2)
    assert target.attachments == ["附表一", "附表二"]
    tab.binder.set_text("signature.date", "4月32日")
    tab.apply(target)
    assert target.signature.date == datetime.date(2023, 5, 2)
    assert tab.invalid_findings()[0].place.field == "signature.date"


def test_targets_round_trip(qtbot, sample_report):
    tab = make(TargetsTab, qtbot, sample_report)
    type_text(tab.binder.widget("goal.actual"), "全部完成")
    tab.model.setData(tab.model.index(0, 4), "15次")
    target = copy.deepcopy(sample_report)
    target.indicators = []
    tab.apply(target)
    assert target.goal.actual.startswith("全部完成")
    assert target.indicators[0].actual == "15次"
    assert target.indicators is not sample_report.indicators


def test_section_editor_numbering_and_user_sections(qtbot, sample_report):
    tab = make(FundsTab, qtbot, sample_report)
    editor = tab.sections
    top = editor.tree.topLevelItem(0)
    assert top.text(0) == "（一）项目资金使用及管理情况"
    assert top.child(0).child(1).text(0) == "（2）项目支出情况"
    editor.select_path((3, 0, 1))  # 项目管理情况
    assert editor.title_edit.text() == "项目管理情况"
    editor.add_sibling()
    assert editor.current_section().title == "新小节"
    editor.title_edit.setText("档案管理情况")
    assert sample_report.section("funds").children[2].title == "档案管理情况"
    assert editor.tree.topLevelItem(0).child(2).text(0) == "3.档案管理情况"
    assert editor.tree.topLevelItem(0).child(3).text(0) == "4.制度执行情况"
    editor.move_section(1)
    assert [c.title for c in sample_report.section("funds").children][2:] == ["制度执行情况", "档案管理情况"]
    editor.add_child()
    editor.text_edit.setPlainText("正文")
    assert sample_report.section("funds").children[3].children[0].text == "正文"
    editor.select_path((3, 0, 3))
    editor.delete()  # has children: confirmed by the fake
    assert [c.title for c in sample_report.section("funds").children] == ["项目资金使用情况", "项目管理情况", "制度执行情况"]
    editor.select_path((3, 0))
    assert not editor.delete_button.isEnabled()  # template sections stay


def test_section_editor_shows_only_its_tab(qtbot, sample_report):
    tab = make(TargetsTab, qtbot, sample_report)
    top = tab.sections.tree.topLevelItem(0)
    assert top.text(0) == "四、绩效目标实现情况分析"
    assert [top.child(i).text(0) for i in range(top.childCount())] == [
        "（二）总体绩效目标完成情况分析", "（三）绩效指标完成情况分析"]
    overview = make(OverviewTab, qtbot, sample_report)
    assert overview.sections.tree.topLevelItemCount() == 3


def test_insert_conclusion_sentence(qtbot, sample_report):
    tab = make(OverviewTab, qtbot, sample_report)
    ruleset = load_ruleset("national-2020")
    scores = score_report(sample_report, ruleset)
    tab.show_results(scores, [])
    tab.insert_conclusion_button.click()
    text = sample_report.section("conclusion").text
    assert text.startswith("经自评，2022年度科普宣传与科普活动绩效自评总分为106.51分，评价等级为“优”。")
    assert text.endswith("科普专项经费自评结论为优秀等次。")
    assert tab.sections.title_edit.text() == "综合评价结论"


def test_tab_order_follows_reading_order(qtbot, sample_report):
    tab = make(OverviewTab, qtbot, sample_report)
    order = ["unit", "year", "project.name", "project.department", "project.implementer", "title"]
    for first, second in itertools.pairwise(order):
        assert tab.binder.widget(first).nextInFocusChain() is tab.binder.widget(second)
    assert tab.binder.widget("unit").focusPolicy() & Qt.FocusPolicy.TabFocus


def test_signature_date_placeholder_is_the_year_after(qtbot, sample_report):
    tab = make(IssuesTab, qtbot, sample_report)
    assert tab.binder.widget("signature.date").placeholderText() == "如：2023年4月17日"
    sample_report.year = 2024
    tab.load(sample_report)
    assert "2025年" in tab.binder.widget("signature.date").placeholderText()
