"""The 项目支出绩效自评表 as the PDF's attachment: the cells of storage.documents.content
drawn as reportlab Tables, the head block by block and the indicator block split across
pages by whole rows (DOMAIN.md §2.2)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle

from model.report import Report
from model.scoring import Scores
from storage.documents import content
from storage.documents.content import Block, Cell
from storage.documents.layout import MM
from storage.documents.pdf.typesetter import Typesetter


class Grid:
    """Cells of one Table: Paragraphs, spans and the table's column widths."""

    def __init__(self, ts: Typesetter, columns_mm: Sequence[float], width: float) -> None:
        self.ts = ts
        scale = width / (sum(columns_mm) * MM)
        self.widths = [c * MM * scale for c in columns_mm]
        self.rows: list[list[Flowable | str]] = []
        self.spans: list[tuple[int, int, int, int]] = []  # (col0, row0, col1, row1)
        self._open: set[tuple[int, int]] = set()  # cells drawn without their bottom rule

    def cell(self, cell: Cell, *, record: bool = True) -> Paragraph:
        table = self.ts.layout.table
        spec = table.header_cell if cell.header else table.cell
        if cell.align is not None and cell.align != spec.align:
            spec = dataclasses.replace(spec, align=cell.align)
        return self.ts.para(cell.text, spec, cell.place, left=cell.indent_chars * spec.size, record=record)

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
        """The cells as a Table; ``split_in_row`` lets reportlab split a row over pages
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


def _merged_table(ts: Typesetter, block: Block, columns: Sequence[float], width: float) -> Table:
    grid = Grid(ts, columns, width)
    for row in block.rows:
        grid.row([grid.cell(cell) if cell is not None else None for cell in row])
    for span in block.spans:
        grid.span(*span)
    return grid.table()


def _long_text_table(ts: Typesetter, block: Block, columns: Sequence[float], width: float) -> Table:
    """A block whose texts may run over a page, without any SPAN, because reportlab can
    only split a row across pages when the table has none: cells merged across columns
    become one wider column, and a cell merged across rows is drawn as cells without
    rules between, its text in the last one (beside the long text)."""
    starts = sorted({col for row in block.rows for col, cell in enumerate(row) if cell is not None}
                    | {span.col0 for span in block.spans})
    bounds = [*starts, len(columns)]
    grid = Grid(ts, [sum(columns[a:b]) for a, b in itertools.pairwise(bounds)], width)
    moved: dict[tuple[int, int], Cell] = {}  # (row, col) → the merged cell's text, shown there
    blank: set[tuple[int, int]] = set()
    for span in block.spans:
        if span.row1 > span.row0:
            merged = block.rows[span.row0][span.col0]
            assert merged is not None
            moved[(span.row1, span.col0)] = merged
            for covered in range(span.row0, span.row1):
                blank.add((covered, span.col0))
                grid.no_rule_below(starts.index(span.col0), covered)
    texts: list[tuple[Paragraph, float]] = []  # the filled-in texts and their column widths
    for number, row in enumerate(block.rows):
        cells: list[Flowable | None] = []
        for index, col in enumerate(starts):
            cell = moved.get((number, col)) or row[col]
            if (number, col) in blank:
                cell = Cell("", cell.place if cell is not None else content.TABLE_LABELS)
            assert cell is not None
            cells.append(grid.cell(cell))
            if not cell.header and cell.text:
                texts.append((cells[-1], grid.widths[index]))
        grid.row(cells)
    valign = "TOP"  # the parts of a row split over pages read in order
    if moved:
        # A merged label is centred beside the texts unless they may run over a page.
        padding = 2 * ts.layout.table.padding
        tallest = max((p.wrap(w - padding, 1e9)[1] for p, w in texts), default=0.0)
        if tallest <= ts.layout.type_height / 2:
            valign = "MIDDLE"
    return grid.table(split_in_row=True, valign=valign)


def head_tables(ts: Typesetter, report: Report, scores: Scores, width: float) -> list[Table]:
    """The project, its department and implementer, the money block; the execution note; the goal."""
    columns = ts.layout.table.head_columns(scores.scored)
    return [(_long_text_table if block.long_text else _merged_table)(ts, block, columns, width)
            for block in content.head_blocks(report, scores)]


class IndicatorTable(Flowable):  # type: ignore[misc]
    """The indicator block, split across pages by whole rows.

    Each page gets its own Table with the header row repeated and the merged 一级/二级
    cells (and a group-scored form's 分值/得分) recomputed within the page, so a merged
    cell is never cut and its name (or figures) shown again on the next page (reportlab cannot split a table inside a row span).
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
        return [IndicatorTable(self._build, start, self._stop, self._estimate, self._page_height)]

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


def indicator_flowable(ts: Typesetter, report: Report, scores: Scores, width: float) -> Flowable:
    layout = ts.layout.table
    table = content.indicator_table(report, scores)
    columns = layout.indicator_columns(scores.scored)
    cells = Grid(ts, columns, width)  # makes cells, knows the widths
    # Each cell is set once (and recorded once for the coverage check); the merged
    # cells (一级/二级, group figures) are set per page, as their spans differ.
    merged = table.merged
    rows = [[None if col in merged else cells.cell(cell) for col, cell in enumerate(row)] for row in table.rows]
    for row in table.rows:
        for col in merged:
            ts.record(row[col].place, layout.cell.role, row[col].text)
    header = [cells.cell(cell) for cell in table.header]
    total = [cells.cell(cell) if cell is not None else None for cell in table.total or ()]
    count = len(table.rows)

    def row_cells(index: int) -> list[Flowable]:
        return [cells.cell(table.rows[index][col], record=False) if cell is None else cell
                for col, cell in enumerate(rows[index])]

    def build(start: int, stop: int, split_in_row: bool) -> Table:
        grid = Grid(ts, columns, width)
        grid.row(header)
        for index in range(start, stop):
            grid.row([None, *row_cells(index)])
        if stop == count and total:
            grid.row(total)
        for span in table.spans(start, stop):
            # A row split over pages is in a table without merges across rows.
            if not split_in_row or span.row0 == span.row1:
                grid.span(*span)
        result = grid.table(split_in_row=split_in_row, valign="TOP" if split_in_row else "MIDDLE")
        # reportlab repeats the header endlessly when it splits inside a row of a table
        # with repeatRows; a row taller than a page continues without the header.
        result.repeatRows = 0 if split_in_row else 1
        return result

    # Height estimates: each row as if its merged cells were not merged (so never lower
    # than the real height), computed once per row.
    widths = cells.widths
    padding = 2 * layout.padding

    def height_of(row: Sequence[Flowable | None], columns: Sequence[float]) -> float:
        tallest = 0.0
        for cell, column in zip(row, columns, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(column - padding, 1e9)[1])
        return tallest + padding

    row_heights = [height_of(row_cells(i), widths[1:]) for i in range(count)]
    header_height = height_of(header, widths)
    total_height = 0.0
    if total:
        total_cells = [cell for cell in total if cell is not None]
        total_height = height_of(total_cells[:3], [sum(widths[:6]), widths[6], widths[7]])

    def estimate(start: int, stop: int) -> float:
        return header_height + sum(row_heights[start:stop]) + (total_height if stop == count else 0)

    return IndicatorTable(build, 0, count, estimate, ts.layout.type_height)


def attachment(ts: Typesetter, report: Report, scores: Scores) -> list[Flowable]:
    """The score table on a new page, under its 附件 label, title and year."""
    layout = ts.layout
    width = layout.frame_width
    story: list[Flowable] = [PageBreak()]
    story.append(ts.para(content.table_attachment_label(report), layout.attachment_label, "附件标签"))
    story.append(ts.para(content.TABLE_TITLE, layout.table.title, "自评表标题"))
    story.append(ts.para(content.year_line(report), layout.table.year_line, "自评表年度"))
    story.extend(head_tables(ts, report, scores, width))
    story.append(indicator_flowable(ts, report, scores, width))
    return story

