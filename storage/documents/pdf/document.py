"""The printed report as PDF: the 绩效自评报告 in the GB/T 9704 layout, then, as its
attachment, the 项目支出绩效自评表 in the national layout (DOMAIN.md §2, §7).

:func:`render_pdf` makes the bytes (打印预览 and 打印 paint exactly these pages) and
:func:`export_pdf` writes them (command line, 导出 PDF).
Figures in the table are computed by model.scoring, never copied from what was filed.
Every piece of text passes through one function, which both records it for the font
coverage check and turns it into a reportlab Paragraph; the check runs before anything
is written, because reportlab silently drops characters a font lacks.
"""

from __future__ import annotations

import dataclasses
import io
import pathlib
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from model.numbering import chinese_date, section_number
from model.report import Report, Section, default_title
from model.rules import RuleSet
from model.scoring import Scores, score_report
from storage.documents.cjkwrap import break_lines, break_positions
from storage.documents.fonts import FontSet, Missing, MissingCharacters, font_set, missing
from storage.documents.layout import GBT9704, MM, PageLayout, TextStyle
from storage.files import write_bytes_atomically

CREATOR = "绩效自评助手 Zeping"
SUBJECT = "预算绩效自评报告及项目支出绩效自评表"
TABLE_TITLE = "项目支出绩效自评表"

_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def _escape(text: str) -> str:
    """Text safe inside Paragraph markup (< & > would be read as tags or entities).

    Not xml.sax.saxutils.escape: importing it pulls in urllib and email (~35 ms).
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- figures as printed


def _plain(value: Decimal | None) -> str:
    """A filed amount or weight as the clerk wrote it (no exponent, no added zeros)."""
    if value is None:
        return ""
    return f"{value:f}"


def _score(value: Decimal | None) -> str:
    """A computed score: whole numbers without decimals, else two decimals (6.51)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():f}"
    return f"{value.quantize(Decimal('0.01')):f}"


