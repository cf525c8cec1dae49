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

UNLIMITED = 1e9  # pt: a height nothing reaches, to measure without a limit


class MeasuredTable(Table):  # type: ignore[misc]
    """A Table that answers a wrap at the size it was last wrapped at without laying itself
    out again: the indicator table's page is measured to choose its rows, then placed by
    the frame at the same size."""

    _zp_wrapped: tuple[tuple[float, float], tuple[float, float]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._zp_wrapped is not None and self._zp_wrapped[0] == (avail_width, avail_height):
            return self._zp_wrapped[1]
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._zp_wrapped = ((avail_width, avail_height), size)
        return size


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
        return MeasuredTable(self.rows, colWidths=self.widths, style=TableStyle(commands),
                     splitByRow=1, splitInRow=1 if split_in_row else 0)


def _merged_table(ts: Typesetter, block: Block, columns: Sequence[float], width: float, *,
                  record: bool = True) -> Table:
    grid = Grid(ts, columns, width)
    for row in block.rows:
        grid.row([grid.cell(cell, record=record) if cell is not None else None for cell in row])
    for span in block.spans:
        grid.span(*span)
    return grid.table()


def _long_text_table(ts: Typesetter, block: Block, columns: Sequence[float], width: float, *,
                     record: bool = True) -> Table:
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
            cells.append(grid.cell(cell, record=record))
            if not cell.header and cell.text:
                texts.append((cells[-1], grid.widths[index]))
        grid.row(cells)
    valign = "TOP"  # the parts of a row split over pages read in order
    if moved:
        # A merged label is centred beside the texts unless they may run over a page.
        padding = 2 * ts.layout.table.padding
        tallest = max((p.wrap(w - padding, UNLIMITED)[1] for p, w in texts), default=0.0)
        if tallest <= ts.layout.type_height / 2:
            valign = "MIDDLE"
    return grid.table(split_in_row=True, valign=valign)


def _block_tables(ts: Typesetter, block: Block, columns: Sequence[float], width: float) -> list[Table]:
    if block.long_text:
        return [_long_text_table(ts, block, columns, width)]
    table = _merged_table(ts, block, columns, width)
    if not block.text_rows or table.wrap(width, UNLIMITED)[1] <= ts.layout.type_height:
        return [table]
    # Taller than a page, which a table with merges cannot be split over: each text row
    # becomes a table that can run over pages, the rest stays merged. (The cells were
    # recorded for the coverage check above.)
    tables = [_long_text_table(ts, block.part(row, row + 1), columns, width, record=False)
              for row in range(block.text_rows)]
    rest = block.part(block.text_rows, len(block.rows))
    return [*tables, _merged_table(ts, rest, columns, width, record=False)]


def head_tables(ts: Typesetter, report: Report, scores: Scores, width: float) -> list[Table]:
    """The project, its department and implementer, the money block; the execution note; the goal."""
    columns = ts.layout.table.head_columns(scores.scored)
    return [table for block in content.head_blocks(report, scores) for table in _block_tables(ts, block, columns, width)]


class RowHeights:
    """Bounds of the height of a table of the indicator rows ``start`` to ``stop`` (with
    the header, and the total row after the last), from each row's cells measured once.

    The real height lies between them: ``upper`` counts each row's 一级/二级 cells as if
    not merged (a merged cell never makes its rows taller than that), ``lower`` leaves
    out those that may be merged (a row is never lower than its other cells). The 绩效指标
    label runs down beside the header and the rows: they are at least as tall as it.
    """

    def __init__(self, upper: Sequence[float], lower: Sequence[float], header: float, label: float,
                 total: float) -> None:
        self._upper = [0.0, *itertools.accumulate(upper)]
        self._lower = [0.0, *itertools.accumulate(lower)]
        self._header = header
        self._label = label
        self._total = total
        self.count = len(upper)

    def upper(self, start: int, stop: int) -> float:
        return max(self._header + self._upper[stop] - self._upper[start], self._label) + self._tail(stop)

    def lower(self, start: int, stop: int) -> float:
        return self._header + self._lower[stop] - self._lower[start] + self._tail(stop)

    def _tail(self, stop: int) -> float:
        return self._total if stop == self.count else 0.0

    def last_stop(self, bound: Callable[[int, int], float], start: int, end: int, height: float) -> int:
        """The last ``stop`` (``start`` for none) up to ``end`` whose bound is within ``height``."""
        low, high = start, end
        while low < high:
            middle = (low + high + 1) // 2
            if bound(start, middle) <= height:
                low = middle
            else:
                high = middle - 1
        return low


class IndicatorTable(Flowable):  # type: ignore[misc]
    """The indicator block, split across pages by whole rows.

    Each page gets its own Table with the header row repeated and the merged 一级/二级
    cells (SPAN) recomputed within the page, so a merged cell is never cut and its name
    is shown again on the next page (reportlab cannot split a table inside a row span).
    A single row taller than the space left is split inside the row by reportlab.
    """

    # How far a lower bound may overshoot before rows surely do not fit: the real heights
    # are summed in another order.
    _FUZZ = 1e-6

    def __init__(self, build: Callable[[int, int, bool], Table], start: int, stop: int,
                 heights: RowHeights, page_height: float) -> None:
        super().__init__()
        self._build = build
        self._start = start
        self._stop = stop
        self._heights = heights
        self._page_height = page_height
        self._table: Table | None = None

    def _rest(self, start: int) -> list[Flowable]:
        if start >= self._stop:
            return []
        return [IndicatorTable(self._build, start, self._stop, self._heights, self._page_height)]

    def _fits(self, stop: int, width: float, height: float) -> Table | None:
        table = self._build(self._start, stop, False)
        needed: float = table.wrap(width, height)[1]
        return table if needed <= height else None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        estimate = self._heights.upper(self._start, self._stop)
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
        # The most rows that fit, found among the few the bounds leave open, by real
        # tables (a table grows with its rows): usually one table per page is laid out.
        heights, start = self._heights, self._start
        surely = heights.last_stop(heights.upper, start, self._stop, avail_height)
        possibly = heights.last_stop(heights.lower, start, self._stop, avail_height + self._FUZZ)
        best: Table | None = None
        stop = start
        probe = surely if surely > start else (start + 1 if possibly > start else None)
        while probe is not None:
            table = self._fits(probe, avail_width, avail_height)
            if table is not None:
                best, stop = table, probe
            else:
                possibly = probe - 1
            probe = (stop + possibly + 1) // 2 if stop < possibly else None
        if best is not None:
            return [best, *self._rest(stop)]
        if heights.upper(start, start + 1) <= self._page_height:
            return []  # the next row fits on a fresh page: continue there
        # A row taller than a page: reportlab splits it inside the row.
        single = self._build(start, start + 1, True)
        parts: list[Flowable] = single.split(avail_width, avail_height)
        return [*parts, *self._rest(start + 1)] if parts else []


def indicator_flowable(ts: Typesetter, report: Report, scores: Scores, width: float) -> Flowable:
    layout = ts.layout.table
    table = content.indicator_table(report, scores)
    columns = layout.indicator_columns(scores.scored)
    cells = Grid(ts, columns, width)  # makes cells, knows the widths
    # Each cell is set once (and recorded once for the coverage check), also the merged
    # ones (一级/二级, group figures): a table shows the one of the first row of each
    # merge (each page's table merges anew, so a name is shown again on the next page).
    rows = [[cells.cell(cell) for cell in row] for row in table.rows]
    header = [cells.cell(cell) for cell in table.header]
    total = [cells.cell(cell) if cell is not None else None for cell in table.total or ()]
    count = len(table.rows)

    def build(start: int, stop: int, split_in_row: bool) -> Table:
        grid = Grid(ts, columns, width)
        grid.row(header)
        for index in range(start, stop):
            grid.row([None, *rows[index]])
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

    widths = cells.widths
    padding = 2 * layout.padding

    def height_of(row: Sequence[Flowable | None], columns: Sequence[float]) -> float:
        tallest = 0.0
        for cell, column in zip(row, columns, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(column - padding, UNLIMITED)[1])
        return tallest + padding

    # A merged cell (一级/二级 name, group figure) whose neighbours hold other values is
    # never merged: it counts in the lower bound too, which then meets the upper one and
    # spares trial tables.
    keys: dict[int, list[object]] = {0: [row[0].text for row in table.rows],
                                     1: [(row[0].text, row[1].text) for row in table.rows]}
    for col in table.merged[2:]:
        keys[col] = list(table.groups)

    def alone(index: int, col: int) -> bool:
        return all(not 0 <= other < count or keys[col][other] != keys[col][index] for other in (index - 1, index + 1))

    heights = RowHeights(
        [height_of(row, widths[1:]) for row in rows],
        [height_of([cell if col not in keys or alone(index, col) else None for col, cell in enumerate(row)], widths[1:])
         for index, row in enumerate(rows)],
        height_of(header[1:], widths[1:]),
        height_of(header[:1], widths[:1]),
        height_of([cell for cell in total if cell is not None][:3], [sum(widths[:6]), widths[6], widths[7]]) if total else 0.0,
    )
    return IndicatorTable(build, 0, count, heights, ts.layout.type_height)


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

