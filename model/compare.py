"""What differs between two versions of a report, in the clerk's words: the names of
the fields, table rows and sections that changed (for the 历史版本 list). Pure, no I/O.

Fields are named and ordered as the catalogue (model.fields) declares them; the money
cells are named together (项目资金), indicator rows and sections after the fields of the
绩效目标 tab, as the clerk meets them in the window."""

from __future__ import annotations

from model.fields import FIELDS, PARTS, Field, get_value
from model.report import Report

MAX_NAMED = 3  # rows or sections named one by one; more are counted


def _listed(names: list[str], what: str) -> str:
    shown = "、".join(names[:MAX_NAMED])
    return f"{what}{shown}" + (f"等 {len(names)} 处" if len(names) > MAX_NAMED else "")


def _is_money_cell(spec: Field) -> bool:
    return spec.key.count(".") == 2 and spec.key.startswith("funds.")


def _tables(old: Report, new: Report) -> list[str]:
    """The indicator rows and the section tree that changed."""
    found = []
    indicators = PARTS["indicators"]
    if len(old.indicators) != len(new.indicators):
        found.append(f"{indicators}（{len(old.indicators)} 项 → {len(new.indicators)} 项）")
    else:
        rows = [f"第{i + 1}行" for i, (a, b) in enumerate(zip(old.indicators, new.indicators, strict=True)) if a != b]
        if rows:
            found.append(_listed(rows, indicators))
    if old.groups != new.groups:
        found.append(PARTS["groups"])
    old_sections = [(path, s.key, s.title, s.text) for path, s, _tab in old.walk_sections()]
    new_sections = [(path, s.key, s.title, s.text) for path, s, _tab in new.walk_sections()]
    if [(p, k) for p, k, _t, _x in old_sections] != [(p, k) for p, k, _t, _x in new_sections]:
        found.append(f"{PARTS['sections']}结构")
    else:
        changed = [f"“{b[2] or '（无标题）'}”" for a, b in zip(old_sections, new_sections, strict=True) if a != b]
        if changed:
            found.append(_listed(changed, PARTS["sections"]))
    return found


def differences(old: Report, new: Report) -> list[str]:
    """The parts of ``new`` that differ from ``old``, in reading order (empty: the same)."""
    found: list[str] = []
    money_named = False
    tables_named = False
    for spec in FIELDS:
        if spec.tab == "issues" and not tables_named:
            found.extend(_tables(old, new))
            tables_named = True
        if get_value(old, spec.key) == get_value(new, spec.key) and (
                spec.key != "ruleset" or (old.own_rules, old.scoring) == (new.own_rules, new.scoring)):
            continue
        if _is_money_cell(spec):
            if not money_named:
                found.append(PARTS["funds"])
                money_named = True
        else:
            found.append(spec.name)
    if not tables_named:
        found.extend(_tables(old, new))
    return found
