"""A table as Word and Excel files hold it: a grid of cells, some merged.

Word repeats a merged cell once per grid column it spans and marks the rows below a
vertical merge as continuations; Excel keeps a merged range's text in its top-left cell.
Both become one :class:`Grid` of :class:`GridCell` rectangles, so that the 自评表 reader
(storage.reading.form) sees each cell once, with the rows and columns it covers, and
can name any place as the clerk would find it (第2个表格第5行第3列, 工作表“自评表”的 C5 格).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GridCell:
    """A cell (merged or not): its text and the rectangle it covers, 0-based, inclusive."""

    text: str
    row0: int
    col0: int
    row1: int
    col1: int

    def overlaps(self, col0: int, col1: int) -> bool:
        return self.col0 <= col1 and col0 <= self.col1


@dataclass
class Grid:
    """One table of a document, or one worksheet."""

    name: str  # 第2个表格, 工作表“自评表”
    place: Callable[[int, int], str]  # (row, column) → where the clerk finds it
    cells: list[GridCell] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return max((cell.row1 + 1 for cell in self.cells), default=0)

    @property
    def column_count(self) -> int:
        return max((cell.col1 + 1 for cell in self.cells), default=0)

    def rows(self) -> list[list[GridCell]]:
        """Per row, the cells that cover it, left to right (a vertical merge appears in
        each row it covers; ``cell.row0 < row`` says it started above)."""
        found: list[list[GridCell]] = [[] for _ in range(self.row_count)]
        for cell in self.cells:
            for row in range(cell.row0, cell.row1 + 1):
                found[row].append(cell)
        for cells in found:
            cells.sort(key=lambda cell: cell.col0)
        return found

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells if cell.text.strip()]


def word_place(number: int) -> Callable[[int, int], str]:
    """Places in the ``number``-th table of a document."""
    return lambda row, col: f"第{number}个表格第{row + 1}行第{col + 1}列"


def sheet_place(sheet: str) -> Callable[[int, int], str]:
    """Places on a worksheet, by Excel's own cell names."""
    from openpyxl.utils import get_column_letter

    return lambda row, col: f"工作表“{sheet}”的 {get_column_letter(col + 1)}{row + 1} 格"
