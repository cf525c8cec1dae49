"""Scores as the rules give them (DOMAIN.md §4, §9): execution, each indicator or each
二级指标 group, totals, grade — or none at all on an unscored form.

Everything is Decimal. A figure is rounded the rule set's way (half-up or truncated, two
decimals) where it is computed: the execution rate and score, each suggested score, the
total; sums of rounded scores are not rounded again.

Three scoring modes (``RuleSet.scoring``, or the report's own ``scoring``):

* ``indicator`` — each 三级指标 has 分值 and 得分 (the national form);
* ``group`` — one 分值 and 得分 per 二级指标 (Hubei 黄石): quantitative indicators with
  the same unit and direction are pooled first (完成数汇总: Σ actual ÷ Σ target), then the
  group's weight is shared equally between the pool(s) and the other indicators;
* ``none`` — no scores, no total, no grade.

Rows marked not applicable (``/``, ``不适用``) are left out; the rule set says whether the
applicable scores are then rescaled to 100 (the national note: 按百分制折算).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from model import notation
from model.direction import Direction, operator_for, read_direction
from model.fields import FUND_COLUMN_LABELS
from model.notation import Parsed
from model.report import FUND_COLUMNS, FundRow, Funds, Indicator, Report
from model.rules import RuleSet, split_level1

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
_DONE_WORDS = ("完成", "按时", "如期", "按期", "已")
_NOT_DONE_WORDS = ("未", "没有", "延期", "逾期", "推迟", "滞后")
GROUP_NOTE = "按二级指标分组评分"


def round2(value: Decimal) -> Decimal:
    """Two decimals, half-up (四舍五入): for figures compared with what a form printed."""
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


def scoring_mode(report: Report, ruleset: RuleSet) -> str:
    """indicator, group or none: the report's own word, else the rule set's."""
    return report.scoring or ruleset.scoring


@dataclass
class IndicatorScore:
    """What the rules make of one indicator row."""

    target: Parsed
    actual: Parsed
    suggested: Decimal | None  # None: the rules cannot suggest one (reason says why)
    score: Decimal  # what counts: the filed score, else the suggested one, else 0
    reason: str | None = None
    achievement: Decimal | None = None  # actual ÷ target in percent, for positive targets
    met: bool | None = None
    operator: str | None = None  # the operator as applied (bare numbers resolved)
    direction: Direction | None = None  # for quantity targets: higher or lower is better
    applicable: bool = True  # False: marked / or 不适用, not assessed
    counted: bool = True  # its own score counts (indicator mode, applicable)
    blank: bool = False  # the form's 得分 cell is blank (format version 2): the audit says so
    fraction: Decimal | None = None  # the suggested share of the weight, unrounded


@dataclass
class GroupScore:
    """One 二级指标 of a form scored per group."""

    level1: str
    level2: str
    weight: Decimal | None  # as printed, else the 一级 weight shared (``derived``)
    suggested: Decimal | None
    score: Decimal
    filed: Decimal | None  # the 得分 the form printed
    derived: bool = False  # the weight was not printed: the suggestion is only indicative
    blank: bool = False
    reason: str | None = None
    members: tuple[int, ...] = ()  # indices of its indicator rows
    index: int | None = None  # its place in report.groups (None: implied by the rows only)


@dataclass
class Scores:
    execution_weight: Decimal
    funds_columns: FundRow
    execution_rate: Decimal | None
    execution_score: Decimal | None
    arrival_rate: Decimal | None
    mode: str = "indicator"
    indicators: list[IndicatorScore] = field(default_factory=list)
    groups: list[GroupScore] = field(default_factory=list)
    level1_totals: dict[str, Decimal] = field(default_factory=dict)
    level1_weights: dict[str, Decimal] = field(default_factory=dict)
    level1_labelled: dict[str, Decimal] = field(default_factory=dict)  # 产出指标（50分）: the 50
    weight_total: Decimal = Decimal(0)
    total: Decimal | None = Decimal(0)  # None: the form has no scores
    suggested_total: Decimal | None = Decimal(0)
    grade: str | None = ""
    rescaled: bool = False  # not-applicable rows left out and the rest rescaled to 100
    applicable_weight: Decimal = Decimal(0)

    @property
    def scored(self) -> bool:
        return self.mode != "none"


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _unit_share(value: Decimal) -> Decimal:
    return max(Decimal(0), min(Decimal(1), value))


@dataclass
class _Share:
    """What part of its weight an indicator earns (0–1), unrounded, and why."""

    fraction: Decimal | None = None
    reason: str | None = None
    met: bool | None = None
    achievement: Decimal | None = None
    operator: str | None = None
    direction: Direction | None = None


def _quantity_share(t: Decimal, a: Decimal, operator: str, ruleset: RuleSet) -> _Share:
    share = _Share(operator=operator)
    if operator in (notation.LE, notation.LT):
        share.met = a < t if operator == notation.LT else a <= t
        if share.met:
            share.fraction = Decimal(1)
        elif t == 0:
            share.fraction = Decimal(0)
        elif ruleset.reverse_rule == "ratio":
            share.fraction = _unit_share(t / a)
        else:
            share.fraction = _unit_share(1 - (a - t) / t)
    elif t == 0:
        share.met = a == 0 if operator == notation.EQ else (a > 0 if operator == notation.GT else a >= 0)
        share.fraction = Decimal(1) if share.met else Decimal(0)
    else:
        share.achievement = round2(a / t * HUNDRED)
        share.met = a > t if operator == notation.GT else a >= t
        share.fraction = Decimal(1) if share.met else _unit_share(a / t)
    return share


def _deadline_share(target: Parsed, actual: Parsed) -> _Share:
    assert target.date is not None
    if actual.kind in (notation.DATE, notation.DEADLINE) and actual.date is not None:
        met = actual.date <= target.date
        return _Share(Decimal(1) if met else Decimal(0), met=met)
    if actual.kind == notation.QUANTITY and actual.unit == "%" and actual.value is not None:
        # A completion rate by the deadline (100% = all on time).
        return _Share(_unit_share(actual.value / HUNDRED), met=actual.value >= HUNDRED)
    if actual.kind == notation.QUALITATIVE:
        text = actual.text
        if any(w in text for w in _NOT_DONE_WORDS):
            return _Share(Decimal(0), met=False)
        if any(w in text for w in _DONE_WORDS):
            return _Share(Decimal(1), met=True)
    return _Share(reason="时效指标的实际完成值应写完成日期或按期完成率")


def _share(indicator: Indicator, target: Parsed, actual: Parsed, ruleset: RuleSet) -> _Share:
    """The share of its weight ``indicator`` earns under ``ruleset``."""
    if target.kind == notation.QUALITATIVE:
        band = ruleset.band(indicator.band)
        if band is None:
            return _Share(reason="定性指标尚未选择评价档次")
        return _Share(_unit_share(band.default / HUNDRED))
    if target.kind in (notation.DEADLINE, notation.DATE):
        return _deadline_share(target, actual)
    if target.kind in (notation.QUANTITY, notation.RELATIVE):
        assert target.value is not None
        direction = read_direction(indicator, target, ruleset)
        if actual.kind not in (notation.QUANTITY, notation.RELATIVE) or actual.value is None:
            return _Share(reason="实际完成值不是数值，无法与目标值比较", direction=direction)
        if not (notation.units_compatible(target, actual) or notation.units_alike(target, actual)):
            return _Share(reason=f"单位不一致（目标“{target.unit or '无'}”，实际“{actual.unit or '无'}”）",
                          direction=direction)
        share = _quantity_share(target.value, actual.value, operator_for(direction, target, ruleset), ruleset)
        share.direction = direction
        return share
    if target.kind == notation.EMPTY:
        return _Share(reason="未填年度指标值")
    return _Share(reason=f"年度指标值无法识别（{target.problem}）")


def _counted(filed: Decimal | None, suggested: Decimal | None, ruleset: RuleSet) -> Decimal:
    """What a score cell counts for in the total: the score filed, else the suggested
    one, else nothing."""
    if filed is not None:
        return ruleset.round(filed)
    return suggested if suggested is not None else Decimal(0)


def _not_applicable(target: Parsed, actual: Parsed) -> bool:
    return notation.NOT_APPLICABLE in (target.kind, actual.kind)


def score_indicator(indicator: Indicator, ruleset: RuleSet, year: int | None, *,
                    blank_is_suggested: bool = True) -> IndicatorScore:
    """The suggested score of one row (per-indicator scoring), with what it was worked out from."""
    target = notation.parse(indicator.target, year)
    actual = notation.parse(indicator.actual, year)
    if _not_applicable(target, actual):
        return IndicatorScore(target, actual, None, Decimal(0), "不适用，不考核", applicable=False, counted=False)
    share = _share(indicator, target, actual, ruleset)
    weight = indicator.weight
    suggested: Decimal | None = None
    reason = share.reason
    if weight is None:
        reason = "未填分值"
    elif share.fraction is not None:
        suggested = ruleset.round(share.fraction * weight)
    score = _counted(indicator.score, suggested, ruleset)
    return IndicatorScore(target, actual, suggested, score, reason, share.achievement, share.met, share.operator,
                          share.direction, blank=indicator.score is None and not blank_is_suggested,
                          fraction=share.fraction)


def _unscored(indicator: Indicator, ruleset: RuleSet, year: int | None, why: str) -> IndicatorScore:
    """A row whose own score does not count (group or unscored forms): only how it did."""
    target = notation.parse(indicator.target, year)
    actual = notation.parse(indicator.actual, year)
    if _not_applicable(target, actual):
        return IndicatorScore(target, actual, None, Decimal(0), "不适用，不考核", applicable=False, counted=False)
    share = _share(indicator, target, actual, ruleset)
    return IndicatorScore(target, actual, None, Decimal(0), share.reason or why, share.achievement, share.met,
                          share.operator, share.direction, counted=False, fraction=share.fraction)


def _group_key(level1: str, level2: str, ruleset: RuleSet) -> tuple[str, str]:
    return ruleset.level1_key(level1), ruleset.level2_key(level2)


def _pooled_fraction(report: Report, members: tuple[int, ...], results: list[IndicatorScore],
                     ruleset: RuleSet) -> tuple[Decimal | None, str | None]:
    """完成数汇总: quantitative rows with one unit and direction pooled, then every item
    (a pool or another row) earns an equal part of the group's weight."""
    pools: dict[tuple[str, str], list[tuple[Decimal, Decimal]]] = {}
    items: list[Decimal | None] = []
    reasons: list[str] = []
    for i in members:
        result = results[i]
        if not result.applicable:
            continue
        target, actual = result.target, result.actual
        pooled = (target.kind == notation.QUANTITY and actual.kind == notation.QUANTITY and result.operator
                  and target.value is not None and actual.value is not None and notation.units_compatible(target, actual))
        if pooled:
            assert target.value is not None and actual.value is not None and result.operator is not None
            pools.setdefault((target.unit, result.operator), []).append((target.value, actual.value))
        else:
            items.append(result.fraction)
            if result.fraction is None and result.reason:
                reasons.append(f"“{report.indicators[i].name}”{result.reason}")
    for (_unit, operator), pairs in pools.items():
        total_target = sum((t for t, _a in pairs), Decimal(0))
        total_actual = sum((a for _t, a in pairs), Decimal(0))
        items.append(_quantity_share(total_target, total_actual, operator, ruleset).fraction)
    if not items:
        return None, "该二级指标下没有可考核的三级指标"
    if any(item is None for item in items):
        return None, "；".join(reasons) or "部分指标无法计算"
    return sum((item for item in items if item is not None), Decimal(0)) / len(items), None


