"""The report as the clerk fills it: plain dataclasses, no I/O.

Money is Decimal in the form's unit (``Funds.unit``: 万元, or 元 on forms that print
元); ``None`` stands for a blank cell. Texts are kept exactly as typed; targets and
actuals are parsed on demand by :mod:`model.notation`. What a real form printed but the
program computes anyway (the execution rate, 总分, 等级, subtotals) is kept apart
(``Funds.declared_*``, :class:`Filed`) so the audit can say when it was wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from model.rules import BAND_KEYS, RuleSet
from model.values import WAN_YUAN

KINDS = ("project",)
BANDS = BAND_KEYS
DIRECTIONS = ("higher", "lower")  # an indicator's direction: higher or lower is better
# What a blank 得分 cell means: use the suggested score (reports written in the program,
# format version 1), or a cell the form left blank (format version 2 transcriptions).
BLANK_SCORES = ("suggested", "blank")

# The template keys of DOMAIN.md §2.1, in outline order.
SECTION_KEYS = (
    "overview",
    "process",
    "conclusion",
    "analysis",
    "funds",
    "goal",
    "indicators",
    "problems",
    "application",
    "other",
)

# The tab each template section is edited on; a clerk's own sub-section (no key) goes
# with its parent. One mapping for the window, the audit's places and the template.
SECTION_TABS = {
    "overview": "overview", "process": "overview", "conclusion": "overview",
    "analysis": "targets", "goal": "targets", "indicators": "targets",
    "funds": "funds",
    "problems": "issues", "application": "issues", "other": "issues",
}


@dataclass
class FundRow:
    """One row of the money block: initial budget, adjusted annual budget, executed (labels: model.fields)."""

    initial: Decimal | None = None
    annual: Decimal | None = None
    executed: Decimal | None = None

    def is_blank(self) -> bool:
        return self.initial is None and self.annual is None and self.executed is None


FUND_ROWS = ("total", "current", "carryover", "other")
FUND_COLUMNS = ("initial", "annual", "executed")


@dataclass
class Funds:
    """The money block of the score table, plus 到位资金 and what was filed on paper."""

    total: FundRow = field(default_factory=FundRow)
    current: FundRow = field(default_factory=FundRow)
    carryover: FundRow = field(default_factory=FundRow)
    other: FundRow = field(default_factory=FundRow)
    arrived: Decimal | None = None
    weight: Decimal | None = None
    declared_rate: Decimal | None = None
    declared_score: Decimal | None = None
    note: str = ""
    unit: str = WAN_YUAN  # the unit the form prints money in

    def row(self, name: str) -> FundRow:
        if name not in FUND_ROWS:
            raise KeyError(name)
        row: FundRow = getattr(self, name)
        return row


@dataclass
class Project:
    name: str = ""
    department: str = ""
    implementer: str = ""


@dataclass
class Goal:
    """年度总体目标: the expected goal and what was achieved."""

    expected: str = ""
    actual: str = ""


@dataclass
class Indicator:
    """One 三级指标 row of the score table."""

    level1: str = ""
    level2: str = ""
    name: str = ""
    target: str = ""
    actual: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    band: str | None = None
    note: str = ""
    direction: str | None = None  # the clerk's choice (None: read from the notation, else guessed)


@dataclass
class Group:
    """One 二级指标 of a form scored per group (Hubei 黄石): one 分值 and one 得分 for
    all the 三级指标 under it. ``weight`` is None when the form prints only 一级 weights."""

    level1: str = ""
    level2: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None


@dataclass
class Filed:
    """What the form printed for figures the program computes itself: 总分, 等级, the
    一级 subtotals (name → score) and the 分值 total. None / empty: not printed."""

    total: Decimal | None = None
    grade: str = ""
    level1: dict[str, Decimal] = field(default_factory=dict)
    weight_total: Decimal | None = None

    def is_blank(self) -> bool:
        return self.total is None and not self.grade and not self.level1 and self.weight_total is None


@dataclass
class Section:
    """A section of the report; ``title`` carries no number (numbering is generated)."""

    key: str | None = None
    title: str = ""
    text: str = ""
    children: list[Section] = field(default_factory=list)
    # Paragraphs copied from last year's report that the clerk has neither edited nor
    # confirmed yet (model.carried): the audit lists their years, dates and amounts.
    carried: list[str] = field(default_factory=list)

    def walk(self, depth: int = 0) -> list[tuple[int, Section]]:
        """This section and all below it, depth first, with their depth."""
        found = [(depth, self)]
        for child in self.children:
            found.extend(child.walk(depth + 1))
        return found


@dataclass
class Signature:
    unit: str = ""
    date: datetime.date | None = None


@dataclass
class Report:
    """A whole self-evaluation: the report text and its score table."""

    unit: str = ""
    year: int = 0
    kind: str = "project"
    ruleset: str = "national-2020"
    title: str = ""
    preamble: str = ""
    project: Project = field(default_factory=Project)
    funds: Funds = field(default_factory=Funds)
    goal: Goal = field(default_factory=Goal)
    indicators: list[Indicator] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    scoring: str | None = None  # indicator / group / none; None: as the rule set says
    groups: list[Group] = field(default_factory=list)
    filed: Filed = field(default_factory=Filed)
    own_rules: RuleSet | None = None  # the unit's own rule set (its id is ``ruleset``)
    blank_scores: str = "suggested"
    carried: dict[str, list[str]] = field(default_factory=dict)  # field key → copied paragraphs

    def all_sections(self) -> list[tuple[int, Section]]:
        """Every section with its depth, in reading order."""
        found: list[tuple[int, Section]] = []
        for section in self.sections:
            found.extend(section.walk())
        return found

    def walk_sections(self) -> list[tuple[tuple[int, ...], Section, str]]:
        """Every section in reading order with its path (indices from the top of the tree)
        and the tab it is edited on (overview, funds, targets, issues)."""
        found: list[tuple[tuple[int, ...], Section, str]] = []

        def visit(items: list[Section], prefix: tuple[int, ...], tab: str | None) -> None:
            for i, section in enumerate(items):
                own = SECTION_TABS.get(section.key or "", tab) or "overview"
                found.append(((*prefix, i), section, own))
                visit(section.children, (*prefix, i), own)

        visit(self.sections, (), None)
        return found

    def section(self, key: str) -> Section | None:
        for _depth, section in self.all_sections():
            if section.key == key:
                return section
        return None


def default_title(report: Report) -> str:
    """The title derived from year, unit and project, as DOMAIN.md §2.1 writes it."""
    year = f"{report.year}年度" if report.year else ""
    return f"{year}{report.unit}{report.project.name}绩效自评报告"
