"""Scores as the rules give them (DOMAIN.md §4): execution, each indicator, totals, grade.

Everything is Decimal; rates and scores are rounded to two decimals, half-up (四舍五入),
only when a figure is reported, never in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from model import notation
from model.notation import Parsed
from model.report import FUND_COLUMNS, FundRow, Funds, Indicator, Report
from model.rules import RuleSet, split_level1

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_DONE_WORDS = ("完成", "按时", "如期", "按期", "已")
_NOT_DONE_WORDS = ("未", "没有", "延期", "逾期", "推迟", "滞后")


def round2(value: Decimal) -> Decimal:
    """Two decimals, half-up (四舍五入)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fund_parts_filled(funds: Funds, column: str) -> bool:
    return any(getattr(funds.row(r), column) is not None for r in ("current", "carryover", "other"))


def effective_total(funds: Funds) -> FundRow:
    """The 年度资金总额 that counts: the parts' sum where any part is filled, else as filed."""
    values: dict[str, Decimal | None] = {}
    for column in FUND_COLUMNS:
        if fund_parts_filled(funds, column):
            parts = (getattr(funds.row(r), column) for r in ("current", "carryover", "other"))
            values[column] = sum((p for p in parts if p is not None), Decimal(0))
        else:
            values[column] = getattr(funds.total, column)
    return FundRow(**values)


@dataclass
class IndicatorScore:
    """What the rules make of one indicator row."""

    target: Parsed
    actual: Parsed
    suggested: Decimal | None  # None: the rules cannot suggest one (reason says why)
    score: Decimal  # the filed score, else the suggested one, else 0
    reason: str | None = None
    achievement: Decimal | None = None  # actual ÷ target in percent, for positive targets
    met: bool | None = None
    operator: str | None = None  # the operator as applied (bare numbers resolved)


@dataclass
class Scores:
    execution_weight: Decimal
    funds_columns: FundRow
    execution_rate: Decimal | None
    execution_score: Decimal | None
    arrival_rate: Decimal | None
    indicators: list[IndicatorScore] = field(default_factory=list)
    level1_totals: dict[str, Decimal] = field(default_factory=dict)
    level1_weights: dict[str, Decimal] = field(default_factory=dict)
    level1_labelled: dict[str, Decimal] = field(default_factory=dict)  # 产出指标（50分）: the 50
    weight_total: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    suggested_total: Decimal = Decimal(0)
    grade: str = ""


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _clamp(value: Decimal, weight: Decimal) -> Decimal:
    return round2(max(Decimal(0), min(weight, value)))


def _band_score(indicator: Indicator, weight: Decimal, ruleset: RuleSet) -> tuple[Decimal | None, str | None]:
    band = ruleset.band(indicator.band)
    if band is None:
        return None, "定性指标尚未选择评价档次"
    return _clamp(band.default * weight / HUNDRED, weight), None


def _deadline_score(target: Parsed, actual: Parsed, weight: Decimal) -> tuple[Decimal | None, str | None, bool | None]:
    assert target.date is not None
    if actual.kind in (notation.DATE, notation.DEADLINE) and actual.date is not None:
        met = actual.date <= target.date
        return (weight if met else Decimal(0)), None, met
    if actual.kind == notation.QUANTITY and actual.unit == "%" and actual.value is not None:
        # A completion rate by the deadline (100% = all on time).
        return _clamp(actual.value * weight / HUNDRED, weight), None, actual.value >= HUNDRED
    if actual.kind == notation.QUALITATIVE:
        text = actual.text
        if any(w in text for w in _NOT_DONE_WORDS):
            return Decimal(0), None, False
        if any(w in text for w in _DONE_WORDS):
            return weight, None, True
    return None, "时效指标的实际完成值应写完成日期或按期完成率", None


