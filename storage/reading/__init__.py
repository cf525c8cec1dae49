"""Last year's report from the files the clerk has: report JSON, a Word .docx (the report
and its 自评表), an Excel .xlsx (the 自评表). :func:`read_source` gives a
:class:`~storage.reading.result.Reading`: the report as it would be imported, what was
read, what was left (by table, row and column, or paragraph) and the values that could
not be read, which refuse the file. Nothing is written here: ``main.py read`` prints the
reading, ``main.py import`` and the window's 从 Word/Excel 导入… store it.

The old binary formats (.doc, .wps, .xls, .et) are refused with what to do instead.
"""

from __future__ import annotations

import pathlib
import re
import zipfile

from model.errors import InputRefused
from model.fields import FUND_COLUMN_LABELS, PARTS, get_value
from model.fields import field as catalogue_field
from model.report import Report, Signature
from model.template import attachment_title, default_sections
from model.values import plain, read_date
from storage.interchange import load_file, report_from_dict, report_to_dict
from storage.reading.form import FormReader, is_table_title, key
from storage.reading.grid import Grid
from storage.reading.result import Note, Reading, shorten
from storage.reading.text import Paragraph, TextReading, read_text
from storage.rulesets import DEFAULT_RULESET

WORD, EXCEL = (".docx",), (".xlsx", ".xlsm")
OLD_FORMATS = {".doc": ("Word 97-2003 文档", ".docx"), ".wps": ("WPS 文字文件", ".docx"),
               ".xls": ("Excel 97-2003 工作簿", ".xlsx"), ".et": ("WPS 表格文件", ".xlsx")}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc, .xls, .wps, .et
MAX_BYTES = 64 * 1024 * 1024
WHOLE_FILE = "整个文件"
_ATTACHMENT_LABEL = re.compile(r"附件\d*")
_YEAR_IN_TEXT = re.compile(r"(\d{4})\s*年度")


def _refuse(problem: str, code: str) -> InputRefused:
    return InputRefused(problem, code)


def _old_format(name: str, suffix: str) -> InputRefused:
    kind, modern = OLD_FORMATS.get(suffix, ("旧版 Office 文件", ".docx 或 .xlsx"))
    return _refuse(f"{name} 是{kind}（旧的二进制格式），本程序读不了：请在 Word、WPS 或 Excel 中打开它，"
                   f"“另存为” {modern} 后再读", "input.old-format")


def read_source(path: str | pathlib.Path) -> Reading:
    """Read ``path`` (.docx, .xlsx; any other name is report JSON); InputRefused when it
    cannot be read at all."""
    source = pathlib.Path(path)
    name = source.name
    suffix = source.suffix.lower()
    if suffix in OLD_FORMATS:
        raise _old_format(name, suffix)
    if suffix not in (*WORD, *EXCEL):  # report JSON, whatever the file is called (as before)
        report = load_file(str(source))
        return Reading(name, report, _summary(report, from_file=True))
    try:
        with open(source, "rb") as handle:
            head = handle.read(8)
        size = source.stat().st_size
    except OSError as exc:
        raise InputRefused(f"无法读取文件 {source}：{exc.strerror}", "input.unreadable", outcome=None) from None
    if head == OLE_SIGNATURE:
        raise _old_format(name, ".doc" if suffix in WORD else ".xls")
    kind = "Word" if suffix in WORD else "Excel"
    if size > MAX_BYTES or not zipfile.is_zipfile(source):
        raise _refuse(f"{name} 不是有效的 {kind} 文件（{suffix}），可能已损坏：请在 {kind} 或 WPS 中打开并另存后再读",
                      f"input.not-{suffix.lstrip('.')}")
    try:
        reading = _read_word(source, name) if suffix in WORD else _read_excel(source, name)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        # python-docx and openpyxl raise these for a package that is not what it says.
        raise _refuse(f"{name} 不是有效的 {kind} 文件（{suffix}）：{shorten(str(exc))}",
                      f"input.not-{suffix.lstrip('.')}") from None
    return reading


# -- Word ----------------------------------------------------------------------------------
def _read_word(source: pathlib.Path, name: str) -> Reading:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from storage.reading.word import read_body

    try:
        document = docx.Document(str(source))
    except PackageNotFoundError:
        raise _refuse(f"{name} 不是有效的 Word 文件（.docx）", "input.not-docx") from None
    items = read_body(document).items
    grids = [item for item in items if isinstance(item, Grid)]
    form_grids = [grid for grid in grids if FormReader.is_form(grid)]
    cut = len(items)
    for index, item in enumerate(items):
        if (isinstance(item, Grid) and item in form_grids) or (isinstance(item, Paragraph) and (
                _ATTACHMENT_LABEL.fullmatch(key(item.text)) or is_table_title(key(item.text)))):
            cut = index
            break
    report = Report()
    form = FormReader(report)
    notes: list[Note] = []
    for item in items[cut:]:
        if isinstance(item, Paragraph):
            words = key(item.text)
            if words and not _ATTACHMENT_LABEL.fullmatch(words) and not form.line(item.text):
                notes.append(Note(item.where, item.text, "在自评表部分，不是表格，未读取"))
    for grid in grids:
        if grid in form_grids:
            form.grid(grid)
        else:
            notes.append(Note(grid.name, "", f"（{grid.row_count} 行 × {grid.column_count} 列）不是自评表，未读取"))
    text = read_text([item for item in items[:cut] if isinstance(item, Paragraph)])
    return _assemble(name, report, form, text, notes)


