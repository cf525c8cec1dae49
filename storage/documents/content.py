"""What the printed documents say, independent of any file format.

The PDF writer (and the Word and Excel writers beside it) draw from here: the figures
as printed (amounts as filed, computed scores and rates), the title, the numbered
sections, the attachment names and label (附件 / 附件N), the signature block, and the
项目支出绩效自评表 as rows of cells with their merged spans. A writer decides how a
cell looks, never what it says: formatting a figure or numbering a section a second
time in a writer is a bug.

The table is the form the report's scoring mode describes (model.scoring): per indicator
(the national form); per 二级指标 group, the 分值 and 得分 merged over each group's rows;
or without scores — no 分值 and 得分 columns, no 总分 row, the money block keeping only
执行率 (every rule set computes the rate, and the unscored ones ask for a note when it is
low), so its head has six columns where a scored one has eight (layout.head_columns).

Every cell and piece of text carries its *place*, the field it comes from named in
Chinese (第3个绩效指标的“实际完成值”), for messages about it (a character no font has).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from model.fields import (
    FIGURES,
    FUND_COLUMN_LABELS,
    FUND_PARTS_LEAD,
    FUND_ROW_LABELS,
    PARTS,
    SECTION_FIELDS,
    field,
    group_field,
    indicator_field,
)
from model.numbering import chinese_date, section_number, without_typed_number
from model.report import FUND_COLUMNS, FUND_ROWS, FundRow, Indicator, Report, Section, default_title
from model.scoring import IndicatorScore, Scores
from model.values import AMOUNT, PERCENT, SCORE, WEIGHT, as_filed, percent, printed_score

CREATOR = "绩效自评助手 Zeping"
SUBJECT = "预算绩效自评报告及项目支出绩效自评表"
TABLE_TITLE = "项目支出绩效自评表"
TABLE_LABELS = "自评表表头"  # the place of the form's own printed words
LEFT, CENTRE = "left", "centre"
NOT_SCORED = "—"  # in the 分值 and 得分 cells of the rows that are parts of the total

# Places of the texts that are single fields.
TITLE_PLACE = field("title").label
PREAMBLE_PLACE = field("preamble").label
SIGNATURE_UNIT_PLACE = field("signature.unit").label
SIGNATURE_DATE_PLACE = field("signature.date").label
_SECTION_LABELS = {spec.key: spec.label for spec in SECTION_FIELDS}


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class Metadata:
    """The document's properties (PDF info, Word core properties)."""

    title: str
    author: str
    subject: str
    creator: str
    keywords: str


def title(report: Report) -> str:
    """The report's title: as typed, else derived from year, unit and project."""
    return report.title.strip() or default_title(report)


def title_break(report: Report) -> tuple[str, str] | None:
    """Where a title too long for one line is broken: after 年度 and the unit, the words
    that belong together (GB/T 9704 §7.3.3); None when the title does not start so.
    The writer breaks there only when both lines fit, which only it can measure."""
    text = title(report)
    head = f"{report.year}年度{report.unit.strip()}"
    rest = text[len(head):]
    if text.startswith(head) and rest:
        return head, rest
    return None


def metadata(report: Report) -> Metadata:
    return Metadata(title=title(report), author=report.unit.strip(), subject=SUBJECT,
                    creator=CREATOR, keywords=f"{report.year}年度 预算绩效自评")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: its non-blank lines, trimmed."""
    return [line.strip() for line in text.split("\n") if line.strip()]


@dataclass(frozen=True)
class PrintedSection:
    """A section as printed: its generated number (一、 （一） 1. （1）), its title and
    paragraphs, and its subsections; a number typed into the title is not printed."""

    depth: int  # 0 for 一、
    number: str
    title: str
    paragraphs: tuple[str, ...]
    place: str  # 章节“一、项目概况”
    children: tuple[PrintedSection, ...]

    @property
    def heading(self) -> str:
        return self.number + self.title

    @property
    def title_place(self) -> str:
        return f"{self.place}的{_SECTION_LABELS['title']}"

    @property
    def text_place(self) -> str:
        return f"{self.place}的{_SECTION_LABELS['text']}"


def sections(report: Report) -> list[PrintedSection]:
    """The numbered section tree of the report."""
    return _sections(report.sections, 0, "")


def _sections(items: Sequence[Section], depth: int, prefix: str) -> list[PrintedSection]:
    printed = []
    for index, section in enumerate(items, start=1):
        number = section_number(depth, index)
        name = without_typed_number(section.title)  # the generated number replaces it
        printed.append(PrintedSection(
            depth, number, name, tuple(paragraphs(section.text)), f"{PARTS['sections']}“{prefix}{number}{name[:20]}”",
            tuple(_sections(section.children, depth + 1, prefix + number))))
    return printed


def attachment_names(report: Report) -> list[str]:
    """The attachments listed under the text; the score table when none is named."""
    names = [a.strip() for a in report.attachments if a.strip()]
    return names or [f"{report.year}年度{TABLE_TITLE}"]


def table_attachment_label(report: Report) -> str:
    """附件, or 附件N when the report lists several and the table is the N-th."""
    names = attachment_names(report)
    if len(names) == 1:
        return "附件"
    for number, name in enumerate(names, start=1):
        if "自评表" in name:
            return f"附件{number}"
    return "附件1"


@dataclass(frozen=True)
class Line:
    """One line of text indented by a number of characters."""

    text: str
    place: str
    indent_chars: int


def attachment_note(report: Report) -> list[Line]:
    """附件：name, or 附件：1.name with the following items aligned under the first one."""
    names = attachment_names(report)
    if len(names) == 1:
        return [Line(f"附件：{names[0]}", "附件说明", 2)]
    return [Line(f"{'附件：' if number == 1 else ''}{number}.{name}", f"第{number}个附件名称",
                 2 if number == 1 else 5)
            for number, name in enumerate(names, start=1)]


@dataclass(frozen=True)
class SignatureBlock:
    """The issuing unit and the date (empty when none is set) above the seal."""

    unit: str
    date: str


def signature(report: Report) -> SignatureBlock:
    unit = (report.signature.unit or report.unit).strip()
    return SignatureBlock(unit, chinese_date(report.signature.date) if report.signature.date else "")


def year_line(report: Report) -> str:
    """The line under the table's title."""
    return f"（{report.year}年度）"


