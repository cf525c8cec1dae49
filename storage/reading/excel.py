"""A .xlsx read into one grid per worksheet (openpyxl), each cell through
model.values.spreadsheet_text: a number as its format shows it, a date as a date.

A merged range keeps its text in its top-left cell; the grid gives it the range's
rectangle. A formula is read by the value the spreadsheet saved with it; a formula
saved without one (a file written by a program that computes nothing) cannot be read
and is a problem, never a guess.

The workbook is opened read-only (fast, whatever its size); openpyxl then gives no
merged ranges, so they are read from the sheet's own XML (``<mergeCell ref="A1:I1"/>``):
openpyxl's full load styles every merged cell, which took seconds on a long form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from model.values import spreadsheet_text
from storage.reading.grid import Grid, GridCell, sheet_place
from storage.reading.result import Note

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Sheets:
    """A workbook's worksheets as grids, and the formulas without a saved value."""

    grids: list[Grid] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)


def _merged_ranges(sheet: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """Each merged range's top-left (row, column) → its bottom-right, 1-based."""
    from openpyxl.utils.cell import range_boundaries

    found = {}
    with sheet._get_source() as source:  # the worksheet's XML part (openpyxl's read-only API)
        for _event, element in etree.iterparse(source, tag=f"{_MAIN}mergeCell"):
            min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
            if None not in (min_col, min_row, max_col, max_row):
                found[(min_row, min_col)] = (max_row, max_col)
            element.clear()
    return found


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    sheet.reset_dimensions()  # a file's stated size may be wrong: read what is there
    return list(sheet.iter_rows())


def read_sheets(path: str) -> Sheets:
    import openpyxl

    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    found = Sheets()
    try:
        for sheet in values.worksheets:
            grid = Grid(f"工作表“{sheet.title}”", sheet_place(sheet.title))
            if not hasattr(sheet, "_get_source"):  # a chart sheet: no cells
                found.grids.append(grid)
                continue
            merged = _merged_ranges(sheet)
            covered = {(row, col) for (row0, col0), (row1, col1) in merged.items()
                       for row in range(row0, row1 + 1) for col in range(col0, col1 + 1)}
            source_rows = _rows(formulas[sheet.title])
            for row_number, row in enumerate(_rows(sheet), start=1):
                for col_number, cell in enumerate(row, start=1):
                    position = (row_number, col_number)
                    if position in covered and position not in merged:
                        continue
                    value = getattr(cell, "value", None)
                    text = spreadsheet_text(value, getattr(cell, "number_format", "General"))
                    if value is None and row_number <= len(source_rows) and col_number <= len(source_rows[row_number - 1]):
                        formula = getattr(source_rows[row_number - 1][col_number - 1], "value", None)
                        if isinstance(formula, str) and formula.startswith("="):
                            found.problems.append(Note(grid.place(row_number - 1, col_number - 1), formula,
                                                       "公式没有保存计算结果，请在 Excel 或 WPS 中打开并保存后再读"))
                    if not text.strip() and position not in merged:
                        continue
                    last_row, last_col = merged.get(position, position)
                    grid.cells.append(GridCell(text, row_number - 1, col_number - 1, last_row - 1, last_col - 1))
            found.grids.append(grid)
    finally:
        values.close()
        formulas.close()
    return found