def _score_groups(report: Report, ruleset: RuleSet, results: list[IndicatorScore], scores: Scores,
                  blank_is_suggested: bool) -> None:
    members: dict[tuple[str, str], list[int]] = {}
    for i, indicator in enumerate(report.indicators):
        members.setdefault(_group_key(indicator.level1, indicator.level2, ruleset), []).append(i)
    keyed: dict[tuple[str, str], tuple[int | None, Decimal | None, Decimal | None]] = {}
    for position, group in enumerate(report.groups):
        keyed.setdefault(_group_key(group.level1, group.level2, ruleset), (position, group.weight, group.score))
    for key in members:
        keyed.setdefault(key, (None, None, None))
    per_level1: dict[str, int] = {}
    for level1, _level2 in keyed:
        per_level1[level1] = per_level1.get(level1, 0) + 1
    for (level1, level2), (index, weight, filed) in keyed.items():
        derived = False
        if weight is None:
            rule = ruleset.level1_named(level1)
            if rule is not None and rule.weight is not None:
                weight, derived = rule.weight / per_level1[level1], True
        rows = tuple(members.get((level1, level2), ()))
        fraction, reason = _pooled_fraction(report, rows, results, ruleset)
        suggested = ruleset.round(fraction * weight) if fraction is not None and weight is not None else None
        if weight is None and reason is None:
            reason = "未填分值"
        score = _counted(filed, suggested, ruleset)
        scores.groups.append(GroupScore(level1, level2, weight, suggested, score, filed, derived,
                                        filed is None and not blank_is_suggested, reason, rows, index))


