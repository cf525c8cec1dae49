"""Each indicator row: its place in the 一级/二级 structure, how target and actual are
written, units, deadlines, direction, the score as filed and the deviation notes."""

from __future__ import annotations

from decimal import Decimal

from model import notation
from model.audit.findings import ERROR, INFO, WARNING, Context, Place, fmt, indicator_place
from model.direction import CLERK, DIRECTION_WORDS, HIGHER, LOWER, is_money
from model.fields import indicator_field
from model.notation import Parsed
from model.report import Indicator
from model.rules import REVERSE_RULE_WORDS
from model.scoring import IndicatorScore
from model.values import percent

TARGET, ACTUAL, NAME, BAND, NOTE = (indicator_field(k).label for k in ("target", "actual", "name", "band", "note"))
BAND_CHOICES = "达成年度指标、部分达成年度指标并具有一定效果，或未达成年度指标且效果较差"


def _is_sentence(actual: Parsed) -> bool:
    """An actual that tells what was done in words, with figures in it (开展低碳环保主题
    科普活动6场): a fair answer to a qualitative target."""
    return bool(actual.label) or actual.kind == notation.UNPARSED


def check_structure(ctx: Context, index: int, ind: Indicator) -> None:
    rules = ctx.ruleset
    level1, owner = rules.level1_named(ind.level1), rules.level1_of(ind.level2)
    place = indicator_place(index, ind, "level1")
    if level1 is None:
        ctx.add(ERROR, "indicator.level1-unknown", place,
                f"一级指标“{ind.level1 or '（空）'}”不在评分规则中，应为 {'、'.join(item.name for item in rules.level1)} 之一。")
    elif owner is None:
        ctx.add(WARNING, "indicator.level2-unknown", indicator_place(index, ind, "level2"),
                f"二级指标“{ind.level2 or '（空）'}”不在评分规则中，“{level1.name}”下应为 {'、'.join(level1.level2)} 之一。")
    elif owner.name != level1.name:
        ctx.add(ERROR, "indicator.level2-misplaced", place,
                f"二级指标“{ind.level2}”属于一级指标“{owner.name}”，却填在了“{level1.name}”下。请改到“{owner.name}”。")


