"""Scoring under both bundled rule sets, with answers worked out by hand."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from conftest import DATA

from model.report import FundRow, Funds, Indicator, Report
from model.scoring import effective_total, round2, score_indicator, score_report
from storage.interchange import load_file
from storage.rulesets import load_ruleset

NATIONAL = load_ruleset("national-2020")
HUBEI = load_ruleset("hubei")


def _scores(name: str, ruleset_name: str | None = None):
    report = load_file(str(DATA / name))
    ruleset = load_ruleset(ruleset_name or report.ruleset)
    return report, score_report(report, ruleset)


def test_round_half_up() -> None:
    assert round2(Decimal("6.515")) == Decimal("6.52")
    assert round2(Decimal("6.505")) == Decimal("6.51")  # not banker's rounding
    assert round2(Decimal("0.125")) == Decimal("0.13")


def test_seed_execution_rate_and_score(sample_report: Report) -> None:
    scores = score_report(sample_report, NATIONAL)
    # 28 ÷ 43 = 65.116…% → 65.12%; × 10 = 6.5116 → 6.51 (filed on paper: 100% and 100)
    assert scores.execution_rate == Decimal("65.12")
    assert scores.execution_score == Decimal("6.51")
    assert scores.arrival_rate == Decimal("65.12")
    # Filed scores stand (10 × 10) on top of the computed execution score.
    assert scores.total == Decimal("106.51")
    assert scores.grade == "优"
    suggested = [r.suggested for r in scores.indicators]
    assert suggested[0] == Decimal("10.00") and suggested[1] == Decimal("10.00")
    assert suggested[2] is None and "单位不一致" in (scores.indicators[2].reason or "")
    assert suggested[5] is None and "档次" in (scores.indicators[5].reason or "")
    assert scores.indicators[0].achievement == Decimal("240.00")


def test_correct_national_report_by_hand() -> None:
    _report, scores = _scores("correct-national.json")
    # 135 ÷ 150 = 90.00% → 9.00
    assert (scores.execution_rate, scores.execution_score) == (Decimal("90.00"), Decimal("9.00"))
    expected = ["9.00", "10.00", "9.80", "10.00", "9.09", "10.00", "10.00", "7.00", "10.00"]
    assert [str(r.suggested) for r in scores.indicators] == expected
    # 18/20×10; met; =100% like ≥: 98/100×10; on time; ratio 300/330×10 = 9.0909…; +6% ≥ +5%;
    # 达成 default 100%; 部分达成 default 70%; 93% ≥ 90%.
    assert scores.total == Decimal("92.89")  # filed 9 for the 达成 row
    assert scores.suggested_total == Decimal("93.89")
    assert scores.grade == "优"
    assert scores.level1_totals == {"产出指标": Decimal("47.89"), "效益指标": Decimal("26.00"), "满意度指标": Decimal("10.00")}


def test_hubei_report_by_hand() -> None:
    _report, scores = _scores("hubei-stations.json")
    # 45 ÷ 60 = 75.00% → × 20 = 15.00
    assert (scores.execution_rate, scores.execution_score) == (Decimal("75.00"), Decimal("15.00"))
    # 6/8×20; ratio 5/6×20 = 16.666… → 16.67; late → 0; 部分达成 65% of 20; 80/85×10 = 9.411… → 9.41
    assert [str(r.suggested) for r in scores.indicators] == ["15.00", "16.67", "0.00", "13.00", "9.41"]
    assert scores.total == Decimal("69.08")
    assert scores.grade == "中"


def test_same_report_under_national_rules() -> None:
    _report, scores = _scores("hubei-stations.json", "national-2020")
    # exec 75% × 10 = 7.50; ratio 5/6 × 20 = 16.67; 部分达成 70% of 20 = 14.00
    assert scores.execution_score == Decimal("7.50")
    assert [str(r.suggested) for r in scores.indicators] == ["15.00", "16.67", "0.00", "14.00", "9.41"]
    assert scores.total == Decimal("62.58")


def _one(target: str, actual: str, weight: str = "10", ruleset=NATIONAL, band=None):
    indicator = Indicator("产出指标", "数量指标", "x", target, actual, Decimal(weight), None, band, "")
    return score_indicator(indicator, ruleset, 2022).suggested


@pytest.mark.parametrize(
    ("target", "actual", "national", "hubei"),
    [
        ("≥5次", "12次", "10.00", "10.00"),
        ("≥5次", "4次", "8.00", "8.00"),
        ("不少于800篇", "600篇", "7.50", "7.50"),
        ("100%", "95%", "9.50", "9.50"),  # bare number: ≥ by rule set
        ("≤28万元", "28万元", "10.00", "10.00"),
        ("≤28万元", "35万元", "8.00", "8.00"),  # ratio 28/35×10 (the national note: A/B × weight)
        ("≤28万元", "60万元", "4.67", "4.67"),
        ("≤90万元", "90", "10.00", "10.00"),  # bare actual takes the target's unit
        ("=0起", "0起", "10.00", "10.00"),
        ("=0起", "1起", "0.00", "0.00"),
        ("≥0次", "0次", "10.00", "10.00"),
        ("2022年12月31日前", "2022年12月20日", "10.00", "10.00"),
        ("2022年12月31日前", "2023年1月5日", "0.00", "0.00"),
        ("2022年12月31日前", "80%", "8.00", "8.00"),
        ("2022年12月31日前", "按时完成", "10.00", "10.00"),
        ("2022年12月31日前", "未按期完成", "0.00", "0.00"),
        ("提升10%", "提升5%", "5.00", "5.00"),
        ("≥100万", "231万", "10.00", "10.00"),
    ],
)
def test_indicator_rules(target: str, actual: str, national: str, hubei: str) -> None:
    assert str(_one(target, actual)) == national
    assert str(_one(target, actual, ruleset=HUBEI)) == hubei


def test_qualitative_bands_follow_the_rule_set() -> None:
    assert _one("逐年提升", "明显提升", band="达成") == Decimal("10.00")
    assert _one("逐年提升", "有所提升", band="部分达成") == Decimal("7.00")
    assert _one("逐年提升", "有所提升", band="部分达成", ruleset=HUBEI) == Decimal("6.50")
    assert _one("逐年提升", "下降", band="未达成") == Decimal("3.00")
    assert _one("逐年提升", "明显提升", band=None) is None


def test_no_suggestion_without_weight_or_target() -> None:
    assert _one("≥5次", "6次", weight="0") == Decimal("0.00")
    indicator = Indicator("产出指标", "数量指标", "x", "≥5次", "6次", None, None, None, "")
    result = score_indicator(indicator, NATIONAL, 2022)
    assert result.suggested is None and result.reason == "未填分值"
    assert score_indicator(dataclasses.replace(indicator, weight=Decimal(10), target=""), NATIONAL, 2022).suggested is None


def test_parts_sum_is_the_total_when_parts_are_filled() -> None:
    funds = Funds(
        total=FundRow(Decimal(0), Decimal(0), Decimal(0)),  # filed as 0 0 0 over parts (a real table)
        current=FundRow(Decimal(90), Decimal(90), Decimal("89.974")),
    )
    assert effective_total(funds) == FundRow(Decimal(90), Decimal(90), Decimal("89.974"))
    report = Report(funds=funds)
    scores = score_report(report, NATIONAL)
    assert scores.execution_rate == Decimal("99.97")
    assert scores.execution_score == Decimal("10.00")  # 9.9971… → 10.00, never above the weight


def test_blank_budget_gives_no_rate() -> None:
    scores = score_report(Report(), NATIONAL)
    assert scores.execution_rate is None and scores.execution_score is None
    assert scores.total == Decimal("0.00") and scores.grade == "差"
