"""What leaves the window: exports through the exporter table, JSON import, 打印预览 and
打印 (Anki's ``aqt/import_export``). Every flow reads the workspace's current report and
asks the clerk through the dialog service; a problem the clerk can fix (a character the
fonts lack, a file that cannot be written) is shown as the writer words it."""

from __future__ import annotations

import contextlib
import pathlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui import settings
from gui.dialogs import JSON_FILTER
from model.audit import ERROR, Place
from model.errors import ZepingError
from model.fields import field, get_value
from storage.documents.registry import Exporter, exporter, exporters
from storage.files import report_file_name
from storage.interchange import load_file

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from gui.main_window import MainWindow
    from gui.printing import PdfPages
    from gui.send import SendDialog

PREVIEW_KEEP_DAYS = 1
NO_QTPDF = "本机没有 QtPdf（PySide6-Addons），改用系统的 PDF 阅读器"


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """The wait cursor while a document is written or its pages rendered (about a second)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def preview_folder(keep_days: float = PREVIEW_KEEP_DAYS) -> pathlib.Path:
    """The temporary folder of the PDFs opened for 打印预览 and 打印. They stay while a
    reader may show them (after the window closes, too); older ones are removed here."""
    root = pathlib.Path(tempfile.gettempdir()) / "zeping-preview"
    root.mkdir(exist_ok=True)
    limit = time.time() - keep_days * 86400
    for folder in root.glob("preview-*"):
        with contextlib.suppress(OSError):  # still open in a reader (Windows), or gone
            if folder.stat().st_mtime < limit:
                shutil.rmtree(folder)
    return root


class ExportFlows:
    """The window's exports, import, preview and print."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.preview_root: pathlib.Path | None = None  # PDFs for 打印预览 and 打印 without QtPdf

    @staticmethod
    def exporters() -> tuple[Exporter, ...]:
        """The formats of the 文件 menu: the exporter registry (storage.documents.registry)."""
        return exporters()

    def suggested_name(self, suffix: str) -> str:
        """``{year}年度{unit}{project}绩效自评报告`` + suffix, in the export folder."""
        return str(settings.export_folder() / report_file_name(self._window.report, suffix))

    # -- exports ------------------------------------------------------------------------
    def export_dialog(self, key: str) -> bool:
        """Ask where, then export the current report in format ``key``."""
        chosen = exporter(key)
        w = self._window
        path = w.dialogs.save_file(w, chosen.title, chosen.file_filter, self.suggested_name(chosen.suffix))
        if not path:
            return False
        if not path.lower().endswith(chosen.suffix):
            path += chosen.suffix
        return self.export(key, path)

    def ready_to_leave(self, doing: str) -> bool:
        """Before the report leaves the clerk's hands (导出 PDF/Word/Excel, 打印, 发送): say
        how many errors the 体检 found and what the signature lacks; the clerk chooses
        查看体检 (go to the first problem) or to go on anyway."""
        w = self._window
        errors = [f for f in w.findings if f.severity == ERROR]
        lacking = [field(key).label for key in ("unit", "signature.unit", "signature.date")
                   if not str(get_value(w.report, key) or "").strip()]
        if not errors and not lacking:
            return True
        lines = []
        if errors:
            lines.append(f"体检发现 {len(errors)} 个错误，例如：")
            lines.extend(f"· {f.where}：{f.message}" for f in errors[:3])
        if lacking:
            lines.append(f"未填写：{'、'.join(dict.fromkeys(lacking))}。")
        lines.append(f"建议改正后再{doing}。")
        choice = w.dialogs.choose(w, doing, "\n".join(lines), ["查看体检", f"仍然{doing}"])
        if choice == 0:
            w.dock.show()
            w.dock.raise_()
            place = errors[0].place if errors else Place.of(next(k for k in ("signature.date", "signature.unit", "unit")
                                                                 if field(k).label in lacking))
            w.focus_place(place)
        return choice == 1

    def export(self, key: str, path: str, *, offer_open: bool = True) -> bool:
        """Write the current report as ``key`` to ``path``; a PDF is then offered to open.
        A document for print (not the JSON data) is checked first (``ready_to_leave``)."""
        chosen = exporter(key)
        if key != "json" and not self.ready_to_leave(chosen.title):
            return False
        if not self._write(chosen, path):
            return False
        settings.remember_export_folder(path)
        w = self._window
        w.statusBar().showMessage(f"已导出到 {path}", 8000)
        if key == "pdf" and offer_open and w.dialogs.confirm(w, chosen.title, f"已导出 PDF：\n{path}\n\n现在打开它吗？"):
            self._open_file(path, chosen.title)
        return True

    def export_pdf(self, path: str, *, offer_open: bool = True) -> bool:
        return self.export("pdf", path, offer_open=offer_open)

    def _write(self, chosen: Exporter, path: str) -> bool:
        w = self._window
        try:
            with busy():
                chosen.write(w.report, w.ruleset, path)
        except ZepingError as exc:
            w.dialogs.error(w, chosen.failed, exc.message)
            return False
        except OSError as exc:
            w.dialogs.error(w, chosen.failed, f"无法写入 {path}（{exc.strerror or exc}）")
            return False
        return True

    def send(self) -> SendDialog | None:
        """发送…: export the PDF into the export folder under its usual name, then offer the
        ways to pass it on (gui.send). None when the clerk stopped or the PDF failed."""
        from gui.send import SendDialog
        from model.summary import mail_text

        w = self._window
        if not self.ready_to_leave("发送"):
            return None
        path = str(settings.export_folder() / report_file_name(w.report, ".pdf"))
        if not self._write(exporter("pdf"), path):
            return None
        settings.remember_export_folder(path)
        w.statusBar().showMessage(f"已导出到 {path}", 8000)
        assert w.scores is not None
        subject, body = mail_text(w.report, w.scores)
        dialog = SendDialog(w.dialogs, path, subject, body, w)
        w.dialogs.run(dialog)
        return dialog

    def sign(self) -> str | None:
        """数字签名（非电子印章）: the PDF signed with the clerk's own certificate (.p12/.pfx),
        the password asked each time and never stored. The signed file's path, or None."""
        from storage.documents.signing import sign_pdf, signing_available
        from storage.files import write_bytes_atomically

        w = self._window
        title = "数字签名（非电子印章）"
        if not signing_available():
            w.dialogs.information(w, title, "本机没有安装数字签名组件 pyHanko。安装方法见说明文件（pip install \"zeping[sign]\"）。")
            return None
        if not self.ready_to_leave("签名"):
            return None
        certificate = w.dialogs.open_file(w, "选择您的数字证书", "数字证书 (*.p12 *.pfx);;所有文件 (*)")
        if not certificate:
            return None
        password = w.dialogs.ask_password(
            w, title, f"证书 {pathlib.Path(certificate).name} 的密码（只用于这一次签名，不会保存）：")
        if password is None:
            return None
        suggested = str(settings.export_folder() / report_file_name(w.report, "（已签名）.pdf"))
        path = w.dialogs.save_file(w, "导出已签名的 PDF", "PDF 文件 (*.pdf)", suggested)
        if not path:
            return None
        try:
            with busy():
                signed = sign_pdf(exporter("pdf").render(w.report, w.ruleset), pathlib.Path(certificate), password,
                                  signer_name=w.report.signature.unit or w.report.unit)
                write_bytes_atomically(path, signed)
        except ZepingError as exc:
            w.dialogs.error(w, "无法签名", exc.message)
            return None
        settings.remember_export_folder(path)
        w.statusBar().showMessage(f"已导出签名的 PDF：{path}（数字签名，不是电子印章）", 8000)
        return path

    # -- import -------------------------------------------------------------------------
    def import_dialog(self) -> int | None:
        w = self._window
        path = w.dialogs.open_file(w, "导入报告 JSON", JSON_FILTER)
        return self.import_json(path) if path else None

    def import_json(self, path: str) -> int | None:
        """Add the report in ``path`` and open it; the same report already in the file
        (a .json double-clicked twice) is opened instead of added again."""
        w = self._window
        try:
            report = load_file(path)
        except ZepingError as exc:
            w.dialogs.error(w, "无法导入", exc.message)
            return None
        same = w.ws.find_same(report)
        if same is not None:
            w.open_report(same)
            w.statusBar().showMessage(f"数据文件中已有这份报告（编号 {same}），已打开它，没有再导入一份。", 8000)
            return same
        return w.reports.add_and_open(report)

    # -- preview and print ----------------------------------------------------------------
    def _open_file(self, path: str, purpose: str) -> bool:
        w = self._window
        if w.dialogs.open_externally(path):
            return True
        w.dialogs.information(w, purpose, f"未找到打开 PDF 的程序。PDF 已生成在：\n{path}")
        return False

    def open_pdf_for(self, purpose: str) -> str | None:
        """打印预览 and 打印 without QtPdf: the PDF that would be emailed, opened in the
        system's reader, which shows exactly those pages and prints them. Returns the path
        written (in a temporary folder), or None.
        """
        if self.preview_root is None:
            self.preview_root = preview_folder()
        # Each preview in its own folder: a reader may still hold (on Windows: lock) the last one.
        folder = pathlib.Path(tempfile.mkdtemp(prefix="preview-", dir=self.preview_root))
        path = str(folder / report_file_name(self._window.report))
        if not self._write(exporter("pdf"), path):
            shutil.rmtree(folder, ignore_errors=True)
            return None
        if self._open_file(path, purpose):
            # The system only says a reader was started, not that it showed the file: name it.
            hint = "已交给 PDF 阅读器，请在阅读器中打印（Ctrl+P）" if purpose == "打印" else "已交给 PDF 阅读器打开"
            self._window.statusBar().showMessage(f"{purpose}：{NO_QTPDF}，{hint}。文件：{path}", 15000)
        return path

    def printable_pages(self) -> PdfPages | None:
        """The report's PDF (the bytes 导出 PDF writes), loaded for printing; None after
        telling the clerk why not (a character the fonts lack, naming the field)."""
        from gui.printing import PdfPages
        from storage.documents import pdf  # reportlab loads on the first export, not at start

        w = self._window
        try:
            with busy():  # the message below shows with the ordinary cursor
                return PdfPages(pdf.render_pdf(w.report, w.ruleset))
        except ZepingError as exc:
            w.dialogs.error(w, "无法生成 PDF", exc.message)
            return None

    def print_preview(self) -> int | None:
        """打印预览: Qt's preview of the PDF's own pages on A4. Returns the page count
        (None when nothing was shown); without QtPdf, the system's reader shows the PDF."""
        from gui.printing import a4_printer, qtpdf_available

        if not qtpdf_available():
            self.open_pdf_for("打印预览")
            return None
        pages = self.printable_pages()
        if pages is None:
            return None
        w = self._window

        def paint(printer: QPrinter) -> None:  # for the preview, and for printing from it
            try:
                with busy():
                    pages.paint(printer)
            except ZepingError as exc:
                w.dialogs.error(w, "无法打印", exc.message)

        w.statusBar().showMessage(f"打印预览：共 {pages.page_count} 页，与导出的 PDF 相同", 8000)
        printer = a4_printer(report_file_name(w.report, ""))  # held here: the dialog does not own it
        w.dialogs.print_preview(w, printer, paint)
        return pages.page_count

    def print_report(self) -> int | None:
        """打印: the print dialog, then the PDF's own pages onto the chosen printer, one A4
        sheet each. Returns the pages printed (None when cancelled or refused)."""
        from gui.printing import a4_printer, qtpdf_available

        if not qtpdf_available():
            self.open_pdf_for("打印")
            return None
        if not self.ready_to_leave("打印"):
            return None
        pages = self.printable_pages()  # before the dialog: a refusal comes first
        if pages is None:
            return None
        w = self._window
        printer = a4_printer(report_file_name(w.report, ""))
        if not w.dialogs.print_dialog(w, printer):
            w.statusBar().showMessage("已取消打印", 5000)
            return None
        try:
            with busy():
                count = pages.paint(printer)
        except ZepingError as exc:
            w.dialogs.error(w, "无法打印", exc.message)
            return None
        where = printer.outputFileName() or printer.printerName() or "打印机"
        w.statusBar().showMessage(f"已打印 {count} 页：{where}", 8000)
        return count