# ---------------------------------------------------------------- the score table


@dataclass(frozen=True)
class Cell:
    """One cell of the score table."""

    text: str
    place: str
    header: bool = False  # a printed word of the form (a heading), not a filled-in value
    align: str | None = None  # None: the usual one (values left, headings centred)
    indent_chars: int = 0
    # A figure's number and kind (model.values: amount, weight, score, percent), for a
    # format that stores numbers (a spreadsheet); ``text`` is how it is printed.
    number: Decimal | None = None
    kind: str = ""


class Span(NamedTuple):
    """Merged cells: the rectangle from (col0, row0) to (col1, row1), both included."""

    col0: int
    row0: int
    col1: int
    row1: int


@dataclass(frozen=True)
class Block:
    """A part of the table's head, on the head's columns (label, row label, the three money
    columns, weight, rate, score). None marks a cell covered by a merge;
    the text of a merged cell is in its top-left cell."""

    key: str  # project / note / goal
    rows: tuple[tuple[Cell | None, ...], ...]
    spans: tuple[Span, ...]
    long_text: bool  # holds free text of any length, so its rows may run over pages
    # The first rows hold a free text each (项目名称, 主管部门 …) in a block that is not
    # ``long_text``: printed apart, each row on its own, when the block is too tall for a page.
    text_rows: int = 0

    def part(self, start: int, stop: int) -> Block:
        """Rows ``start`` to ``stop`` (excluded) as a block of their own, with the merges
        inside them (a merge reaching outside is not one of them)."""
        spans = tuple(Span(s.col0, s.row0 - start, s.col1, s.row1 - start) for s in self.spans
                      if start <= s.row0 and s.row1 < stop)
        return Block(self.key, self.rows[start:stop], spans, self.long_text)


def _heading(text: str) -> Cell:
    return Cell(text, TABLE_LABELS, header=True)


# How each kind of figure is printed (model.values has the one formatter per kind).
_PRINTED = {AMOUNT: as_filed, WEIGHT: as_filed, SCORE: printed_score, PERCENT: percent}


def _figure(value: Decimal | None, kind: str, place: str, align: str | None = CENTRE) -> Cell:
    return Cell(_PRINTED[kind](value), place, align=align, number=value, kind=kind)


