"""model.template: new report from the outline, copy to next year, the conclusion sentence."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

import pytest

from model.audit import audit
from model.numbering import section_number
from model.report import SECTION_KEYS, Section, default_title
from model.scoring import score_report
from model.template import (
    add_template_section,
    conclusion_sentence,
    copy_to_next_year,
    missing_template_sections,
    move_years,
    new_report,
    section_at,
    template_outline_keys,
)
from storage.interchange import report_to_dict
from storage.rulesets import load_ruleset


def test_new_report_has_the_default_outline():
    ruleset = load_ruleset("national-2020")
    report = new_report(2023, "某县科协", "科普活动", ruleset)
    assert [s.title for s in report.sections][:3] == ["项目概况", "绩效自评工作开展情况", "综合评价结论"]
    keys = {s.key for _d, s in report.all_sections()} - {None}
    assert keys == set(SECTION_KEYS)
    funds = report.section("funds")
    assert [c.title for c in funds.children] == ["项目资金使用情况", "项目管理情况", "制度执行情况"]
    assert [c.title for c in funds.children[0].children] == ["项目投入情况", "项目支出情况", "资金使用合法性、合规性"]
    assert report.title == "2023年度某县科协科普活动绩效自评报告"
    assert report.attachments == ["2023年度项目支出绩效自评表"]
    assert report.signature.unit == "某县科协"
    assert [i.level1 for i in report.indicators] == ["产出指标", "效益指标", "满意度指标"]
    assert report.funds.weight == Decimal(10)


def test_new_reports_do_not_share_sections():
    a, b = new_report(2023), new_report(2023)
    a.sections[0].children.append(a.sections[1])
    assert b.sections[0].children == []


def test_copy_to_next_year_clears_what_the_new_year_must_tell(sample_report):
    sample_report.indicators[0].note = "说明"
    sample_report.indicators[5].band = "达成"
    before = report_to_dict(sample_report)
    result = copy_to_next_year(sample_report)
    new = result.report
    assert report_to_dict(sample_report) == before  # the old report is untouched
    assert new.year == 2023
    assert new.title == "2023年度益阳市资阳区科学技术协会科普专项经费绩效自评报告"
    assert new.attachments == ["2023年度项目支出绩效自评表"]
    # The narrative is copied as written (a 2022 event stays 2022) and listed for checking.
    assert new.preamble == sample_report.preamble and new.carried == {"preamble": [sample_report.preamble]}
    assert all(i.actual == "" and i.score is None and i.band is None and i.note == "" for i in new.indicators)
    assert [i.target for i in new.indicators][:2] == ["≥5次", "≥100万"]
    # The seed's deadline was already (wrongly) 2023: only the fiscal year moves on.
    assert new.indicators[3].target == "2023年12月31日前"
    sample_report.indicators[3].target = "2022年12月31日前"
    assert copy_to_next_year(sample_report).report.indicators[3].target == "2023年12月31日前"
    assert new.funds.total.annual == Decimal(43) and new.funds.total.executed is None
    assert new.funds.current.executed is None and new.funds.arrived is None
    assert new.funds.declared_rate is None and new.funds.declared_score is None
    assert new.signature.date is None and new.signature.unit == sample_report.signature.unit
    assert new.section("conclusion").text == ""
    assert "科普小镇" in new.section("goal").children[0].text
    text = "\n".join(result.cleared)
    for word in ("实际完成值", "得分", "评价档次", "偏差原因", "落款日期", "全年执行数", "综合评价结论"):
        assert word in text


def test_copy_keeps_a_typed_title_but_moves_its_year(sample_report):
    sample_report.title = "2022年度科普经费自评"
    assert copy_to_next_year(sample_report).report.title == "2023年度科普经费自评"
    sample_report.project.name = "新名"
    sample_report.title = default_title(sample_report)
    assert copy_to_next_year(sample_report).report.title == "2023年度益阳市资阳区科学技术协会新名绩效自评报告"


def test_move_years_leaves_ranges_and_other_numbers():
    assert move_years("2022年完成，2022-12-31前", 2022) == "2023年完成，2023-12-31前"
    assert move_years("规划（2021-2025年）与（2022-2025年）", 2022) == "规划（2021-2025年）与（2022-2025年）"
    assert move_years("共12022人，20220次，2022次", 2022) == "共12022人，20220次，2022次"
    assert move_years("2021年和2022年", 2022) == "2021年和2023年"


def test_conclusion_sentence_satisfies_the_audit(sample_report):
    ruleset = load_ruleset(sample_report.ruleset)
    scores = score_report(sample_report, ruleset)
    sentence = conclusion_sentence(sample_report, scores)
    assert f"{scores.grade}" in sentence
    sample_report.section("conclusion").text = sentence
    codes = {f.code for f in audit(sample_report, ruleset)}
    assert not {c for c in codes if c.startswith("conclusion.")}


def test_conclusion_sentence_plain_numbers(sample_report):
    ruleset = load_ruleset(sample_report.ruleset)
    scores = score_report(sample_report, ruleset)
    scores.total, scores.grade = Decimal("90.50"), "优"
    assert "总分为90.5分" in conclusion_sentence(sample_report, scores)
    scores.total = Decimal("100.00")
    assert "总分为100分" in conclusion_sentence(sample_report, scores)


def test_walk_sections_gives_paths_and_tabs(sample_report):
    tabs = {section.key: (path, tab) for path, section, tab in sample_report.walk_sections() if section.key}
    assert tabs["overview"] == ((0,), "overview")
    assert tabs["funds"] == ((3, 0), "funds")
    assert tabs["goal"][1] == "targets" and tabs["problems"][1] == "issues"
    assert section_at(sample_report, (3, 0)).key == "funds"
    assert section_number(1, tabs["goal"][0][-1] + 1) == "（二）"


def test_signature_date_not_carried(sample_report):
    sample_report.signature.date = datetime.date(2023, 4, 17)
    assert copy_to_next_year(sample_report).report.signature.date is None


def test_missing_template_sections_follow_the_outline():
    report = new_report(2022, "某单位", "某项目")
    assert missing_template_sections(report) == []
    del report.sections[0]  # some places start at 绩效自评工作开展情况
    analysis = report.section("analysis")
    assert analysis is not None
    del analysis.children[1]  # goal
    report.sections[-1].children.append(Section(title="自建小节"))
    assert missing_template_sections(report) == [("overview", "项目概况"), ("goal", "总体绩效目标完成情况分析")]
    assert add_template_section(report, "goal") == (2, 1)
    assert [s.key for s in analysis.children] == ["funds", "goal", "indicators"]
    assert add_template_section(report, "overview") == (0,)
    assert [s.key for s in report.sections] == ["overview", "process", "conclusion", "analysis",
                                                "problems", "application", "other"]
    assert missing_template_sections(report) == []
    assert add_template_section(report, "goal") == (3, 1)  # present: left alone


def test_missing_parent_comes_back_first_with_its_usual_children():
    report = new_report(2022, "某单位", "某项目")
    analysis = report.sections.pop(3)
    report.sections.insert(3, analysis.children[2])  # 绩效指标完成情况分析 kept at top level
    assert [k for k, _t in missing_template_sections(report)] == ["analysis", "funds", "goal"]
    path = add_template_section(report, "funds")
    assert path == (3, 0)
    restored = section_at(report, (3,))
    assert restored.key == "analysis" and [c.key for c in restored.children] == ["funds", "goal"]
    assert [c.title for c in restored.children[0].children] == ["项目资金使用情况", "项目管理情况", "制度执行情况"]
    assert sum(1 for _d, s in report.all_sections() if s.key == "indicators") == 1
    assert tuple(key for key, _t in template_outline_keys()) == SECTION_KEYS


def test_differences_name_what_changed(sample_report):
    from model.compare import differences

    new = copy.deepcopy(sample_report)
    assert differences(sample_report, new) == []
    new.unit = "某县科协"
    new.funds.total.executed = Decimal(43)
    new.indicators[2].actual = "99%"
    new.sections[0].text = "改写"
    assert differences(sample_report, new) == ["单位", "项目资金", "绩效指标第3行", "章节“项目概况”"]
    del new.indicators[0]
    new.sections[0].children.append(Section(title="新小节"))
    new.signature.date = datetime.date(2023, 5, 8)
    assert differences(sample_report, new)[-3:] == ["绩效指标（10 项 → 9 项）", "章节结构", "落款日期"]
    again = copy.deepcopy(sample_report)
    for indicator in again.indicators[:5]:
        indicator.note = "说明"
    assert differences(sample_report, again) == ["绩效指标第1行、第2行、第3行等 5 处"]


@pytest.mark.parametrize(("text", "found"), [
    ("一、项目概况", (0, "项目概况")), ("十二、其他", (0, "其他")),
    ("（一）资金", (1, "资金")), ("(二) 资金", (1, "资金")),
    ("1.投入", (2, "投入")), ("1、目前", (2, "目前")), ("１．投入", (2, "投入")),
    ("（1）明细", (3, "明细")),
    ("1.5万元", None), ("2022年", None), ("项目概况", None),
])
def test_a_typed_number_gives_its_depth(text, found) -> None:
    from model.numbering import numbered

    assert numbered(text) == found
    if found is not None:  # the numbers section_number prints read back at their depth
        assert numbered(section_number(found[0], 3) + "标题") == (found[0], "标题")
