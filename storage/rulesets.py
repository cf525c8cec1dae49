"""Read rule sets: the bundled ones (resources/rulesets/*.json, one per province, city or
period), a report's own (carried inside it), and a rule-set file a 财政局 hands out."""

from __future__ import annotations

import functools
import json
import pathlib

from model.errors import InputRefused, ZepingError
from model.report import Report
from model.rules import RuleSet, RuleSetError, ruleset_from_dict, ruleset_to_dict
from storage.files import write_bytes_atomically
from storage.resources import resource_path

DEFAULT_RULESET = "national-2020"


def available_rulesets() -> list[str]:
    """The ids of the bundled rule sets, default first."""
    names = sorted(p.stem for p in resource_path("rulesets").glob("*.json"))
    names.sort(key=lambda n: n != DEFAULT_RULESET)
    return names


@functools.cache
def load_ruleset(name: str) -> RuleSet:
    """The rule set called ``name``; a ZepingError names it when missing or broken."""
    if name not in available_rulesets():
        known = "、".join(available_rulesets())
        raise ZepingError(f"没有名为“{name}”的评分规则（可用：{known}）", "ruleset.unknown")
    path = resource_path("rulesets", f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        ruleset = ruleset_from_dict(data)
    except (OSError, ValueError) as exc:
        detail = exc.args[0] if isinstance(exc, RuleSetError) else str(exc)
        raise ZepingError(f"评分规则文件 {path.name} 无法读取：{detail}", "ruleset.broken") from None
    if ruleset.id != name:
        raise ZepingError(f"评分规则文件 {path.name} 的 id 应为“{name}”", "ruleset.broken")
    return ruleset


@functools.cache
def builtin_rulesets() -> tuple[RuleSet, ...]:
    """Every bundled rule set (a broken file is left out here; loading it by name says why)."""
    found = []
    for name in available_rulesets():
        try:
            found.append(load_ruleset(name))
        except ZepingError:
            continue
    return tuple(found)


def resolve_ruleset(name: str) -> tuple[RuleSet, str | None]:
    """The rule set a report names, or the default one when this copy of the program
    lacks it (or its file is broken), with a sentence saying so: a report is never
    refused for its rule set."""
    try:
        return load_ruleset(name), None
    except ZepingError as exc:
        default = load_ruleset(DEFAULT_RULESET)
        return default, f"{exc.message}。本报告暂按“{default.name}”计算得分"


def report_ruleset(report: Report) -> tuple[RuleSet, str | None]:
    """The rule set ``report`` is scored by: its own when it carries one, else the one it
    names (the default when this copy lacks it, with a sentence saying so)."""
    if report.own_rules is not None:
        return report.own_rules, None
    return resolve_ruleset(report.ruleset)


def read_ruleset_file(path: str | pathlib.Path) -> RuleSet:
    """A rule-set file (the bundled format); InputRefused names the file and the problem."""
    name = pathlib.Path(path).name
    try:
        data = json.loads(pathlib.Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputRefused(f"无法读取评分规则文件 {name}：{exc.strerror}", "ruleset.unreadable", outcome=None) from None
    except (UnicodeDecodeError, ValueError):
        raise InputRefused(f"评分规则文件 {name} 不是有效的 JSON 文件", "ruleset.broken", outcome="规则未载入") from None
    try:
        return ruleset_from_dict(data)
    except RuleSetError as exc:
        raise InputRefused(f"评分规则文件 {name} 有误：{exc.args[0]}", "ruleset.broken", outcome="规则未载入") from None


def write_ruleset_file(ruleset: RuleSet, path: str | pathlib.Path) -> None:
    """Save ``ruleset`` in the bundled format (UTF-8, replaced atomically)."""
    text = json.dumps(ruleset_to_dict(ruleset), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomically(path, text.encode("utf-8"))