def check_notation(ctx: Context, index: int, ind: Indicator, result: IndicatorScore) -> None:
    """How target and actual are written: missing, unreadable, units, deadlines, operators."""
    year = ctx.report.year
    target, actual = result.target, result.actual

    def place(column: str) -> Place:
        return indicator_place(index, ind, column)

    if target.kind == notation.EMPTY:
        ctx.add(ERROR, "indicator.target-missing", place("target"), f"{TARGET}未填写。")
    elif target.kind == notation.UNPARSED:
        ctx.add(WARNING, "indicator.target-unparsed", place("target"),
                f"{TARGET}“{target.text}”无法识别（{target.problem}）。请写成如“≥5次”“≤28万元”“2022年12月31日前”或定性描述。")
    if actual.kind == notation.EMPTY:
        ctx.add(ERROR, "indicator.actual-missing", place("actual"), f"{ACTUAL}未填写。")
    elif actual.kind == notation.UNPARSED and target.kind != notation.QUALITATIVE:
        ctx.add(WARNING, "indicator.actual-unparsed", place("actual"), f"{ACTUAL}“{actual.text}”无法识别（{actual.problem}）。")
    if target.kind == notation.QUANTITY and target.unit == "万":
        ctx.add(WARNING, "indicator.unit-incomplete", place("target"),
                f"{TARGET}“{target.text}”只写了数量级“万”，请写完整单位，如“万次”“万元”“万人次”。")
    if target.is_numeric and actual.is_numeric:
        if notation.units_alike(target, actual) and not notation.units_compatible(target, actual):
            ctx.add(WARNING, "indicator.unit-differs", place("actual"),
                    f"{ACTUAL}的单位“{actual.unit}”与{TARGET}的单位“{target.unit}”写法不同"
                    f"（“{target.text}”对“{actual.text}”），按同一计量比较。请统一单位写法。")
        elif not notation.units_compatible(target, actual):
            ctx.add(ERROR, "indicator.unit-mismatch", place("actual"),
                    f"{ACTUAL}的单位“{actual.unit or '无'}”与{TARGET}的单位“{target.unit or '无'}”不一致"
                    f"（“{target.text}”对“{actual.text}”），无法比较。请用同一单位填写。")
        elif target.unit and not actual.unit:
            ctx.add(INFO, "indicator.bare-actual", place("actual"),
                    f"{ACTUAL}“{actual.text}”没有单位，按{TARGET}的单位“{target.unit}”理解。")
        if actual.kind == notation.QUANTITY and actual.operator is not None:
            ctx.add(WARNING, "indicator.actual-operator", place("actual"),
                    f"{ACTUAL}“{actual.text}”带有“{actual.operator}”，像是照抄了{TARGET}。请填写实际达到的数值。")
    elif target.is_numeric and actual.kind == notation.QUALITATIVE:
        nothing = actual.text.strip() in ("无", "—", "——", "-", "没有")
        advice = "如确实没有完成，请填 0 并在偏差原因中说明" if nothing else "请填写实际达到的数值"
        ctx.add(WARNING, "indicator.actual-not-numeric", place("actual"),
                f"{TARGET}“{target.text}”是数值，{ACTUAL}却写了“{actual.text[:20]}”，无法比较。{advice}。")
    if target.kind in (notation.DEADLINE, notation.DATE) and target.date and year and target.date.year != year:
        ctx.add(ERROR, "indicator.deadline-outside-year", place("target"),
                f"时限“{target.text}”不在评价年度 {year} 年内。年度指标的时限应在 {year}年12月31日前。")
    bounded = target.kind == notation.QUANTITY and target.operator in (notation.LE, notation.LT)
    money = target.kind == notation.QUANTITY and is_money(target.unit)
    if ctx.ruleset.is_cost(ind.level2) and money and not bounded:
        ctx.add(WARNING, "indicator.cost-operator", place("target"),
                f"成本指标的{TARGET}应写上限，如“≤{fmt(target.value)}{target.unit}”，现为“{target.text}”。")
    direction = result.direction
    if direction is not None and direction.source == CLERK and target.operator is not None:
        written = {notation.LE: LOWER, notation.LT: LOWER, notation.GE: HIGHER, notation.GT: HIGHER}.get(target.operator)
        if written is not None and written != direction.direction:
            ctx.add(WARNING, "indicator.direction-conflict", place("direction"),
                    f"方向选的是“{DIRECTION_WORDS[direction.direction]}”，{TARGET}“{target.text}”的运算符却表示"
                    f"“{DIRECTION_WORDS[written]}”。按运算符计分；请改正其中一处。")


def check_qualitative(ctx: Context, index: int, ind: Indicator, result: IndicatorScore) -> None:
    rules, actual = ctx.ruleset, result.actual

    def place(column: str) -> Place:
        return indicator_place(index, ind, column)

    if actual.is_numeric and not _is_sentence(actual):
        ctx.add(WARNING, "indicator.qualitative-numeric", place("actual"),
                f"{TARGET}“{result.target.text}”是定性的，{ACTUAL}却只写了数字“{actual.text}”。"
                f"请用文字写出实际达成情况{'，并选择' + BAND if ctx.scores.scored else ''}。")
    if not ctx.scores.scored:
        return
    band = rules.band(ind.band)
    if band is None:
        ctx.add(WARNING, "indicator.band-missing", place("band"),
                f"定性指标请选择{BAND}（{BAND_CHOICES}），以便核对得分是否在该档次范围内。")
    elif ctx.scores.mode == "indicator" and ind.weight and ind.score is not None:
        share = ind.score / ind.weight * 100
        top = band.high if band.key == "达成" else band.high - Decimal("0.0001")
        if not band.low <= share <= top:
            ctx.add(ERROR, "indicator.score-outside-band", place("score"),
                    f"档次“{band.label}”的得分应在分值的 {fmt(band.low)}%–{fmt(band.high)}% 之间"
                    f"（{fmt(rules.round(ind.weight * band.low / 100))}–{fmt(rules.round(ind.weight * band.high / 100))} 分），"
                    f"现为 {fmt(ind.score)} 分。")
    if band is not None and band.key != "达成" and not ind.note.strip():
        ctx.add(WARNING, "indicator.note-missing", place("note"), f"该指标{band.label}，请在“{NOTE}”中说明原因。")


