"""The export formats, declared once: the command line (``main.py export --pdf …``) and
the window's 文件 menu are built from :data:`EXPORTERS`.

A format is one module with a function ``(report, ruleset) -> bytes`` and one line
here; writing the bytes (atomically: never half a file, an existing file kept when the
export is refused) is common to all. The module is imported on the first export, so
reading this list loads no writer library (reportlab …).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pathlib

    from model.report import Report
    from model.rules import RuleSet


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    key: str  # json, pdf …
    flag: str  # the command-line option of `main.py export`
    label: str  # the 文件 menu's entry: 导出 PDF…
    tip: str  # the menu entry's status tip
    suffix: str  # of the file written
    file_filter: str  # of the file dialog (Qt syntax)
    renderer: str  # "module:function", the function (report, ruleset) -> bytes
    failed: str = "无法导出"  # the title of the message when the export fails
    # "module:function" called before the renderer's module is imported: work that needs
    # no writer library, started on other threads while that library loads.
    ahead: str = ""

    @property
    def title(self) -> str:
        """The file dialog's title: 导出 PDF."""
        return self.label.rstrip("…")

    def render(self, report: Report, ruleset: RuleSet) -> bytes:
        """The file's bytes; the format's own refusal (a ZepingError) when it cannot be made."""
        if self.ahead:
            _function(self.ahead)()
        function: Callable[[Report, RuleSet], bytes] = _function(self.renderer)
        return function(report, ruleset)

    def write(self, report: Report, ruleset: RuleSet, path: str | pathlib.Path) -> None:
        """Write the file to ``path``, atomically: nothing is written when the export is
        refused or the file cannot be written (a ZepingError, output.unwritable)."""
        from storage.files import write_bytes_atomically

        write_bytes_atomically(path, self.render(report, ruleset))


def _function(reference: str) -> Callable[..., Any]:
    """The function of a "module:function" reference, its module imported."""
    module, _, name = reference.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


EXPORTERS: tuple[Exporter, ...] = (
    Exporter("json", "--json", "导出 JSON…", "把本报告导出为 JSON 文件", ".json",
             "报告文件 (*.json);;所有文件 (*)", "storage.documents.jsonfile:render_json"),
    Exporter("pdf", "--pdf", "导出 PDF…", "导出排版好的 PDF", ".pdf",
             "PDF 文件 (*.pdf)", "storage.documents.pdf:render_pdf", failed="无法生成 PDF",
             ahead="storage.documents.fontfiles:read_ahead"),
    Exporter("docx", "--docx", "导出 Word…", "导出 Word 文件（报告和自评表，可在 Word、WPS 中修改）", ".docx",
             "Word 文件 (*.docx)", "storage.documents.word:render_docx", failed="无法生成 Word 文件"),
    Exporter("xlsx", "--xlsx", "导出 Excel…", "把项目支出绩效自评表导出为 Excel 文件（另附指标明细表）", ".xlsx",
             "Excel 文件 (*.xlsx)", "storage.documents.excel:render_xlsx", failed="无法生成 Excel 文件"),
)


def exporters() -> tuple[Exporter, ...]:
    """Every export format, in menu order."""
    return EXPORTERS


def exporter(key: str) -> Exporter:
    """The format called ``key``; KeyError when there is none."""
    for candidate in EXPORTERS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