def _rate(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"


# ---------------------------------------------------------------- text → Paragraph


def _justify_line(tx: Any, offset: float, extra: float, words: list[str], last: int = 0) -> Any:
    """reportlab's justified line, but a line without spaces (Chinese) is justified by
    character spacing: reportlab only widens spaces, leaving such lines ragged."""
    text = words[0] if len(words) == 1 else ""
    if not last and extra > 1e-6 and len(text) > 1 and " " not in text:
        tx.setCharSpace(extra / (len(text) - 1))
        result = _REPORTLAB_JUSTIFY(tx, offset, 0, words, last)
        tx.setCharSpace(0)
        return result
    return _REPORTLAB_JUSTIFY(tx, offset, extra, words, last)


_REPORTLAB_JUSTIFY = rl_paragraph._justifyDrawParaLine


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose single-font lines are broken by storage.documents.cjkwrap (禁则) and
    justified by character spacing.

    Paragraphs mixing fonts (a character taken from a fallback font) keep reportlab's
    own CJK breaking.
    """

    def drawPara(self, debug: int = 0) -> None:
        # reportlab picks its line-drawing function from a module global while drawing:
        # swap in ours for this paragraph only.
        rl_paragraph._justifyDrawParaLine = _justify_line
        try:
            super().drawPara(debug)
        finally:
            rl_paragraph._justifyDrawParaLine = _REPORTLAB_JUSTIFY

    def breakLinesCJK(self, max_widths: float | list[float]) -> Any:
        frags = self.frags
        if (any(hasattr(f, "cbDefn") for f in frags) or self.style.endDots
                or (getattr(self, "_splitpara", 0) and hasattr(self, "blPara"))):
            return super().breakLinesCJK(max_widths)
        widths_list = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
        hang = getattr(self.style, "hang_punctuation", True)
        self.height = 0
        if len(frags) == 1:
            frag = frags[0]
            # The second part of a split paragraph holds its text as "words".
            text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
            widths = [stringWidth(c, frag.fontName, frag.fontSize) for c in text]
            lines = [(space, [line]) for space, line in break_lines(text, widths, widths_list, hang=hang)]
            return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
        return self._break_mixed(widths_list, hang)

    def _break_mixed(self, max_widths: list[float], hang: bool) -> Any:
        """Lines of a paragraph set in several fonts or with forced breaks (<br/>), as
        reportlab's cjkFragSplit makes them, but cut where storage.documents.cjkwrap allows."""
        if any(not hasattr(f, "text") for f in self.frags):
            return super().breakLinesCJK(max_widths)
        chars: list[Any] = []  # one reportlab cjkU (a character with its frag) each
        for frag in self.frags:
            if frag.text:
                chars.extend(rl_paragraph.cjkU(c, frag, "utf8") for c in frag.text)
            elif hasattr(frag, "lineBreak"):
                chars.append(rl_paragraph.cjkU("", frag, "utf8"))
        lines: list[Any] = []
        start = 0
        while start <= len(chars):
            # A segment ends at a forced break (an empty frag carrying lineBreak).
            end = start
            while end < len(chars) and not hasattr(chars[end].frag, "lineBreak"):
                end += 1
            segment = chars[start:end]
            text = "".join(segment)
            widths = [u.width for u in segment]
            spans = break_positions(text, widths, max_widths[len(lines):] or max_widths[-1:], hang=hang) or [(0, 0)]
            for number, (first, last) in enumerate(spans):
                width = max_widths[min(len(lines), len(max_widths) - 1)]
                used = sum(widths[first:last])
                forced = number == len(spans) - 1 and end < len(chars)
                piece = segment[first:last] + ([chars[end]] if forced else [])
                lines.append(rl_paragraph.makeCJKParaLine(piece, width, used, width - used, forced, False))
            start = end + 1
        return rl_paragraph.ParaLines(kind=1, lines=lines)


@dataclasses.dataclass
class _Printed:
    """A piece of text that will be printed: where it comes from and its font role."""

    place: str
    role: str
    text: str


class _Typesetter:
    """Makes Paragraphs and remembers every text it set, for the coverage check."""

    def __init__(self, fonts: FontSet, layout: PageLayout) -> None:
        self.fonts = fonts
        self.layout = layout
        self.printed: list[_Printed] = []
        self._styles: dict[tuple[TextStyle, float, float], ParagraphStyle] = {}

    def style(self, spec: TextStyle, *, left: float = 0, right: float = 0) -> ParagraphStyle:
        key = (spec, left, right)
        style = self._styles.get(key)
        if style is None:
            style = ParagraphStyle(
                f"zp{len(self._styles)}",
                fontName=self.fonts.font_name(spec.role),
                fontSize=spec.size,
                leading=spec.leading,
                alignment=_ALIGN[spec.align],
                firstLineIndent=spec.first_indent_chars * spec.size,
                leftIndent=left,
                rightIndent=right,
                spaceBefore=spec.space_before,
                spaceAfter=spec.space_after,
                wordWrap="CJK",
                allowWidows=1,
                allowOrphans=0,
                splitLongWords=1,
            )
            style.hang_punctuation = spec.hang_punctuation  # read by _Paragraph, kept on split
            self._styles[key] = style
        return style

    def para(self, text: str, spec: TextStyle, place: str, *, left: float = 0,
             right: float = 0, record: bool = True) -> Paragraph:
        """One paragraph of ``text`` set in ``spec``, recorded under ``place`` for the
        coverage check (unless already recorded); a newline is a forced line break."""
        text = text.replace("\t", " ")
        if record:
            self.printed.append(_Printed(place, spec.role, text))
        markup = []
        primary = self.fonts.font_name(spec.role)
        for font_name, piece in self.fonts.runs(spec.role, text):
            piece = _escape(piece).replace("\n", "<br/>")
            markup.append(piece if font_name == primary else f'<font face="{font_name}">{piece}</font>')
        return _Paragraph("".join(markup), self.style(spec, left=left, right=right))

    def paragraphs(self, text: str, spec: TextStyle, place: str) -> list[Paragraph]:
        """A paragraph per non-blank line of ``text``."""
        return [self.para(line.strip(), spec, place) for line in text.split("\n") if line.strip()]

    def missing(self) -> list[Missing]:
        return missing(self.fonts, ((p.place, p.role, p.text) for p in self.printed))


# ---------------------------------------------------------------- the report


def _section_flowables(ts: _Typesetter, sections: Sequence[Section], depth: int,
                       prefix: str) -> list[Flowable]:
    layout = ts.layout
    heading = layout.headings[min(depth, len(layout.headings) - 1)]
    story: list[Flowable] = []
    for index, section in enumerate(sections, start=1):
        number = section_number(depth, index)
        place = f"章节“{prefix}{number}{section.title.strip()[:20]}”"
        if heading.keep_with_next:
            # The heading, the headings straight under it and two lines of text stay
            # on one page (KeepTogether would move a whole long paragraph).
            stacked = 1
            below = section
            while not below.text.strip() and below.children:
                below = below.children[0]
                stacked += 1
            story.append(CondPageBreak((stacked + 2) * layout.body.leading))
        title = ts.para(number + section.title.strip(), heading, place + "的标题")
        title.is_heading = True
        story.append(title)
        story.extend(ts.paragraphs(section.text, layout.body, place + "的正文"))
        story.extend(_section_flowables(ts, section.children, depth + 1, prefix + number))
    return story


def _attachment_names(report: Report) -> list[str]:
    names = [a.strip() for a in report.attachments if a.strip()]
    return names or [f"{report.year}年度{TABLE_TITLE}"]


def _table_attachment_label(report: Report) -> str:
    """附件, or 附件N when the report lists several and the table is the N-th."""
    names = _attachment_names(report)
    if len(names) == 1:
        return "附件"
    for number, name in enumerate(names, start=1):
        if "自评表" in name:
            return f"附件{number}"
    return "附件1"


def _closing(ts: _Typesetter, report: Report) -> list[Flowable]:
    """The 附件 note and the signature block (unit, date) with room for the seal."""
    layout = ts.layout
    body = layout.body
    size = body.size
    story: list[Flowable] = [Spacer(0, layout.attachment_note_blank_lines * body.leading)]
    names = _attachment_names(report)
    note_style = TextStyle(body.role, size, body.leading, "left")
    if len(names) == 1:
        story.append(ts.para(f"附件：{names[0]}", note_style, "附件说明", left=2 * size))
    else:
        # 附件：1.XXXX with the following items aligned under the first one.
        for number, name in enumerate(names, start=1):
            head = "附件：" if number == 1 else ""
            story.append(ts.para(f"{head}{number}.{name}", note_style, f"第{number}个附件名称",
                                 left=(2 if number == 1 else 5) * size))
    signature = [Spacer(0, layout.seal_blank_lines * body.leading)]
    unit = (report.signature.unit or report.unit).strip()
    date = chinese_date(report.signature.date) if report.signature.date else ""
    date_right = layout.signature_date_right_chars * size
    right_style = TextStyle(body.role, size, body.leading, "right")
    font = ts.fonts.font_name(body.role)
    if date:
        # The unit is centred over the date (GB/T 9704 §7.3.5).
        offset = (stringWidth(date, font, size) - stringWidth(unit, font, size)) / 2
        unit_right = max(0.0, date_right + offset)
    else:
        unit_right = date_right
    signature.append(ts.para(unit, right_style, "落款单位", right=unit_right))
    if date:
        signature.append(ts.para(date, right_style, "落款日期", right=date_right))
    # No KeepTogether here: the caller keeps the whole closing together, and a nested
    # KeepTogether reports an infinite height, which always pushed the closing to a new page.
    story.extend(signature)
    return story


# ---------------------------------------------------------------- the score table


class _Grid:
    """Cells of one table block: Paragraphs, spans and the block's column widths."""

    def __init__(self, ts: _Typesetter, columns_mm: Sequence[float], width: float) -> None:
        self.ts = ts
        scale = width / (sum(columns_mm) * MM)
        self.widths = [c * MM * scale for c in columns_mm]
        self.rows: list[list[Flowable | str]] = []
        self.spans: list[tuple[int, int, int, int]] = []  # (col0, row0, col1, row1)
        self._open: set[tuple[int, int]] = set()  # cells drawn without their bottom rule

    def cell(self, text: str, place: str, *, header: bool = False, align: str | None = None,
             indent_chars: float = 0) -> Paragraph:
        table = self.ts.layout.table
        spec = table.header_cell if header else table.cell
        if align is not None and align != spec.align:
            spec = dataclasses.replace(spec, align=align)
        return self.ts.para(text, spec, place, left=indent_chars * spec.size)

    def row(self, cells: Sequence[Flowable | None]) -> int:
        """Append a row; None marks a cell covered by a span. Returns the row index."""
        self.rows.append([c if c is not None else "" for c in cells])
        return len(self.rows) - 1

    def span(self, col0: int, row0: int, col1: int, row1: int) -> None:
        if (col0, row0) != (col1, row1):
            self.spans.append((col0, row0, col1, row1))

    def no_rule_below(self, col: int, row: int) -> None:
        self._open.add((col, row))

    def table(self, *, split_in_row: bool = False, valign: str = "MIDDLE") -> Table:
        """The block as a Table; ``split_in_row`` lets reportlab split a row over pages
        (then cells should be top-aligned, so the parts of a row read in order)."""
        layout = self.ts.layout.table
        font = self.ts.fonts.font_name(layout.cell.role)
        commands: list[tuple[object, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), layout.cell.size),
            ("VALIGN", (0, 0), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), layout.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), layout.padding),
            ("TOPPADDING", (0, 0), (-1, -1), layout.padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), layout.padding),
            ("LINEAFTER", (0, 0), (-2, -1), layout.line_width, "black"),
            ("BOX", (0, 0), (-1, -1), layout.outer_line_width, "black"),
        ]
        for row in range(len(self.rows) - 1):
            open_cols = {c for c, r in self._open if r == row}
            for col in range(len(self.widths)):
                if col not in open_cols:
                    commands.append(("LINEBELOW", (col, row), (col, row), layout.line_width, "black"))
        for col0, row0, col1, row1 in self.spans:
            commands.append(("SPAN", (col0, row0), (col1, row1)))
        return Table(self.rows, colWidths=self.widths, style=TableStyle(commands),
                     splitByRow=1, splitInRow=1 if split_in_row else 0)


