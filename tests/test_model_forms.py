"""Real forms (issue 10): each rule-set feature and each real-table mistake class, on
made-up tables of the same shape as the published ones (none of them is copied here)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import DATA
from test_model_audit import _codes

from model.audit import ERROR, WARNING, audit
from model.direction import LOWER, read_direction
from model.notation import parse
from model.report import Filed, Group, Indicator, Report, Section
from model.rules import RuleSetError, describe_rules, ruleset_from_dict, ruleset_problems, ruleset_to_dict
from model.scoring import score_indicator, score_report
from model.summary import check_dict
from storage.interchange import load_file
from storage.rulesets import builtin_rulesets, load_ruleset

NATIONAL = load_ruleset("national-2020")


def _errors(report: Report, ruleset=NATIONAL) -> list[str]:
    return [f"{f.code}: {f.message}" for f in audit(report, ruleset) if f.severity == ERROR]


def _correct() -> Report:
    return load_file(str(DATA / "correct-national.json"))


def _row(level1: str, level2: str, name: str, target: str, actual: str, weight: str | None = "10",
         score: str | None = None, band: str | None = None, note: str = "说明") -> Indicator:
    return Indicator(level1, level2, name, target, actual, None if weight is None else Decimal(weight),
                     None if score is None else Decimal(score), band, note)


def _rules(base=NATIONAL, **changes):
    data = ruleset_to_dict(base)
    data.update(changes)
    return ruleset_from_dict(data)


# -- rule sets ---------------------------------------------------------------------------
@pytest.mark.parametrize("ruleset", builtin_rulesets(), ids=lambda r: r.id)
def test_every_bundled_rule_set_round_trips_and_describes_itself(ruleset) -> None:
    assert ruleset_from_dict(ruleset_to_dict(ruleset)) == ruleset
    assert describe_rules(ruleset)


def test_national_reverse_is_ratio_and_linear_2x_stays_for_rule_sets_that_say_so() -> None:
    row = _row("产出指标", "成本指标", "单位成本", "≤28万元", "35万元")
    assert score_indicator(row, NATIONAL, 2023).suggested == Decimal("8.00")  # 28/35 × 10
    linear = _rules(reverse_rule="linear-2x")
    assert score_indicator(row, linear, 2023).suggested == Decimal("7.50")  # (1 − 7/28) × 10


@pytest.mark.parametrize(("key", "value", "path"), [
    ("execution_weight", "十", "execution_weight"),
    ("execution_weight", "20", "execution_weight"),
    ("rounding", "banker", "rounding"),
    ("scoring", "per-row", "scoring"),
    ("execution_full_at", "0", "execution_full_at"),
])
def test_problems_are_named_by_key(key, value, path) -> None:
    data = ruleset_to_dict(NATIONAL)
    data[key] = value
    assert path in [p for p, _m in ruleset_problems(data)]
    with pytest.raises(RuleSetError) as caught:
        ruleset_from_dict(data)
    assert caught.value.path == path and "national-2020" in caught.value.args[0]


def test_band_and_weight_problems_name_the_cell() -> None:
    data = ruleset_to_dict(NATIONAL)
    data["bands"][1]["low"] = "65"  # a gap between 部分达成 and 未达成
    data["level1"][0]["weight"] = "55"
    paths = [p for p, _m in ruleset_problems(data)]
    assert "bands[2].high" in paths and "indicators_weight" in paths


def test_free_split_sichuan() -> None:
    sichuan = load_ruleset("sichuan")
    report = _correct()
    report.ruleset = "sichuan"
    # 产出 6 × 10, 效益 3 × 10, no 满意度 (optional): 60 / 30.
    report.indicators = [r for r in report.indicators if r.level1 != "满意度指标"]
    report.indicators.append(_row("产出指标", "数量指标", "补充指标", "≥1项", "1项"))
    codes = _codes(report, sichuan)
    assert not {c for c in codes if c.startswith(("weights.", "level1."))}, codes.keys()
    report.indicators[-1].weight = Decimal(5)
    assert "weights.indicators" in _codes(report, sichuan)


def test_one_indicator_of_ninety_is_a_valid_free_split() -> None:
    sichuan = load_ruleset("sichuan")
    report = _correct()
    report.indicators = [_row("产出指标", "数量指标", "完成任务", "≥10项", "10项", "90")]
    assert not {c for c in _codes(report, sichuan) if c.startswith(("weights.", "level1."))}


def test_the_seeds_structure_is_right_under_hunan_2022(sample_report: Report) -> None:
    national, hunan = _codes(sample_report), _codes(sample_report, load_ruleset("hunan-2022"))
    for code in ("indicator.level2-misplaced", "level1.no-indicators"):
        assert code in national and code not in hunan
    # The real mistakes stay: 10 + 50 + 50 = 110, 效益 printed as 40 but 50 inside.
    for code in ("weights.total", "weights.level1", "funds.rate-mismatch", "indicator.unit-mismatch",
                 "indicator.deadline-outside-year", "text.kind-wording", "conclusion.no-score"):
        assert code in hunan


def test_execution_full_at_and_weight() -> None:
    hubei = load_ruleset("hubei")
    report = Report()
    report.funds.total.annual, report.funds.total.executed = Decimal(100), Decimal("86.2")
    assert score_report(report, hubei).execution_score == Decimal("17.24")  # 20 × 86.2%
    assert score_report(report, _rules(execution_full_at="90")).execution_score == Decimal("9.58")  # 86.2/90 × 10


def test_truncating_rule_sets() -> None:
    truncate = _rules(rounding="truncate")
    row = _row("产出指标", "数量指标", "x", "≥200次", "193.7次")  # 9.685
    assert score_indicator(row, NATIONAL, 2023).suggested == Decimal("9.69")
    assert score_indicator(row, truncate, 2023).suggested == Decimal("9.68")


def test_hubei_short_band_wordings() -> None:
    hubei = load_ruleset("hubei")
    for words, key in (("部分达成预期指标", "部分达成"), ("未达成预期指标", "未达成"), ("达成预期指标", "达成")):
        assert hubei.band(words).key == key


# -- scoring modes -----------------------------------------------------------------------
def _huangshi() -> Report:
    """A made-up form scored per 二级指标: weights and scores per group only."""
    report = _correct()
    report.ruleset, report.scoring = "hubei-huangshi", None
    report.funds.weight = Decimal(20)
    report.indicators = [
        _row("产出指标", "数量指标", "新建站点", "≥10个", "8个", None),
        _row("产出指标", "数量指标", "改造站点", "≥10个", "12个", None),
        _row("产出指标", "质量指标", "验收合格率", "≥95%", "96%", None),
        _row("效益指标", "社会效益指标", "服务群众", "≥1000人次", "1200人次", None),
        _row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", None),
    ]
    report.groups = [Group("产出指标", "数量指标", Decimal(20), Decimal(20)),
                     Group("产出指标", "质量指标", Decimal(20), Decimal(20)),
                     Group("效益指标", "社会效益指标", Decimal(30), Decimal(30)),
                     Group("满意度指标", "服务对象满意度指标", Decimal(10), Decimal(10))]
    report.section("conclusion").text = "自评总分98分，等级为优。"
    return report


def test_group_scoring_pools_completions_first() -> None:
    huangshi = load_ruleset("hubei-huangshi")
    report = _huangshi()
    scores = score_report(report, huangshi)
    assert scores.mode == "group" and [g.level2 for g in scores.groups][:2] == ["数量指标", "质量指标"]
    # 8 + 12 of 10 + 10: 先汇总完成数 → 20/20, full marks (row by row it would be 0.9 × 20).
    assert scores.groups[0].suggested == Decimal("20.00")
    assert scores.execution_score == Decimal("18.00") and scores.total == Decimal("98.00")
    assert all(not r.counted and r.suggested is None for r in scores.indicators)
    assert _errors(report, huangshi) == []
    report.groups[0].score = Decimal(25)
    assert "group.score-over-weight" in _codes(report, huangshi)


def test_group_form_printing_only_level1_weights() -> None:
    huangshi = load_ruleset("hubei-huangshi")
    report = _huangshi()
    for group in report.groups:
        group.weight = None
    scores = score_report(report, huangshi)
    assert scores.groups[0].derived and scores.groups[0].weight == Decimal(20)  # 产出 40 over two groups
    assert _errors(report, huangshi) == []


def test_unscored_form_has_no_total_no_grade_and_no_score_checks() -> None:
    unscored = load_ruleset("unscored")
    report = load_file(str(DATA / "unscored-county.json"))
    scores = score_report(report, unscored)
    assert scores.total is None and scores.grade is None and scores.execution_score is None
    assert scores.execution_rate == Decimal("92.00")
    codes = _codes(report, unscored)
    assert not [c for c in codes if c.startswith(("weights.", "total.", "conclusion.no-", "funds.weight", "filed."))]
    assert _errors(report, unscored) == []
    assert check_dict(report, scores, [])["scores"]["total"] is None
    report.indicators[0].note = ""  # 偏差 notes are still asked for
    assert "indicator.note-missing" in _codes(report, unscored)


def test_not_applicable_rows_are_left_out_and_the_rest_rescaled() -> None:
    report = _correct()
    report.indicators[1].actual = "/"  # 培训农民人数 (10) not applicable
    scores = score_report(report, NATIONAL)
    assert not scores.indicators[1].applicable and scores.rescaled
    assert scores.total == Decimal("92.10")  # (92.89 − 10) × 100 / 90
    assert "indicator.actual-missing" not in _codes(report)
    kept = score_report(report, _rules(rescale_not_applicable=False))
    assert kept.total == Decimal("82.89")


# -- the audit's precision (each a made-up table of a real mistake's shape) ------------------------
def _printed(report: Report, total: str, grade: str = "优", **level1: str) -> Report:
    for row in report.indicators:
        if row.score is None:
            row.score = score_indicator(row, NATIONAL, report.year).suggested
    report.funds.declared_score = Decimal(9)
    report.filed = Filed(Decimal(total), grade, {k: Decimal(v) for k, v in level1.items()}, Decimal(100))
    return report


def test_printed_total_that_is_not_the_sum_of_the_printed_scores() -> None:
    report = _printed(_correct(), "92.89", 产出指标="47.89")
    assert _errors(report) == []
    report = _printed(_correct(), "93.89")  # prints one more than its own scores sum to
    total = _codes(report)["filed.total-sum"][0]
    assert total.severity == ERROR and "93.89" in total.message and "92.89" in total.message
    report = _printed(_correct(), "100", 产出指标="57.89")  # prints 100, sums to 92.89
    codes = _codes(report)
    assert "filed.total-sum" in codes and "filed.level1-sum" in codes


def test_printed_grade_that_disagrees_with_the_printed_total() -> None:
    report = _printed(_correct(), "92.89", "良")
    assert _codes(report)["filed.grade-mismatch"][0].severity == ERROR


def test_blank_score_is_shown_blank_with_a_reminder_not_filled_silently() -> None:
    report = _correct()
    report.blank_scores = "blank"  # a version 2 transcription: the form's 得分 cell is blank
    blank = _codes(report)["indicator.score-blank"]
    assert {f.place.row for f in blank} == {0, 1, 2, 3, 4, 5, 8} and blank[0].severity == WARNING
    assert "9" in blank[0].message and _errors(report) == []
    scores = score_report(report, NATIONAL)
    assert scores.indicators[0].blank and scores.total == Decimal("92.89")  # the total uses the suggestion


def test_no_band_is_a_reminder() -> None:
    report = _correct()
    report.indicators[6].band = None
    assert _codes(report)["indicator.band-missing"][0].severity == WARNING


@pytest.mark.parametrize(("declared", "severity"), [("90", None), ("86", ERROR), ("90.0", None)])
def test_rate_printed_to_whole_percent(declared, severity) -> None:
    report = _correct()
    report.funds.declared_rate = Decimal(declared)
    codes = _codes(report)
    assert ("funds.rate-mismatch" in codes) == (severity == ERROR)


def test_whole_percent_rate_is_a_reminder() -> None:
    report = _correct()
    report.funds.current.executed = Decimal("108.3")  # + 27 carried over = 135.3; ÷ 150 = 90.20%
    report.funds.total.executed = Decimal("135.3")
    report.funds.declared_rate = Decimal(90)
    codes = _codes(report)
    assert codes["funds.rate-rounded"][0].severity == WARNING and "funds.rate-mismatch" not in codes
    report.funds.declared_rate = Decimal(91)
    assert "funds.rate-mismatch" in _codes(report)
    truncating = _rules(rounding="truncate")
    report.funds.current.executed, report.funds.total.executed = Decimal("108.8"), Decimal("135.8")  # 90.53%
    report.funds.declared_rate = Decimal(90)
    assert "funds.rate-rounded" in _codes(report, truncating) and "funds.rate-mismatch" in _codes(report)


def test_lower_is_better_by_meaning() -> None:
    row = _row("效益指标", "社会效益指标", "安全事故发生起数", "0起", "3起")
    assert score_indicator(row, NATIONAL, 2023).suggested == Decimal("0.00")
    direction = read_direction(row, parse(row.target), NATIONAL)
    assert direction.direction == LOWER and direction.guessed and direction.word == "事故"
    assert "推测" in direction.describe()
    for name, target in (("群众投诉率", "2%"), ("项目超支率", "5%"), ("档案差错", "1处")):
        assert read_direction(_row("x", "y", name, target, "1"), parse(target), NATIONAL).direction == LOWER
    for name in ("投诉处理率", "事故隐患整改率", "成本降低率"):  # more is better
        assert read_direction(_row("x", "y", name, "95%", "1"), parse("95%"), NATIONAL).direction != LOWER
    row.direction = "higher"  # the clerk's choice is kept and wins
    assert score_indicator(row, NATIONAL, 2023).suggested == Decimal("10.00")


def test_copied_operator_and_nothing_in_the_actual() -> None:
    report = _correct()
    report.indicators[2].actual = "≥95%"
    report.indicators[1].actual = "无"
    codes = _codes(report)
    assert codes["indicator.actual-operator"][0].place.row == 2
    assert codes["indicator.actual-not-numeric"][0].place.row == 1 and "0" in codes["indicator.actual-not-numeric"][0].message
    assert not [c for c in _errors(report) if "indicator.actual" in c]


def test_a_rate_under_cost_is_not_a_money_cost_and_advice_uses_the_own_unit() -> None:
    report = _correct()
    report.indicators[4] = _row("产出指标", "成本指标", "价格执行率", "100%", "100%")
    assert "indicator.cost-operator" not in _codes(report)
    report.indicators[4] = _row("产出指标", "成本指标", "人均成本", "75元", "70元")
    advice = _codes(report)["indicator.cost-operator"][0].message
    assert "≤75元" in advice and "万元" not in advice


def test_qualitative_target_answered_by_a_sentence_with_numbers() -> None:
    report = _correct()
    report.indicators[6].actual = "开展低碳环保主题科普活动6场"
    codes = _codes(report)
    assert "indicator.qualitative-numeric" not in codes and _errors(report) == []
    report.indicators[6].actual = "100%"
    assert _codes(report)["indicator.qualitative-numeric"][0].severity == WARNING


def test_missing_execution_names_the_empty_field() -> None:
    report = _correct()
    report.funds.total.executed = report.funds.current.executed = report.funds.carryover.executed = None
    finding = _codes(report)["funds.executed-missing"][0]
    assert "全年执行数" in finding.message and "全年预算数" not in finding.message


def test_money_above_a_hundred_thousand_wan_asks_about_the_unit() -> None:
    report = _correct()
    report.funds.current.annual = Decimal("3724055.00")
    finding = _codes(report)["funds.unit-suspect"][0]
    assert finding.severity == WARNING and "元" in finding.message
    report.funds.unit = "元"
    assert "funds.unit-suspect" not in _codes(report)


def test_yuan_form_text_in_wan() -> None:
    report = load_file(str(DATA / "yuan-form.json"))
    assert report.funds.unit == "元" and report.funds.total.annual == Decimal("3724055.00")
    ruleset = _rules(rounding="truncate")
    assert _errors(report, ruleset) == []
    assert "text.amount-mismatch" not in _codes(report, ruleset)  # 372.41万元 for 3,724,055.00元


@pytest.mark.parametrize("ruleset", builtin_rulesets(), ids=lambda r: r.id)
def test_a_correct_report_under_every_bundled_rule_set_has_no_error(ruleset) -> None:
    report = correct_report_for(ruleset)
    assert _errors(report, ruleset) == []


def correct_report_for(ruleset) -> Report:
    """A correct report of the national sample's content laid out for ``ruleset``."""
    from model.template import conclusion_sentence

    report = _correct()
    report.ruleset = ruleset.id
    if ruleset.scoring == "none":
        report = load_file(str(DATA / "unscored-county.json"))
        report.ruleset = ruleset.id
        return report
    if ruleset.scoring == "group":
        report = _huangshi()
        report.section("conclusion").text = conclusion_sentence(report, score_report(report, ruleset))
        return report
    report.funds.weight = ruleset.execution_weight
    names = [l1.name for l1 in ruleset.level1]
    rows = [dataclasses.replace(r, level1=ruleset.level1_of(r.level2).name) for r in report.indicators]
    free = ruleset.indicators_weight - ruleset.fixed_weights()
    while ruleset.fixed_weights() == 0 and (free / len(rows)).as_tuple().exponent < -2:
        del rows[1]  # free weights: as many rows as share the total in whole cents
    free_names = [l1.name for l1 in ruleset.level1 if l1.weight is None]
    for name in names:
        mine = [r for r in rows if r.level1 == name]
        level1 = ruleset.level1_named(name)
        total = level1.weight if level1.weight is not None else free / len(free_names)
        for r in mine:
            r.weight = total / len(mine) if ruleset.fixed_weights() else free / len(rows)
            r.score = None
    report.indicators = rows
    scores = score_report(report, ruleset)
    for r, result in zip(report.indicators, scores.indicators, strict=True):
        if result.met is False and not r.note:
            r.note = "说明"
        r.score = None if r.band is None else ruleset.round(r.weight * ruleset.band(r.band).default / 100)
    report.section("conclusion").text = conclusion_sentence(report, score_report(report, ruleset))
    return report