# -- Excel -----------------------------------------------------------------------------------
def _read_excel(source: pathlib.Path, name: str) -> Reading:
    from storage.documents.excel import DETAIL_SHEET
    from storage.reading.excel import read_sheets

    sheets = read_sheets(str(source))
    report = Report()
    form = FormReader(report)
    notes: list[Note] = []
    for grid in sheets.grids:
        if FormReader.is_form(grid) and not form.found:
            form.grid(grid)
        elif grid.cells:
            reason = ("是本程序导出的指标明细，与自评表重复，未另读" if grid.name == f"工作表“{DETAIL_SHEET}”"
                      else f"（{len(grid.texts())} 个格有内容）不是自评表或是第二份自评表，未读取")
            notes.append(Note(grid.name, "", reason))
    form.problems[:0] = sheets.problems
    return _assemble(name, report, form, TextReading(), notes)


# -- the report ------------------------------------------------------------------------------
def _assemble(name: str, report: Report, form: FormReader, text: TextReading, notes: list[Note]) -> Reading:
    form.finish()
    reading = Reading(name, report, [], [*text.notes, *notes, *form.skipped], list(form.problems))
    if not form.found:
        reading.read.append("没有找到项目支出绩效自评表（按表头“项目名称”“一级指标”等查找）")
    date = read_date(text.signature_date_text)[0] if text.signature_date_text else None
    project = report.project
    report.unit = text.signature_unit or form.filled_by or project.implementer or project.department
    if report.unit and not (text.signature_unit or form.filled_by):
        source = label("project.implementer" if report.unit == project.implementer else "project.department")
        reading.read.append(f"单位：文件中没有落款或填报单位，取{source}“{report.unit}”")
    year = form.year
    for words in (text.title, text.preamble):
        found = _YEAR_IN_TEXT.search(words)
        year = year or (int(found.group(1)) if found else None)
    if year is None and date is not None:
        year = date.year - 1  # the report is dated the year after
        reading.read.append(f"年度：文件中没有写明，按落款日期记为 {year} 年")
    report.year = year or 0
    report.ruleset = DEFAULT_RULESET
    report.funds.unit = form.unit
    report.blank_scores = "blank"  # a transcription: a blank 得分 cell is blank (format version 2)
    report.title = text.title
    report.preamble = text.preamble
    has_text = bool(text.sections or text.preamble or text.title)
    report.sections = text.sections if has_text else default_sections()
    report.attachments = text.attachments or ([attachment_title(report.year)] if form.found and year else [])
    report.signature = Signature(unit=text.signature_unit or report.unit, date=date)
    for what, value in ((f"单位名称（{label('signature.unit')}或{label('project.implementer')}）", report.unit),
                        (label("project.name"), project.name), (label("year"), year)):
        if not value:
            reading.problems.append(Note(WHOLE_FILE, "", f"没有找到{what}"))
    if not has_text:
        reading.read.append("报告正文：文件中没有，导入后按模板建立空白章节")
    reading.read[:0] = _summary(report)
    reading.read.extend([*text.read, *form.read])
    if not reading.problems:
        try:  # the checks every imported report passes (storage.interchange)
            reading.report = report_from_dict(report_to_dict(report))
        except InputRefused as refused:
            reading.problems.append(Note(WHOLE_FILE, "", refused.problem))
    return reading


def label(key: str) -> str:
    """The catalogue's label of a field (model.fields)."""
    return catalogue_field(key).label


def _summary(report: Report, *, from_file: bool = False) -> list[str]:
    """What was read, one line each, as the preview and ``main.py read`` show it."""
    funds = report.funds
    sections = report.all_sections()
    lines = [
        f"标题：{report.title or '（无，按年度、单位、项目名称生成）'}",
        f"单位：{report.unit or '（无）'}；年度：{report.year or '（无）'}",
        "；".join(f"{label(key)}：{get_value(report, key) or '（无）'}"
                 for key in ("project.name", "project.department", "project.implementer")),
        f"{PARTS['funds']}（{funds.unit}）：" + "，".join(
            f"{FUND_COLUMN_LABELS[column]} {plain(getattr(funds.total, column)) or '（空）'}"
            for column in ("annual", "executed")),
        f"绩效指标：{len(report.indicators)} 个",
        f"报告正文：开头语 {'有' if report.preamble else '无'}，章节 {len(sections)} 个"
        + (f"（{'、'.join(s.title for s in report.sections[:7])}）" if report.sections else ""),
        f"附件：{'、'.join(report.attachments) or '（无）'}",
        f"落款：{report.signature.unit or '（无）'} {report.signature.date.isoformat() if report.signature.date else '（无日期）'}",
        f"评分规则：{report.ruleset}" + ("" if from_file else "（文件不记评分规则，导入后可在“评分规则”中更改）"),
    ]
    return lines
