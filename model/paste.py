"""Rows pasted from Excel or WPS into the indicator table: how cells map to columns.

Copying a block of the paper table gives tab-separated rows in the paper's column order
(model.fields.INDICATOR_FIELDS without 评价档次, which the paper has no column for);
merged 一级/二级 cells arrive as blanks under their first row and are filled down.
Pure functions: the window's table model only applies what they return.
"""

from __future__ import annotations

import csv
import io

# The columns of the paper table, in order (no band column: the national form has none).
PAPER_KEYS = ("level1", "level2", "name", "target", "actual", "weight", "score", "note")
MERGED_KEYS = ("level1", "level2")


def parse_tabular(text: str) -> list[list[str]]:
    """Rows copied from Excel or WPS: tab-separated, cells with newlines in quotes; blank
    rows dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    if not text:
        return []
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter="\t")]
    return [row for row in rows if any(row)]


def paste_rows(table: list[list[str]], first_key: str, above: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The cells of each pasted row by column key, starting at the paper column
    ``first_key`` (extra cells are ignored). A blank 一级/二级 cell takes the value of the
    row above (``above``: the row over the paste point), as merged cells are copied."""
    if first_key not in PAPER_KEYS:
        return []
    keys = PAPER_KEYS[PAPER_KEYS.index(first_key):]
    rows: list[dict[str, str]] = []
    previous = above
    for cells in table:
        row = dict(zip(keys, cells, strict=False))
        for key in MERGED_KEYS:
            if key in row and not row[key] and previous is not None:
                row[key] = previous.get(key, "")
        rows.append(row)
        previous = row
    return rows