def test_copied_narrative_is_listed_until_edited_or_confirmed(sample_report: Report) -> None:
    from model.carried import confirm, unchecked
    from model.template import copy_to_next_year

    new = copy_to_next_year(sample_report).report
    goal = new.section("goal").children[0]
    assert "2022年“全国科普日”" in goal.text  # copied as written, not read as 2023
    carried = _codes(new)["text.carried-over"]
    assert all(f.severity == WARNING and "上年内容，请核对" in f.message for f in carried)
    assert any("2022年" in f.message and "9月23日" in f.message for f in carried)
    before = len(unchecked(new))
    goal.text = goal.text.replace("9月23日上午", "9月16日上午")  # the clerk edits one paragraph
    assert len(unchecked(new)) == before - 1
    confirm(new, "section", goal)
    assert not [u for u in unchecked(new) if u.section is goal]
    confirm(new, "preamble")
    assert not [u for u in unchecked(new) if u.field == "preamble"]
    new.sections.append(Section(None, "新节", "2023年新写的内容"))
    assert not [u for u in unchecked(new) if u.section is new.sections[-1]]


def test_level_names_written_without_their_suffix() -> None:
    report = _correct()
    for row in report.indicators:  # 产出 / 数量, as many tables write them
        row.level1 = row.level1.removesuffix("指标")
        row.level2 = row.level2.removesuffix("指标")
    assert _errors(report) == []
    assert not [c for c in _codes(report) if c.startswith(("indicator.level", "level1."))]


