"""What differs between two versions of a report, in the clerk's words: the names of
the fields, table rows and sections that changed (for the 历史版本 list). Pure, no I/O."""

from __future__ import annotations

from model.report import FUND_ROWS, Report

_FIELDS = (
    ("unit", "单位"),
    ("year", "评价年度"),
    ("project.name", "项目名称"),
    ("project.department", "主管部门"),
    ("project.implementer", "实施单位"),
    ("title", "报告标题"),
    ("preamble", "开头语"),
    ("ruleset", "评分规则"),
    ("funds.arrived", "到位资金"),
    ("funds.weight", "预算执行率分值"),
    ("funds.declared_rate", "原表填报的执行率"),
    ("funds.declared_score", "原表填报的执行率得分"),
    ("funds.note", "执行率偏差说明"),
    ("goal.expected", "年度总体目标"),
    ("goal.actual", "年度总体目标的实际完成情况"),
    ("attachments", "附件"),
    ("signature.unit", "落款单位"),
    ("signature.date", "落款日期"),
)
MAX_NAMED = 3  # rows or sections named one by one; more are counted


def _get(report: Report, key: str) -> object:
    value: object = report
    for part in key.split("."):
        value = getattr(value, part)
    return value


def _listed(names: list[str], what: str) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return f"{what}{shown}" + (f"等 {len(names)} 处" if len(names) > MAX_NAMED else "")


def differences(old: Report, new: Report) -> list[str]:
    """The parts of ``new`` that differ from ``old``, in reading order (empty: the same)."""
    found = [label for key, label in _FIELDS[:8] if _get(old, key) != _get(new, key)]
    if any(old.funds.row(r) != new.funds.row(r) for r in FUND_ROWS):
        found.append("项目资金")
    found.extend(label for key, label in _FIELDS[8:13] if _get(old, key) != _get(new, key))
    found.extend(label for key, label in _FIELDS[13:15] if _get(old, key) != _get(new, key))
    if len(old.indicators) != len(new.indicators):
        found.append(f"绩效指标（{len(old.indicators)} 项 → {len(new.indicators)} 项）")
    else:
        rows = [f"第{i + 1}行" for i, (a, b) in enumerate(zip(old.indicators, new.indicators, strict=True)) if a != b]
        if rows:
            found.append(_listed(rows, "绩效指标"))
    old_sections = [(path, s.key, s.title, s.text) for path, s, _tab in old.walk_sections()]
    new_sections = [(path, s.key, s.title, s.text) for path, s, _tab in new.walk_sections()]
    if [(p, k) for p, k, _t, _x in old_sections] != [(p, k) for p, k, _t, _x in new_sections]:
        found.append("章节结构")
    else:
        changed = [f"“{b[2] or '（无标题）'}”" for a, b in zip(old_sections, new_sections, strict=True) if a != b]
        if changed:
            found.append(_listed(changed, "章节"))
    found.extend(label for key, label in _FIELDS[15:] if _get(old, key) != _get(new, key))
    return found