def _head_block(ts: _Typesetter, report: Report, scores: Scores, width: float) -> list[Table]:
    """项目名称, 主管部门/实施单位 and the money block; the execution note; 年度总体目标."""
    table = ts.layout.table
    grid = _Grid(ts, table.head_columns_mm, width)
    label = "自评表表头"
    h = grid.cell
    r = grid.row([h("项目名称", label, header=True),
                  h(report.project.name.strip(), "项目名称"), None, None, None, None, None, None])
    grid.span(1, r, 7, r)
    r = grid.row([h("主管部门", label, header=True), h(report.project.department.strip(), "主管部门"),
                  None, None, h("实施单位", label, header=True),
                  h(report.project.implementer.strip(), "实施单位"), None, None])
    grid.span(1, r, 3, r)
    grid.span(5, r, 7, r)
    first = grid.row([h("项目资金（万元）", label, header=True), h("", label, header=True),
                      h("年初预算数", label, header=True), h("全年预算数", label, header=True),
                      h("全年执行数", label, header=True), h("分值", label, header=True),
                      h("执行率", label, header=True), h("得分", label, header=True)])
    effective = scores.funds_columns
    grid.row([None, h("年度资金总额", label, align="left"),
              h(_plain(effective.initial), "年度资金总额/年初预算数", align="centre"),
              h(_plain(effective.annual), "年度资金总额/全年预算数", align="centre"),
              h(_plain(effective.executed), "年度资金总额/全年执行数", align="centre"),
              h(_score(scores.execution_weight), label, align="centre"),
              h(_rate(scores.execution_rate), label, align="centre"),
              h(_score(scores.execution_score), label, align="centre")])
    funds = report.funds
    for name, text in (("current", "其中：当年财政拨款"), ("carryover", "上年结转资金"),
                       ("other", "其他资金")):
        row = funds.row(name)
        # 上年结转资金 and 其他资金 stand under 当年财政拨款, after “其中：”.
        indent = 0 if name == "current" else 3
        grid.row([None, h(text, label, align="left", indent_chars=indent),
                  h(_plain(row.initial), f"{text[-6:]}/年初预算数", align="centre"),
                  h(_plain(row.annual), f"{text[-6:]}/全年预算数", align="centre"),
                  h(_plain(row.executed), f"{text[-6:]}/全年执行数", align="centre"),
                  h("—", label, align="centre"), h("", label), h("—", label, align="centre")])
    grid.span(0, first, 0, len(grid.rows) - 1)
    blocks = [grid.table()]

    # Blocks whose texts may run over a page: no SPAN at all, because reportlab can
    # only split a row across pages when the table has none.
    columns = table.head_columns_mm
    if funds.note.strip():
        note = _Grid(ts, (sum(columns[:2]), sum(columns[2:])), width)
        note.row([note.cell("执行偏差原因分析及改进措施", label, header=True),
                  note.cell(funds.note.strip(), "执行率偏差说明")])
        blocks.append(note.table(split_in_row=True, valign="TOP"))
    goal = _Grid(ts, (columns[0], sum(columns[1:4]), sum(columns[4:])), width)
    h = goal.cell
    # The label sits in the text row; no rule above it, so it reads as one merged cell.
    goal.row([h("", label), h("预期目标", label, header=True), h("实际完成情况", label, header=True)])
    texts = [h(report.goal.expected.strip(), "年度总体目标/预期目标"),
             h(report.goal.actual.strip(), "年度总体目标/实际完成情况")]
    goal.row([h("年度总体目标", label, header=True), *texts])
    goal.no_rule_below(0, 0)
    tallest = max(p.wrap(w - 2 * table.padding, 1e9)[1] for p, w in zip(texts, goal.widths[1:], strict=True))
    long_goal = tallest > ts.layout.type_height / 2  # may run over a page: read in order
    blocks.append(goal.table(split_in_row=True, valign="TOP" if long_goal else "MIDDLE"))
    return blocks


