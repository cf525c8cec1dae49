"""The Word writer (python-docx): the same document as the PDF, for Word and WPS.

What is printed comes from storage.documents.content, the sizes and font roles from
storage.documents.layout (GB/T 9704: A4, margins 37/35/28/26 mm, 仿宋 三号 at a fixed
28.95 pt, 22 lines of 28 characters), the font names from
storage.documents.office. No font file is embedded. Every font is set on the styles
and on each run, East Asian name included (``w:eastAsia``: ``font.name`` alone sets only
the Latin one, python-docx issue 154), and no theme font is left to override them.

Headings are Word's own 标题 1–4 styles (the navigation pane shows the outline) with the
generated numbers as text. Page numbers `— N —` are PAGE fields in different odd and even
footers (odd pages right, even pages left, one character in). The 附件 score table is two
Word tables — the head (money, goal) and the indicators, whose header row repeats on
each page — with the merged cells of content.py.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from model.report import Report
from model.rules import RuleSet
from model.scoring import score_report
from storage.documents import content
from storage.documents.cjkwrap import ems, estimated_lines
from storage.documents.content import Cell, PrintedSection, Span
from storage.documents.layout import GBT9704, PageLayout, TextStyle
from storage.documents.office import OfficeFont, checked, office_fonts

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Elements of w:pPr after w:autoSpaceDN and after w:snapToGrid, in schema order (a new
# element goes before them).
_AFTER_SNAP = tuple(f"w:{tag}" for tag in (
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", *_AFTER_SNAP)
# Elements of w:rPr after w:spacing, in schema order.
_AFTER_SPACING = tuple(f"w:{tag}" for tag in (
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
    "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"))
# Elements of w:tblPr from w:tblCellMar on, and of w:trPr after w:cantSplit and w:tblHeader.
_AFTER_CELL_MARGINS = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", *_AFTER_HEADER)
TWIPS_PER_PT = 20
EMU_PER_PT = 12700
KEEP_ROW_SHARE = 0.8  # rows up to this share of the type area's height are never split
GB2312_CHARSET = "86"

HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
TABLE_TEXT, TABLE_HEADING = "表格文字", "表格表头"


class _Writer:
    """Builds one document: styles first, then the report's pages, then the table."""

    def __init__(self, layout: PageLayout, fonts: dict[str, OfficeFont]) -> None:
        self.layout = layout
        self.fonts = fonts
        self.doc: DocumentObject = Document()
        self.style_ids: dict[str, str] = {}

    # -- fonts and styles -------------------------------------------------------------
    def set_font(self, rpr: etree._Element, role: str) -> None:
        """The role's font for Latin, East Asian and complex script, no theme font."""
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]  # asciiTheme … would win over the names
        name = self.fonts[role].name
        for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attribute}"), name)
        fonts.set(qn("w:hint"), "eastAsia")

    def style(self, name: str, spec: TextStyle, *, based_on: str | None = "Normal") -> ParagraphStyle:
        """A paragraph style set as ``spec`` says, replacing whatever the template had."""
        styles = self.doc.styles
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, 1)  # WD_STYLE_TYPE.PARAGRAPH
        assert isinstance(style, ParagraphStyle)
        element = style.element
        for old in element.findall(qn("w:pPr")) + element.findall(qn("w:rPr")):
            element.remove(old)
        if based_on is not None and name != based_on:
            style.base_style = styles[based_on]
        style.quick_style = True
        self.set_font(element.get_or_add_rPr(), spec.role)
        style.font.size = Pt(spec.size)
        style.font.bold = False
        if spec.size == self.layout.body.size:
            self.condense(element.get_or_add_rPr())
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[spec.align]
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec.leading)
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.first_line_indent = Pt(spec.first_indent_chars * spec.size)
        fmt.left_indent = fmt.right_indent = Pt(0)
        fmt.keep_with_next = spec.keep_with_next
        fmt.widow_control = True
        if spec.first_indent_chars:  # in characters too, as Word's dialog shows it
            fmt.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(int(spec.first_indent_chars * 100)))
        return style

    def styles(self) -> None:
        layout = self.layout
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        assert defaults is not None
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        assert rpr is not None
        self.set_font(rpr, layout.body.role)
        for size in ("w:sz", "w:szCs"):
            element = rpr.find(qn(size))
            assert element is not None
            element.set(qn("w:val"), str(round(layout.body.size * 2)))
        language = rpr.find(qn("w:lang"))
        assert language is not None
        language.attrib.update({qn("w:val"): "zh-CN", qn("w:eastAsia"): "zh-CN"})
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.getparent().remove(spacing)
        normal = self.style("Normal", layout.body, based_on=None)
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no extra space between 汉字 and 2022, as printed
            off = OxmlElement(tag)
            off.set(qn("w:val"), "0")
            normal.element.get_or_add_pPr().insert_element_before(off, *_AFTER_AUTOSPACE)
        self.style("Title", layout.title)
        for name, spec in zip(HEADING_STYLES, layout.headings, strict=True):
            self.style(name, spec).paragraph_format.keep_together = True
            self.outline_level(name, HEADING_STYLES.index(name))
        table = layout.table
        self.style(TABLE_TEXT, table.cell)
        self.style(TABLE_HEADING, table.header_cell, based_on=TABLE_TEXT)
        for name in ("Title", TABLE_TEXT):  # sizes off the character grid keep their own pitch
            self.no_snap(self.doc.styles[name].element.get_or_add_pPr())
        settings = self.doc.settings.element
        theme_language = settings.find(qn("w:themeFontLang"))
        if theme_language is not None:
            theme_language.set(qn("w:eastAsia"), "zh-CN")

    def condense(self, rpr: etree._Element) -> None:
        """Body-size text a little narrower (0.25 pt a character), so that a line holds
        chars_per_line characters (28 × 16 pt is 448 pt, the line 442 pt), as the PDF does."""
        layout = self.layout
        pitch = layout.type_width / layout.chars_per_line
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(math.floor((pitch - layout.body.size) * TWIPS_PER_PT)))
        rpr.insert_element_before(spacing, *_AFTER_SPACING)

    def set_style(self, paragraph: Paragraph, name: str) -> None:
        """By the style's id, looked up once (python-docx looks the name up in every style
        on each assignment)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        paragraph._p.style = self.style_ids[name]

    def outline_level(self, style: str, level: int) -> None:
        ppr = self.doc.styles[style].element.get_or_add_pPr()
        ppr.get_or_add_outlineLvl().set(qn("w:val"), str(level))

    @staticmethod
    def no_snap(ppr: etree._Element) -> None:
        """Off Word's character grid: a 22 pt title or 10 pt cell on the 16 pt grid would be
        spread out to whole grid cells."""
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr.insert_element_before(snap, *_AFTER_SNAP)

    def font_table(self) -> None:
        """Declare the fonts with their alternative names and the GB2312 character set, so
        a PC without a font substitutes a Chinese one of the same kind."""
        part = next(rel.target_part for rel in self.doc.part.rels.values() if rel.reltype.endswith("/fontTable"))
        root = etree.fromstring(part.blob)
        for font in {f.name: f for f in self.fonts.values()}.values():
            for old in root.findall(qn("w:font")):
                if old.get(qn("w:name")) == font.name:
                    root.remove(old)
            root.append(parse_xml(
                f'<w:font {nsdecls("w")} w:name="{_attribute(font.name)}"><w:altName w:val="{_attribute(font.alternative)}"/>'
                f'<w:charset w:val="{GB2312_CHARSET}"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- the page -----------------------------------------------------------------------
    def page(self) -> None:
        layout = self.layout
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(layout.page_width_mm), Mm(layout.page_height_mm)
        section.top_margin, section.bottom_margin = Mm(layout.margin_top_mm), Mm(layout.margin_bottom_mm)
        section.left_margin, section.right_margin = Mm(layout.margin_left_mm), Mm(layout.margin_right_mm)
        section.gutter = Mm(0)
        section.footer_distance = Mm(layout.footer_distance_mm)
        # The document grid: lines_per_page lines of the body's pitch (the characters per
        # line are the body styles' condensed spacing: Word's character grid would do it
        # in Word, but LibreOffice gives each character two grid cells).
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.attrib.clear()
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(layout.body.leading * TWIPS_PER_PT)))
        self.doc.settings.odd_and_even_pages_header_footer = True
        inset = Pt(layout.page_number_inset_chars * layout.page_number_size)
        for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.alignment = _ALIGN[align]
            fmt.first_line_indent = Pt(0)
            fmt.right_indent, fmt.left_indent = (inset, Pt(0)) if align == "right" else (Pt(0), inset)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(layout.page_number_size)
            self.no_snap(fmt.element.get_or_add_pPr())
            before, after = layout.page_number_format.split("{n}")
            self.run(paragraph, before, "页码", layout.page_number_role, layout.page_number_size)
            self.page_field(paragraph)
            self.run(paragraph, after, "页码", layout.page_number_role, layout.page_number_size)

    def page_field(self, paragraph: Paragraph) -> None:
        """A PAGE field; 1 stands in its place until the office suite works the number out."""
        layout = self.layout

        def run(text: str = "") -> Run:
            return self.run(paragraph, text, "页码", layout.page_number_role, layout.page_number_size)

        def mark(kind: str) -> None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run()._r.append(element)

        mark("begin")
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = " PAGE "
        run()._r.append(instruction)
        mark("separate")
        run("1")
        mark("end")

    # -- text -----------------------------------------------------------------------------
    def run(self, paragraph: Paragraph, text: str, place: str, role: str, size: float | None = None) -> Run:
        """A run of ``text`` in the role's font (line breaks kept); refused, naming the
        place, when it holds a character no XML file can (U+FFFE, U+FFFF)."""
        checked(text, place, "Word 文件")
        run = paragraph.add_run()
        self.set_font(run._r.get_or_add_rPr(), role)
        if size is not None:
            run.font.size = Pt(size)
        for number, line in enumerate(text.split("\n")):
            if number:
                run.add_break()
            if line:
                run._r.add_t(line)
        return run

    def paragraph(self, text: str, style: str, place: str, role: str, **formats: object) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        self.set_style(paragraph, style)
        for name, value in formats.items():
            setattr(paragraph.paragraph_format, name, value)
        self.run(paragraph, text, place, role)
        return paragraph

    def body(self, report: Report) -> None:
        layout = self.layout
        body = layout.body
        self.paragraph(_title_text(report, layout), "Title", content.TITLE_PLACE, layout.title.role)
        for text in content.paragraphs(report.preamble):
            self.paragraph(text, "Normal", content.PREAMBLE_PLACE, body.role)
        self.sections(content.sections(report))
        last = self.doc.paragraphs[-1]
        last.paragraph_format.keep_with_next = True  # the signature never stands alone
        for number, line in enumerate(content.attachment_note(report)):
            before = Pt(layout.attachment_note_blank_lines * body.leading) if number == 0 else Pt(0)
            self.paragraph(line.text, "Normal", line.place, body.role, alignment=_ALIGN["left"], first_line_indent=Pt(0),
                           left_indent=Pt(line.indent_chars * body.size), space_before=before, keep_with_next=True)
        signature = content.signature(report)
        date_right = layout.signature_date_right_chars * body.size
        unit_right = date_right
        if signature.date:  # the unit centred over the date (GB/T 9704 §7.3.5)
            unit_right = max(0.0, date_right + (_ems(signature.date) - _ems(signature.unit)) * body.size / 2)
        self.paragraph(signature.unit, "Normal", content.SIGNATURE_UNIT_PLACE, body.role, alignment=_ALIGN["right"],
                       first_line_indent=Pt(0), right_indent=Pt(unit_right),
                       space_before=Pt(layout.seal_blank_lines * body.leading), keep_with_next=bool(signature.date))
        if signature.date:
            self.paragraph(signature.date, "Normal", content.SIGNATURE_DATE_PLACE, body.role, alignment=_ALIGN["right"],
                           first_line_indent=Pt(0), right_indent=Pt(date_right))

    def sections(self, sections: Sequence[PrintedSection]) -> None:
        layout = self.layout
        for section in sections:
            level = min(section.depth, len(HEADING_STYLES) - 1)
            self.paragraph(section.heading, HEADING_STYLES[level], section.title_place, layout.headings[level].role)
            for text in section.paragraphs:
                self.paragraph(text, "Normal", section.text_place, layout.body.role)
            self.sections(section.children)

    # -- the score table ------------------------------------------------------------------
    def attachment(self, report: Report, ruleset: RuleSet) -> None:
        layout = self.layout
        scores = score_report(report, ruleset)
        label_style = layout.attachment_label
        self.paragraph(content.table_attachment_label(report), "Normal", "附件标签", label_style.role,
                       page_break_before=True, alignment=_ALIGN[label_style.align], first_line_indent=Pt(0),
                       space_after=Pt(label_style.space_after))
        self.paragraph(content.TABLE_TITLE, "Title", "自评表标题", layout.table.title.role,
                       line_spacing=Pt(layout.table.title.leading), space_after=Pt(0), keep_with_next=True)
        year = layout.table.year_line
        self.paragraph(content.year_line(report), "Normal", "自评表年度", year.role, alignment=_ALIGN[year.align],
                       first_line_indent=Pt(0), space_after=Pt(year.space_after), keep_with_next=True)
        blocks = content.head_blocks(report, scores)
        rows = [row for block in blocks for row in block.rows]
        spans, offset = [], 0
        for block in blocks:
            spans += [Span(s.col0, s.row0 + offset, s.col1, s.row1 + offset) for s in block.spans]
            offset += len(block.rows)
        self.table(layout.table.head_columns(scores.scored), rows, spans)
        gap = self.doc.add_paragraph()  # Word joins tables that touch
        self.set_style(gap, TABLE_TEXT)
        gap.paragraph_format.line_spacing = Pt(1)
        gap.paragraph_format.keep_with_next = True
        indicators = content.indicator_table(report, scores)
        label, *header = indicators.header
        # The header row repeats on each page, so it must end where it starts: the
        # 绩效指标 label runs down beside the indicators, not from the header row.
        rows = [(content.Cell("", label.place, header=True), *header),
                *[(label if number == 0 else None, *row) for number, row in enumerate(indicators.rows)],
                *([indicators.total] if indicators.total else [])]
        spans = [Span(0, 1, 0, span.row1) if (span.col0, span.row0) == (0, 0) else span
                 for span in indicators.spans(0, len(indicators.rows))]
        self.table(layout.table.indicator_columns(scores.scored), rows, spans, repeat_header=True)

    def table(self, columns_mm: Sequence[float], rows: Sequence[Sequence[Cell | None]], spans: Sequence[Span],
              *, repeat_header: bool = False) -> Table:
        layout = self.layout
        table = self.doc.add_table(rows=len(rows), cols=len(columns_mm))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        scale = layout.type_width / 72 * 25.4 / sum(columns_mm)
        widths = [Mm(mm * scale) for mm in columns_mm]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        self.table_properties(table)
        if repeat_header:
            table.rows[0]._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_HEADER)
        # Each cell once, by (row, column), before the merges remove the covered ones
        # (python-docx's table.cell() walks the whole table on every call).
        trs = table._tbl.tr_lst
        grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in trs]
        for line in grid:
            for target, width in zip(line, widths, strict=True):
                target.width = width
        origins = {(span.row0, span.col0): span for span in spans}
        covered: set[tuple[int, int]] = set()
        for span in spans:
            for number in range(span.row0, span.row1 + 1):
                tc = grid[number][span.col0]._tc
                if span.col1 > span.col0:  # one cell across the columns: w:gridSpan
                    tc.grid_span = span.col1 - span.col0 + 1
                    tc.width = Emu(sum(widths[span.col0:span.col1 + 1]))
                    for col in range(span.col0 + 1, span.col1 + 1):
                        tc.getparent().remove(grid[number][col]._tc)
                if span.row1 > span.row0:  # continued in the rows below: w:vMerge
                    tc.vMerge = "restart" if number == span.row0 else "continue"
            covered |= {(r, c) for r in range(span.row0, span.row1 + 1) for c in range(span.col0, span.col1 + 1)}
            covered.discard((span.row0, span.col0))
        for index, row in enumerate(rows):
            for col, cell in enumerate(row):
                if cell is not None and (index, col) not in covered:  # a merge shows its first cell
                    self.cell_text(grid[index][col], cell)
            if self.row_height(row, widths, origins, index) <= layout.type_height * KEEP_ROW_SHARE:
                # Like the PDF, a row moves to the next page whole; only a row taller than
                # most of a page is split (Word would cut off one taller than the page).
                trs[index].get_or_add_trPr().insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANT_SPLIT)
        return table  # type: ignore[no-any-return]  # python-docx's add_table is untyped here

    def row_height(self, row: Sequence[Cell | None], widths: Sequence[int], origins: dict[tuple[int, int], Span],
                   index: int) -> float:
        """About the height of a row in pt, from its cells that do not run down further."""
        table = self.layout.table
        tallest = 0.0
        for col, cell in enumerate(row):
            if cell is None:
                continue
            span = origins.get((index, col), Span(col, index, col, index))
            if span.row1 > span.row0:
                continue
            spec = table.header_cell if cell.header else table.cell
            width_pt = sum(widths[span.col0:span.col1 + 1]) / EMU_PER_PT - 2 * table.padding
            tallest = max(tallest, estimated_lines(cell.text, width_pt / spec.size - cell.indent_chars) * spec.leading)
        return tallest + 2 * table.padding

    def table_properties(self, table: Table) -> None:
        """Rules and cell padding (``table.autofit = False`` made the layout fixed), each
        element where the schema puts it: Word refuses a file with them out of order."""
        layout = self.layout.table
        tbl_pr = table._tbl.tblPr
        inner, outer = (str(round(width * 8)) for width in (layout.line_width, layout.outer_line_width))
        borders = "".join(f'<w:{side} w:val="single" w:sz="{outer if side in ("top", "left", "bottom", "right") else inner}"'
                          f' w:space="0" w:color="000000"/>'
                          for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        tbl_pr.insert_element_before(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"),
                                     "w:shd", "w:tblLayout", *_AFTER_CELL_MARGINS)
        padding = str(round(layout.padding * TWIPS_PER_PT))
        margins = "".join(f'<w:{side} w:w="{padding}" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
        tbl_pr.insert_element_before(parse_xml(f"<w:tblCellMar {nsdecls('w')}>{margins}</w:tblCellMar>"),
                                     *_AFTER_CELL_MARGINS[1:])

    def cell_text(self, target: _Cell, cell: Cell) -> None:
        spec = self.layout.table.header_cell if cell.header else self.layout.table.cell
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        lines = cell.text.split("\n") or [""]
        for number, line in enumerate(lines):
            paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
            self.set_style(paragraph, TABLE_HEADING if cell.header else TABLE_TEXT)
            if cell.align is not None and cell.align != spec.align:
                paragraph.paragraph_format.alignment = _ALIGN[cell.align]
            if cell.indent_chars:
                paragraph.paragraph_format.left_indent = Pt(cell.indent_chars * spec.size)
            self.run(paragraph, line, cell.place, spec.role)

    def metadata(self, report: Report) -> None:
        info = content.metadata(report)
        properties = self.doc.core_properties
        properties.title, properties.author, properties.subject = info.title, info.author, info.subject
        properties.keywords, properties.comments = info.keywords, info.creator
        properties.last_modified_by = info.creator
        properties.created = properties.modified = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        properties.revision = 1
        properties.language = "zh-CN"


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _ems(text: str) -> float:
    return sum(ems(text))


def _title_text(report: Report, layout: PageLayout) -> str:
    """The title, broken where content.title_break says when it is longer than a line and
    both parts fit one (Word cannot tell where a title may break)."""
    title = content.title(report)
    parts = content.title_break(report)
    line = layout.type_width / layout.title.size
    if parts is not None and _ems(title) > line and all(_ems(part) <= line for part in parts):
        return "\n".join(parts)
    return title


def render_docx(report: Report, ruleset: RuleSet, *, layout: PageLayout = GBT9704,
                fonts: dict[str, OfficeFont] | None = None) -> bytes:
    """The .docx as bytes: the report's pages, then its score table as 附件."""
    writer = _Writer(layout, office_fonts() if fonts is None else fonts)
    writer.styles()
    writer.font_table()
    writer.page()
    writer.body(report)
    writer.attachment(report, ruleset)
    writer.metadata(report)
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()
