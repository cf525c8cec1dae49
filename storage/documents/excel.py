"""The Excel writer (openpyxl): the 项目支出绩效自评表 as a spreadsheet.

The first sheet is the form as printed (storage.documents.content): title, year line, the
head (money, goal) and the indicators on one grid of columns — the union of the head's
and the indicators' column edges, so that each block keeps its own widths through merged
cells — with borders, wrapped text, row heights for the wrapped lines, the print area and
A4 portrait fitted to one page wide. Figures are numbers (rates as fractions with a %
format, as many decimals as printed), never formulas: openpyxl computes none, and a
figure must not change when the file is opened elsewhere. The second sheet, 指标明细, has
one plain row per indicator for re-use (filter, sort, copy into next year's form).
"""

from __future__ import annotations

import copy
import datetime
import io
import itertools
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from model.fields import indicator_field
from model.report import Report
from model.rules import RuleSet
from model.scoring import score_report
from storage.documents import content
from storage.documents.cjkwrap import estimated_lines
from storage.documents.content import Cell, Span
from storage.documents.layout import GBT9704, MM, PageLayout, TextStyle
from storage.documents.office import OfficeFont, checked, office_fonts

FORM_SHEET = content.TABLE_TITLE
DETAIL_SHEET = "指标明细"
# The detail sheet's columns are the printed indicator columns and the band the clerk
# chose; their widths in characters (the first is the 序号's).
DETAIL_WIDTHS = {"": 6, "level1": 14, "level2": 14, "name": 28, "target": 16, "actual": 16, "weight": 8, "score": 8,
                 "band": 10, "note": 30}
NUMBER_LABEL = "序号"
# Column widths are in characters of the default font: about 7 pixels, plus 5 of margin.
PIXELS_PER_MM = 96 / 25.4
_HORIZONTAL = {"left": "left", "centre": "center", "right": "right", "justify": "left"}
_THIN, _MEDIUM = Side(style="thin", color="000000"), Side(style="medium", color="000000")
INCH_MM = 25.4


def _width_units(mm: float) -> float:
    """An Excel column width for ``mm`` millimetres on the screen at 100%."""
    return round(max(1.0, (mm * PIXELS_PER_MM - 5) / 7), 2)


def _number_format(cell: Cell) -> str:
    """The format that shows the number as printed: its decimals, a % for a rate."""
    text = cell.text.rstrip("%")
    decimals = len(text.partition(".")[2])
    return ("0." + "0" * decimals if decimals else "0") + ("%" if cell.text.endswith("%") else "")


def _put(target: object, value: object) -> None:
    """``value`` into a cell as it is: a text starting with = (a target written =100%)
    stays text, where openpyxl would store it as a formula (Excel would show 1)."""
    from openpyxl.cell.cell import Cell as SheetCell

    assert isinstance(target, SheetCell)
    target.value = value
    if isinstance(value, str) and target.data_type == "f":
        target.data_type = "s"


