"""The audit (体检): every mistake of DOMAIN.md §6 the rules can see, as findings.

Each finding has a severity, a stable code, a place (tab and field, or table row) and a
plain Chinese message that says what is wrong and what to do. ``audit`` is pure: it
reads a report, its rule set and its scores, and returns the findings, errors first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from model import notation
from model.fields import FIELDS, FUND_COLUMN_LABELS, FUND_ROW_LABELS, TABS, field, get_value, indicator_field
from model.numbering import typed_number
from model.report import FUND_COLUMNS, Indicator, Report, Section, default_title
from model.rules import RuleSet
from model.scoring import IndicatorScore, Scores, fund_parts_filled, round2, score_report
from model.values import percent, plain

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_WORDS = {ERROR: "错误", WARNING: "提醒", INFO: "说明"}
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
COL = FUND_COLUMN_LABELS
ROW = FUND_ROW_LABELS
TARGET, ACTUAL, NAME, BAND, NOTE = (indicator_field(k).label for k in ("target", "actual", "name", "band", "note"))
RELATIVE_TIME_WORDS = ("今年", "去年", "本年", "明年", "前年")
_CLAUSE_BREAK = re.compile(r"[，。；;,：:！？\n]")
_GRADE_WORDS = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "差": "差", "较差": "差"}


@dataclass(frozen=True)
class Place:
    """Where a finding points: a tab, a field id, and for table rows the row and column.

    Field ids: ``unit``, ``project.name``, ``funds.total.annual``, ``goal.expected``,
    ``indicators`` (with row and column), ``section`` (with ``path``, the indices from
    the top of the section tree), ``signature.date`` …
    """

    tab: str
    field: str
    label: str
    row: int | None = None
    column: str | None = None
    path: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        return f"{TABS[self.tab]} / {self.label}"

    @classmethod
    def of(cls, key: str) -> Place:
        """The place of the report-level field ``key`` (model.fields), named as the form names it."""
        spec = field(key)
        return cls(spec.tab, key, spec.name)


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    place: Place
    message: str

    @property
    def where(self) -> str:
        return self.place.where


def _fmt(value: Decimal | None) -> str:
    return "（空）" if value is None else plain(value)


# The report-level fields that hold narrative text (checked for wording and figures).
_NARRATIVE = ("preamble", "goal.expected", "goal.actual")


def indicator_place(index: int, indicator: Indicator, column: str) -> Place:
    """The cell ``column`` of the ``index``-th indicator row."""
    name = indicator.name or "（未命名）"
    return Place("targets", "indicators", f"第{index + 1}行“{name[:16]}” / {indicator_field(column).label}", index, column)


def _section_place(path: tuple[int, ...], section: Section, tab: str) -> Place:
    title = section.title or "（无标题）"
    return Place(tab, "section", f"章节“{title[:20]}”", path=path)


@dataclass(frozen=True)
class _Figures:
    """The table's figures that narrative text is checked against."""

    execution_rate: Decimal | None
    arrival_rate: Decimal | None
    budgets: tuple[Decimal, ...]
    arrived: Decimal | None
    executed: Decimal | None


