"""The report as the clerk fills it: plain dataclasses, no I/O.

Money is Decimal in 万元; ``None`` stands for a blank cell. Texts are kept exactly as
typed; targets and actuals are parsed on demand by :mod:`model.notation`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

KINDS = ("project",)
BANDS = ("达成", "部分达成", "未达成")

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


@dataclass
class FundRow:
    """One row of the money block: 年初预算数, 全年预算数, 全年执行数."""

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


@dataclass
class Section:
    """A section of the report; ``title`` carries no number (numbering is generated)."""

    key: str | None = None
    title: str = ""
    text: str = ""
    children: list[Section] = field(default_factory=list)

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

    def all_sections(self) -> list[tuple[int, Section]]:
        """Every section with its depth, in reading order."""
        found: list[tuple[int, Section]] = []
        for section in self.sections:
            found.extend(section.walk())
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