def head_blocks(report: Report, scores: Scores) -> list[Block]:
    """The project, its department and implementer, and the money; the execution note (when there is one);
    年度总体目标. The money figures are the computed ones (model.scoring).

    On a form without scores the money block has no weight and no score column (the head
    has six columns, not eight) but keeps the execution rate: every rule set computes it,
    and the unscored ones still ask for a note when it is low (``execution_note_below``)."""
    project = report.project
    name, department, implementer = (field(f"project.{key}") for key in ("name", "department", "implementer"))
    column_labels = [FUND_COLUMN_LABELS[column] for column in FUND_COLUMNS]
    score_label = indicator_field("score").label
    # The figure columns after the amounts: (heading, the total's figure, a part's cell).
    rate = (FIGURES["execution_rate"], _figure(scores.execution_rate, PERCENT, TABLE_LABELS), Cell("", TABLE_LABELS))
    figures = [rate]
    if scores.scored:
        figures = [(field("funds.weight").label, _figure(scores.execution_weight, SCORE, TABLE_LABELS),
                    Cell(NOT_SCORED, TABLE_LABELS, align=CENTRE)), rate,
                   (score_label, _figure(scores.execution_score, SCORE, TABLE_LABELS),
                    Cell(NOT_SCORED, TABLE_LABELS, align=CENTRE))]
    last = 1 + len(FUND_COLUMNS) + len(figures)  # the last column's index
    split = len(FUND_COLUMNS) + 1  # the implementer and the actual-goal cells start over the executed column
    free = (None,) * (last - 1)
    rows: list[tuple[Cell | None, ...]] = [
        (_heading(name.label), Cell(project.name.strip(), name.label), *free),
        (_heading(department.label), Cell(project.department.strip(), department.label), *free[:split - 2],
         _heading(implementer.label), Cell(project.implementer.strip(), implementer.label), *free[split:]),
        (_heading(f"{PARTS['funds']}（{report.funds.unit}）"), _heading(""), *map(_heading, column_labels),
         *(_heading(heading) for heading, _total, _part in figures)),
    ]
    for key in FUND_ROWS:
        label = FUND_ROW_LABELS[key]
        amounts: FundRow = scores.funds_columns if key == "total" else report.funds.row(key)
        amount_cells = tuple(_figure(getattr(amounts, column), AMOUNT, f"{label}/{column_label}")
                             for column, column_label in zip(FUND_COLUMNS, column_labels, strict=True))
        if key == "total":  # the total's figures are the computed ones
            rows.append((None, Cell(label, TABLE_LABELS, align=LEFT), *amount_cells,
                         *(total for _heading_text, total, _part in figures)))
            continue
        # The rows below the total are its parts: “其中：” before the first, the others under it.
        text, indent = (FUND_PARTS_LEAD + label, 0) if key == FUND_ROWS[1] else (label, len(FUND_PARTS_LEAD))
        rows.append((None, Cell(text, TABLE_LABELS, align=LEFT, indent_chars=indent), *amount_cells,
                     *(part for _heading_text, _total, part in figures)))
    blocks = [Block("project", tuple(rows), _spans(Span(1, 0, last, 0), Span(1, 1, split - 1, 1),
                                                   Span(split + 1, 1, last, 1), Span(0, 2, 0, len(rows) - 1)),
                    long_text=False, text_rows=2)]
    note = report.funds.note.strip()
    if note:
        blocks.append(Block("note", ((_heading("执行偏差原因分析及改进措施"), None,
                                      Cell(note, field("funds.note").label), *free[1:]),),
                            _spans(Span(0, 0, 1, 0), Span(2, 0, last, 0)), long_text=True))
    goal = report.goal
    expected, actual = field("goal.expected"), field("goal.actual")
    blocks.append(Block("goal", (
        (_heading(expected.group), _heading(expected.label), *free[:split - 2], _heading(actual.label), *free[split - 1:]),
        (None, Cell(goal.expected.strip(), f"{expected.group}/{expected.label}"), *free[:split - 2],
         Cell(goal.actual.strip(), f"{actual.group}/{actual.label}"), *free[split - 1:]),
    ), _spans(Span(0, 0, 0, 1), Span(1, 0, split - 1, 0), Span(split, 0, last, 0), Span(1, 1, split - 1, 1),
              Span(split, 1, last, 1)), long_text=True))
    return blocks


def _spans(*spans: Span) -> tuple[Span, ...]:
    """The spans that merge more than one cell."""
    return tuple(span for span in spans if (span.col0, span.row0) != (span.col1, span.row1))


