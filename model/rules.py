"""Rule sets: the weights, bands, formulas and thresholds of one province or period.

A rule set is data (resources/rulesets/*.json, read by storage.rulesets); this module
only gives it a shape and checks it. The format is documented in
resources/rulesets/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

REVERSE_RULES = ("linear-2x", "ratio")
BARE_OPERATORS = ("≥", "=")


_WEIGHT_LABEL = re.compile(r"^(?P<name>.*?)[（(](?P<weight>\d+(?:\.\d+)?)分?[）)]$")


def split_level1(label: str) -> tuple[str, Decimal | None]:
    """产出指标（50分） → (产出指标, 50): tables often write the weight into the 一级 cell.

    White space is dropped too (a merged cell is often typed 经济效\n益指标)."""
    compact = re.sub(r"\s+", "", label)
    match = _WEIGHT_LABEL.match(compact)
    if match:
        return match.group("name"), Decimal(match.group("weight"))
    return compact, None


class RuleSetError(ValueError):
    """A rule-set file that does not describe a usable rule set (message in Chinese)."""


@dataclass(frozen=True)
class Level1:
    """A 一级指标 with its fixed weight (None: not fixed by the rule set) and 二级指标."""

    name: str
    weight: Decimal | None
    level2: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    """A qualitative label and the score range it allows, in percent of the weight."""

    key: str  # 达成 / 部分达成 / 未达成 (the JSON value)
    label: str  # 达成年度指标 … (the words printed)
    low: Decimal
    high: Decimal  # inclusive only for the top band
    default: Decimal  # suggested percent when the clerk picked this band
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    id: str
    name: str
    description: str
    execution_weight: Decimal
    indicators_weight: Decimal
    level1: tuple[Level1, ...]
    reverse_rule: str
    bare_operator: str
    bands: tuple[Band, ...]
    grades: tuple[tuple[Decimal, str], ...]  # (minimum total, grade), highest first
    over_achievement: Decimal  # percent of a positive target that needs a note
    execution_note_below: Decimal  # execution rate (percent) below which a note is needed
    cost_level2: tuple[str, ...]  # 二级指标 whose targets must be ≤

    def level1_named(self, name: str) -> Level1 | None:
        name = split_level1(name)[0]
        for level1 in self.level1:
            if level1.name == name:
                return level1
        return None

    def level1_of(self, level2: str) -> Level1 | None:
        """The 一级指标 a 二级指标 belongs to in this rule set's taxonomy."""
        level2 = re.sub(r"\s+", "", level2)
        for level1 in self.level1:
            if level2 in level1.level2:
                return level1
        return None

    def is_cost(self, level2: str) -> bool:
        return re.sub(r"\s+", "", level2) in self.cost_level2

    def band(self, key: str | None) -> Band | None:
        if not key:
            return None
        for band in self.bands:
            if key == band.key or key == band.label or key in band.aliases:
                return band
        return None

    def grade(self, total: Decimal) -> str:
        for minimum, grade in self.grades:
            if total >= minimum:
                return grade
        return self.grades[-1][1]


def _decimal(data: dict[str, Any], key: str, where: str) -> Decimal:
    value = data.get(key)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RuleSetError(f"评分规则“{where}”中的“{key}”不是数字：{value!r}") from None
    if not number.is_finite():
        raise RuleSetError(f"评分规则“{where}”中的“{key}”不是有限数字：{value!r}")
    return number


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise RuleSetError(f"评分规则“{where}”缺少文字项“{key}”")
    return value


def ruleset_from_dict(data: Any) -> RuleSet:
    """Build and check a rule set from its JSON object."""
    if not isinstance(data, dict):
        raise RuleSetError("评分规则文件的内容应是一个 JSON 对象")
    rid = _text(data, "id", "文件")
    level1: list[Level1] = []
    for item in data.get("level1") or []:
        if not isinstance(item, dict):
            raise RuleSetError(f"评分规则“{rid}”的一级指标应是对象")
        name = _text(item, "name", rid)
        weight = None if item.get("weight") is None else _decimal(item, "weight", name)
        level2 = item.get("level2") or []
        if not isinstance(level2, list) or not all(isinstance(x, str) for x in level2):
            raise RuleSetError(f"评分规则“{rid}”中一级指标“{name}”的二级指标应是文字列表")
        level1.append(Level1(name, weight, tuple(level2)))
    if not level1:
        raise RuleSetError(f"评分规则“{rid}”没有一级指标")
    bands: list[Band] = []
    for item in data.get("bands") or []:
        if not isinstance(item, dict):
            raise RuleSetError(f"评分规则“{rid}”的定性档次应是对象")
        key = _text(item, "key", rid)
        aliases = item.get("aliases") or []
        bands.append(
            Band(
                key=key,
                label=_text(item, "label", key),
                low=_decimal(item, "low", key),
                high=_decimal(item, "high", key),
                default=_decimal(item, "default", key),
                aliases=tuple(str(a) for a in aliases),
            )
        )
    if [b.key for b in bands] != ["达成", "部分达成", "未达成"]:
        raise RuleSetError(f"评分规则“{rid}”的定性档次应依次为 达成、部分达成、未达成")
    grades = []
    for item in data.get("grades") or []:
        if not isinstance(item, dict):
            raise RuleSetError(f"评分规则“{rid}”的等级应是对象")
        grades.append((_decimal(item, "min", rid), _text(item, "grade", rid)))
    if not grades:
        raise RuleSetError(f"评分规则“{rid}”没有等级")
    grades.sort(key=lambda g: -g[0])
    reverse = data.get("reverse_rule")
    if reverse not in REVERSE_RULES:
        raise RuleSetError(f"评分规则“{rid}”的反向指标公式“{reverse}”未知，应为 linear-2x 或 ratio")
    bare = data.get("bare_operator", "≥")
    if bare not in BARE_OPERATORS:
        raise RuleSetError(f"评分规则“{rid}”的 bare_operator 应为 ≥ 或 =")
    ruleset = RuleSet(
        id=rid,
        name=_text(data, "name", rid),
        description=str(data.get("description") or ""),
        execution_weight=_decimal(data, "execution_weight", rid),
        indicators_weight=_decimal(data, "indicators_weight", rid),
        level1=tuple(level1),
        reverse_rule=reverse,
        bare_operator=bare,
        bands=tuple(bands),
        grades=tuple(grades),
        over_achievement=_decimal(data, "over_achievement", rid),
        execution_note_below=_decimal(data, "execution_note_below", rid),
        cost_level2=tuple(str(x) for x in data.get("cost_level2") or ()),
    )
    fixed = [l1.weight for l1 in ruleset.level1 if l1.weight is not None]
    if len(fixed) == len(ruleset.level1) and sum(fixed, Decimal(0)) != ruleset.indicators_weight:
        raise RuleSetError(f"评分规则“{rid}”的一级指标分值之和不等于 indicators_weight")
    if ruleset.execution_weight + ruleset.indicators_weight != 100:
        raise RuleSetError(f"评分规则“{rid}”的总分值不是 100")
    return ruleset
