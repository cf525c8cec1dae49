"""打印预览 and 打印 with QtPdf: the exported PDF's own pages painted onto a QPrinter.

The printer writes a PDF (as 打印到文件 does), which is read back: as many A4 pages as
the exported PDF, in the same order, each looking like the page it came from."""

from __future__ import annotations

import io
import pathlib

import pypdf
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from gui.printing import PdfPages, a4_printer
from gui_support import told
from model.errors import ZepingError
from storage.documents.pdf import render_pdf
from storage.rulesets import DEFAULT_RULESET, load_ruleset
from storage.sample import sample_report

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

A4_POINTS = (595.3, 841.9)
COMPARE_DPI = 60  # pages are rendered at this resolution, then averaged down to
THUMBNAIL = (62, 88)  # ~7.5 dpi: the layout of a page, not its antialiasing; fast in pure Python


@pytest.fixture(scope="module")
def exported() -> bytes:
    """The sample report's PDF, as 导出 PDF writes it."""
    return render_pdf(sample_report(), load_ruleset(DEFAULT_RULESET), stable=True)


def pdf_printer(path: pathlib.Path, dpi: int | None = None) -> QPrinter:
    printer = a4_printer("测试")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if dpi:
        printer.setResolution(dpi)  # a coarse printer: fast, and still the whole sheet
    return printer


def grey_pages(data: bytes) -> list[bytes]:
    """Each page of a PDF as a small grey thumbnail on white (one byte per pixel)."""
    pages = PdfPages(data)
    result = []
    for index in range(pages.page_count):
        image = pages.page_image(index, COMPARE_DPI).scaled(
            *THUMBNAIL, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        ).convertToFormat(QImage.Format.Format_Grayscale8)
        result.append(b"".join(bytes(image.constScanLine(y))[: image.width()] for y in range(image.height())))
    return result


def distance(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two equally sized grey images, 0 (same) to 255."""
    assert len(a) == len(b)
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def assert_same_pages(printed: pathlib.Path, exported: bytes) -> None:
    reader = pypdf.PdfReader(printed)
    assert len(reader.pages) == len(pypdf.PdfReader(io.BytesIO(exported)).pages)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=1)
    ours, theirs = grey_pages(printed.read_bytes()), grey_pages(exported)
    for index, mine in enumerate(ours):
        distances = [distance(mine, original) for original in theirs]
        assert distances[index] < 6, f"page {index + 1} differs from the PDF's"
        # and looks more like its own page than like any other: the same order
        assert min(range(len(theirs)), key=distances.__getitem__) == index


def test_pages_painted_on_a_printer_are_the_pdfs_pages(qtbot, tmp_path, exported):
    printed = tmp_path / "printed.pdf"
    pages = PdfPages(exported)
    assert pages.paint(pdf_printer(printed)) == pages.page_count == 9  # at the full 300 dpi
    assert_same_pages(printed, exported)
    # not blank: page 1 of what was printed, rendered back, has ink
    document = QPdfDocument()
    document.load(str(printed))
    image = document.render(0, QSize(210, 297)).convertToFormat(QImage.Format.Format_ARGB32)
    inked = sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).alpha() and image.pixelColor(x, y).lightness() < 128)
    assert inked > 200


def test_printer_is_a4_portrait_full_page():
    printer = a4_printer("2022年度某单位某项目绩效自评报告")
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
    assert printer.fullPage() and printer.docName() == "2022年度某单位某项目绩效自评报告"


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # Qt's own word for it; ours follows
def test_a_printer_that_cannot_start_is_a_clear_refusal(qtbot, tmp_path, exported):
    printer = pdf_printer(tmp_path / "no-such-folder" / "x.pdf")
    with pytest.raises(ZepingError) as refused:
        PdfPages(exported).paint(printer)
    assert "打印机不可用" in refused.value.message


def test_bytes_that_are_not_a_pdf_are_refused(qtbot):
    with pytest.raises(ZepingError):
        PdfPages(b"not a pdf")



def test_preview_shows_the_pdfs_pages_on_a4(window, tmp_path, exported):
    window.commands.preview.trigger()
    [(printer, paint)] = window.dialogs.previews
    assert printer.fullPage() and printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert told(window) == []
    assert "9 页" in window.statusBar().currentMessage()
    # what the preview paints (and prints from there) is the exported PDF, page by page
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "preview.pdf"))
    printer.setResolution(100)
    paint(printer)
    assert_same_pages(tmp_path / "preview.pdf", render_pdf(window.report, window.ruleset))


def test_print_prints_the_pdfs_pages_after_the_dialog(window, tmp_path):
    out = tmp_path / "printed.pdf"
    window.dialogs.print_to = str(out)
    assert window.exports.print_report() == 9
    assert len(window.dialogs.print_dialogs) == 1 and told(window) == []
    assert len(pypdf.PdfReader(out).pages) == 9
    assert "已打印 9 页" in window.statusBar().currentMessage()


def test_print_cancelled_prints_nothing(window, tmp_path):
    out = tmp_path / "printed.pdf"
    window.dialogs.print_to = str(out)
    window.dialogs.print_answer = False
    window.commands.print.trigger()
    assert len(window.dialogs.print_dialogs) == 1
    assert not out.exists() and told(window) == []
    assert window.statusBar().currentMessage() == "已取消打印"



def test_qt_preview_records_every_page_at_screen_resolution(qtbot, exported, monkeypatch):
    """What QPrintPreviewDialog shows: its widget asks for the pages and records 9 of them,
    rendered at PREVIEW_DPI (printing from the preview paints them again, at MAX_DPI)."""
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    import gui.printing

    pages = PdfPages(exported)
    asked: list[float] = []
    render = PdfPages.page_image
    monkeypatch.setattr(PdfPages, "page_image", lambda self, index, dpi: asked.append(dpi) or render(self, index, dpi))
    printer = a4_printer("预览")
    preview = QPrintPreviewWidget(printer)
    qtbot.addWidget(preview)
    preview.paintRequested.connect(pages.paint)
    preview.updatePreview()
    assert preview.pageCount() == 9
    assert asked == [gui.printing.PREVIEW_DPI] * 9


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false", r"This plugin does not support propagateSizeHints\(\)")
def test_a_printer_that_fails_is_told_in_chinese(window, tmp_path):
    window.dialogs.print_to = str(tmp_path / "no-such-folder" / "x.pdf")
    assert window.exports.print_report() is None
    title, text = told(window)[-1]
    assert title == "无法打印" and "打印机不可用" in text
