"""``zeping --smoke-test``: does this installation work? The same check runs from a source
checkout, from the bundle built by tools/build_bundle.py and on the Windows build machine.

It does what a clerk's first start does, in a temporary folder (never the clerk's data):
the default data file is created holding the bundled sample; the sample is scored and
audited with its rule set; the PDF is rendered with the bundled fonts and read back with
QtPdf (what 打印预览 and 打印 use); the window is built on the file; Qt's Chinese catalogue
must load and translate the dialogs' words. A short Chinese summary goes to standard
output and the exit status is 0; any failure is one sentence on standard error and 1.
Without a display (a server, CI) Qt runs on its offscreen platform.
"""

from __future__ import annotations

import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Iterator

EXIT_OK, EXIT_FAILED = 0, 1
# A word of each dialog the clerk sees in Qt's own words: the message-box buttons, the
# file dialog, the print dialog, the print preview. Each must come out in Chinese.
QT_WORDS = (
    ("QPlatformTheme", "Cancel"),
    ("QFileDialog", "Look in:"),
    ("QPrintDialog", "Print"),
    ("QPrintPreviewDialog", "Print Preview"),
)


class SmokeFailure(Exception):
    """A check that did not pass: the message says which, in Chinese."""


def run_smoke_test() -> int:
    """Run every check; print the summary (status 0) or the failure (status 1)."""
    from gui.app import display_problem

    if display_problem() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    try:
        lines = list(_checks())
    except SmokeFailure as exc:
        print(f"自检失败：{exc}（smoke.failed）", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the point of a smoke test: any breakage is reported, not raised
        print(f"自检失败：{type(exc).__name__}: {exc}（smoke.failed）", file=sys.stderr)
        return EXIT_FAILED
    for line in lines:
        print(line)
    print(f"自检通过，用时 {time.perf_counter() - started:.1f} 秒。")
    return EXIT_OK


def _checks() -> Iterator[str]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from gui.app import app_icon, ensure_cjk_font, install_qt_translation
    from storage.resources import resource_root, version_line

    yield f"{version_line()}（{'安装包' if getattr(sys, 'frozen', False) else '源代码'}：{resource_root().parent}）"
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    family = ensure_cjk_font(app)
    yield f"界面字体：{family or app.font().family()}（Qt 平台：{QApplication.platformName()}）"
    if install_qt_translation(app) is None:
        raise SmokeFailure("没有找到 Qt 的中文翻译 qtbase_zh_CN.qm")
    untranslated = [word for context, word in QT_WORDS if QCoreApplication.translate(context, word) == word]
    if untranslated:
        raise SmokeFailure(f"Qt 的中文翻译缺少：{'、'.join(untranslated)}")
    yield "Qt 中文翻译：" + "、".join(QCoreApplication.translate(context, word) for context, word in QT_WORDS)
    icon = app_icon()
    if icon.isNull():
        raise SmokeFailure("程序图标文件缺失（resources/icons）")
    yield f"图标：{len(icon.availableSizes())} 种尺寸"

    previous_home = os.environ.get("ZEPING_HOME")
    with tempfile.TemporaryDirectory(prefix="zeping-smoke-") as folder:
        os.environ["ZEPING_HOME"] = folder  # the window's settings too: the clerk's stay untouched
        try:
            yield from _with_data_file(pathlib.Path(folder))
        finally:
            if previous_home is None:
                os.environ.pop("ZEPING_HOME", None)
            else:
                os.environ["ZEPING_HOME"] = previous_home


def _with_data_file(folder: pathlib.Path) -> Iterator[str]:
    from gui.dialogs import DialogService
    from gui.main_window import MainWindow
    from gui.printing import PdfPages
    from model.audit import ERROR, audit
    from model.scoring import score_report
    from storage.documents.pdf import render_pdf
    from storage.paths import default_data_file
    from storage.rulesets import load_ruleset
    from storage.sample import open_default_store
    from storage.store import open_store
    from storage.workspace import Workspace

    path = default_data_file()
    with open_default_store(path) as store:  # the first start: created, holding the sample
        reports = store.list_reports()
        if len(reports) != 1:
            raise SmokeFailure(f"新数据文件应含示例报告 1 份，实际 {len(reports)} 份")
        report = store.load(reports[0].id)
    yield f"数据文件：{path.name} 已创建，含示例报告“{reports[0].year}年度 {reports[0].project}”"

    ruleset = load_ruleset(report.ruleset)
    scores = score_report(report, ruleset)
    findings = audit(report, ruleset, scores)
    errors = sum(1 for finding in findings if finding.severity == ERROR)
    yield f"评分（{ruleset.name}）：总分 {scores.total}，等级 {scores.grade}；体检 {len(findings)} 条（其中错误 {errors} 条）"

    data = render_pdf(report, ruleset, stable=True)
    pages = PdfPages(data)  # QtPdf: raises when it cannot read the PDF back
    image = pages.page_image(0, 30)
    if image.isNull() or all(image.pixel(x, y) == 0xFFFFFFFF for x in range(image.width()) for y in range(image.height())):
        raise SmokeFailure("PDF 第 1 页渲染为空白")
    yield f"PDF：{len(data) // 1024} KB，QtPdf 读回 {pages.page_count} 页"

    store = open_store(path, create=False)
    window = MainWindow(None, DialogService())
    try:
        window.attach(Workspace(store))
        if window.report_id is None:
            raise SmokeFailure("窗口没有打开示例报告")
        yield f"窗口：{window.windowTitle()}，{window.tabs.count()} 个标签页"
    finally:
        window.close()
        store.close()

