"""What the audit produces — findings with a severity, a code, a place and a message —
and the context every check of the audit package works in."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal

from model.fields import FIELDS, TABS, field, get_value, indicator_field
from model.report import Indicator, Report, Section
from model.rules import RuleSet
from model.scoring import Scores
from model.values import plain

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_WORDS = {ERROR: "错误", WARNING: "提醒", INFO: "说明"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
# The report-level fields that hold narrative text (checked for wording and figures).
NARRATIVE = ("preamble", "goal.expected", "goal.actual")


@dataclass(frozen=True)
class Place:
    """Where a finding points: a tab, a field id, and for table rows the row and column.

    Field ids: ``unit``, ``project.name``, ``funds.total.annual``, ``goal.expected``,
    ``indicators`` (with row and column), ``groups`` (with row and column), ``section``
    (with ``path``, the indices from the top of the section tree), ``signature.date`` …
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


def fmt(value: Decimal | None) -> str:
    return "（空）" if value is None else plain(value)


def indicator_place(index: int, indicator: Indicator, column: str) -> Place:
    """The cell ``column`` of the ``index``-th indicator row."""
    name = indicator.name or "（未命名）"
    return Place("targets", "indicators", f"第{index + 1}行“{name[:16]}” / {indicator_field(column).label}", index, column)


def section_place(path: tuple[int, ...], section: Section, tab: str) -> Place:
    title = section.title or "（无标题）"
    return Place(tab, "section", f"章节“{title[:20]}”", path=path)


def table_place(label: str) -> Place:
    """A figure of the indicator table as a whole (分值合计, 总分, 一级指标“产出指标”)."""
    return Place("targets", "indicators", label)


@dataclass
class Context:
    """One audit run: the report, its rule set and scores, and the findings so far."""

    report: Report
    ruleset: RuleSet
    scores: Scores
    findings: list[Finding] = dataclass_field(default_factory=list)

    def __post_init__(self) -> None:
        self.sections = self.report.walk_sections()
        self._texts: list[tuple[Place, str, str]] | None = None

    def add(self, severity: str, code: str, place: Place, message: str) -> None:
        self.findings.append(Finding(severity, code, place, message))

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.findings)

    @property
    def money_unit(self) -> str:
        return self.report.funds.unit

    def texts(self) -> list[tuple[Place, str, str]]:
        """Every narrative text with its place and a label for messages (read once a run)."""
        if self._texts is None:
            self._texts = self._read_texts()
        return self._texts

    def _read_texts(self) -> list[tuple[Place, str, str]]:
        r = self.report
        texts = [(Place.of(spec.key), spec.name, str(get_value(r, spec.key))) for spec in FIELDS if spec.key in NARRATIVE]
        for path, section, tab in self.sections:
            texts.append((section_place(path, section, tab), f"章节“{section.title}”", section.text))
        return texts