@pytest.mark.parametrize(("text", "value"), [("１。５", "1.5"), ("１．５", "1.5"), ("3,724,055.00", "3724055.00"),
                                             ("１５分", "15"), ("—", None), ("／", None)])
def test_numbers_as_typed_with_a_chinese_input_method(text, value) -> None:
    from model.values import SCORE, read_number

    assert read_number(text, SCORE) == (None if value is None else Decimal(value), None)
    if value is not None:
        assert parse(f"≥{text}").value == Decimal(value)


def test_history_names_changed_rules_and_groups(sample_report: Report) -> None:
    import copy

    from model.compare import differences

    changed = copy.deepcopy(sample_report)
    changed.own_rules = _rules(rounding="truncate")
    changed.groups = [Group("产出指标", "数量指标", Decimal(20), Decimal(18))]
    assert differences(sample_report, changed) == ["评分规则", "二级指标分组"]


def test_clerks_direction_against_the_written_operator_and_a_wrong_printed_weight_total() -> None:
    report = _correct()
    report.indicators[0].direction = "lower"  # written ≥20期
    finding = _codes(report)["indicator.direction-conflict"][0]
    assert finding.severity == WARNING and finding.place.column == "direction"
    assert score_indicator(report.indicators[0], NATIONAL, 2023).suggested == Decimal("9.00")  # the operator counts
    report.filed.weight_total = Decimal(90)
    assert _codes(report)["filed.weight-total"][0].severity == ERROR


