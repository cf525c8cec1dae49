"""The report JSON of INTERCHANGE.md §1: export, and an import that refuses bad input.

Import checks everything before anything is written and raises InputRefused with one
Chinese sentence naming the field (its JSON path too). Export is canonical: exporting,
importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from model.errors import InputRefused
from model.fields import json_path_words
from model.report import (
    FUND_COLUMNS,
    FUND_ROWS,
    KINDS,
    SECTION_KEYS,
    FundRow,
    Funds,
    Goal,
    Indicator,
    Project,
    Report,
    Section,
    Signature,
)
from model.values import AMOUNT, PERCENT, SCORE, WEIGHT, read_amount, read_date, read_number, read_year, text_problem, year_problem
from storage.rulesets import DEFAULT_RULESET

FORMAT = "zeping-report"
VERSION = 1
MAX_SECTION_DEPTH = 6
MAX_RULESET_NAME = 64


def _label(path: str) -> str:
    """indicators[3].weight → “第4个绩效指标/分值”（indicators[3].weight）."""
    parts = [(name, int(index) if index else None) for name, index in re.findall(r"([a-z0-9_]+)(?:\[(\d+)\])?", path)]
    return f"“{'/'.join(json_path_words(parts))}”（{path}）"


def _refuse(path: str, problem: str) -> InputRefused:
    return InputRefused(f"{_label(path)}{problem}", "input.bad-field")


def _text(value: Any, path: str, *, required: bool = False) -> str:
    if value is None:
        if required:
            raise _refuse(path, "不能为空")
        return ""
    if not isinstance(value, str):
        raise _refuse(path, f"应是文字，实际是 {type(value).__name__}")
    if required and not value.strip():
        raise _refuse(path, "不能为空")
    text: str = value.replace("\r\n", "\n")  # written on Windows; a lone \r stays refused
    problem = text_problem(text)
    if problem is not None:
        raise _refuse(path, problem)
    return text


def check_text(value: str, path: str) -> str:
    """The same rules for text typed in the window or stored (control characters refused)."""
    return _text(value, path)


class _Unreadable:
    """A JSON number Decimal cannot hold (1e99999999999999999999): refused by the field check."""

    def __init__(self, text: str) -> None:
        self.text = text


def _json_number(text: str) -> Decimal | _Unreadable:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return _Unreadable(text)


def _number(value: Any, path: str, kind: str = AMOUNT) -> Decimal | None:
    """A number of the report: JSON numbers as they are, strings through the typed-value
    reader (model.values: 15分, 65.12%, 3,724,055.00, — for not applicable)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _refuse(path, "应是数字，实际是真假值")
    if isinstance(value, _Unreadable):
        raise _refuse(path, f"数值过大或无法读取：{value.text[:40]!r}")
    if isinstance(value, (int, Decimal)):
        text = str(value)
    elif isinstance(value, str):
        text = value
    else:
        raise _refuse(path, f"应是数字，实际是 {type(value).__name__}")
    number, problem = read_number(text, kind) if isinstance(value, str) else read_amount(text)
    if problem == "不是数字":
        problem = f"不是数字：{str(value)[:40]!r}"
    if problem is not None:
        raise _refuse(path, problem)
    return number