def _merge(sheet: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """``sheet.merge_cells`` without its check against every range merged before, which
    made a long form's export quadratic (seconds for 300 indicators): the form's merges
    never overlap."""
    merged = MergedCellRange(sheet, CellRange(min_col=first_col, min_row=first_row, max_col=last_col,
                                              max_row=last_row).coord)
    sheet.merged_cells.ranges.add(merged)
    sheet._clean_merge_range(merged)


# How a cell of the form looks: font role and size, horizontal alignment, indent, number format.
Look = tuple[str, float, str, int, str]


class _Form:
    """The form sheet: blocks of cells placed on the common column grid."""

    def __init__(self, sheet: Worksheet, layout: PageLayout, fonts: dict[str, OfficeFont],
                 blocks_mm: Sequence[Sequence[float]]) -> None:
        self.sheet = sheet
        self.layout = layout
        self.fonts = fonts
        edges = sorted({round(edge, 3) for columns in blocks_mm for edge in itertools.accumulate(columns, initial=0.0)})
        self.edges = edges
        self.widths_mm = [b - a for a, b in itertools.pairwise(edges)]
        self.row = 1
        self.looks: dict[tuple[int, int], Look] = {}
        self._styled: dict[tuple[Look | None, tuple[bool, ...]], StyleArray] = {}

    def font(self, spec: TextStyle) -> Font:
        return Font(name=self.fonts[spec.role].name, size=spec.size)

    def grid_columns(self, columns_mm: Sequence[float]) -> list[tuple[int, int]]:
        """Each column of a block as (first, last) columns of the grid, 1-based."""
        found = []
        for start, stop in itertools.pairwise(itertools.accumulate(columns_mm, initial=0.0)):
            first = self.edges.index(round(start, 3)) + 1
            found.append((first, self.edges.index(round(stop, 3))))
        return found

    def line(self, text: str, spec: TextStyle, place: str) -> None:
        """A line across the whole form (the title, the year)."""
        sheet = self.sheet
        cell = sheet.cell(self.row, 1)
        _put(cell, checked(text, place, "Excel 文件"))
        cell.font = self.font(spec)
        cell.alignment = Alignment(horizontal=_HORIZONTAL[spec.align], vertical="center")
        _merge(sheet, self.row, 1, self.row, len(self.widths_mm))
        sheet.row_dimensions[self.row].height = spec.leading + spec.space_after
        self.row += 1

    def block(self, columns_mm: Sequence[float], rows: Sequence[Sequence[Cell | None]], spans: Sequence[Span]) -> None:
        """Rows of cells on a block's columns, with the block's merges."""
        sheet = self.sheet
        table = self.layout.table
        grid = self.grid_columns(columns_mm)
        top = self.row
        covered: set[tuple[int, int]] = set()
        merged: dict[tuple[int, int], Span] = {}
        for span in spans:
            merged[(span.row0, span.col0)] = span
            covered |= {(r, c) for r in range(span.row0, span.row1 + 1) for c in range(span.col0, span.col1 + 1)}
        heights = [0.0] * len(rows)
        for index, row in enumerate(rows):
            for col, cell in enumerate(row):
                if cell is None or ((index, col) in covered and (index, col) not in merged):
                    continue
                span = merged.get((index, col), Span(col, index, col, index))
                first, last = grid[span.col0][0], grid[span.col1][1]
                target = sheet.cell(top + index, first)
                self.write(target, cell)
                spec = table.header_cell if cell.header else table.cell
                if span.row1 == span.row0:
                    width = sum(columns_mm[span.col0:span.col1 + 1]) * MM - 2 * table.padding
                    lines = estimated_lines(cell.text, width / spec.size - cell.indent_chars)
                    heights[index] = max(heights[index], lines * spec.leading)
                if (first, span.row0) != (last, span.row1):
                    _merge(sheet, top + span.row0, first, top + span.row1, last)
        for index, height in enumerate(heights):
            sheet.row_dimensions[top + index].height = max(height, table.cell.leading) + 2 * table.padding
        self.row = top + len(rows)

    def write(self, target: object, cell: Cell) -> None:
        """The cell's value; how it looks is set with the borders (:meth:`finish`)."""
        from openpyxl.cell.cell import Cell as SheetCell

        assert isinstance(target, SheetCell)
        table = self.layout.table
        spec = table.header_cell if cell.header else table.cell
        number_format = "General"
        if cell.number is not None:
            target.value = cell.number / 100 if cell.text.endswith("%") else cell.number
            number_format = _number_format(cell)
        else:
            _put(target, checked(cell.text, cell.place, "Excel 文件") or None)
        self.looks[(target.row, target.column)] = (spec.role, spec.size, _HORIZONTAL[cell.align or spec.align],
                                                   cell.indent_chars, number_format)

    def finish(self, first_row: int) -> None:
        """Every cell's look, with thin rules inside the form and a medium one round it
        (merged cells included). Each combination is styled once and copied to the cells
        that share it: openpyxl hashes a style on every assignment, seconds on a long form."""
        from openpyxl.cell.cell import MergedCell

        last_col, last_row = len(self.widths_mm), self.row - 1
        body = self.layout.table.cell
        for row in self.sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=last_col):
            for cell in row:
                merged = isinstance(cell, MergedCell)  # only its borders show
                look = None if merged else self.looks.get((cell.row, cell.column))
                edges = (cell.column == 1, cell.column == last_col, cell.row == first_row, cell.row == last_row)
                key = (look, (merged, *edges))
                if key not in self._styled:
                    role, size, horizontal, indent, number_format = look or (body.role, body.size, "left", 0, "General")
                    if not merged:
                        cell.font = Font(name=self.fonts[role].name, size=size)
                        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True,
                                                   indent=indent)
                        cell.number_format = number_format
                    left, right, top, bottom = (_MEDIUM if edge else _THIN for edge in edges)
                    cell.border = Border(left=left, right=right, top=top, bottom=bottom)
                    self._styled[key] = copy.copy(cell._style)
                cell._style = copy.copy(self._styled[key])


