"""Weights and totals: the 一级 structure against the rule set, weights that do not add
up, and what the form printed for 总分, 等级, subtotals and the 分值 total against the
sum of its own printed scores (稷山 prints 94 and sums to 93; 中江 prints 100, sums to 110).
Scored forms only, except the check that every 一级 has rows."""

from __future__ import annotations

from decimal import Decimal

from model.audit.findings import ERROR, WARNING, Context, fmt, table_place
from model.audit.funds import places
from model.values import plain

GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "合格": "中",
               "差": "差", "较差": "差", "不合格": "差"}


def check_structure(ctx: Context) -> None:
    """Every 一级 of the rule set has rows (an optional one may be left out)."""
    present = {ctx.ruleset.level1_key(i.level1) for i in ctx.report.indicators}
    present |= {ctx.ruleset.level1_key(g.level1) for g in ctx.report.groups}
    for level1 in ctx.ruleset.level1:
        if level1.name not in present and not level1.optional:
            severity = ERROR if ctx.scores.scored else WARNING
            ctx.add(severity, "level1.no-indicators", table_place(f"一级指标“{level1.name}”"),
                    f"一级指标“{level1.name}”下没有任何三级指标，请至少设置一项。")


def _weights_known(ctx: Context) -> bool:
    """Whether every weight that makes the 分值 total was printed (a not-applicable row
    with a blank weight, or a group form printing only 一级 weights, leaves it unknown)."""
    scores = ctx.scores
    if scores.mode == "group":
        return not any(g.derived for g in scores.groups) and all(g.weight is not None for g in scores.groups)
    return all(i.weight is not None or r.applicable for i, r in zip(ctx.report.indicators, scores.indicators, strict=True))


def check_weights(ctx: Context) -> None:
    rules, scores, report = ctx.ruleset, ctx.scores, ctx.report
    execution = report.funds.weight if report.funds.weight is not None else rules.execution_weight
    printed = report.filed.weight_total
    if _weights_known(ctx):
        if scores.weight_total != 100:
            also = f"原表合计栏印的是 {fmt(printed)} 分，" if printed is not None and printed != scores.weight_total else ""
            ctx.add(ERROR, "weights.total", table_place("分值合计"),
                    f"分值合计为 {fmt(scores.weight_total)} 分（预算执行率 {fmt(execution)} 分 + "
                    f"绩效指标 {fmt(scores.weight_total - execution)} 分），{also}应为 100 分。")
        elif printed is not None and printed != scores.weight_total:
            ctx.add(ERROR, "filed.weight-total", table_place("分值合计"),
                    f"原表分值合计印的是 {fmt(printed)} 分，各项分值相加为 {fmt(scores.weight_total)} 分。请改正合计栏。")
    for level1 in rules.level1:
        filed = scores.level1_weights.get(level1.name)
        if filed is None or level1.weight is None or filed == level1.weight:
            continue
        if scores.mode == "group" and any(g.derived for g in scores.groups if g.level1 == level1.name):
            continue
        ctx.add(ERROR, "weights.level1", table_place(f"一级指标“{level1.name}”"),
                f"一级指标“{level1.name}”的分值合计为 {fmt(filed)} 分，评分规则“{rules.name}”规定为 {fmt(level1.weight)} 分。")
    for name, labelled in scores.level1_labelled.items():
        summed = scores.level1_weights.get(name)
        rule = rules.level1_named(name)
        if summed is None or labelled == summed:
            continue
        if rule is not None and rule.weight == labelled and ctx.has("weights.level1"):
            continue  # the label agrees with the rules: weights.level1 already says what is wrong
        ctx.add(ERROR, "weights.level1-label", table_place(f"一级指标“{name}”"),
                f"一级指标写作“{name}（{fmt(labelled)}分）”，其下各指标分值合计却是 {fmt(summed)} 分。"
                "请核对分值；一级指标名称中不必再写分值。")
    indicator_total = sum(scores.level1_weights.values(), Decimal(0))
    free = any(item.weight is None for item in rules.level1)
    if free and _weights_known(ctx) and indicator_total != rules.indicators_weight:
        ctx.add(ERROR, "weights.indicators", table_place("绩效指标分值合计"),
                f"绩效指标的分值合计为 {fmt(indicator_total)} 分，评分规则“{rules.name}”规定为 {fmt(rules.indicators_weight)} 分。")
    if scores.total is not None and scores.total > 100:
        ctx.add(ERROR, "total.over-100", table_place("总分"), f"总分 {fmt(scores.total)} 超过 100 分，请检查分值和得分。")


def _close(printed: Decimal, value: Decimal) -> bool:
    """``printed`` is ``value`` as a form prints it: equal to within one unit of its last decimal."""
    return abs(printed - value) < Decimal(1).scaleb(-min(places(printed), 2))


