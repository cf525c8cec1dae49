"""打印预览 and 打印: the exported PDF's own pages, painted onto a QPrinter.

The window never draws the report a second time: storage.documents.pdf writes the PDF that is
emailed and published, QtPdf (PySide6-Addons) renders each of its pages to an image, and
the image fills the printer's whole A4 sheet. The PDF already carries the GB/T 9704
margins, so the printer adds none (full-page mode). What the preview shows and the
printer prints is therefore exactly the PDF: the same pages, in the same order.

QtPdf is imported only when printing (it is not needed to show the window); without it
the window falls back to the system's PDF reader (``qtpdf_available``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter

from model.errors import ZepingError

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

# Pages are images at the printer's resolution, but no finer than this: an A4 page at
# 300 dpi is 2480 × 3508 pixels (35 MB while it is drawn), sharp enough for 仿宋 at 9 pt.
MAX_DPI = 300
# On screen the preview shrinks each page image to ~60 dpi without averaging pixels, so
# 300-dpi images lose thin strokes (工, 三); 150 dpi stays legible and leaves room to zoom.
# Printing from the preview dialog paints the pages again, at MAX_DPI.
PREVIEW_DPI = 150
POINTS_PER_INCH = 72


def qtpdf_available() -> bool:
    """Whether QtPdf (PySide6-Addons) loads here: installed, and its libraries found."""
    try:
        importlib.import_module("PySide6.QtPdf")
    except ImportError:
        return False
    return True


def a4_printer(document_name: str = "") -> QPrinter:
    """A printer set to A4 portrait with no margins of its own (the PDF has them)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if document_name:
        printer.setDocName(document_name)
    return printer


class PdfPages(QObject):
    """A PDF held in memory (QPdfDocument reading a QBuffer) that paints onto printers.

    Keep the object alive while a preview may repaint: the document reads its buffer.
    """

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPdf import QPdfDocument

        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document: QPdfDocument = QPdfDocument(self)
        # A QBuffer is not sequential, so the document loads before load() returns.
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            raise ZepingError("生成的 PDF 无法读取，不能打印（请改用“导出 PDF”后用 PDF 阅读器打印）。", "print.bad-pdf")

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def page_image(self, index: int, dpi: float) -> QImage:
        """Page ``index`` at ``dpi``, opaque on white (QtPdf leaves the paper transparent)."""
        points = self.document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / POINTS_PER_INCH), round(points.height() * dpi / POINTS_PER_INCH))
        rendered = self.document.render(index, size)
        page = QImage(size, QImage.Format.Format_RGB32)
        page.fill(Qt.GlobalColor.white)
        painter = QPainter(page)
        painter.drawImage(0, 0, rendered)
        painter.end()
        return page

    def paint(self, printer: QPrinter, max_dpi: float | None = None) -> int:
        """Every page onto ``printer``, one sheet each, filling the sheet; returns the
        number of pages painted. Images are at the printer's resolution up to ``max_dpi``
        (default: MAX_DPI, or PREVIEW_DPI when a print preview is recording the pages).
        A printer that cannot start is a ZepingError."""
        painter = QPainter()
        if not painter.begin(printer):
            raise ZepingError("无法开始打印：打印机不可用或未就绪。请检查打印机，或先“导出 PDF”再打印。", "print.no-printer")
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            if max_dpi is None:  # QPrintPreviewWidget records pages with a picture engine
                previewing = painter.paintEngine().type() == QPaintEngine.Type.Picture
                max_dpi = PREVIEW_DPI if previewing else MAX_DPI
            dpi = min(printer.resolution(), max_dpi)
            for index in range(self.page_count):
                if index and not printer.newPage():
                    raise ZepingError("打印中断：打印机不接受下一页。", "print.page-refused")
                sheet = painter.window()  # full-page mode: the whole sheet, in device pixels
                page = self.page_image(index, dpi)
                painter.drawImage(_fit(QRectF(sheet), page.size()), page)
        finally:
            painter.end()
        return self.page_count


def _fit(sheet: QRectF, size: QSize) -> QRectF:
    """The largest rectangle of ``size``'s shape centred on ``sheet``: all of an A4 sheet
    for an A4 page; on other paper (Letter, chosen in the print dialog) nothing is cut."""
    scale = min(sheet.width() / size.width(), sheet.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(sheet.x() + (sheet.width() - width) / 2, sheet.y() + (sheet.height() - height) / 2, width, height)