def score_indicator(indicator: Indicator, ruleset: RuleSet, year: int | None) -> IndicatorScore:
    """The suggested score of one row, with what it was worked out from."""
    target = notation.parse(indicator.target, year)
    actual = notation.parse(indicator.actual, year)
    weight = indicator.weight
    suggested: Decimal | None = None
    reason: str | None = None
    achievement: Decimal | None = None
    met: bool | None = None
    operator: str | None = None
    if weight is None:
        reason = "未填分值"
    elif target.kind == notation.QUALITATIVE:
        suggested, reason = _band_score(indicator, weight, ruleset)
    elif target.kind in (notation.DEADLINE, notation.DATE):
        suggested, reason, met = _deadline_score(target, actual, weight)
    elif target.kind in (notation.QUANTITY, notation.RELATIVE):
        assert target.value is not None
        if actual.kind not in (notation.QUANTITY, notation.RELATIVE) or actual.value is None:
            reason = "实际完成值不是数值，无法与目标值比较"
        elif not notation.units_compatible(target, actual):
            reason = f"单位不一致（目标“{target.unit or '无'}”，实际“{actual.unit or '无'}”）"
        else:
            operator = target.operator or ruleset.bare_operator
            t, a = target.value, actual.value
            if operator in (notation.LE, notation.LT):
                met = a < t if operator == notation.LT else a <= t
                if met:
                    suggested = weight
                elif t == 0:
                    suggested = Decimal(0)
                elif ruleset.reverse_rule == "ratio":
                    suggested = _clamp(t / a * weight, weight)
                else:
                    suggested = _clamp((1 - (a - t) / t) * weight, weight)
            else:
                if t == 0:
                    met = a == 0 if operator == notation.EQ else (a > 0 if operator == notation.GT else a >= 0)
                    suggested = weight if met else Decimal(0)
                else:
                    achievement = round2(a / t * HUNDRED)
                    met = a > t if operator == notation.GT else a >= t
                    suggested = weight if met else _clamp(a / t * weight, weight)
    elif target.kind == notation.EMPTY:
        reason = "未填年度指标值"
    else:
        reason = f"年度指标值无法识别（{target.problem}）"
    if suggested is not None:
        suggested = round2(suggested)
    score = round2(indicator.score) if indicator.score is not None else suggested if suggested is not None else Decimal(0)
    return IndicatorScore(target, actual, suggested, score, reason, achievement, met, operator)


def score_report(report: Report, ruleset: RuleSet) -> Scores:
    """All scores of a report under ``ruleset``."""
    columns = effective_total(report.funds)
    weight = ruleset.execution_weight
    rate = _ratio(columns.executed, columns.annual)
    execution_rate = round2(rate * HUNDRED) if rate is not None else None
    execution_score = _clamp(rate * weight, weight) if rate is not None else None
    arrival = _ratio(report.funds.arrived, columns.annual)
    scores = Scores(
        execution_weight=weight,
        funds_columns=columns,
        execution_rate=execution_rate,
        execution_score=execution_score,
        arrival_rate=round2(arrival * HUNDRED) if arrival is not None else None,
    )
    year = report.year or None
    for indicator in report.indicators:
        scores.indicators.append(score_indicator(indicator, ruleset, year))
    for indicator, result in zip(report.indicators, scores.indicators, strict=False):
        name, labelled = split_level1(indicator.level1)
        scores.level1_totals[name] = scores.level1_totals.get(name, Decimal(0)) + result.score
        scores.level1_weights[name] = scores.level1_weights.get(name, Decimal(0)) + (indicator.weight or Decimal(0))
        if labelled is not None:
            scores.level1_labelled.setdefault(name, labelled)
    filed_weight = report.funds.weight if report.funds.weight is not None else weight
    scores.weight_total = filed_weight + sum(scores.level1_weights.values(), Decimal(0))
    base = execution_score or Decimal(0)
    scores.total = round2(base + sum((r.score for r in scores.indicators), Decimal(0)))
    scores.suggested_total = round2(
        base + sum((r.suggested for r in scores.indicators if r.suggested is not None), Decimal(0))
    )
    scores.grade = ruleset.grade(scores.total)
    return scores