def _object(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _refuse(path, "应是对象（{…}）")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _refuse(path, "应是列表（[…]）")
    return value


def _fund_row(value: Any, path: str) -> FundRow:
    data = _object(value, path)
    return FundRow(**{c: _number(data.get(c), f"{path}.{c}") for c in FUND_COLUMNS})


def _funds(value: Any) -> Funds:
    data = _object(value, "funds")
    declared = _object(data.get("declared"), "funds.declared")
    rows = {r: _fund_row(data.get(r), f"funds.{r}") for r in FUND_ROWS}
    return Funds(
        **rows,
        arrived=_number(data.get("arrived"), "funds.arrived"),
        weight=_number(data.get("weight"), "funds.weight", WEIGHT),
        declared_rate=_number(declared.get("rate"), "funds.declared.rate", PERCENT),
        declared_score=_number(declared.get("score"), "funds.declared.score", SCORE),
        note=_text(data.get("note"), "funds.note"),
    )


def _indicator(value: Any, path: str, bands: dict[str, str]) -> Indicator:
    data = _object(value, path)
    band_text = data.get("band")
    band = None
    if band_text is not None and band_text != "":
        band_text = _text(band_text, f"{path}.band")
        band = bands.get(band_text)
        if band is None:
            raise _refuse(f"{path}.band", f"应为 达成、部分达成 或 未达成，实际是“{band_text[:20]}”")
    return Indicator(
        level1=_text(data.get("level1"), f"{path}.level1"),
        level2=_text(data.get("level2"), f"{path}.level2"),
        name=_text(data.get("name"), f"{path}.name"),
        target=_text(data.get("target"), f"{path}.target"),
        actual=_text(data.get("actual"), f"{path}.actual"),
        weight=_number(data.get("weight"), f"{path}.weight", WEIGHT),
        score=_number(data.get("score"), f"{path}.score", SCORE),
        band=band,
        note=_text(data.get("note"), f"{path}.note"),
    )


def _section(value: Any, path: str, depth: int) -> Section:
    if depth >= MAX_SECTION_DEPTH:
        raise _refuse(path, f"层级过深（最多 {MAX_SECTION_DEPTH} 级）")
    data = _object(value, path)
    key = data.get("key")
    if key is not None and key not in SECTION_KEYS:
        raise _refuse(f"{path}.key", f"未知：“{str(key)[:20]}”，应为 {'、'.join(SECTION_KEYS)} 之一或 null")
    children = [
        _section(child, f"{path}.children[{i}]", depth + 1)
        for i, child in enumerate(_list(data.get("children"), f"{path}.children"))
    ]
    return Section(
        key=key,
        title=_text(data.get("title"), f"{path}.title"),
        text=_text(data.get("text"), f"{path}.text"),
        children=children,
    )


def _date(value: Any, path: str) -> datetime.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _refuse(path, "应是日期文字，如 2023-04-17")
    date, problem = read_date(value)
    if problem is not None:
        raise _refuse(path, f"不是有效日期：“{value[:20]}”，应写成 2023-04-17")
    return date


# Band labels accepted on import, mapped to the stored key (DOMAIN.md §4).
_BANDS = {
    "达成": "达成", "部分达成": "部分达成", "未达成": "未达成",
    "达成年度指标": "达成", "达成预期指标": "达成",
    "部分达成年度指标并具有一定效果": "部分达成", "部分达成预期指标并具有一定效果": "部分达成",
    "未达成年度指标且效果较差": "未达成", "未达成预期指标且效果较差": "未达成",
}


def report_from_dict(data: Any) -> Report:
    """Check and convert one report object; InputRefused names the first bad field."""
    if not isinstance(data, dict):
        raise InputRefused("文件内容不是一个报告对象（应以 { 开头）", "input.not-object")
    if data.get("format") != FORMAT:
        raise InputRefused(f"文件的 format 应为“{FORMAT}”，这不是绩效自评报告文件", "input.format")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise InputRefused(f"文件格式版本“{version}”不受支持（本程序读取版本 {VERSION}）", "input.version")
    year = data.get("year")
    if isinstance(year, str):
        year, problem = read_year(year)
        if problem is not None or year is None:
            raise _refuse("year", problem or "应是四位年份，如 2022")
    if isinstance(year, bool) or not isinstance(year, int) or year_problem(year):
        raise _refuse("year", "应是四位年份，如 2022")
    kind = data.get("kind", "project")
    if kind not in KINDS:
        raise _refuse("kind", f"不受支持：“{str(kind)[:20]}”（目前只支持 project 项目支出）")
    ruleset = data.get("ruleset")
    if ruleset is None or ruleset == "":
        ruleset = DEFAULT_RULESET
    # A rule set this copy lacks is kept as named: the report opens under the default
    # rule set and says so (storage.rulesets.resolve), it is never refused.
    ruleset = _text(ruleset, "ruleset").strip()
    if not ruleset or len(ruleset) > MAX_RULESET_NAME:
        raise _refuse("ruleset", f"应是评分规则的名称（不超过 {MAX_RULESET_NAME} 个字符）")
    project = _object(data.get("project"), "project")
    goal = _object(data.get("goal"), "goal")
    signature = _object(data.get("signature"), "signature")
    return Report(
        unit=_text(data.get("unit"), "unit", required=True),
        year=year,
        kind=kind,
        ruleset=ruleset,
        title=_text(data.get("title"), "title"),
        preamble=_text(data.get("preamble"), "preamble"),
        project=Project(
            name=_text(project.get("name"), "project.name", required=True),
            department=_text(project.get("department"), "project.department"),
            implementer=_text(project.get("implementer"), "project.implementer"),
        ),
        funds=_funds(data.get("funds")),
        goal=Goal(
            expected=_text(goal.get("expected"), "goal.expected"),
            actual=_text(goal.get("actual"), "goal.actual"),
        ),
        indicators=[
            _indicator(item, f"indicators[{i}]", _BANDS)
            for i, item in enumerate(_list(data.get("indicators"), "indicators"))
        ],
        sections=[
            _section(item, f"sections[{i}]", 0)
            for i, item in enumerate(_list(data.get("sections"), "sections"))
        ],
        attachments=[
            _text(item, f"attachments[{i}]")
            for i, item in enumerate(_list(data.get("attachments"), "attachments"))
        ],
        signature=Signature(
            unit=_text(signature.get("unit"), "signature.unit"),
            date=_date(signature.get("date"), "signature.date"),
        ),
    )


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _section_dict(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "text": section.text,
        "children": [_section_dict(c) for c in section.children],
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """The canonical JSON object of a report."""
    funds = report.funds
    declared = None
    if funds.declared_rate is not None or funds.declared_score is not None:
        declared = {
            "rate": None if funds.declared_rate is None else f"{_num(funds.declared_rate)}%",
            "score": _num(funds.declared_score),
        }
    funds_dict: dict[str, Any] = {
        r: {c: _num(getattr(funds.row(r), c)) for c in FUND_COLUMNS} for r in FUND_ROWS
    }
    funds_dict.update(
        arrived=_num(funds.arrived), weight=_num(funds.weight), declared=declared, note=funds.note
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "unit": report.unit,
        "year": report.year,
        "kind": report.kind,
        "ruleset": report.ruleset,
        "title": report.title,
        "preamble": report.preamble,
        "project": {
            "name": report.project.name,
            "department": report.project.department,
            "implementer": report.project.implementer,
        },
        "funds": funds_dict,
        "goal": {"expected": report.goal.expected, "actual": report.goal.actual},
        "indicators": [
            {
                "level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target,
                "actual": i.actual, "weight": _num(i.weight), "score": _num(i.score),
                "band": i.band, "note": i.note,
            }
            for i in report.indicators
        ],
        "sections": [_section_dict(s) for s in report.sections],
        "attachments": list(report.attachments),
        "signature": {
            "unit": report.signature.unit,
            "date": report.signature.date.isoformat() if report.signature.date else None,
        },
    }


def dumps(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _constant(name: str) -> Decimal:
    """NaN/Infinity (not JSON, but Python writes them): kept as a non-finite Decimal, so
    the field check refuses it naming the field."""
    return Decimal(name)


def loads(text: str) -> Report:
    """Parse report JSON text; numbers become Decimal, never float."""
    try:
        data = json.loads(text, parse_float=_json_number, parse_int=_json_number, parse_constant=_constant)
    except RecursionError:
        raise InputRefused("文件嵌套过深，不是有效的报告文件", "input.not-json") from None
    except json.JSONDecodeError as exc:
        raise InputRefused(
            f"文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）", "input.not-json"
        ) from None
    if isinstance(data, dict):
        # parse_int made every integer a Decimal; format/version/year are whole numbers.
        for key in ("version", "year"):
            value = data.get(key)
            if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) < 10**6:
                data[key] = int(value)
    return report_from_dict(data)


def load_file(path: str) -> Report:
    """Read a report JSON file; unreadable files are refused with a Chinese message."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(64 * 1024 * 1024 + 1)
    except OSError as exc:
        raise InputRefused(f"无法读取文件 {path}：{exc.strerror}", "input.unreadable", outcome=None) from None
    if len(raw) > 64 * 1024 * 1024:
        raise InputRefused(f"文件 {path} 过大（超过 64 MB），不是报告文件", "input.too-large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputRefused(f"文件 {path} 不是 UTF-8 文字（第 {exc.start + 1} 个字节）", "input.encoding") from None
    return loads(text)
