"""The report's words: header and title, the conclusion's score and grade, figures in the
text against the table, relative time words, hand-typed numbering, last year's copied
paragraphs still unchecked, and the signature."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from model.audit.findings import ERROR, WARNING, Context, Place, fmt, section_place
from model.audit.weights import GRADE_WORDS
from model.carried import unchecked
from model.fields import FUND_COLUMN_LABELS as COL
from model.fields import field, get_value
from model.numbering import typed_number
from model.report import default_title
from model.values import YUAN, percent

RELATIVE_TIME_WORDS = ("今年", "去年", "本年", "明年", "前年")
_CLAUSE_BREAK = re.compile(r"[，。；;,：:！？\n]")
_RATE_MENTION = re.compile(r"(执行率|支出率|到位率)\s*(?:为|达到|达|是|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_AMOUNT_MENTION = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元)")
_IN_WAN = {"亿元": Decimal(10_000), "万元": Decimal(1), "元": Decimal("0.0001")}


def check_header(ctx: Context) -> None:
    r = ctx.report
    for key in ("unit", "project.name", "project.department", "project.implementer"):
        if not str(get_value(r, key)).strip():
            severity = ERROR if key in ("unit", "project.name") else WARNING  # some forms print only one of them
            ctx.add(severity, "header.missing", Place.of(key), f"{field(key).label}未填写，请补充。")
    project = field("project.name").label
    if r.project.name and r.title and r.project.name not in r.title:
        ctx.add(WARNING, "title.project-mismatch", Place.of("title"),
                f"标题中的{project}与自评表的{project}“{r.project.name}”不一致。请统一两处名称"
                f"（可使用默认标题“{default_title(r)}”）。")
    if r.year and r.title and str(r.year) not in r.title:
        ctx.add(WARNING, "title.year-mismatch", Place.of("title"), f"标题中没有{field('year').label} {r.year} 年，请核对标题。")
    if r.kind == "project":
        for place, label, text in ctx.texts():
            if "整体支出" in text:
                ctx.add(ERROR, "text.kind-wording", place,
                        f"{label}写的是“整体支出”，但这是项目支出绩效自评报告。请改为“项目支出”或写明{project}。")


def check_conclusion(ctx: Context) -> None:
    section = ctx.report.section("conclusion")
    if section is None and not ctx.report.sections:
        return  # the score table alone (a transcribed 自评表): no report text to check
    found = next(((p, s, t) for p, s, t in ctx.sections if s is section), None)
    place = section_place(found[0], section, found[2]) if found and section else Place("overview", "section", "综合评价结论")
    text = section.text if section else ""
    total, grade, filed = ctx.scores.total, ctx.scores.grade, ctx.report.filed.total
    if not text.strip():
        what = f"应写明自评总分 {fmt(total)} 分、等级“{grade}”。" if total is not None else "应写明绩效目标的总体完成情况。"
        ctx.add(ERROR, "conclusion.missing", place, f"综合评价结论未填写。{what}")
        return
    if total is None:  # an unscored form: neither score nor grade to state
        return
    stated = [Decimal(m) for m in re.findall(r"(\d+(?:\.\d+)?)\s*分", text)]
    if not stated:
        ctx.add(ERROR, "conclusion.no-score", place, f"综合评价结论没有写自评总分。应写明总分 {fmt(total)} 分。")
    elif all(abs(s - total) > Decimal("0.005") for s in stated):
        if filed is not None and filed in stated:
            ctx.add(WARNING, "conclusion.score-as-filed", place,
                    f"综合评价结论写的是原表总分 {fmt(filed)} 分，按评分规则计算为 {fmt(total)} 分（见“总分”的提醒）。")
        else:
            ctx.add(ERROR, "conclusion.score-mismatch", place,
                    f"综合评价结论写的分数（{'、'.join(fmt(s) for s in stated)} 分）与计算的总分 {fmt(total)} 分不符。")
    words = re.findall(
        r"(?:等次|等级|评价|结论|评定|自评)(?:为|是|：|:|属于|达到)\s*[“\"「]?(优秀|良好|中等|较差|优|良|中|差)"
        r"|(优秀|良好|中等|较差|优|良|中|差)\s*[”\"」]?\s*(?:等次|等级|级)",
        text,
    )
    said = [a or b for a, b in words]
    if not said:
        ctx.add(ERROR, "conclusion.no-grade", place, f"综合评价结论没有写等级。按总分应为“{grade}”。")
        return
    for word in said:
        if GRADE_WORDS[word] != grade:
            ctx.add(ERROR, "conclusion.grade-mismatch", place,
                    f"综合评价结论写的等级“{word}”与按总分 {fmt(total)} 计算的等级“{grade}”不符。")
        elif word != grade:
            ctx.add(WARNING, "conclusion.grade-word", place, f"等级应写作“{grade}”（优、良、中、差），不写“{word}”。")


@dataclass(frozen=True)
class Figures:
    """The table's figures that narrative text is checked against (amounts in 万元)."""

    execution_rate: Decimal | None
    arrival_rate: Decimal | None
    budgets: tuple[Decimal, ...]
    arrived: Decimal | None
    executed: Decimal | None
    unit: str  # the table's money unit, as the messages name it


def _agrees(stated: Decimal, decimals: int, table: Decimal) -> bool:
    """A figure in the text agrees with the table's when it is the table's, rounded to
    the decimals the text wrote (372.41万元 for 3,724,055.00元)."""
    return stated == table.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) or stated == table