def _form_sheet(sheet: Worksheet, report: Report, ruleset: RuleSet, layout: PageLayout,
                fonts: dict[str, OfficeFont]) -> None:
    scores = score_report(report, ruleset)
    head_mm, indicators_mm = layout.table.head_columns(scores.scored), layout.table.indicator_columns(scores.scored)
    form = _Form(sheet, layout, fonts, (head_mm, indicators_mm))
    for number, width in enumerate(form.widths_mm, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _width_units(width)
    form.line(content.TABLE_TITLE, layout.table.title, "自评表标题")
    form.line(content.year_line(report), layout.table.year_line, "自评表年度")
    first = form.row
    for block in content.head_blocks(report, scores):
        form.block(head_mm, block.rows, block.spans)
    indicators = content.indicator_table(report, scores)
    rows = [indicators.header, *[(None, *row) for row in indicators.rows], *([indicators.total] if indicators.total else [])]
    header_row = form.row
    form.block(indicators_mm, rows, indicators.spans(0, len(indicators.rows)))
    sheet.print_title_rows = f"{header_row}:{header_row}"  # repeated on the pages after the first
    form.finish(first)
    last = f"{get_column_letter(len(form.widths_mm))}{form.row - 1}"
    sheet.print_area = f"A1:{last}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=layout.margin_left_mm / INCH_MM, right=layout.margin_right_mm / INCH_MM,
                                     top=layout.margin_top_mm / INCH_MM, bottom=layout.margin_bottom_mm / INCH_MM,
                                     footer=layout.footer_distance_mm / INCH_MM)
    # Page numbers as printed: odd pages right, even pages left.
    sheet.HeaderFooter.differentOddEven = True
    page_number = layout.page_number_format.format(n="&P")
    for part in (sheet.oddFooter.right, sheet.evenFooter.left):
        part.text = page_number
        part.font = fonts[layout.page_number_role].name
        part.size = int(layout.page_number_size)
    sheet.sheet_view.showGridLines = False


def _detail_sheet(sheet: Worksheet, report: Report, ruleset: RuleSet, fonts: dict[str, OfficeFont],
                  layout: PageLayout) -> None:
    """One row per indicator, with the form's figures (the score as computed; a group's
    分值 and 得分 once, on its first row, as a merged cell keeps them, so a column's sum
    stays right; none on a form without scores)."""
    table = content.indicator_table(report, score_report(report, ruleset))
    keys = (*table.columns[:-1], "band", table.columns[-1])
    labels = [NUMBER_LABEL, *(indicator_field(key).label for key in keys)]
    heading = Font(name=fonts[layout.table.header_cell.role].name, size=layout.table.header_cell.size, bold=False)
    body = Font(name=fonts[layout.table.cell.role].name, size=layout.table.cell.size)
    for col, label in enumerate(labels, start=1):
        cell = sheet.cell(1, col, label)
        cell.font = heading
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=_THIN)
    # Cells under a merge of figures (a group's rows after its first), by (row, column key).
    under = {(row - 1, table.columns[span.col0 - 1]) for span in table.spans(0, len(table.rows))
             if span.col0 - 1 in table.merged[2:] for row in range(span.row0 + 1, span.row1 + 1)}
    for number, (row, indicator) in enumerate(zip(table.rows, report.indicators, strict=True), start=1):
        cells = dict(zip(table.columns, row, strict=True))
        values: list[object] = [number]
        for key in keys:
            if key == "band":
                values.append(indicator.band)
                continue
            printed = cells[key]
            if (number - 1, key) in under:
                values.append(None)
            else:
                values.append(printed.number if printed.number is not None else
                              (checked(printed.text, printed.place, "Excel 文件") or None))
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(number + 1, col)
            _put(cell, value)
            cell.font = body
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            key = keys[col - 2] if col > 1 else ""
            if key in cells and cells[key].number is not None:
                cell.number_format = _number_format(cells[key])
    for col, key in enumerate(("", *keys), start=1):
        sheet.column_dimensions[get_column_letter(col)].width = DETAIL_WIDTHS[key]
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(labels))}{len(report.indicators) + 1}"


def render_xlsx(report: Report, ruleset: RuleSet, *, layout: PageLayout = GBT9704,
                fonts: dict[str, OfficeFont] | None = None) -> bytes:
    """The .xlsx as bytes: the form on its first sheet, 指标明细 on the second."""
    fonts = office_fonts() if fonts is None else fonts
    book = Workbook()
    form = book.active
    assert isinstance(form, Worksheet)
    form.title = FORM_SHEET
    _form_sheet(form, report, ruleset, layout, fonts)
    _detail_sheet(book.create_sheet(DETAIL_SHEET), report, ruleset, fonts, layout)
    info = content.metadata(report)
    properties = book.properties
    properties.title, properties.creator, properties.subject = info.title, info.author, info.subject
    properties.keywords, properties.lastModifiedBy = info.keywords, info.creator
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties.language = "zh-CN"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