def _runs(values: Sequence[object]) -> list[tuple[int, int]]:
    """(first, last) index of each run of equal consecutive values."""
    runs: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


class _IndicatorTable(Flowable):  # type: ignore[misc]
    """The indicator block, split across pages by whole rows.

    Each page gets its own Table with the header row repeated and the merged 一级/二级
    cells (SPAN) recomputed within the page, so a merged cell is never cut and its name
    is shown again on the next page (reportlab cannot split a table inside a row span).
    A single row taller than the space left is split inside the row by reportlab.
    """

    def __init__(self, build: Callable[[int, int, bool], Table], start: int, stop: int,
                 estimate: Callable[[int, int], float], page_height: float) -> None:
        super().__init__()
        self._build = build
        self._start = start
        self._stop = stop
        self._estimate = estimate  # (start, stop) → about the height of those rows
        self._page_height = page_height
        self._table: Table | None = None

    def _rest(self, start: int) -> list[Flowable]:
        if start >= self._stop:
            return []
        return [_IndicatorTable(self._build, start, self._stop, self._estimate, self._page_height)]

    def _fits(self, stop: int, width: float, height: float) -> Table | None:
        table = self._build(self._start, stop, False)
        needed: float = table.wrap(width, height)[1]
        return table if needed <= height else None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        estimate = self._estimate(self._start, self._stop)
        if estimate > avail_height:
            # Too tall here: the frame will call split, no need to lay it all out.
            self.width, self.height = avail_width, estimate
            return avail_width, estimate
        self._table = self._build(self._start, self._stop, False)
        width, height = self._table.wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        # Start from the estimate (rows that surely fit), then add rows while they fit.
        stop = self._start
        while stop < self._stop and self._estimate(self._start, stop + 1) <= avail_height:
            stop += 1
        best: Table | None = None
        if stop > self._start:
            best = self._fits(stop, avail_width, avail_height)
            while best is None and stop > self._start + 1:
                stop -= 1
                best = self._fits(stop, avail_width, avail_height)
            if best is None:
                stop = self._start
        while stop < self._stop:
            bigger = self._fits(stop + 1, avail_width, avail_height)
            if bigger is None:
                break
            best, stop = bigger, stop + 1
        if best is not None:
            return [best, *self._rest(stop)]
        if self._estimate(self._start, self._start + 1) <= self._page_height:
            return []  # the next row fits on a fresh page: continue there
        # A row taller than a page: reportlab splits it inside the row.
        single = self._build(self._start, self._start + 1, True)
        parts: list[Flowable] = single.split(avail_width, avail_height)
        return [*parts, *self._rest(self._start + 1)] if parts else []


