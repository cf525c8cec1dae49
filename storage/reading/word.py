"""A .docx read into paragraphs and table grids, in document order (python-docx and its
XML): what storage.reading.text and storage.reading.form read the report from.

Word keeps a merged cell once with ``w:gridSpan`` and marks the rows below a vertical
merge with ``w:vMerge``; python-docx's ``row.cells`` repeats such a cell per column, so
the grid is built from the XML itself (``w:gridBefore`` too). Numbers that Word
generates (a list or outline numbering, as LibreOffice saves 一、 headings) are not in
the text: they are worked out from the numbering definitions and put in front of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from model.numbering import chinese_numeral
from storage.reading.grid import Grid, GridCell, word_place
from storage.reading.text import Paragraph

_HEADING_STYLE = re.compile(r"(?i)^(?:heading|标题)\s*(\d)$")
_CHINESE_FORMATS = frozenset({"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
                              "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand",
                              "japaneseCounting", "koreanCounting", "ideographLegalTraditional"})


@dataclass
class Body:
    """A document's body: paragraphs and grids in reading order."""

    items: list[Paragraph | Grid] = field(default_factory=list)


def _val(element: etree._Element | None, tag: str) -> str | None:
    if element is None:
        return None
    found = element.find(qn(tag))
    return None if found is None else found.get(qn("w:val"))


class _Numbering:
    """Works out the numbers Word generates for numbered paragraphs."""

    def __init__(self, document: object) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → format, text, start
        self.counters: dict[str, list[int]] = {}
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element  # type: ignore[attr-defined]
        except KeyError:  # a document without lists
            return
        abstract = {node.get(qn("w:abstractNumId")): node for node in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            definition = abstract.get(_val(num, "w:abstractNumId"))
            if definition is None:
                continue
            for level in definition.findall(qn("w:lvl")):
                ilvl = int(level.get(qn("w:ilvl"), "0"))
                start = int(_val(level, "w:start") or "1")
                self.levels[(num.get(qn("w:numId")) or "", ilvl)] = (
                    _val(level, "w:numFmt") or "decimal", _val(level, "w:lvlText") or "", start)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of list ``num_id`` at level ``ilvl``, as lvlText writes it."""
        if (num_id, ilvl) not in self.levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _start = self.levels[(num_id, ilvl)]
        if fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _text, start = self.levels.get((num_id, level), ("decimal", "", 1))
            value = max(1, counters[level] + start - 1)
            return chinese_numeral(value) if level_fmt in _CHINESE_FORMATS else str(value)

        return re.sub(r"%(\d)", number, text)


def _style_chain(paragraph: etree._Element, styles: dict[str, etree._Element]) -> Iterator[etree._Element]:
    """The paragraph's style and the styles it is based on."""
    style_id = _val(paragraph.find(qn("w:pPr")), "w:pStyle")
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        yield styles[style_id]
        based = styles[style_id].find(qn("w:basedOn"))
        style_id = None if based is None else based.get(qn("w:val"))


def _heading_level(paragraph: etree._Element, styles: dict[str, etree._Element]) -> int | None:
    level = _val(paragraph.find(qn("w:pPr")), "w:outlineLvl")
    for style in _style_chain(paragraph, styles):
        if level is not None:
            break
        level = _val(style.find(qn("w:pPr")), "w:outlineLvl")
        name = _HEADING_STYLE.match(_val(style, "w:name") or "")
        if level is None and name:
            level = str(int(name.group(1)) - 1)
    return int(level) if level is not None and level.isdigit() and int(level) < 9 else None


def _num_pr(paragraph: etree._Element, styles: dict[str, etree._Element]) -> tuple[str, int] | None:
    for holder in (paragraph, *_style_chain(paragraph, styles)):
        num_pr = holder.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = _val(num_pr, "w:numId")
            return (num_id, int(_val(num_pr, "w:ilvl") or "0")) if num_id else None
    return None


def paragraph_text(element: etree._Element) -> str:
    """The text of a paragraph's runs (hyperlinks and fields included): tabs, line
    breaks; deleted revisions and field codes left out."""
    parts = []
    for run in element.iter(qn("w:r")):
        for node in run:
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                parts.append("\t")
            elif node.tag in (qn("w:br"), qn("w:cr")) and node.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
    return "".join(parts)


def _cell_text(cell: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in cell.iter(qn("w:p")))


def table_grid(table: etree._Element, number: int) -> Grid:
    """One ``w:tbl`` as a Grid: spans from gridSpan, vertical merges joined."""
    grid = Grid(f"第{number}个表格", word_place(number))
    above: dict[int, int] = {}  # grid column → index in grid.cells of the cell covering it in the row above
    for row_index, row in enumerate(table.findall(qn("w:tr"))):
        column = int(_val(row.find(qn("w:trPr")), "w:gridBefore") or "0")
        current: dict[int, int] = {}
        for cell in row.iterchildren(qn("w:tc"), qn("w:sdt")):
            cells = [cell] if cell.tag == qn("w:tc") else cell.findall(f"{qn('w:sdtContent')}/{qn('w:tc')}")
            for tc in cells:
                properties = tc.find(qn("w:tcPr"))
                span = int(_val(properties, "w:gridSpan") or "1")
                merge = None if properties is None else properties.find(qn("w:vMerge"))
                continues = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
                joined = _val(properties, "w:hMerge") == "continue"  # Word 97's horizontal merge
                if joined and column - 1 in current:
                    index = current[column - 1]
                    old = grid.cells[index]
                    grid.cells[index] = GridCell(old.text, old.row0, old.col0, old.row1, column + span - 1)
                elif continues and column in above:
                    index = above[column]
                    old = grid.cells[index]
                    grid.cells[index] = GridCell(old.text, old.row0, old.col0, row_index, old.col1)
                else:
                    grid.cells.append(GridCell(_cell_text(tc), row_index, column, row_index, column + span - 1))
                    index = len(grid.cells) - 1
                for covered in range(column, column + span):
                    current[covered] = index
                column += span
        above = current
    return grid


def read_body(document: object) -> Body:
    """The paragraphs and tables of a python-docx Document's body, in order."""
    body_element = document.element.body  # type: ignore[attr-defined]
    styles = {style.get(qn("w:styleId")): style
              for style in document.styles.element.findall(qn("w:style"))}  # type: ignore[attr-defined]
    numbering = _Numbering(document)
    body = Body()
    tables = 0

    def visit(parent: etree._Element) -> None:
        nonlocal tables
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                text = paragraph_text(child)
                num = _num_pr(child, styles)
                if num is not None and text.strip():
                    text = numbering.label(*num) + text
                pictures = child.find(f".//{qn('w:drawing')}") is not None or child.find(f".//{qn('w:pict')}") is not None
                paragraphs = sum(isinstance(item, Paragraph) for item in body.items)
                body.items.append(Paragraph(text, f"正文第{paragraphs + 1}段", _heading_level(child, styles), pictures))
            elif child.tag == qn("w:tbl"):
                tables += 1
                body.items.append(table_grid(child, tables))
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                visit(child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child)

    visit(body_element)
    return body
