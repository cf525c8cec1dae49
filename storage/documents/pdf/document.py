"""The PDF as a whole: A4 pages with the GB/T 9704 type area and page numbers `— N —`,
the story (the report's pages, then the score table as 附件), and the entry points.

:func:`render_pdf` makes the bytes (打印预览 and 打印 paint exactly these pages) and
:func:`export_pdf` writes them (command line, 导出 PDF). Every text is checked against
the fonts before anything is written (storage.documents.pdf.typesetter).
"""

from __future__ import annotations

import io
import pathlib

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from model.report import Report
from model.rules import RuleSet
from model.scoring import score_report
from storage.documents import content
from storage.documents.fonts import FontSet, Missing, MissingCharacters, font_set
from storage.documents.layout import GBT9704, MM, PageLayout
from storage.documents.pdf.body import body_story
from storage.documents.pdf.scoretable import attachment
from storage.documents.pdf.typesetter import Typesetter
from storage.files import write_bytes_atomically


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
             layout: PageLayout) -> tuple[Typesetter, list[Flowable]]:
    scores = score_report(report, ruleset)
    ts = Typesetter(fonts, layout)
    story = body_story(ts, report) + attachment(ts, report, scores)
    # Page numbers: the format's own characters (digits are checked with them).
    ts.record("页码", layout.page_number_role, layout.page_number_format.format(n=1234567890))
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
    info = content.metadata(report)
    doc = _Document(buffer, layout, fonts, title=info.title, author=info.author,
                    subject=info.subject, creator=info.creator, keywords=info.keywords,
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