def _indicator_block(ts: _Typesetter, report: Report, scores: Scores, width: float) -> Flowable:
    table = ts.layout.table
    label = "自评表表头"
    indicators = report.indicators
    cells = _Grid(ts, table.indicator_columns_mm, width)  # makes cells, knows the widths
    c = cells.cell
    rows: list[list[Paragraph]] = []
    for number, (indicator, result) in enumerate(zip(indicators, scores.indicators, strict=True), start=1):
        place = f"第{number}个绩效指标的"
        rows.append([
            c(indicator.name.strip(), place + "“三级指标”"),
            c(indicator.target.strip(), place + "“年度指标值”", align="centre"),
            c(indicator.actual.strip(), place + "“实际完成值”", align="centre"),
            c(_plain(indicator.weight), place + "“分值”", align="centre"),
            c(_score(result.score), place + "“得分”", align="centre"),
            c(indicator.note.strip(), place + "“偏差原因分析及改进措施”"),
        ])
    level1 = [i.level1.strip() for i in indicators]
    level2 = [(i.level1.strip(), i.level2.strip()) for i in indicators]
    centre = dataclasses.replace(table.cell, align="centre")
    for number, (name1, (_name1, name2)) in enumerate(zip(level1, level2, strict=True), start=1):
        # Recorded once here for the coverage check; the merged cells are made per page.
        ts.printed.append(_Printed(f"第{number}个绩效指标的“一级指标”", centre.role, name1))
        ts.printed.append(_Printed(f"第{number}个绩效指标的“二级指标”", centre.role, name2))
    weight_total = scores.execution_weight + sum((i.weight or Decimal(0) for i in indicators), Decimal(0))
    header = [c("绩效指标", label, header=True), c("一级指标", label, header=True),
              c("二级指标", label, header=True), c("三级指标", label, header=True),
              c("年度指标值", label, header=True), c("实际完成值", label, header=True),
              c("分值", label, header=True), c("得分", label, header=True),
              c("偏差原因分析及改进措施", label, header=True)]
    total = [c("总分", label, header=True), c(_score(weight_total), "总分/分值", align="centre"),
             c(_score(scores.total), "总分/得分", align="centre"), c("", label)]

    def group_cell(text: str) -> Paragraph:
        return ts.para(text, centre, "", record=False)

    def build(start: int, stop: int, split_in_row: bool) -> Table:
        grid = _Grid(ts, table.indicator_columns_mm, width)
        grid.row(header)
        for index in range(start, stop):
            grid.row([None, group_cell(level1[index]), group_cell(level2[index][1]), *rows[index]])
        body_last = len(grid.rows) - 1
        if not split_in_row:
            for first, last in _runs(level1[start:stop]):
                grid.span(1, first + 1, 1, last + 1)
            for first, last in _runs(level2[start:stop]):
                grid.span(2, first + 1, 2, last + 1)
            grid.span(0, 0, 0, body_last)
        if stop == len(indicators):
            r = grid.row([total[0], None, None, None, None, None, total[1], total[2], total[3]])
            grid.span(0, r, 5, r)
        result = grid.table(split_in_row=split_in_row, valign="TOP" if split_in_row else "MIDDLE")
        # reportlab repeats the header endlessly when it splits inside a row of a table
        # with repeatRows; a row taller than a page continues without the header.
        result.repeatRows = 0 if split_in_row else 1
        return result

    # Height estimates: each row as if its 一级/二级 cells were not merged (so never
    # lower than the real height), computed once per row.
    widths = cells.widths
    padding = 2 * table.padding

    def height_of(row: Sequence[Flowable | str], columns: Sequence[float]) -> float:
        tallest = 0.0
        for cell, column in zip(row, columns, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(column - padding, 1e9)[1])
        return tallest + padding

    row_heights = [height_of([group_cell(level1[i]), group_cell(level2[i][1]), *rows[i]], widths[1:])
                   for i in range(len(indicators))]
    header_height = height_of(header, widths)
    total_height = height_of([total[0], total[1], total[2]],
                             [sum(widths[:6]), widths[6], widths[7]])
    count = len(indicators)

    def estimate(start: int, stop: int) -> float:
        return header_height + sum(row_heights[start:stop]) + (total_height if stop == count else 0)

    return _IndicatorTable(build, 0, count, estimate, ts.layout.type_height)


