"""Reports made from other reports: a new one from the template, next year's from last
year's, and the standard conclusion sentence. Pure functions, no I/O.

The default outline is DOMAIN.md §2.1. ``copy_to_next_year`` carries everything over
except what only the new year can tell (actuals, scores, bands, deviation notes, dates),
clears those and says so in ``CopyResult.cleared`` so the window can flag them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal

# One mapping of sections to tabs, shared with the audit.
from model.audit import _walk_sections
from model.report import FUND_ROWS, Indicator, Report, Section, Signature, default_title
from model.rules import RuleSet
from model.scoring import Scores

# (key, title, children) of the default outline; children are the clerk's usual sub-sections.
_OUTLINE: tuple[tuple[str | None, str, tuple[object, ...]], ...] = (
    ("overview", "项目概况", ()),
    ("process", "绩效自评工作开展情况", ()),
    ("conclusion", "综合评价结论", ()),
    (
        "analysis",
        "绩效目标实现情况分析",
        (
            (
                "funds",
                "项目资金使用及管理情况",
                (
                    (None, "项目资金使用情况", (
                        (None, "项目投入情况", ()),
                        (None, "项目支出情况", ()),
                        (None, "资金使用合法性、合规性", ()),
                    )),
                    (None, "项目管理情况", ()),
                    (None, "制度执行情况", ()),
                ),
            ),
            ("goal", "总体绩效目标完成情况分析", ()),
            ("indicators", "绩效指标完成情况分析", ()),
        ),
    ),
    ("problems", "存在的问题和改进措施", ()),
    ("application", "绩效自评结果拟应用和公开情况", ()),
    ("other", "其他需要说明的问题", ()),
)


def _build(spec: tuple[object, ...]) -> Section:
    key, title, children = spec
    assert isinstance(title, str) and isinstance(children, tuple)
    return Section(key=key if isinstance(key, str) else None, title=title,
                   children=[_build(c) for c in children])


def default_sections() -> list[Section]:
    """A fresh copy of the default outline of DOMAIN.md §2.1."""
    return [_build(spec) for spec in _OUTLINE]


def attachment_title(year: int) -> str:
    return f"{year}年度项目支出绩效自评表"


def new_report(year: int, unit: str = "", project_name: str = "", ruleset: RuleSet | None = None) -> Report:
    """A blank report from the template: the default outline, one empty indicator row per
    二级指标 family of ``ruleset`` (so every 一级指标 has a row to fill), the attachment and
    the signature unit."""
    report = Report(unit=unit, year=year, sections=default_sections(), attachments=[attachment_title(year)])
    report.project.name = project_name
    report.project.implementer = unit
    report.signature = Signature(unit=unit)
    if ruleset is not None:
        report.ruleset = ruleset.id
        report.funds.weight = ruleset.execution_weight
        for level1 in ruleset.level1:
            level2 = level1.level2[0] if level1.level2 else ""
            report.indicators.append(Indicator(level1=level1.name, level2=level2))
    report.title = default_title(report)
    return report


def move_years(text: str, year: int) -> str:
    """``year`` → ``year + 1`` wherever it names the fiscal year (2022年, 2022-12-31),
    leaving ranges such as 2021-2025年 and other numbers alone."""
    pattern = re.compile(rf"(?<![\d\-–~至.]){year}(?=\s*年(?!\s*[-–~至])|-\d{{1,2}}-\d{{1,2}}|/\d{{1,2}}/)")
    return pattern.sub(str(year + 1), text)


@dataclass
class CopyResult:
    """Next year's report and, in Chinese, what was cleared for the clerk to fill again."""

    report: Report
    cleared: list[str] = field(default_factory=list)


def copy_to_next_year(report: Report) -> CopyResult:
    """Next year's report from ``report`` (which is not changed)."""
    year = report.year
    new = copy.deepcopy(report)
    cleared: list[str] = []

    def moved(text: str) -> str:
        return move_years(text, year) if year else text

    new.year = year + 1 if year else year
    derived = report.title == default_title(report)
    new.title = default_title(new) if derived else moved(report.title)
    new.preamble = moved(report.preamble)
    new.goal.expected = moved(report.goal.expected)
    if new.goal.actual:
        new.goal.actual = ""
        cleared.append("年度总体目标的实际完成情况")
    new.attachments = [moved(a) for a in report.attachments]

    funds = new.funds
    if any(funds.row(r).executed is not None for r in FUND_ROWS) or funds.arrived is not None:
        cleared.append("全年执行数和到位资金")
    for name in FUND_ROWS:
        funds.row(name).executed = None
    funds.arrived = None
    funds.declared_rate = None
    funds.declared_score = None
    if funds.note:
        funds.note = ""
        cleared.append("执行率偏差说明")

    counts = {"实际完成值": 0, "得分": 0, "评价档次": 0, "偏差原因分析及改进措施": 0}
    for indicator in new.indicators:
        indicator.target = moved(indicator.target)
        indicator.name = moved(indicator.name)
        for attr, label in (("actual", "实际完成值"), ("score", "得分"), ("band", "评价档次"), ("note", "偏差原因分析及改进措施")):
            value = getattr(indicator, attr)
            if value not in (None, ""):
                counts[label] += 1
            setattr(indicator, attr, "" if attr in ("actual", "note") else None)
    cleared.extend(f"{n} 个指标的{label}" for label, n in counts.items() if n)

    for _depth, section in new.all_sections():
        section.title = moved(section.title)
        if section.key == "conclusion":
            if section.text.strip():
                cleared.append("综合评价结论（上年的总分和等级）")
            section.text = ""
        else:
            section.text = moved(section.text)

    if new.signature.date is not None:
        cleared.append("落款日期")
    new.signature.date = None
    return CopyResult(new, cleared)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def conclusion_sentence(report: Report, scores: Scores) -> str:
    """The standard conclusion: it states the total score and the grade, as the audit wants."""
    name = report.project.name or "本项目"
    year = f"{report.year}年度" if report.year else ""
    return f"经自评，{year}{name}绩效自评总分为{_plain(scores.total)}分，评价等级为“{scores.grade}”。"


def section_tabs(report: Report) -> list[tuple[tuple[int, ...], Section, str]]:
    """Every section with its path from the top of the tree and the tab it is edited on
    (overview, funds, targets, issues), in reading order."""
    return _walk_sections(report.sections)


def section_at(report: Report, path: tuple[int, ...]) -> Section:
    """The section at ``path`` (indices from the top of the tree)."""
    items = report.sections
    section: Section | None = None
    for index in path:
        section = items[index]
        items = section.children
    if section is None:
        raise IndexError(path)
    return section