def explain(ctx: Context, result: IndicatorScore) -> str:
    if result.met:
        return f"已达到{TARGET}，得满分"
    if result.operator in (notation.LE, notation.LT):
        return f"反向指标超出目标，按{REVERSE_RULE_WORDS[ctx.ruleset.reverse_rule]}计分"
    return f"未达到{TARGET}，按实际值÷目标值×分值计分"


def check_score(ctx: Context, index: int, ind: Indicator, result: IndicatorScore) -> None:
    """The filed score against the suggestion, and the notes a deviation needs."""

    def place(column: str) -> Place:
        return indicator_place(index, ind, column)

    rules = ctx.ruleset
    if result.suggested is not None and ind.score is not None and ctx.scores.mode == "indicator" \
            and rules.round(ind.score) != result.suggested and result.target.kind != notation.QUALITATIVE:
        ctx.add(WARNING, "indicator.score-differs", place("score"),
                f"填写的得分 {fmt(ind.score)} 与按规则计算的建议得分 {fmt(result.suggested)} 不同"
                f"（{explain(ctx, result)}）。如确需调整，请在偏差原因中说明。")
    if result.blank and ctx.scores.mode == "indicator":
        advice = f"按规则建议 {fmt(result.suggested)} 分" if result.suggested is not None else "规则无法给出建议得分"
        ctx.add(WARNING, "indicator.score-blank", place("score"), f"得分栏空白，{advice}。请填写得分。")
    if result.target.kind == notation.QUALITATIVE or result.fraction is None:
        return
    if result.met is False and not ind.note.strip():
        ctx.add(WARNING, "indicator.note-missing", place("note"),
                f"{ACTUAL}未达到{TARGET}，请在“{NOTE}”中说明原因和改进措施。")
    if result.achievement is not None and result.achievement >= rules.over_achievement and not ind.note.strip():
        ctx.add(WARNING, "indicator.note-over-achievement", place("note"),
                f"{ACTUAL}为{TARGET}的 {percent(result.achievement)}，超过 {fmt(rules.over_achievement)}%。"
                "请说明超额原因（目标定得过低可能被扣分）。")


def check_indicator(ctx: Context, index: int, ind: Indicator, result: IndicatorScore) -> None:
    check_structure(ctx, index, ind)
    if not ind.name.strip():
        ctx.add(ERROR, "indicator.name-missing", indicator_place(index, ind, "name"), f"{NAME}名称未填写。")
    if not result.applicable:
        return
    if ctx.scores.mode == "indicator" and ind.weight is None:
        ctx.add(ERROR, "indicator.weight-missing", indicator_place(index, ind, "weight"), "该指标没有分值，请填写。")
    check_notation(ctx, index, ind, result)
    if result.target.kind == notation.QUALITATIVE:
        check_qualitative(ctx, index, ind, result)
    check_score(ctx, index, ind, result)
    if ctx.scores.mode == "indicator" and ind.score is not None and ind.weight is not None and ind.score > ind.weight:
        ctx.add(ERROR, "indicator.score-over-weight", indicator_place(index, ind, "score"),
                f"得分 {fmt(ind.score)} 超过了分值 {fmt(ind.weight)}。")


def check_indicators(ctx: Context) -> None:
    for index, (indicator, result) in enumerate(zip(ctx.report.indicators, ctx.scores.indicators, strict=True)):
        check_indicator(ctx, index, indicator, result)