def _attachment(ts: _Typesetter, report: Report, scores: Scores) -> list[Flowable]:
    layout = ts.layout
    width = layout.frame_width
    story: list[Flowable] = [PageBreak()]
    story.append(ts.para(_table_attachment_label(report), layout.attachment_label, "附件标签"))
    story.append(ts.para(TABLE_TITLE, layout.table.title, "自评表标题"))
    story.append(ts.para(f"（{report.year}年度）", layout.table.year_line, "自评表年度"))
    story.extend(_head_block(ts, report, scores, width))
    story.append(_indicator_block(ts, report, scores, width))
    return story


# ---------------------------------------------------------------- the document


def _title_text(ts: _Typesetter, report: Report) -> str:
    """The title, broken after 年度+unit when that makes two lines that fit: a title is
    broken where the words allow (GB/T 9704 §7.3.3), which a character count cannot know."""
    title = report.title.strip() or default_title(report)
    head = f"{report.year}年度{report.unit.strip()}"
    spec = ts.layout.title
    font = ts.fonts.font_name(spec.role)
    width = ts.layout.frame_width

    def fits(text: str) -> bool:
        return bool(stringWidth(text, font, spec.size) <= width)

    rest = title[len(head):]
    if title.startswith(head) and rest and not fits(title) and fits(head) and fits(rest):
        return f"{head}\n{rest}"
    return title