@functools.lru_cache(maxsize=4096)
def narrative_problems(text: str, label: str, figures: Figures) -> tuple[tuple[str, str], ...]:
    """Rates and amounts in ``text`` that disagree with the table (cached: texts rarely change)."""
    problems: list[tuple[str, str]] = []
    for match in _RATE_MENTION.finditer(text):
        kind, stated_text = match.group(1), match.group(2)
        computed = figures.arrival_rate if kind == "到位率" else figures.execution_rate
        if computed is None:
            continue
        decimals = len(stated_text.split(".")[1]) if "." in stated_text else 0
        tolerance = Decimal(5) / Decimal(10) ** (decimals + 1)
        if abs(Decimal(stated_text) - computed) > tolerance:
            problems.append(("text.rate-mismatch", f"{label}写“{kind}{stated_text}%”，按自评表计算为 {percent(computed)}。请与自评表统一。"))
    per_wan = Decimal("0.0001") if figures.unit == YUAN else Decimal(1)  # table unit → 万元
    for match in _AMOUNT_MENTION.finditer(text):
        number, unit = match.group(1).replace(",", ""), match.group(2)
        if unit == YUAN and figures.unit != YUAN:
            continue  # 人均0.65元 on a 万元 form: a unit price, not the project's money
        # The clause the amount ends: back to the last punctuation (bounded look-back).
        clause = _CLAUSE_BREAK.split(text[max(0, match.start() - 80): match.start()])[-1]
        stated = Decimal(number) * _IN_WAN[unit]
        decimals = max(0, -int(Decimal(number).as_tuple().exponent)) + (4 if unit == YUAN else 0) - (4 if unit == "亿元" else 0)
        expected: tuple[Decimal, ...]
        if "到位" in clause:
            expected, what = tuple(v for v in (figures.arrived,) if v is not None), field("funds.arrived").label
        elif "支出" in clause or "执行" in clause:
            expected, what = tuple(v for v in (figures.executed,) if v is not None), COL["executed"]
        elif any(w in clause for w in ("预算", "安排", "下达", "拨付")):
            expected, what = figures.budgets, "预算数"
        else:
            continue
        if expected and not any(_agrees(stated, max(decimals, 0), v * per_wan) for v in expected):
            shown = "、".join(fmt(v) for v in expected)
            problems.append(("text.amount-mismatch",
                             f"{label}写“{clause[-12:]}{match.group(0)}”，自评表的{what}为 {shown} {figures.unit}。请核对金额。"))
    return tuple(problems)


def check_figures(ctx: Context) -> None:
    columns, funds = ctx.scores.funds_columns, ctx.report.funds
    figures = Figures(
        execution_rate=ctx.scores.execution_rate,
        arrival_rate=ctx.scores.arrival_rate,
        budgets=tuple(sorted({v for v in (columns.initial, columns.annual) if v is not None})),
        arrived=funds.arrived,
        executed=columns.executed,
        unit=funds.unit,
    )
    for place, label, text in ctx.texts():
        for code, message in narrative_problems(text, label, figures):
            ctx.add(WARNING, code, place, message)


def check_wording(ctx: Context) -> None:
    year = ctx.report.year
    for place, label, text in ctx.texts():
        hits = [w for w in RELATIVE_TIME_WORDS if w in text]
        if hits and year:
            ctx.add(WARNING, "text.relative-time", place,
                    f"{label}用了“{'、'.join(hits)}”。报告在 {year + 1} 年写、讲的是 {year} 年，请写明年份，如“{year}年”。")
    previous: dict[tuple[int, ...], list[str]] = {}
    for path, section, tab in ctx.sections:
        number = typed_number(section.title)
        if number:
            ctx.add(WARNING, "section.typed-number", section_place(path, section, tab),
                    f"章节标题“{section.title}”开头手工输入了编号“{number}”。编号由程序按层级自动生成，请删去。")
            siblings = previous.setdefault(path[:-1], [])
            if number in siblings:
                ctx.add(WARNING, "section.duplicate-number", section_place(path, section, tab),
                        f"手工编号“{number}”重复出现，请删去手工编号。")
            siblings.append(number)


def check_carried(ctx: Context) -> None:
    """Last year's paragraphs, copied as written: each one's years, dates and amounts."""
    tabs = {path: tab for path, _section, tab in ctx.sections}
    for item in unchecked(ctx.report):
        if item.section is not None:
            place = section_place(item.path, item.section, tabs.get(item.path, "overview"))
            label = f"章节“{item.section.title}”"
        else:
            place, label = Place.of(item.field), field(item.field).name
        ctx.add(WARNING, "text.carried-over", place,
                f"上年内容，请核对：{label}第 {item.number} 段是从上年报告复制的，其中的“{'”“'.join(item.mentions)}”"
                "可能仍是上年的情况。请改为本年度的内容，或核对无误后点“已核对”。")


def check_signature(ctx: Context) -> None:
    sig, year = ctx.report.signature, ctx.report.year
    if not sig.unit.strip():
        ctx.add(WARNING, "signature.unit-missing", Place.of("signature.unit"), f"{field('signature.unit').label}未填写。")
    if sig.date is None:
        ctx.add(WARNING, "signature.date-missing", Place.of("signature.date"), f"{field('signature.date').label}未填写。")
    elif year and sig.date.year <= year:
        ctx.add(WARNING, "signature.date-early", Place.of("signature.date"),
                f"{field('signature.date').label} {sig.date.isoformat()} 不晚于评价年度 {year} 年，自评报告一般在次年填报，请核对。")


def check_narrative(ctx: Context) -> None:
    check_header(ctx)
    check_conclusion(ctx)
    check_figures(ctx)
    check_wording(ctx)
    check_carried(ctx)
    check_signature(ctx)