def test_figures_printed_with_the_forms_own_rounding_are_reminders_not_errors() -> None:
    report = _correct()
    report.funds.total.executed, report.funds.current.executed = Decimal("135.00"), Decimal("107.9740")
    report.funds.carryover.executed = Decimal("27")  # parts 134.974, total printed as 134.97
    report.funds.total.executed = Decimal("134.97")
    assert "funds.total-mismatch" not in _codes(report)
    report.funds.total.executed = Decimal("134.90")
    assert "funds.total-mismatch" in _codes(report)
    report = _correct()
    report.funds.current.executed = Decimal("118.275")  # 145.275 / 150 = 96.85%, × 10 = 9.685
    report.funds.total.executed = Decimal("145.275")
    report.funds.declared_score = Decimal("9.68")  # truncated where the rules round half-up
    codes = _codes(report)
    assert codes["funds.score-rounded"][0].severity == WARNING and "funds.score-mismatch" not in codes
    report.funds.declared_score = Decimal("9.6")
    assert "funds.score-mismatch" in _codes(report)


def test_classifiers_for_the_same_sort_of_thing_are_comparable() -> None:
    report = _correct()
    report.indicators[0].target, report.indicators[0].actual = "≥20项", "18个"
    codes = _codes(report)
    assert codes["indicator.unit-differs"][0].severity == WARNING and "indicator.unit-mismatch" not in codes
    assert score_indicator(report.indicators[0], NATIONAL, 2023).suggested == Decimal("9.00")
    report.indicators[0].actual = "18次"
    assert "indicator.unit-mismatch" in _codes(report)