def _story(ts: _Typesetter, report: Report, scores: Scores) -> list[Flowable]:
    layout = ts.layout
    story: list[Flowable] = [ts.para(_title_text(ts, report), layout.title, "标题")]
    story.extend(ts.paragraphs(report.preamble, layout.body, "开头语"))
    story.extend(_section_flowables(ts, report.sections, 0, ""))
    # The signature never stands on a page of its own (GB/T 9704 §7.3.5): the last
    # paragraph, with the headings right above it, goes along with it.
    tail: list[Flowable] = []
    while story and isinstance(story[-1], CondPageBreak):
        story.pop()
    if len(story) > 1:
        tail.append(story.pop())
    while len(story) > 1 and (isinstance(story[-1], CondPageBreak) or getattr(story[-1], "is_heading", False)):
        item = story.pop()
        if not isinstance(item, CondPageBreak):
            tail.insert(0, item)
    story.append(KeepTogether(tail + _closing(ts, report)))
    story.extend(_attachment(ts, report, scores))
    return story


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages with the type area of ``layout`` and page numbers `— N —`."""

    def __init__(self, target: io.BytesIO, layout: PageLayout, fonts: FontSet, **metadata: object) -> None:
        self.layout = layout
        self.fonts = fonts
        page = (layout.page_width_mm * MM, layout.page_height_mm * MM)
        super().__init__(target, pagesize=page, leftMargin=layout.margin_left_mm * MM,
                         rightMargin=layout.margin_right_mm * MM,
                         topMargin=layout.margin_top_mm * MM,
                         bottomMargin=layout.margin_bottom_mm * MM,
                         pageCompression=1, **metadata)
        # The frame lives in the scaled coordinates set up by _begin_page.
        frame = Frame(0, layout.margin_bottom_mm * MM, layout.frame_width,
                      layout.type_height, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._begin_page,
                                            onPageEnd=self._end_page, pagesize=page)])

    def _begin_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.translate(self.layout.margin_left_mm * MM, 0)
        canvas.scale(self.layout.horizontal_scale, 1)

    def _end_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.restoreState()
        layout = self.layout
        size = layout.page_number_size
        text = layout.page_number_format.format(n=canvas.getPageNumber())
        font = self.fonts.font_name(layout.page_number_role)
        char_space = layout.page_number_char_space_em * size
        # The number's top stands page_number_gap_mm under the type area.
        y = (layout.margin_bottom_mm - layout.page_number_gap_mm) * MM - size * 0.88
        inset = layout.page_number_inset_chars * size
        if canvas.getPageNumber() % 2:  # odd pages right, even pages left
            width = stringWidth(text, font, size) + char_space * (len(text) - 1)
            x = (layout.page_width_mm - layout.margin_right_mm) * MM - inset - width
        else:
            x = layout.margin_left_mm * MM + inset
        number = canvas.beginText(x, y)
        number.setFont(font, size)
        number.setCharSpace(char_space)
        number.textOut(text)
        canvas.drawText(number)


def _prepare(report: Report, ruleset: RuleSet, fonts: FontSet,
             layout: PageLayout) -> tuple[_Typesetter, list[Flowable]]:
    scores = score_report(report, ruleset)
    ts = _Typesetter(fonts, layout)
    story = _story(ts, report, scores)
    # Page numbers: the format's own characters (digits are checked with them).
    ts.printed.append(_Printed("页码", layout.page_number_role,
                               layout.page_number_format.format(n=1234567890)))
    return ts, story



def missing_characters(report: Report, ruleset: RuleSet, *, bundled_only: bool | None = None) -> list[Missing]:
    """Every (place, character) of ``report`` that no available font can print."""
    fonts = font_set(bundled_only=bundled_only)
    ts, _story_unused = _prepare(report, ruleset, fonts, GBT9704)
    return ts.missing()


def render_pdf(report: Report, ruleset: RuleSet, *, stable: bool = False,
               layout: PageLayout = GBT9704) -> bytes:
    """The PDF as bytes; :class:`MissingCharacters` when a character cannot be printed.

    ``stable``: bundled fonts only, reportlab's invariant mode (fixed dates and ids), so
    the same report gives the same bytes on any machine.
    """
    fonts = font_set(bundled_only=True if stable else None)
    ts, story = _prepare(report, ruleset, fonts, layout)
    lacking = ts.missing()
    if lacking:
        raise MissingCharacters(lacking)
    buffer = io.BytesIO()
    title = report.title.strip() or default_title(report)
    doc = _Document(buffer, layout, fonts, title=title, author=report.unit.strip(),
                    subject=SUBJECT, creator=CREATOR, keywords=f"{report.year}年度 预算绩效自评",
                    invariant=1 if stable else 0, lang="zh-CN",
                    initialFontName=fonts.font_name(layout.body.role),
                    initialFontSize=layout.body.size, initialLeading=layout.body.leading)
    doc.build(story)
    return buffer.getvalue()


def export_pdf(report: Report, ruleset: RuleSet, out_path: str | pathlib.Path, *,
               stable: bool = False) -> None:
    """Write the report and its score table to ``out_path`` as one PDF.

    Nothing is written when a character cannot be printed (:class:`MissingCharacters`,
    naming the field and the character) or when the file cannot be written (a
    ZepingError, output.unwritable); an existing file at ``out_path`` is then left as it was.
    """
    write_bytes_atomically(out_path, render_pdf(report, ruleset, stable=stable))