def _printed_scores(ctx: Context) -> dict[str, list[Decimal | None]]:
    """The printed scores per 一级 (None for a blank cell: then there is no printed sum)."""
    found: dict[str, list[Decimal | None]] = {}
    if ctx.scores.mode == "group":
        for group in ctx.scores.groups:
            found.setdefault(group.level1, []).append(group.filed)
    else:
        for indicator, result in zip(ctx.report.indicators, ctx.scores.indicators, strict=True):
            if result.counted:
                found.setdefault(ctx.ruleset.level1_key(indicator.level1), []).append(indicator.score)
    return found


def check_filed(ctx: Context) -> None:
    """总分, 等级, 一级 subtotals as printed against the printed scores and the rules."""
    filed, scores, rules, report = ctx.report.filed, ctx.scores, ctx.ruleset, ctx.report
    printed = _printed_scores(ctx)
    for name, value in filed.level1.items():
        rows = printed.get(rules.level1_key(name))
        if rows is None:
            ctx.add(WARNING, "filed.level1-unknown", table_place(f"一级指标“{name}”"),
                    f"原表印有一级指标“{name}”的小计 {fmt(value)} 分，但表中没有这个一级指标的行。")
        elif all(v is not None for v in rows):
            summed = sum((v for v in rows if v is not None), Decimal(0))
            if not _close(value, summed):
                ctx.add(ERROR, "filed.level1-sum", table_place(f"一级指标“{name}”"),
                        f"原表一级指标“{name}”的小计印的是 {fmt(value)} 分，其下各项得分相加为 {plain(summed)} 分。")
    total = filed.total
    if total is not None:
        execution = report.funds.declared_score if report.funds.declared_score is not None else scores.execution_score
        parts = [execution, *(v for rows in printed.values() for v in rows)]
        summed_ok = True
        if all(v is not None for v in parts):
            summed = sum((v for v in parts if v is not None), Decimal(0))
            rescaled = summed * 100 / scores.applicable_weight if scores.rescaled and scores.applicable_weight else summed
            if not (_close(total, summed) or _close(total, rescaled)):
                summed_ok = False
                ctx.add(ERROR, "filed.total-sum", table_place("总分"),
                        f"原表总分印的是 {fmt(total)} 分，但原表各项得分（含预算执行率得分）相加为 {plain(summed)} 分。"
                        "请改正总分。")
        if summed_ok and scores.total is not None and not _close(total, scores.total):
            ctx.add(WARNING, "filed.total-differs", table_place("总分"),
                    f"原表总分 {fmt(total)} 分与按评分规则计算的 {fmt(scores.total)} 分不同，原因见执行率和各项得分的提醒。")
    if filed.grade.strip():
        word = filed.grade.strip()
        basis = total if total is not None else scores.total
        expected = rules.grade(basis) if basis is not None else None
        said = GRADE_WORDS.get(word)
        if said is None:
            ctx.add(WARNING, "filed.grade-unknown", table_place("等级"),
                    f"原表等级“{word}”不是 优、良、中、差 之一。")
        elif expected is not None and said != expected:
            what = "原表总分" if total is not None else "计算的总分"
            ctx.add(ERROR, "filed.grade-mismatch", table_place("等级"),
                    f"原表等级“{word}”与{what} {fmt(basis)} 分对应的等级“{expected}”不符。")
        elif word != said:
            ctx.add(WARNING, "filed.grade-word", table_place("等级"), f"等级应写作“{said}”（优、良、中、差），不写“{word}”。")


def check_groups(ctx: Context) -> None:
    """Forms scored per 二级指标: each group's printed score against its weight and the rules."""
    for group in ctx.scores.groups:
        label = f"二级指标“{group.level2 or '（空）'}”"
        if group.index is None:
            ctx.add(WARNING, "group.missing", table_place(label),
                    f"二级指标“{group.level2}”（{group.level1}）下有三级指标，但没有填这一组的分值和得分。")
            continue
        place = table_place(f"{label} / 得分")
        if not group.members:
            ctx.add(WARNING, "group.no-indicators", table_place(label),
                    f"二级指标“{group.level2}”（{group.level1}）填了分值和得分，但下面没有三级指标。")
        if group.filed is not None and group.weight is not None and not group.derived and group.filed > group.weight:
            ctx.add(ERROR, "group.score-over-weight", place, f"{label}的得分 {fmt(group.filed)} 超过了分值 {fmt(group.weight)}。")
        if group.blank and group.suggested is not None:
            ctx.add(WARNING, "group.score-blank", place,
                    f"{label}的得分栏空白。按规则建议 {fmt(group.suggested)} 分（先汇总完成数，再计算得分），请填写。")
        elif (group.filed is not None and group.suggested is not None and not group.derived
              and group.filed != group.suggested):
            ctx.add(WARNING, "group.score-differs", place,
                    f"{label}填写的得分 {fmt(group.filed)} 与按规则计算的建议得分 {fmt(group.suggested)} 不同"
                    "（同单位的定量指标先汇总完成数，再计算得分）。如确需调整，请在偏差原因中说明。")


def check_scored(ctx: Context) -> None:
    check_weights(ctx)
    if ctx.scores.mode == "group":
        check_groups(ctx)
    check_filed(ctx)
