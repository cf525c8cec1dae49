"""The money block: totals against their parts, missing figures, the unit, the execution
rate and score as filed, the execution note."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from model.audit.findings import ERROR, WARNING, Context, Place, fmt
from model.fields import FUND_COLUMN_LABELS as COL
from model.fields import FUND_ROW_LABELS as ROW
from model.fields import field
from model.report import FUND_COLUMNS, FUND_ROWS
from model.rules import ROUNDING_WORDS
from model.scoring import HUNDRED, execution_rate_problem, fund_parts_filled
from model.values import WAN_YUAN, YUAN, percent

# A county project above this many 万元 (10 亿元) is almost certainly filed in 元.
YUAN_SUSPECT = Decimal(100_000)


def places(value: Decimal) -> int:
    """How many decimals ``value`` was written with (86 → 0, 86.2 → 1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rounded_alike(printed: Decimal, exact: Decimal, ctx: Context) -> bool:
    """Whether ``printed`` is ``exact`` written with fewer decimals, rounded the rule
    set's way (86% for 86.20%): a reminder, not a wrong figure."""
    digits = places(printed)
    return digits < 2 and printed == ctx.ruleset.round_to(exact, digits)


def rounded_otherwise(printed: Decimal, exact: Decimal) -> bool:
    """Whether ``printed`` is ``exact`` at two decimals rounded the other way (9.68 for
    9.685 where the rules round half-up): the form's own rounding, a reminder."""
    cent = Decimal("0.01")
    return places(printed) <= 2 and printed in (exact.quantize(cent, rounding=ROUND_DOWN),
                                                 exact.quantize(cent, rounding=ROUND_HALF_UP))


def as_printed(printed: Decimal, exact: Decimal) -> bool:
    """``printed`` is ``exact`` written with fewer decimals, rounded either way (a total
    of 89.97 over parts of 89.974)."""
    unit = Decimal(1).scaleb(-places(printed))
    return places(exact) > places(printed) and printed in (exact.quantize(unit, rounding=ROUND_DOWN),
                                                            exact.quantize(unit, rounding=ROUND_HALF_UP))


def _shortened(printed: Decimal) -> str:
    digits = places(printed)
    return "取整" if digits == 0 else f"只保留 {digits} 位小数"


def check_totals(ctx: Context) -> None:
    funds, scores, unit = ctx.report.funds, ctx.scores, ctx.money_unit
    parts_named = "、".join(ROW[r] for r in ("current", "carryover", "other"))
    for column in FUND_COLUMNS:
        filed = getattr(funds.total, column)
        if fund_parts_filled(funds, column):
            parts = getattr(scores.funds_columns, column)
            if filed is not None and filed != parts and not as_printed(filed, parts):
                ctx.add(ERROR, "funds.total-mismatch", Place.of(f"funds.total.{column}"),
                        f"{ROW['total']}的{COL[column]} {fmt(filed)} {unit}不等于{parts_named}之和 "
                        f"{fmt(parts)} {unit}。请核对各项资金，总额按分项之和计算。")
        elif filed is not None:
            ctx.add(WARNING, "funds.parts-blank", Place.of(f"funds.current.{column}"),
                    f"已填{ROW['total']}的{COL[column]}（{fmt(filed)} {unit}），但{parts_named}都是空的。"
                    "请按资金来源填写分项。")


def check_unit(ctx: Context) -> None:
    """On a 万元 form, an amount above 100 000 万元 was most likely typed in 元: ask."""
    funds = ctx.report.funds
    if funds.unit != WAN_YUAN:
        return
    keys = [f"funds.{row}.{column}" for row in FUND_ROWS for column in FUND_COLUMNS] + ["funds.arrived"]
    for key in keys:
        row, _, column = key.removeprefix("funds.").partition(".")
        value = getattr(funds.row(row), column) if column else funds.arrived
        if value is not None and value > YUAN_SUSPECT:
            ctx.add(WARNING, "funds.unit-suspect", Place.of(key),
                    f"{field(key).name} 为 {fmt(value)} 万元（即 {fmt(value / 10000)} 亿元），一个项目很少有这么多资金。"
                    f"原表的金额单位是不是“{YUAN}”？如是，请在“金额单位”中选择“{YUAN}”；本程序不会自行换算。")
            return


def check_rate(ctx: Context) -> None:
    funds, scores, rules = ctx.report.funds, ctx.scores, ctx.ruleset
    columns, unit = scores.funds_columns, ctx.money_unit
    problem = execution_rate_problem(funds)
    if columns.annual is None or columns.annual == 0:
        ctx.add(ERROR, "funds.annual-missing", Place.of("funds.total.annual"),
                f"{problem}，无法计算预算执行率。请填写调整后的{COL['annual']}。")
    elif columns.executed is None:
        ctx.add(ERROR, "funds.executed-missing", Place.of("funds.total.executed"), f"{problem}，无法计算预算执行率。")
    if columns.annual and columns.executed is not None and columns.executed > columns.annual:
        ctx.add(WARNING, "funds.executed-over-budget", Place.of("funds.total.executed"),
                f"{COL['executed']} {fmt(columns.executed)} {unit}大于{COL['annual']} {fmt(columns.annual)} {unit}，请核对。")
    arrived = field("funds.arrived").label
    if columns.annual and funds.arrived is not None and funds.arrived > columns.annual:
        ctx.add(WARNING, "funds.arrived-over-budget", Place.of("funds.arrived"),
                f"{arrived} {fmt(funds.arrived)} {unit}大于{COL['annual']} {fmt(columns.annual)} {unit}，请核对。")
    rate = scores.execution_rate
    exact = columns.executed / columns.annual * HUNDRED if columns.annual and columns.executed is not None else None
    if funds.declared_rate is not None and rate is not None and exact is not None and funds.declared_rate != rate:
        declared = Place("funds", "funds.declared", f"{ROW['total']} / 执行率")
        if rounded_alike(funds.declared_rate, exact, ctx):
            ctx.add(WARNING, "funds.rate-rounded", declared,
                    f"表中执行率写作 {fmt(funds.declared_rate)}%，是 {percent(rate)} {_shortened(funds.declared_rate)}后的数；"
                    "执行率应保留两位小数。")
        elif rounded_otherwise(funds.declared_rate, exact):
            ctx.add(WARNING, "funds.rate-rounded", declared,
                    f"表中执行率写作 {fmt(funds.declared_rate)}%，按评分规则（{ROUNDING_WORDS[rules.rounding]}）应为 {percent(rate)}。")
        else:
            ctx.add(ERROR, "funds.rate-mismatch", declared,
                    f"表中填报的执行率 {fmt(funds.declared_rate)}% 与实际不符：执行率＝{COL['executed']} {fmt(columns.executed)} ÷ "
                    f"{COL['annual']} {fmt(columns.annual)} ＝ {percent(rate)}。本程序按计算值填表。")
    if rate is not None and rate < rules.execution_note_below and not funds.note.strip():
        ctx.add(WARNING, "funds.note-missing", Place.of("funds.note"),
                f"预算执行率 {percent(rate)} 低于 {fmt(rules.execution_note_below)}%，请说明原因和改进措施。")


def check_score(ctx: Context) -> None:
    """The execution weight and score as filed (scored forms only)."""
    funds, scores, rules = ctx.report.funds, ctx.scores, ctx.ruleset
    if funds.weight is not None and funds.weight != rules.execution_weight:
        ctx.add(ERROR, "funds.weight-mismatch", Place.of("funds.weight"),
                f"预算执行率的分值填的是 {fmt(funds.weight)} 分，评分规则“{rules.name}”规定为 {fmt(rules.execution_weight)} 分。")
    score, declared_score = scores.execution_score, funds.declared_score
    if declared_score is None:
        return
    declared = Place("funds", "funds.declared", f"{ROW['total']} / 得分")
    if declared_score > rules.execution_weight:
        ctx.add(ERROR, "funds.score-over-weight", declared,
                f"表中填报的执行率得分 {fmt(declared_score)} 超过了分值 {fmt(rules.execution_weight)}。")
    if score is None or declared_score == score:
        return
    columns = scores.funds_columns
    assert columns.annual and columns.executed is not None  # a score needs a rate
    exact = rules.execution_score(columns.executed / columns.annual)
    if scores.execution_rate is not None and declared_score == rules.round(rules.execution_score(scores.execution_rate / HUNDRED)):
        return  # worked out from the rate as printed (65.12% × 10): the same figure
    formula = f"{percent(scores.execution_rate)} × {fmt(rules.execution_weight)} 分"
    if rules.execution_full_at != HUNDRED:
        formula += f" ÷ {fmt(rules.execution_full_at)}%"
    if rounded_alike(declared_score, exact, ctx):
        ctx.add(WARNING, "funds.score-rounded", declared,
                f"表中执行率得分写作 {fmt(declared_score)}，是 {fmt(score)} {_shortened(declared_score)}后的数"
                f"（{formula}）；得分应保留两位小数。")
    elif rounded_otherwise(declared_score, exact):
        ctx.add(WARNING, "funds.score-rounded", declared,
                f"表中执行率得分写作 {fmt(declared_score)}，按评分规则（{ROUNDING_WORDS[rules.rounding]}）应为 {fmt(score)}"
                f"（{formula}）。")
    else:
        ctx.add(ERROR, "funds.score-mismatch", declared,
                f"表中填报的执行率得分 {fmt(declared_score)} 与计算值 {fmt(score)} 不符（{formula}）。本程序按计算值填表。")


def check_funds(ctx: Context) -> None:
    check_totals(ctx)
    check_unit(ctx)
    check_rate(ctx)
    if ctx.scores.scored:
        check_score(ctx)
