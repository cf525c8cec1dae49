"""A .xlsx read into one grid per worksheet (openpyxl), each cell through
model.values.spreadsheet_text: a number as its format shows it, a date as a date.

A merged range keeps its text in its top-left cell; the grid gives it the range's
rectangle. A formula is read by the value the spreadsheet saved with it; a formula
saved without one (a file written by a program that computes nothing) cannot be read
and is a problem, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.values import spreadsheet_text
from storage.reading.grid import Grid, GridCell, sheet_place
from storage.reading.result import Note


@dataclass
class Sheets:
    """A workbook's worksheets as grids, and the formulas without a saved value."""

    grids: list[Grid] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)


def read_sheets(path: str) -> Sheets:
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    found = Sheets()
    for sheet in values.worksheets:
        grid = Grid(f"工作表“{sheet.title}”", sheet_place(sheet.title))
        merged = {(r.min_row, r.min_col): r for r in sheet.merged_cells.ranges}
        covered = {(row, col) for r in sheet.merged_cells.ranges
                   for row in range(r.min_row, r.max_row + 1) for col in range(r.min_col, r.max_col + 1)}
        source = formulas[sheet.title]
        for row in sheet.iter_rows():
            for cell in row:
                position = (cell.row, cell.column)
                if position in covered and position not in merged:
                    continue
                text = spreadsheet_text(cell.value, cell.number_format)
                if cell.value is None:
                    formula = source.cell(*position).value
                    if isinstance(formula, str) and formula.startswith("="):
                        found.problems.append(Note(grid.place(cell.row - 1, cell.column - 1), formula,
                                                   "公式没有保存计算结果，请在 Excel 或 WPS 中打开并保存后再读"))
                if not text.strip() and position not in merged:
                    continue
                span = merged.get(position)
                last_row, last_col = (span.max_row, span.max_col) if span is not None else position
                grid.cells.append(GridCell(text, cell.row - 1, cell.column - 1, last_row - 1, last_col - 1))
        found.grids.append(grid)
    return found
