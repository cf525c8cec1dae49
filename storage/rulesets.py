"""Read rule sets from resources/rulesets/*.json (one file per province or period)."""

from __future__ import annotations

import functools
import json

from model.errors import ZepingError
from model.rules import RuleSet, RuleSetError, ruleset_from_dict
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


def resolve_ruleset(name: str) -> tuple[RuleSet, str | None]:
    """The rule set a report names, or the default one when this copy of the program
    lacks it (or its file is broken), with a sentence saying so: a report is never
    refused for its rule set."""
    try:
        return load_ruleset(name), None
    except ZepingError as exc:
        default = load_ruleset(DEFAULT_RULESET)
        return default, f"{exc.message}。本报告暂按“{default.name}”计算得分"