def _rescale(value: Decimal, scores: Scores, full: Decimal, ruleset: RuleSet) -> Decimal:
    if not scores.rescaled or scores.applicable_weight == 0:
        return value
    return ruleset.round(value * full / scores.applicable_weight)


def score_report(report: Report, ruleset: RuleSet) -> Scores:
    """All scores of a report under ``ruleset``."""
    mode = scoring_mode(report, ruleset)
    columns = effective_total(report.funds)
    weight = ruleset.execution_weight
    rate = _ratio(columns.executed, columns.annual)
    execution_rate = ruleset.round(rate * HUNDRED) if rate is not None else None
    scored = mode != "none"
    execution_score = ruleset.round(ruleset.execution_score(rate)) if rate is not None and scored else None
    arrival = _ratio(report.funds.arrived, columns.annual)
    scores = Scores(
        execution_weight=weight,
        funds_columns=columns,
        execution_rate=execution_rate,
        execution_score=execution_score,
        arrival_rate=ruleset.round(arrival * HUNDRED) if arrival is not None else None,
        mode=mode,
    )
    year = report.year or None
    blank_is_suggested = report.blank_scores != "blank"
    for indicator in report.indicators:
        if mode == "indicator":
            scores.indicators.append(score_indicator(indicator, ruleset, year, blank_is_suggested=blank_is_suggested))
        else:
            scores.indicators.append(_unscored(indicator, ruleset, year, GROUP_NOTE if mode == "group" else "本表不评分"))
    for indicator, result in zip(report.indicators, scores.indicators, strict=True):
        labelled = split_level1(indicator.level1)[1]
        name = ruleset.level1_key(indicator.level1)
        if labelled is not None:
            scores.level1_labelled.setdefault(name, labelled)
        if mode == "indicator":
            if result.counted:
                scores.level1_totals[name] = scores.level1_totals.get(name, Decimal(0)) + result.score
            scores.level1_weights[name] = scores.level1_weights.get(name, Decimal(0)) + (indicator.weight or Decimal(0))
    if not scored:
        scores.total = scores.suggested_total = scores.grade = None
        return scores
    if mode == "group":
        _score_groups(report, ruleset, scores.indicators, scores, blank_is_suggested)
        for group in scores.groups:
            scores.level1_totals[group.level1] = scores.level1_totals.get(group.level1, Decimal(0)) + group.score
            scores.level1_weights[group.level1] = scores.level1_weights.get(group.level1, Decimal(0)) + (group.weight or Decimal(0))
    filed_weight = report.funds.weight if report.funds.weight is not None else weight
    scores.weight_total = filed_weight + sum(scores.level1_weights.values(), Decimal(0))
    base = execution_score or Decimal(0)
    if mode == "group":
        counted = [g.score for g in scores.groups]
        suggested = [g.suggested for g in scores.groups if g.suggested is not None]
        scores.applicable_weight = scores.weight_total
    else:
        counted = [r.score for r in scores.indicators if r.counted]
        suggested = [r.suggested for r in scores.indicators if r.counted and r.suggested is not None]
        left_out = [ind.weight or Decimal(0) for ind, r in zip(report.indicators, scores.indicators, strict=True)
                    if not r.applicable]
        scores.applicable_weight = scores.weight_total - sum(left_out, Decimal(0))
        scores.rescaled = ruleset.rescale_not_applicable and scores.applicable_weight != scores.weight_total
    scores.total = _rescale(base + sum(counted, Decimal(0)), scores, HUNDRED, ruleset)
    scores.suggested_total = _rescale(base + sum(suggested, Decimal(0)), scores, HUNDRED, ruleset)
    scores.grade = ruleset.grade(scores.total)
    return scores


def execution_rate_problem(funds: Funds) -> str | None:
    """Why no execution rate can be computed, naming the empty field (None: it can)."""
    columns = effective_total(funds)
    if columns.annual is None or columns.annual == 0:
        return f"{FUND_COLUMN_LABELS['annual']}{'为 0' if columns.annual == 0 else '未填写'}"
    if columns.executed is None:
        return f"{FUND_COLUMN_LABELS['executed']}未填写"
    return None

