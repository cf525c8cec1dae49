"""The report JSON of INTERCHANGE.md: export, and an import that refuses bad input.

Import reads format versions 1 and 2 (§3: scoring modes, 二级 groups, what the form
printed, the money unit, directions, a rule set carried as an object), checks everything
before anything is written and raises InputRefused with one Chinese sentence naming the
field (its JSON path too). Every string cell goes through the one typed-value reader
(model.values). A kind of report the program does not support (部门整体支出, another
indicator framework) is refused, never mis-scored. Export writes version 2 and is
canonical: exporting, importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

from model.carried import CARRIED_FIELDS
from model.errors import InputRefused
from model.fields import DATE, FIELDS, LINE, TEXT, get_value, set_value
from model.report import (
    BLANK_SCORES,
    DIRECTIONS,
    FUND_COLUMNS,
    FUND_ROWS,
    KINDS,
    SECTION_KEYS,
    Filed,
    FundRow,
    Funds,
    Group,
    Indicator,
    Report,
    Section,
)
from model.rules import BAND_KEYS, MAX_ID, SCORING_MODES, RuleSet, RuleSetError, ruleset_from_dict, ruleset_to_dict, split_level1
from model.values import (
    MONEY_UNITS,
    PERCENT,
    SCORE,
    WAN_YUAN,
    WEIGHT,
    read_year,
    year_problem,
)
from storage.json_values import (
    field_label,
    json_number,
    read_cell,
    read_choice,
    read_iso_date,
    read_list,
    read_object,
    read_paragraphs,
    read_text,
    refuse,
)
from storage.rulesets import DEFAULT_RULESET, builtin_rulesets, report_ruleset

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any

FORMAT = "zeping-report"
VERSION = 2
VERSIONS = (1, 2)
MAX_SECTION_DEPTH = 6
MAX_RULESET_NAME = MAX_ID
# Kinds of report other programs write for 部门整体支出 (department-wide spending).
DEPARTMENT_KINDS = frozenset({"department", "overall", "整体支出", "部门整体支出", "部门整体支出绩效自评"})
# 一级指标 of other frameworks: 部门整体支出 (投入/过程/产出/效益), Ningxia 银川 (决策/管理).
OTHER_FRAMEWORK_LEVEL1 = frozenset({"投入指标", "过程指标", "决策指标", "管理指标", "投入", "过程", "决策", "管理",
                                    "履职效能", "管理效率", "运行成本"})
UNSUPPORTED = "本程序目前只支持项目支出绩效自评（一级指标为产出、效益、满意度），请按项目支出填写，或等待以后的版本"


def _fund_row(value: Any, path: str, unit: str) -> FundRow:
    data = read_object(value, path)
    return FundRow(**{c: read_cell(data.get(c), f"{path}.{c}", unit=unit) for c in FUND_COLUMNS})


def _funds(value: Any, version: int) -> Funds:
    data = read_object(value, "funds")
    unit = read_choice(data.get("unit"), "funds.unit", MONEY_UNITS, WAN_YUAN) if version >= 2 else WAN_YUAN
    assert unit is not None
    declared = read_object(data.get("declared"), "funds.declared")
    rows = {r: _fund_row(data.get(r), f"funds.{r}", unit) for r in FUND_ROWS}
    return Funds(
        **rows,
        unit=unit,
        arrived=read_cell(data.get("arrived"), "funds.arrived", unit=unit),
        weight=read_cell(data.get("weight"), "funds.weight", WEIGHT),
        declared_rate=read_cell(declared.get("rate"), "funds.declared.rate", PERCENT),
        declared_score=read_cell(declared.get("score"), "funds.declared.score", SCORE),
        note=read_text(data.get("note"), "funds.note"),
    )


def _indicator(value: Any, path: str, bands: Callable[[str], str | None], version: int) -> Indicator:
    data = read_object(value, path)
    band_text = data.get("band")
    band = None
    if band_text is not None and band_text != "":
        band_text = read_text(band_text, f"{path}.band")
        band = bands(band_text)
        if band is None:
            raise refuse(f"{path}.band", f"应为 达成、部分达成 或 未达成，实际是“{band_text[:20]}”")
    return Indicator(
        level1=read_text(data.get("level1"), f"{path}.level1"),
        level2=read_text(data.get("level2"), f"{path}.level2"),
        name=read_text(data.get("name"), f"{path}.name"),
        target=read_text(data.get("target"), f"{path}.target"),
        actual=read_text(data.get("actual"), f"{path}.actual"),
        weight=read_cell(data.get("weight"), f"{path}.weight", WEIGHT),
        score=read_cell(data.get("score"), f"{path}.score", SCORE),
        band=band,
        note=read_text(data.get("note"), f"{path}.note"),
        direction=read_choice(data.get("direction"), f"{path}.direction", DIRECTIONS, None) if version >= 2 else None,
    )


def _group(value: Any, path: str) -> Group:
    data = read_object(value, path)
    return Group(
        level1=read_text(data.get("level1"), f"{path}.level1"),
        level2=read_text(data.get("level2"), f"{path}.level2"),
        weight=read_cell(data.get("weight"), f"{path}.weight", WEIGHT),
        score=read_cell(data.get("score"), f"{path}.score", SCORE),
    )


def _filed(value: Any) -> Filed:
    data = read_object(value, "filed")
    level1 = {}
    for name, score in read_object(data.get("level1"), "filed.level1").items():
        label = read_text(name, "filed.level1").strip()
        number = read_cell(score, f"filed.level1.{label}" if label.isascii() else "filed.level1", SCORE)
        if label and number is not None:
            level1[label] = number
    return Filed(
        total=read_cell(data.get("total"), "filed.total", SCORE),
        grade=read_text(data.get("grade"), "filed.grade").strip(),
        level1=level1,
        weight_total=read_cell(data.get("weight_total"), "filed.weight_total", WEIGHT),
    )


def _section(value: Any, path: str, depth: int, version: int) -> Section:
    if depth >= MAX_SECTION_DEPTH:
        raise refuse(path, f"层级过深（最多 {MAX_SECTION_DEPTH} 级）")
    data = read_object(value, path)
    key = data.get("key")
    if key is not None and key not in SECTION_KEYS:
        raise refuse(f"{path}.key", f"未知：“{str(key)[:20]}”，应为 {'、'.join(SECTION_KEYS)} 之一或 null")
    children = [
        _section(child, f"{path}.children[{i}]", depth + 1, version)
        for i, child in enumerate(read_list(data.get("children"), f"{path}.children"))
    ]
    return Section(
        key=key,
        title=read_text(data.get("title"), f"{path}.title"),
        text=read_text(data.get("text"), f"{path}.text"),
        children=children,
        carried=read_paragraphs(data.get("carried"), f"{path}.carried") if version >= 2 else [],
    )


def _band_reader(own: RuleSet | None) -> Callable[[str], str | None]:
    """The stored key (达成, 部分达成, 未达成) of a band's words, None for words no rule set
    has: the key itself, or any wording a bundled rule set or the report's own accepts
    (达成预期指标, Hubei's short 部分达成预期指标 …). The bundled rule sets are read only
    for words that are not a key (files saved by this program hold keys)."""
    words: dict[str, str] = {}

    def key(text: str) -> str | None:
        if text in BAND_KEYS:
            return text
        if not words:
            for ruleset in [*builtin_rulesets(), *([own] if own is not None else [])]:
                for band in ruleset.bands:
                    for word in (band.key, band.label, *band.aliases):
                        words.setdefault(word, band.key)
        return words.get(text)

    return key


def _ruleset(value: Any, version: int) -> tuple[str, RuleSet | None]:
    """The rule set's name, and the rule set itself when the file carries it (version 2)."""
    if isinstance(value, dict) and version >= 2:
        try:
            own = ruleset_from_dict(value)
        except RuleSetError as exc:
            path = f"ruleset.{exc.path}" if exc.path else "ruleset"
            raise InputRefused(f"{field_label(path)}有误：{exc.args[0]}", "input.bad-ruleset") from None
        return own.id, own
    if value is None or value == "":
        value = DEFAULT_RULESET
    # A rule set this copy lacks is kept as named: the report opens under the default
    # rule set and says so (storage.rulesets.resolve), it is never refused.
    name = read_text(value, "ruleset").strip()
    if not name or len(name) > MAX_RULESET_NAME:
        raise refuse("ruleset", f"应是评分规则的名称（不超过 {MAX_RULESET_NAME} 个字符）")
    return name, None


def _check_kind(data: dict[str, Any]) -> None:
    kind = data.get("kind", "project")
    if isinstance(kind, str) and kind.strip() in DEPARTMENT_KINDS:
        raise InputRefused(f"这是部门整体支出绩效自评报告（kind 为“{kind.strip()}”）。{UNSUPPORTED}",
                           "input.unsupported-kind")
    if kind not in KINDS:
        raise refuse("kind", f"不受支持：“{str(kind)[:20]}”（目前只支持 project 项目支出）")


def _check_framework(report: Report) -> None:
    """A report whose 一级指标 belong to another framework is refused, unless its own rule
    set names them (a unit may state such a framework itself)."""
    ruleset = report_ruleset(report)[0]
    known = {level1.name for level1 in ruleset.level1}
    for i, indicator in enumerate(report.indicators):
        name = split_level1(indicator.level1)[0]
        if name in OTHER_FRAMEWORK_LEVEL1 and name not in known:
            raise InputRefused(
                f"{field_label(f'indicators[{i}].level1')}是“{name}”，属于部门整体支出或其他评价框架的指标体系。{UNSUPPORTED}",
                "input.unsupported-kind")


# The plain text and date fields of the catalogue (model.fields), read and written by
# their JSON paths: a new field of this kind needs no code here.
PLAIN_FIELDS = tuple(f for f in FIELDS if f.kind in (LINE, TEXT, DATE) and f.json_path.split(".")[0] not in ("funds", "filed"))
# A report is known by its unit and project in the data file's list: a file without them is refused.
STORED_REQUIRED = ("unit", "project.name")


def _json_value(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted JSON path; every object on the way must be an object."""
    *parents, last = path.split(".")
    for depth, part in enumerate(parents):
        data = read_object(data.get(part), ".".join(parents[: depth + 1]))
    return data.get(last)


def _put(found: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        found = found.setdefault(part, {})
    found[last] = value


def report_from_dict(data: Any) -> Report:
    """Check and convert one report object; InputRefused names the first bad field."""
    if not isinstance(data, dict):
        raise InputRefused("文件内容不是一个报告对象（应以 { 开头）", "input.not-object")
    if data.get("format") != FORMAT:
        raise InputRefused(f"文件的 format 应为“{FORMAT}”，这不是绩效自评报告文件", "input.format")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version not in VERSIONS:
        raise InputRefused(f"文件格式版本“{version}”不受支持（本程序读取版本 {'、'.join(map(str, VERSIONS))}）",
                           "input.version")
    year = data.get("year")
    if isinstance(year, str):
        year, problem = read_year(year)
        if problem is not None or year is None:
            raise refuse("year", problem or "应是四位年份，如 2022")
    if isinstance(year, bool) or not isinstance(year, int) or year_problem(year):
        raise refuse("year", "应是四位年份，如 2022")
    _check_kind(data)
    ruleset, own = _ruleset(data.get("ruleset"), version)
    v2 = version >= 2
    bands = _band_reader(own)
    report = Report(
        year=year,
        kind="project",
        ruleset=ruleset,
        own_rules=own,
        funds=_funds(data.get("funds"), version),
        indicators=[
            _indicator(item, f"indicators[{i}]", bands, version)
            for i, item in enumerate(read_list(data.get("indicators"), "indicators"))
        ],
        sections=[
            _section(item, f"sections[{i}]", 0, version)
            for i, item in enumerate(read_list(data.get("sections"), "sections"))
        ],
        attachments=[
            read_text(item, f"attachments[{i}]")
            for i, item in enumerate(read_list(data.get("attachments"), "attachments"))
        ],
    )
    for spec in PLAIN_FIELDS:
        value = _json_value(data, spec.json_path)
        if spec.kind == DATE:
            set_value(report, spec.key, read_iso_date(value, spec.json_path))
        else:
            set_value(report, spec.key, read_text(value, spec.json_path, required=spec.key in STORED_REQUIRED))
    if v2:
        report.scoring = read_choice(data.get("scoring"), "scoring", SCORING_MODES, None)
        report.groups = [_group(item, f"groups[{i}]") for i, item in enumerate(read_list(data.get("groups"), "groups"))]
        report.filed = _filed(data.get("filed"))
        # Version 2: a blank 得分 is a cell the form left blank, unless the file says otherwise.
        blank = read_choice(data.get("blank_scores"), "blank_scores", BLANK_SCORES, "blank")
        assert blank is not None
        report.blank_scores = blank
        carried = read_object(data.get("carried"), "carried")
        for key, paragraphs in carried.items():
            if key not in CARRIED_FIELDS:
                raise refuse("carried", f"中的“{str(key)[:20]}”不是可从上年复制的文字项（应为 {'、'.join(CARRIED_FIELDS)}）")
            if kept := read_paragraphs(paragraphs, f"carried.{key}"):
                report.carried[key] = kept
    _check_framework(report)
    return report


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _section_dict(section: Section) -> dict[str, Any]:
    found: dict[str, Any] = {
        "key": section.key,
        "title": section.title,
        "text": section.text,
        "children": [_section_dict(c) for c in section.children],
    }
    if section.carried:
        found["carried"] = list(section.carried)
    return found


def _filed_dict(filed: Filed) -> dict[str, Any]:
    return {
        "total": _num(filed.total),
        "grade": filed.grade or None,
        "level1": {name: _num(value) for name, value in filed.level1.items()},
        "weight_total": _num(filed.weight_total),
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
        arrived=_num(funds.arrived), weight=_num(funds.weight), declared=declared, note=funds.note, unit=funds.unit
    )
    found: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "unit": None,
        "year": report.year,
        "kind": report.kind,
        "ruleset": ruleset_to_dict(report.own_rules) if report.own_rules is not None else report.ruleset,
        "title": None,
        "preamble": None,
        "project": {},
        "funds": funds_dict,
        "goal": {},
        "indicators": [
            {
                "level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target,
                "actual": i.actual, "weight": _num(i.weight), "score": _num(i.score),
                "band": i.band, "note": i.note, "direction": i.direction,
            }
            for i in report.indicators
        ],
        "groups": [
            {"level1": g.level1, "level2": g.level2, "weight": _num(g.weight), "score": _num(g.score)}
            for g in report.groups
        ],
        "sections": [_section_dict(s) for s in report.sections],
        "attachments": list(report.attachments),
        "signature": {},
        "blank_scores": report.blank_scores,
    }
    for spec in PLAIN_FIELDS:  # in catalogue order, into the places above
        value = get_value(report, spec.key)
        _put(found, spec.json_path, value.isoformat() if spec.kind == DATE and value is not None else value)
    if report.scoring is not None:  # absent: as the rule set says
        found["scoring"] = report.scoring
    if not report.filed.is_blank():
        found["filed"] = _filed_dict(report.filed)
    if report.carried:
        found["carried"] = {key: list(paragraphs) for key, paragraphs in report.carried.items()}
    return found


def dumps(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _constant(name: str) -> Decimal:
    """NaN/Infinity (not JSON, but Python writes them): kept as a non-finite Decimal, so
    the field check refuses it naming the field."""
    return Decimal(name)


def loads(text: str) -> Report:
    """Parse report JSON text; numbers become Decimal, never float."""
    try:
        data = json.loads(text, parse_float=json_number, parse_int=json_number, parse_constant=_constant)
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
