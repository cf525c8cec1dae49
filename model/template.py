"""Reports made from other reports: a new one from the template, next year's from last
year's, and the standard conclusion sentence. Pure functions, no I/O.

The default outline is DOMAIN.md §2.1. ``copy_to_next_year`` carries everything over
except what only the new year can tell (actuals, scores, bands, deviation notes, dates,
what the form printed), clears those and says so in ``CopyResult.cleared`` so the window
can flag them. The narrative is copied as written: its years, dates and amounts are
listed for the clerk to check (model.carried), never rewritten.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from model.carried import mark_copied
from model.fields import FIELDS, GROUP_FIELDS, INDICATOR_FIELDS, LINE, TEXT, Field, blank_value, get_value, set_value
from model.report import Indicator, Report, Section, Signature, default_title
from model.rules import RuleSet
from model.scoring import Scores
from model.values import plain

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


def _outline_specs() -> dict[str, tuple[tuple[object, ...], str | None]]:
    """Each template key's outline spec and its parent's key (None: top level)."""
    found: dict[str, tuple[tuple[object, ...], str | None]] = {}

    def visit(specs: tuple[object, ...], parent: str | None) -> None:
        for spec in specs:
            assert isinstance(spec, tuple)
            key, _title, children = spec
            if isinstance(key, str):
                found[key] = (spec, parent)
            assert isinstance(children, tuple)
            visit(children, key if isinstance(key, str) else parent)

    visit(_OUTLINE, None)
    return found


_SPECS = _outline_specs()
_OUTLINE_ORDER = {key: i for i, key in enumerate(_SPECS)}


def template_outline_keys() -> list[tuple[str, str]]:
    """(key, title) of every template section, in outline order."""
    return [(key, str(spec[1])) for key, (spec, _parent) in _SPECS.items()]


def missing_template_sections(report: Report) -> list[tuple[str, str]]:
    """(key, title) of the template sections the report lacks, in outline order."""
    present = {section.key for _d, section in report.all_sections() if section.key}
    return [(key, str(spec[1])) for key, (spec, _parent) in _SPECS.items() if key not in present]


def _path_of(report: Report, key: str) -> tuple[int, ...] | None:
    return next((path for path, section, _tab in report.walk_sections() if section.key == key), None)


def add_template_section(report: Report, key: str) -> tuple[int, ...]:
    """Put the template section ``key`` back where the outline has it (its parent first,
    when that is missing too), with the outline's usual sub-sections; returns its path.

    Among its siblings it goes before the first template section that comes after it in
    the outline, else at the end. A section already present is left alone.
    """
    spec, parent_key = _SPECS[key]
    found = _path_of(report, key)
    if found is not None:
        return found
    if parent_key is None:
        prefix: tuple[int, ...] = ()
        siblings = report.sections
    else:
        prefix = add_template_section(report, parent_key)
        found = _path_of(report, key)  # the parent came back with it
        if found is not None:
            return found
        siblings = section_at(report, prefix).children
    present = {s.key for _d, s in report.all_sections() if s.key}
    section = _build(spec)
    section.children = [c for c in section.children if c.key is None or c.key not in present]
    order = _OUTLINE_ORDER[key]
    index = next(
        (i for i, s in enumerate(siblings) if s.key in _OUTLINE_ORDER and _OUTLINE_ORDER[s.key] > order),
        len(siblings),
    )
    siblings.insert(index, section)
    return (*prefix, index)


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
        report.funds.weight = ruleset.execution_weight if ruleset.scored else None
        for level1 in ruleset.level1:
            level2 = level1.level2[0] if level1.level2 else ""
            report.indicators.append(Indicator(level1=level1.name, level2=level2))
    report.title = default_title(report)
    return report


def move_years(text: str, year: int) -> str:
    """``year`` → ``year + 1`` wherever it names the fiscal year (2022年, 2022-12-31),
    leaving ranges such as 2021-2025年 and other numbers alone. For titles, headings and
    targets only: narrative is copied as written (model.carried)."""
    pattern = re.compile(rf"(?<![\d\-–~至.]){year}(?=\s*年(?!\s*[-–~至])|-\d{{1,2}}-\d{{1,2}}|/\d{{1,2}}/)")
    return pattern.sub(str(year + 1), text)


@dataclass
class CopyResult:
    """Next year's report and, in Chinese, what was cleared for the clerk to fill again."""

    report: Report
    cleared: list[str] = field(default_factory=list)


def _cleared_name(spec: Field) -> str:
    """Money cells are named by their column alone (executed), other fields as the form names them."""
    return spec.label if spec.key.startswith("funds.") and spec.group else spec.name


def copy_to_next_year(report: Report) -> CopyResult:
    """Next year's report from ``report`` (which is not changed). What only the new year
    can tell (model.fields: ``clears_next_year``) is emptied and listed."""
    year = report.year
    new = copy.deepcopy(report)
    cleared: list[str] = []

    def moved(text: str) -> str:
        return move_years(text, year) if year else text

    new.year = year + 1 if year else year
    derived = report.title == default_title(report)
    new.title = default_title(new) if derived else moved(report.title)
    new.attachments = [moved(a) for a in report.attachments]
    new.blank_scores = "suggested"  # the new year is written in the program
    for spec in FIELDS:
        if spec.clears_next_year:
            if get_value(new, spec.key) not in (None, "", []) and _cleared_name(spec) not in cleared:
                cleared.append(_cleared_name(spec))
            set_value(new, spec.key, blank_value(spec))

    counts = dict.fromkeys((f for f in INDICATOR_FIELDS if f.clears_next_year), 0)
    for indicator in new.indicators:
        indicator.target = moved(indicator.target)
        indicator.name = moved(indicator.name)
        for spec in counts:
            if getattr(indicator, spec.key) not in (None, ""):
                counts[spec] += 1
            setattr(indicator, spec.key, "" if spec.kind in (LINE, TEXT) else None)
    cleared.extend(f"{n} 个指标的{spec.label}" for spec, n in counts.items() if n)
    scored_groups = sum(1 for group in new.groups if group.score is not None)
    for group in new.groups:
        for spec in GROUP_FIELDS:
            if spec.clears_next_year:
                setattr(group, spec.key, None)
    if scored_groups:
        cleared.append(f"{scored_groups} 个二级指标分组的得分")

    for _depth, section in new.all_sections():
        section.title = moved(section.title)
        if section.key == "conclusion":
            if section.text.strip():
                cleared.append("综合评价结论（上年的总分和等级）")
            section.text = ""
    mark_copied(new)
    return CopyResult(new, cleared)


def conclusion_sentence(report: Report, scores: Scores) -> str:
    """The standard conclusion: it states the total score and the grade, as the audit wants."""
    name = report.project.name or "本项目"
    year = f"{report.year}年度" if report.year else ""
    if scores.total is None:  # an unscored form: no total, no grade
        return f"经自评，{year}{name}各项绩效指标的完成情况详见项目支出绩效自评表。"
    return f"经自评，{year}{name}绩效自评总分为{plain(scores.total)}分，评价等级为“{scores.grade}”。"


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