def runs(values: Sequence[object]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive values."""
    found: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if found and values[found[-1][0]] == value:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


@dataclass(frozen=True)
class IndicatorTable:
    """The indicator part of the table (columns: 绩效指标, then ``columns``: 一级指标, 二级指标,
    三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施 — without 分值 and 得分
    on a form that has no scores): a header row, a row per indicator, the total row (none
    on a form without scores). Equal consecutive 一级/二级 names are merged, and the 绩效指标
    label runs down beside all of them. On a form scored per 二级指标 the 分值 and 得分
    cells are merged over each group's rows too, holding the group's figures."""

    columns: tuple[str, ...]
    header: tuple[Cell, ...]
    # Per indicator, from 一级指标 on (column 0 is the label's); each row holds its own
    # 一级/二级 names (and group figures), also where a merge shows those of the row above.
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell | None, ...] | None
    # Per indicator, its 二级指标 group (the index in Scores.groups) on a group-scored form.
    groups: tuple[int, ...] = ()

    @property
    def merged(self) -> tuple[int, ...]:
        """The columns of ``rows`` whose cells are merged over rows (so a writer that
        splits the table sets them per part): the names, and the group figures."""
        figures = tuple(self.columns.index(key) for key in GROUP_FIGURES) if self.groups else ()
        return (0, 1, *figures)

    def spans(self, start: int, stop: int) -> list[Span]:
        """The merged cells of a table holding the header, indicators ``start`` to
        ``stop`` (excluded) and, when ``stop`` is the last, the total row. A table
        continued on the next page is merged within itself (its names and group figures
        shown again)."""
        level1 = [row[0].text for row in self.rows[start:stop]]
        level2 = [(row[0].text, row[1].text) for row in self.rows[start:stop]]
        found = [Span(1, first + 1, 1, last + 1) for first, last in runs(level1)]
        found += [Span(2, first + 1, 2, last + 1) for first, last in runs(level2)]
        if self.groups:
            for first, last in runs(self.groups[start:stop]):
                found += [Span(col + 1, first + 1, col + 1, last + 1) for col in self.merged[2:]]
        found.append(Span(0, 0, 0, stop - start))
        if stop == len(self.rows) and self.total is not None:
            total_row = stop - start + 1
            found.append(Span(0, total_row, self.columns.index("weight"), total_row))
        return [span for span in found if (span.col0, span.row0) != (span.col1, span.row1)]


# The indicator's columns as printed (the catalogue's, without 评价档次); names and notes
# read left-aligned, the rest centred. A form without scores has no 分值 and 得分.
INDICATOR_COLUMNS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")
GROUP_FIGURES = ("weight", "score")  # one per 二级指标 on a form scored per group
UNSCORED_COLUMNS = tuple(key for key in INDICATOR_COLUMNS if key not in GROUP_FIGURES)
_LEFT_ALIGNED = frozenset({"name", "note"})


def _indicator_cell(indicator: Indicator, result: IndicatorScore, key: str, place: str) -> Cell:
    align = None if key in _LEFT_ALIGNED else CENTRE
    if key == "weight":
        return _figure(indicator.weight, WEIGHT, place, align)
    if key == "score":  # what counts (filed, else suggested)
        return _figure(result.score if result.counted else None, SCORE, place, align)
    text: str = getattr(indicator, key)
    return Cell(text.strip(), place, align=align)


def _group_cells(scores: Scores) -> tuple[list[int], dict[int, tuple[Cell, Cell]]]:
    """Each indicator's group, and per row the group's 分值 and 得分 cells: a weight as
    printed (none where the form printed only 一级 weights: the share the rules assume is
    not a figure of the form), the score that counts. A group whose rows are not together
    shows its figures on its first rows only (the others stay blank), never twice."""
    group_of = [0] * len(scores.indicators)
    for position, group in enumerate(scores.groups):
        for member in group.members:
            group_of[member] = position
    cells: dict[int, tuple[Cell, Cell]] = {}
    shown: set[int] = set()
    labels = {key: indicator_field(key).label for key in GROUP_FIGURES}
    for first, last in runs(group_of):
        position = group_of[first]
        group = scores.groups[position]
        place = f"{group_field('level2').label}“{group.level2}”的“{{}}”"
        weight = None if group.derived else group.weight
        if position in shown:
            figures = (Cell("", place.format(labels["weight"])), Cell("", place.format(labels["score"])))
        else:
            figures = (_figure(weight, WEIGHT, place.format(labels["weight"])),
                       _figure(group.score, SCORE, place.format(labels["score"])))
        shown.add(position)
        cells.update({row: figures for row in range(first, last + 1)})
    return group_of, cells


def indicator_table(report: Report, scores: Scores) -> IndicatorTable:
    columns = INDICATOR_COLUMNS if scores.scored else UNSCORED_COLUMNS
    labels = {key: indicator_field(key).label for key in columns}
    grouped = scores.mode == "group"
    group_of, figures = _group_cells(scores) if grouped else ([], {})
    rows = []
    for number, (indicator, result) in enumerate(zip(report.indicators, scores.indicators, strict=True), start=1):
        place = f"第{number}个{PARTS['indicators']}的"
        row = {key: _indicator_cell(indicator, result, key, f"{place}“{labels[key]}”") for key in columns}
        if grouped:
            row["weight"], row["score"] = figures[number - 1]
        rows.append(tuple(row[key] for key in columns))
    header = tuple(map(_heading, (PARTS["indicators"], *labels.values())))
    total: tuple[Cell | None, ...] | None = None
    if scores.scored:  # per row on the usual form, per 二级指标 group on a group-scored one
        weight_total = scores.execution_weight + sum(scores.level1_weights.values(), Decimal(0))
        total_label = FIGURES["total"]
        total = (_heading(total_label), None, None, None, None, None,
                 _figure(weight_total, SCORE, f"{total_label}/{labels['weight']}"),
                 _figure(scores.total, SCORE, f"{total_label}/{labels['score']}"), Cell("", TABLE_LABELS))
    return IndicatorTable(columns, header, tuple(rows), total, tuple(group_of))