_RATE_MENTION = re.compile(r"(执行率|支出率|到位率)\s*(?:为|达到|达|是|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_AMOUNT_MENTION = re.compile(r"(\d+(?:\.\d+)?)\s*万元")


@functools.lru_cache(maxsize=4096)
def _narrative_problems(text: str, label: str, figures: _Figures) -> tuple[tuple[str, str], ...]:
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
    for match in _AMOUNT_MENTION.finditer(text):
        # The clause the amount ends: back to the last punctuation (bounded look-back).
        clause = _CLAUSE_BREAK.split(text[max(0, match.start() - 80): match.start()])[-1]
        value = Decimal(match.group(1))
        expected: tuple[Decimal, ...]
        if "到位" in clause:
            expected, what = tuple(v for v in (figures.arrived,) if v is not None), field("funds.arrived").label
        elif "支出" in clause or "执行" in clause:
            expected, what = tuple(v for v in (figures.executed,) if v is not None), COL["executed"]
        elif any(w in clause for w in ("预算", "安排", "下达", "拨付")):
            expected, what = figures.budgets, "预算数"
        else:
            continue
        if expected and value not in expected:
            shown = "、".join(_fmt(v) for v in expected)
            problems.append(
                ("text.amount-mismatch", f"{label}写“{clause[-12:]}{match.group(0)}”，自评表的{what}为 {shown} 万元。请核对金额。")
            )
    return tuple(problems)


class _Auditor:
    def __init__(self, report: Report, ruleset: RuleSet, scores: Scores) -> None:
        self.report = report
        self.ruleset = ruleset
        self.scores = scores
        self.findings: list[Finding] = []
        self.sections = report.walk_sections()

    def add(self, severity: str, code: str, place: Place, message: str) -> None:
        self.findings.append(Finding(severity, code, place, message))

    # -- the report's header -------------------------------------------------------
    def check_header(self) -> None:
        r = self.report
        for key in ("unit", "project.name", "project.department", "project.implementer"):
            if not str(get_value(r, key)).strip():
                self.add(ERROR, "header.missing", Place.of(key), f"{field(key).label}未填写，请补充。")
        project = field("project.name").label
        if r.project.name and r.title and r.project.name not in r.title:
            self.add(
                WARNING, "title.project-mismatch", Place.of("title"),
                f"标题中的{project}与自评表的{project}“{r.project.name}”不一致。请统一两处名称"
                f"（可使用默认标题“{default_title(r)}”）。",
            )
        if r.year and r.title and str(r.year) not in r.title:
            self.add(WARNING, "title.year-mismatch", Place.of("title"),
                     f"标题中没有{field('year').label} {r.year} 年，请核对标题。")
        if r.kind == "project":
            for place, label, text in self._texts():
                if "整体支出" in text:
                    self.add(
                        ERROR, "text.kind-wording", place,
                        f"{label}写的是“整体支出”，但这是项目支出绩效自评报告。请改为“项目支出”或写明{project}。",
                    )

    def _texts(self) -> list[tuple[Place, str, str]]:
        """Every narrative text with its place and a label for messages."""
        r = self.report
        texts = [
            (Place.of(spec.key), spec.name, str(get_value(r, spec.key)))
            for spec in FIELDS if spec.key in _NARRATIVE
        ]
        for path, section, tab in self.sections:
            place = _section_place(path, section, tab)
            texts.append((place, f"章节“{section.title}”", section.text))
        return texts

    # -- funds ------------------------------------------------------------------------
    def check_funds(self) -> None:
        funds, scores, rules = self.report.funds, self.scores, self.ruleset
        parts_named = "、".join(ROW[r] for r in ("current", "carryover", "other"))
        for column in FUND_COLUMNS:
            filed = getattr(funds.total, column)
            if fund_parts_filled(funds, column):
                parts = getattr(scores.funds_columns, column)
                if filed is not None and filed != parts:
                    self.add(
                        ERROR, "funds.total-mismatch", Place.of(f"funds.total.{column}"),
                        f"{ROW['total']}的{COL[column]} {_fmt(filed)} 万元不等于{parts_named}之和 "
                        f"{_fmt(parts)} 万元。请核对各项资金，总额按分项之和计算。",
                    )
            elif filed is not None:
                self.add(
                    WARNING, "funds.parts-blank", Place.of(f"funds.current.{column}"),
                    f"已填{ROW['total']}的{COL[column]}（{_fmt(filed)} 万元），但{parts_named}都是空的。"
                    "请按资金来源填写分项。",
                )
        columns = scores.funds_columns
        if columns.annual is None or columns.annual == 0:
            self.add(ERROR, "funds.annual-missing", Place.of("funds.total.annual"),
                     f"{COL['annual']}未填写或为 0，无法计算预算执行率。请填写调整后的{COL['annual']}。")
        if columns.executed is None:
            self.add(ERROR, "funds.executed-missing", Place.of("funds.total.executed"),
                     f"{COL['executed']}未填写，无法计算预算执行率。")
        if columns.annual and columns.executed is not None and columns.executed > columns.annual:
            self.add(WARNING, "funds.executed-over-budget", Place.of("funds.total.executed"),
                     f"{COL['executed']} {_fmt(columns.executed)} 万元大于{COL['annual']} {_fmt(columns.annual)} 万元，请核对。")
        arrived = field("funds.arrived").label
        if columns.annual and funds.arrived is not None and funds.arrived > columns.annual:
            self.add(WARNING, "funds.arrived-over-budget", Place.of("funds.arrived"),
                     f"{arrived} {_fmt(funds.arrived)} 万元大于{COL['annual']} {_fmt(columns.annual)} 万元，请核对。")
        if funds.weight is not None and funds.weight != rules.execution_weight:
            self.add(ERROR, "funds.weight-mismatch", Place.of("funds.weight"),
                     f"预算执行率的分值填的是 {_fmt(funds.weight)} 分，评分规则“{rules.name}”规定为 {_fmt(rules.execution_weight)} 分。")
        rate, score = scores.execution_rate, scores.execution_score
        if funds.declared_rate is not None and rate is not None and round2(funds.declared_rate) != rate:
            self.add(ERROR, "funds.rate-mismatch", Place("funds", "funds.declared", f"{ROW['total']} / 执行率"),
                     f"表中填报的执行率 {_fmt(funds.declared_rate)}% 与实际不符：执行率＝{COL['executed']} {_fmt(columns.executed)} ÷ "
                     f"{COL['annual']} {_fmt(columns.annual)} ＝ {percent(rate)}。本程序按计算值填表。")
        if funds.declared_score is not None:
            declared = Place("funds", "funds.declared", f"{ROW['total']} / 得分")
            if funds.declared_score > rules.execution_weight:
                self.add(ERROR, "funds.score-over-weight", declared,
                         f"表中填报的执行率得分 {_fmt(funds.declared_score)} 超过了分值 {_fmt(rules.execution_weight)}。")
            if score is not None and round2(funds.declared_score) != score:
                self.add(ERROR, "funds.score-mismatch", declared,
                         f"表中填报的执行率得分 {_fmt(funds.declared_score)} 与计算值 {_fmt(score)} 不符"
                         f"（{percent(rate or Decimal(0))} × {_fmt(rules.execution_weight)} 分）。本程序按计算值填表。")
        if rate is not None and rate < rules.execution_note_below and not funds.note.strip():
            self.add(WARNING, "funds.note-missing", Place.of("funds.note"),
                     f"预算执行率 {percent(rate)} 低于 {_fmt(rules.execution_note_below)}%，请说明原因和改进措施。")

    # -- indicators -----------------------------------------------------------------
    def check_weights(self) -> None:
        rules, scores = self.ruleset, self.scores
        if scores.weight_total != 100:
            self.add(ERROR, "weights.total", Place("targets", "indicators", "分值合计"),
                     f"分值合计为 {_fmt(scores.weight_total)} 分（预算执行率 {_fmt(self.report.funds.weight or rules.execution_weight)} 分 + "
                     f"绩效指标 {_fmt(scores.weight_total - (self.report.funds.weight or rules.execution_weight))} 分），应为 100 分。")
        for level1 in rules.level1:
            filed = scores.level1_weights.get(level1.name)
            if filed is None:
                self.add(ERROR, "level1.no-indicators", Place("targets", "indicators", f"一级指标“{level1.name}”"),
                         f"一级指标“{level1.name}”下没有任何三级指标，请至少设置一项。")
                continue
            if level1.weight is not None and filed != level1.weight:
                self.add(ERROR, "weights.level1", Place("targets", "indicators", f"一级指标“{level1.name}”"),
                         f"一级指标“{level1.name}”的分值合计为 {_fmt(filed)} 分，评分规则“{rules.name}”规定为 {_fmt(level1.weight)} 分。")
        for name, labelled in scores.level1_labelled.items():
            if labelled != scores.level1_weights[name]:
                self.add(ERROR, "weights.level1-label", Place("targets", "indicators", f"一级指标“{name}”"),
                         f"一级指标写作“{name}（{_fmt(labelled)}分）”，其下各指标分值合计却是 {_fmt(scores.level1_weights[name])} 分。"
                         "请核对分值；一级指标名称中不必再写分值。")
        indicator_total = sum(scores.level1_weights.values(), Decimal(0))
        if all(item.weight is None for item in rules.level1) and indicator_total != rules.indicators_weight:
            self.add(ERROR, "weights.indicators", Place("targets", "indicators", "绩效指标分值合计"),
                     f"绩效指标的分值合计为 {_fmt(indicator_total)} 分，评分规则“{rules.name}”规定为 {_fmt(rules.indicators_weight)} 分。")
        if scores.total > 100:
            self.add(ERROR, "total.over-100", Place("targets", "indicators", "总分"),
                     f"总分 {_fmt(scores.total)} 超过 100 分，请检查分值和得分。")

    def check_indicator(self, index: int, ind: Indicator, result: IndicatorScore) -> None:
        rules, year = self.ruleset, self.report.year
        def place(column: str) -> Place:
            return indicator_place(index, ind, column)

        level1 = rules.level1_named(ind.level1)
        owner = rules.level1_of(ind.level2)
        if level1 is None:
            self.add(ERROR, "indicator.level1-unknown", place("level1"),
                     f"一级指标“{ind.level1 or '（空）'}”不在评分规则中，应为 {'、'.join(item.name for item in rules.level1)} 之一。")
        elif owner is None:
            self.add(ERROR, "indicator.level2-unknown", place("level2"),
                     f"二级指标“{ind.level2 or '（空）'}”不在评分规则中，“{level1.name}”下应为 {'、'.join(level1.level2)} 之一。")
        elif owner.name != level1.name:
            self.add(ERROR, "indicator.level2-misplaced", place("level1"),
                     f"二级指标“{ind.level2}”属于一级指标“{owner.name}”，却填在了“{level1.name}”下。请改到“{owner.name}”。")
        if not ind.name.strip():
            self.add(ERROR, "indicator.name-missing", place("name"), f"{NAME}名称未填写。")
        if ind.weight is None:
            self.add(ERROR, "indicator.weight-missing", place("weight"), "该指标没有分值，请填写。")
        target, actual = result.target, result.actual
        if target.kind == notation.EMPTY:
            self.add(ERROR, "indicator.target-missing", place("target"), f"{TARGET}未填写。")
        elif target.kind == notation.UNPARSED:
            self.add(WARNING, "indicator.target-unparsed", place("target"),
                     f"{TARGET}“{target.text}”无法识别（{target.problem}）。请写成如“≥5次”“≤28万元”“2022年12月31日前”或定性描述。")
        if actual.kind == notation.EMPTY:
            self.add(ERROR, "indicator.actual-missing", place("actual"), f"{ACTUAL}未填写。")
        elif actual.kind == notation.UNPARSED:
            self.add(WARNING, "indicator.actual-unparsed", place("actual"),
                     f"{ACTUAL}“{actual.text}”无法识别（{actual.problem}）。")
        if target.kind == notation.QUANTITY and target.unit == "万":
            self.add(WARNING, "indicator.unit-incomplete", place("target"),
                     f"{TARGET}“{target.text}”只写了数量级“万”，请写完整单位，如“万次”“万元”“万人次”。")
        if target.kind in (notation.QUANTITY, notation.RELATIVE) and actual.kind in (notation.QUANTITY, notation.RELATIVE):
            if not notation.units_compatible(target, actual):
                self.add(ERROR, "indicator.unit-mismatch", place("actual"),
                         f"{ACTUAL}的单位“{actual.unit or '无'}”与{TARGET}的单位“{target.unit or '无'}”不一致"
                         f"（“{target.text}”对“{actual.text}”），无法比较。请用同一单位填写。")
            elif target.unit and not actual.unit:
                self.add(INFO, "indicator.bare-actual", place("actual"),
                         f"{ACTUAL}“{actual.text}”没有单位，按{TARGET}的单位“{target.unit}”理解。")
        if target.kind in (notation.DEADLINE, notation.DATE) and target.date and year and target.date.year != year:
            self.add(ERROR, "indicator.deadline-outside-year", place("target"),
                     f"时限“{target.text}”不在评价年度 {year} 年内。年度指标的时限应在 {year}年12月31日前。")
        bounded = target.kind == notation.QUANTITY and target.operator in (notation.LE, notation.LT)
        if rules.is_cost(ind.level2) and target.kind != notation.EMPTY and not bounded:
            example = _fmt(target.value) if target.value is not None else "28"
            self.add(WARNING, "indicator.cost-operator", place("target"),
                     f"成本指标的{TARGET}应写上限，如“≤{example}万元”，现为“{target.text}”。")
        if target.kind == notation.QUALITATIVE:
            if actual.kind in (notation.QUANTITY, notation.RELATIVE):
                self.add(ERROR, "indicator.qualitative-numeric", place("actual"),
                         f"{TARGET}“{target.text}”是定性的，{ACTUAL}却写了数字“{actual.text}”。"
                         f"请用文字写出实际达成情况，并选择{BAND}。")
            band = rules.band(ind.band)
            if band is None:
                self.add(ERROR, "indicator.band-missing", place("band"),
                         f"定性指标须选择{BAND}：达成年度指标、部分达成年度指标并具有一定效果，或未达成年度指标且效果较差。")
            elif ind.weight and ind.score is not None:
                share = ind.score / ind.weight * 100
                top = band.high if band.key == "达成" else band.high - Decimal("0.0001")
                if not band.low <= share <= top:
                    self.add(ERROR, "indicator.score-outside-band", place("score"),
                             f"档次“{band.label}”的得分应在分值的 {_fmt(band.low)}%–{_fmt(band.high)}% 之间"
                             f"（{_fmt(round2(ind.weight * band.low / 100))}–{_fmt(round2(ind.weight * band.high / 100))} 分），"
                             f"现为 {_fmt(ind.score)} 分。")
            if band is not None and band.key != "达成" and not ind.note.strip():
                self.add(WARNING, "indicator.note-missing", place("note"),
                         f"该指标{band.label}，请在“{NOTE}”中说明原因。")
        elif result.suggested is not None:
            if ind.score is not None and round2(ind.score) != result.suggested:
                self.add(WARNING, "indicator.score-differs", place("score"),
                         f"填写的得分 {_fmt(ind.score)} 与按规则计算的建议得分 {_fmt(result.suggested)} 不同"
                         f"（{self._explain(ind, result)}）。如确需调整，请在偏差原因中说明。")
            if result.met is False and not ind.note.strip():
                self.add(WARNING, "indicator.note-missing", place("note"),
                         f"{ACTUAL}未达到{TARGET}，请在“{NOTE}”中说明原因和改进措施。")
            if (
                result.achievement is not None
                and result.achievement >= rules.over_achievement
                and not ind.note.strip()
            ):
                self.add(WARNING, "indicator.note-over-achievement", place("note"),
                         f"{ACTUAL}为{TARGET}的 {percent(result.achievement)}，超过 {_fmt(rules.over_achievement)}%。"
                         "请说明超额原因（目标定得过低可能被扣分）。")
        if ind.score is not None and ind.weight is not None and ind.score > ind.weight:
            self.add(ERROR, "indicator.score-over-weight", place("score"),
                     f"得分 {_fmt(ind.score)} 超过了分值 {_fmt(ind.weight)}。")

    def _explain(self, ind: Indicator, result: IndicatorScore) -> str:
        if result.met:
            return f"已达到{TARGET}，得满分"
        if result.operator in (notation.LE, notation.LT):
            formula = "目标值÷实际值×分值" if self.ruleset.reverse_rule == "ratio" else "（1－超出部分÷目标值）×分值"
            return f"反向指标超出目标，按{formula}计分"
        return f"未达到{TARGET}，按实际值÷目标值×分值计分"

    # -- narrative ------------------------------------------------------------------
    def check_conclusion(self) -> None:
        section = self.report.section("conclusion")
        found = next(((p, s, t) for p, s, t in self.sections if s is section), None)
        place = _section_place(found[0], section, found[2]) if found and section else Place("overview", "section", "综合评价结论")
        text = section.text if section else ""
        total, grade = self.scores.total, self.scores.grade
        if not text.strip():
            self.add(ERROR, "conclusion.missing", place,
                     f"综合评价结论未填写。应写明自评总分 {_fmt(total)} 分、等级“{grade}”。")
            return
        stated = [Decimal(m) for m in re.findall(r"(\d+(?:\.\d+)?)\s*分", text)]
        if not stated:
            self.add(ERROR, "conclusion.no-score", place,
                     f"综合评价结论没有写自评总分。应写明总分 {_fmt(total)} 分。")
        elif all(abs(s - total) > Decimal("0.005") for s in stated):
            self.add(ERROR, "conclusion.score-mismatch", place,
                     f"综合评价结论写的分数（{'、'.join(_fmt(s) for s in stated)} 分）与计算的总分 {_fmt(total)} 分不符。")
        words = re.findall(
            r"(?:等次|等级|评价|结论|评定|自评)(?:为|是|：|:|属于|达到)\s*[“\"「]?(优秀|良好|中等|较差|优|良|中|差)"
            r"|(优秀|良好|中等|较差|优|良|中|差)\s*[”\"」]?\s*(?:等次|等级|级)",
            text,
        )
        said = [a or b for a, b in words]
        if not said:
            self.add(ERROR, "conclusion.no-grade", place, f"综合评价结论没有写等级。按总分应为“{grade}”。")
            return
        for word in said:
            if _GRADE_WORDS[word] != grade:
                self.add(ERROR, "conclusion.grade-mismatch", place,
                         f"综合评价结论写的等级“{word}”与按总分 {_fmt(total)} 计算的等级“{grade}”不符。")
            elif word != grade:
                self.add(WARNING, "conclusion.grade-word", place,
                         f"等级应写作“{grade}”（优、良、中、差），不写“{word}”。")

    def check_narrative(self) -> None:
        columns, funds = self.scores.funds_columns, self.report.funds
        figures = _Figures(
            execution_rate=self.scores.execution_rate,
            arrival_rate=self.scores.arrival_rate,
            budgets=tuple(sorted({v for v in (columns.initial, columns.annual) if v is not None})),
            arrived=funds.arrived,
            executed=columns.executed,
        )
        for place, label, text in self._texts():
            for code, message in _narrative_problems(text, label, figures):
                self.add(WARNING, code, place, message)

    def check_wording(self) -> None:
        year = self.report.year
        for place, label, text in self._texts():
            hits = [w for w in RELATIVE_TIME_WORDS if w in text]
            if hits and year:
                self.add(WARNING, "text.relative-time", place,
                         f"{label}用了“{'、'.join(hits)}”。报告在 {year + 1} 年写、讲的是 {year} 年，"
                         f"请写明年份，如“{year}年”。")
        previous: dict[tuple[int, ...], list[str]] = {}
        for path, section, tab in self.sections:
            number = typed_number(section.title)
            if number:
                self.add(WARNING, "section.typed-number", _section_place(path, section, tab),
                         f"章节标题“{section.title}”开头手工输入了编号“{number}”。编号由程序按层级自动生成，请删去。")
                siblings = previous.setdefault(path[:-1], [])
                if number in siblings:
                    self.add(WARNING, "section.duplicate-number", _section_place(path, section, tab),
                             f"手工编号“{number}”重复出现，请删去手工编号。")
                siblings.append(number)

    def check_signature(self) -> None:
        sig, year = self.report.signature, self.report.year
        if not sig.unit.strip():
            self.add(WARNING, "signature.unit-missing", Place.of("signature.unit"), f"{field('signature.unit').label}未填写。")
        if sig.date is None:
            self.add(WARNING, "signature.date-missing", Place.of("signature.date"), f"{field('signature.date').label}未填写。")
        elif year and sig.date.year <= year:
            self.add(WARNING, "signature.date-early", Place.of("signature.date"),
                     f"{field('signature.date').label} {sig.date.isoformat()} 不晚于评价年度 {year} 年，自评报告一般在次年填报，请核对。")

    def run(self) -> list[Finding]:
        self.check_header()
        self.check_funds()
        self.check_weights()
        for index, (indicator, result) in enumerate(zip(self.report.indicators, self.scores.indicators, strict=False)):
            self.check_indicator(index, indicator, result)
        self.check_conclusion()
        self.check_narrative()
        self.check_wording()
        self.check_signature()
        return sorted(self.findings, key=lambda f: _SEVERITY_ORDER[f.severity])


def audit(report: Report, ruleset: RuleSet, scores: Scores | None = None) -> list[Finding]:
    """All findings for ``report``, errors first."""
    if scores is None:
        scores = score_report(report, ruleset)
    return _Auditor(report, ruleset, scores).run()
