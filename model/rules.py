"""Rule sets: the weights, bands, formulas and thresholds of one province, city or period.

A rule set is data: the bundled ones are resources/rulesets/*.json (read by
storage.rulesets), a unit's own travels inside its report (INTERCHANGE.md §3) or in a file
a 财政局 hands out. This module gives it a shape, checks it field by field
(:func:`ruleset_problems`: every problem with the key it belongs to, so the window's
editor can mark the field) and writes it back (:func:`ruleset_to_dict`). The format is
documented in resources/rulesets/README.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:
    from typing import Any

REVERSE_RULES = ("ratio", "linear-2x")
REVERSE_RULE_WORDS = {"ratio": "目标值÷实际值×分值", "linear-2x": "（1－超出部分÷目标值）×分值，超出一倍为0分"}
BARE_OPERATORS = ("≥", "=")
SCORING_MODES = ("indicator", "group", "none")
SCORING_WORDS = {"indicator": "按三级指标评分", "group": "按二级指标分组评分", "none": "不评分（只填指标值和实际值）"}
ROUNDINGS = ("half-up", "truncate")
ROUNDING_WORDS = {"half-up": "四舍五入", "truncate": "截尾（舍去）"}
BAND_KEYS = ("达成", "部分达成", "未达成")
GRADE_WORDS = ("优", "良", "中", "差")
MAX_ID = 64
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

_WEIGHT_LABEL = re.compile(r"^(?P<name>.*?)[（(](?P<weight>\d+(?:\.\d+)?)分?[）)]$")


@functools.lru_cache(maxsize=4096)
def split_level1(label: str) -> tuple[str, Decimal | None]:
    """产出指标（50分） → (产出指标, 50): tables often write the weight into the 一级 cell.

    White space is dropped too (a merged cell is often typed 经济效\n益指标)."""
    compact = re.sub(r"\s+", "", label)
    match = _WEIGHT_LABEL.match(compact)
    if match:
        return match.group("name"), Decimal(match.group("weight"))
    return compact, None


class RuleSetError(ValueError):
    """A rule set that is not usable: ``args[0]`` the first problem in Chinese, ``path``
    the key it belongs to (``level1[0].weight``), ``problems`` all of them."""

    def __init__(self, message: str, path: str = "", problems: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems or [(path, message)]


@dataclass(frozen=True)
class Level1:
    """A 一级指标: its fixed weight (None: free, the unit sets it within the indicators'
    total), whether a form may leave it out, and its 二级指标."""

    name: str
    weight: Decimal | None
    level2: tuple[str, ...]
    optional: bool = False


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
    scoring: str = "indicator"
    execution_full_at: Decimal = HUNDRED  # execution rate (percent) that earns the full weight
    rounding: str = "half-up"
    rescale_not_applicable: bool = True

    @property
    def scored(self) -> bool:
        return self.scoring != "none"

    def round(self, value: Decimal) -> Decimal:
        """Two decimals, as the form rounds: half-up (四舍五入) or truncated (9.685 → 9.68)."""
        return value.quantize(CENT, rounding=ROUND_DOWN if self.rounding == "truncate" else ROUND_HALF_UP)

    def round_to(self, value: Decimal, places: int) -> Decimal:
        """``value`` to ``places`` decimals the rule set's way (a rate printed as 86%)."""
        unit = Decimal(1).scaleb(-places)
        return value.quantize(unit, rounding=ROUND_DOWN if self.rounding == "truncate" else ROUND_HALF_UP)

    def execution_score(self, rate: Decimal) -> Decimal:
        """The execution score for ``rate`` (a fraction, 0.6512), unrounded: the weight ×
        rate ÷ the rate that earns full marks, never above the weight."""
        share = rate * HUNDRED / self.execution_full_at
        return max(Decimal(0), min(Decimal(1), share)) * self.execution_weight

    def level1_named(self, name: str) -> Level1 | None:
        """The 一级指标 called ``name`` (产出 for 产出指标, 产出指标（50分） too)."""
        name = split_level1(name)[0]
        for level1 in self.level1:
            if name in (level1.name, level1.name.removesuffix("指标")):
                return level1
        return None

    def level2_named(self, level2: str) -> str | None:
        """The rule set's name for the 二级指标 written ``level2``: tables drop the 指标
        (数量, 社会效益, 服务对象满意度) and wrap names over lines."""
        level2 = split_level1(level2)[0]
        for level1 in self.level1:
            for name in level1.level2:
                if level2 in (name, name.removesuffix("指标")):
                    return name
        return None

    def level1_key(self, label: str) -> str:
        """The name a 一级 cell stands for: the rule set's own (产出 → 产出指标), else as written."""
        level1 = self.level1_named(label)
        return level1.name if level1 is not None else split_level1(label)[0]

    def level2_key(self, label: str) -> str:
        """The name a 二级 cell stands for: the rule set's own (数量 → 数量指标), else as written."""
        return self.level2_named(label) or split_level1(label)[0]

    def level1_of(self, level2: str) -> Level1 | None:
        """The 一级指标 a 二级指标 belongs to in this rule set's taxonomy."""
        name = self.level2_named(level2)
        for level1 in self.level1:
            if name in level1.level2:
                return level1
        return None

    def is_cost(self, level2: str) -> bool:
        compact = split_level1(level2)[0]
        return compact in self.cost_level2 or f"{compact}指标" in self.cost_level2

    def band(self, key: str | None) -> Band | None:
        if not key:
            return None
        key = re.sub(r"\s+", "", key)
        for band in self.bands:
            if key == band.key or key == band.label or key in band.aliases:
                return band
        return None

    def grade(self, total: Decimal) -> str:
        for minimum, grade in self.grades:
            if total >= minimum:
                return grade
        return self.grades[-1][1] if self.grades else ""

    def fixed_weights(self) -> Decimal:
        return sum((l1.weight for l1 in self.level1 if l1.weight is not None), Decimal(0))


# -- reading and checking ---------------------------------------------------------------
# The keys of the rule-set format in the clerk's words (messages name both).
KEY_WORDS = {
    "id": "规则编号", "name": "规则名称", "description": "说明", "scoring": "评分方式",
    "execution_weight": "预算执行率分值", "execution_full_at": "执行率满分线", "indicators_weight": "绩效指标分值合计",
    "weight": "分值", "optional": "可不设", "level2": "二级指标", "reverse_rule": "反向指标公式",
    "bare_operator": "只写数字的目标值", "label": "档次写法", "low": "下限", "high": "上限", "default": "建议百分比",
    "aliases": "其他写法", "min": "最低总分", "grade": "等级", "rounding": "取舍方式",
    "rescale_not_applicable": "不适用指标折算", "over_achievement": "超额说明线", "execution_note_below": "执行率说明线",
    "cost_level2": "成本类二级指标",
}


def key_words(key: str) -> str:
    """“预算执行率分值”（execution_weight）: the clerk's words and the file's key."""
    return f"“{KEY_WORDS.get(key, key)}”（{key}）"


class _Checker:
    """Collects every problem of a rule-set object with the key it belongs to."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[tuple[str, str]] = []
        rid = data.get("id")
        self.rid = rid if isinstance(rid, str) and rid else "（未命名）"

    def problem(self, path: str, message: str) -> None:
        self.problems.append((path, f"评分规则“{self.rid}”{message}"))

    def decimal(self, data: dict[str, Any], key: str, path: str, *, default: str | None = None,
                low: Decimal | None = Decimal(0), high: Decimal | None = None) -> Decimal:
        value = data.get(key, default)
        if value is None and default is not None:
            value = default
        try:
            number = Decimal(str(value).strip().rstrip("%").rstrip("分")) if not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problem(path, f"中的{key_words(key)}不是数字：{str(value)[:20]!r}")
            return Decimal(0)
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"{low if low is not None else ''}–{high if high is not None else ''}"
            self.problem(path, f"中的{key_words(key)}应在 {bounds} 之间，现为 {number}")
        return number

    def text(self, data: dict[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(path, f"缺少文字项{key_words(key)}")
            return ""
        return value.strip()

    def words(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.problem(path, f"中的{key_words(key)}应是文字列表")
            return ()
        return tuple(x.strip() for x in value if x.strip())

    def choice(self, key: str, choices: tuple[str, ...], default: str, words: str) -> str:
        value = self.data.get(key, default)
        if value is None:
            value = default
        if value not in choices:
            self.problem(key, f"的{key_words(key)}应为 {words}，现为“{str(value)[:20]}”")
            return default
        return str(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"的{key_words(key)}应为 true 或 false")
            return default
        return value


def _level1(check: _Checker) -> tuple[Level1, ...]:
    found: list[Level1] = []
    items = check.data.get("level1") or []
    if not isinstance(items, list):
        items = []
    for i, item in enumerate(items):
        path = f"level1[{i}]"
        if not isinstance(item, dict):
            check.problem(path, "的一级指标应是对象")
            continue
        name = check.text(item, "name", f"{path}.name")
        weight = None if item.get("weight") in (None, "") else check.decimal(item, "weight", f"{path}.weight", high=HUNDRED)
        optional = item.get("optional", False)
        if not isinstance(optional, bool):
            check.problem(f"{path}.optional", f"中一级指标“{name}”的“optional”应为 true 或 false")
            optional = False
        found.append(Level1(name, weight, check.words(item, "level2", f"{path}.level2"), optional))
    if not found:
        check.problem("level1", "没有一级指标")
    names = [l1.name for l1 in found]
    for i, name in enumerate(names):
        if name and name in names[:i]:
            check.problem(f"level1[{i}].name", f"的一级指标“{name}”重复")
    seen: dict[str, str] = {}
    for i, l1 in enumerate(found):
        for name in l1.level2:
            if name in seen and seen[name] != l1.name:
                check.problem(f"level1[{i}].level2", f"的二级指标“{name}”同时列在“{seen[name]}”和“{l1.name}”下")
            seen[name] = l1.name
    return tuple(found)


# What a rule set that does not state them uses: the national bands and grades (财预〔2020〕10号).
DEFAULT_BANDS: list[dict[str, Any]] = [
    {"key": "达成", "label": "达成年度指标", "low": "80", "high": "100", "default": "100", "aliases": ["达成预期指标"]},
    {"key": "部分达成", "label": "部分达成年度指标并具有一定效果", "low": "60", "high": "80", "default": "70",
     "aliases": ["部分达成预期指标并具有一定效果", "部分达成预期指标", "部分达成年度指标"]},
    {"key": "未达成", "label": "未达成年度指标且效果较差", "low": "0", "high": "60", "default": "30",
     "aliases": ["未达成预期指标且效果较差", "未达成预期指标", "未达成年度指标"]},
]
DEFAULT_GRADES: list[dict[str, Any]] = [{"min": m, "grade": g} for m, g in (("90", "优"), ("80", "良"), ("60", "中"), ("0", "差"))]


def _bands(check: _Checker, scored: bool) -> tuple[Band, ...]:
    items = check.data.get("bands", DEFAULT_BANDS) or []
    if not isinstance(items, list):
        items = []
    bands: list[Band] = []
    for i, item in enumerate(items):
        path = f"bands[{i}]"
        if not isinstance(item, dict):
            check.problem(path, "的定性档次应是对象")
            continue
        key = check.text(item, "key", f"{path}.key")
        bands.append(Band(
            key=key,
            label=check.text(item, "label", f"{path}.label"),
            low=check.decimal(item, "low", f"{path}.low", high=HUNDRED),
            high=check.decimal(item, "high", f"{path}.high", high=HUNDRED),
            default=check.decimal(item, "default", f"{path}.default", high=HUNDRED),
            aliases=check.words(item, "aliases", f"{path}.aliases"),
        ))
    if not bands and not scored:
        return ()
    if [b.key for b in bands] != list(BAND_KEYS):
        check.problem("bands", "的定性档次应依次为 达成、部分达成、未达成")
        return tuple(bands)
    top, middle, bottom = bands
    if top.high != HUNDRED:
        check.problem("bands[0].high", f"的档次“{top.key}”上限应为 100，现为 {top.high}")
    if bottom.low != 0:
        check.problem("bands[2].low", f"的档次“{bottom.key}”下限应为 0，现为 {bottom.low}")
    for i, (upper, lower) in enumerate(((top, middle), (middle, bottom))):
        if lower.high != upper.low:
            check.problem(f"bands[{i + 1}].high", f"的档次“{lower.key}”上限 {lower.high} 应等于“{upper.key}”的下限 {upper.low}")
    for i, band in enumerate(bands):
        if not band.low <= band.default <= band.high:
            check.problem(f"bands[{i}].default", f"的档次“{band.key}”建议百分比 {band.default} 应在 {band.low}–{band.high} 之间")
        if band.low >= band.high:
            check.problem(f"bands[{i}].low", f"的档次“{band.key}”下限 {band.low} 应小于上限 {band.high}")
    return tuple(bands)


def _grades(check: _Checker, scored: bool) -> tuple[tuple[Decimal, str], ...]:
    items = check.data.get("grades", DEFAULT_GRADES) or []
    if not isinstance(items, list):
        items = []
    grades: list[tuple[Decimal, str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            check.problem(f"grades[{i}]", "的等级应是对象")
            continue
        grades.append((check.decimal(item, "min", f"grades[{i}].min", high=HUNDRED),
                       check.text(item, "grade", f"grades[{i}].grade")))
    if not grades and scored:
        check.problem("grades", "没有等级")
    grades.sort(key=lambda g: -g[0])
    if grades and grades[-1][0] != 0:
        check.problem("grades", f"的最低等级“{grades[-1][1]}”的起点应为 0 分，现为 {grades[-1][0]}")
    minimums = [g[0] for g in grades]
    if len(set(minimums)) != len(minimums):
        check.problem("grades", "中有两个等级的起点分数相同")
    return tuple(grades)


def ruleset_problems(data: Any) -> list[tuple[str, str]]:
    """Every problem of a rule-set object as (key path, Chinese sentence); empty: usable."""
    try:
        ruleset_from_dict(data)
    except RuleSetError as exc:
        return exc.problems
    return []


def ruleset_from_dict(data: Any) -> RuleSet:
    """Build and check a rule set from its JSON object; RuleSetError names every problem."""
    if not isinstance(data, dict):
        raise RuleSetError("评分规则文件的内容应是一个 JSON 对象")
    check = _Checker(data)
    rid = check.text(data, "id", "id")
    if len(rid) > MAX_ID:
        check.problem("id", f"的 id 过长（最多 {MAX_ID} 个字符）")
    scoring = check.choice("scoring", SCORING_MODES, "indicator", "indicator、group 或 none")
    scored = scoring != "none"
    zero = None if scored else "0"
    execution = check.decimal(data, "execution_weight", "execution_weight", default=zero, high=HUNDRED)
    reverse = check.choice("reverse_rule", REVERSE_RULES, "ratio", "linear-2x 或 ratio")
    ruleset = RuleSet(
        id=rid,
        name=check.text(data, "name", "name", required=False) or rid,
        description=check.text(data, "description", "description", required=False),
        execution_weight=execution,
        indicators_weight=check.decimal(data, "indicators_weight", "indicators_weight",
                                        default=format(HUNDRED - execution, "f") if scored else "0", high=HUNDRED),
        level1=_level1(check),
        reverse_rule=reverse,
        bare_operator=check.choice("bare_operator", BARE_OPERATORS, "≥", "≥ 或 =（bare_operator）"),
        bands=_bands(check, scored),
        grades=_grades(check, scored),
        over_achievement=check.decimal(data, "over_achievement", "over_achievement", default="130", low=HUNDRED,
                                       high=Decimal(1000)),
        execution_note_below=check.decimal(data, "execution_note_below", "execution_note_below", default="90",
                                           high=HUNDRED),
        cost_level2=check.words(data, "cost_level2", "cost_level2"),
        scoring=scoring,
        execution_full_at=check.decimal(data, "execution_full_at", "execution_full_at", default="100",
                                        low=Decimal(1), high=HUNDRED),
        rounding=check.choice("rounding", ROUNDINGS, "half-up", "half-up（四舍五入）或 truncate（截尾）"),
        rescale_not_applicable=check.flag("rescale_not_applicable", True),
    )
    if scored:
        fixed = [l1.weight for l1 in ruleset.level1 if l1.weight is not None]
        total = sum(fixed, Decimal(0))
        if len(fixed) == len(ruleset.level1) and total != ruleset.indicators_weight:
            check.problem("indicators_weight", f"的一级指标分值之和 {total} 不等于{key_words('indicators_weight')} "
                                               f"{ruleset.indicators_weight}")
        elif total > ruleset.indicators_weight:
            check.problem("indicators_weight", f"的固定一级指标分值之和 {total} 超过了{key_words('indicators_weight')} "
                                               f"{ruleset.indicators_weight}")
        if ruleset.execution_weight + ruleset.indicators_weight != HUNDRED:
            check.problem("execution_weight", f"的总分值不是 100（预算执行率 {ruleset.execution_weight} + "
                                              f"绩效指标 {ruleset.indicators_weight}）")
    if check.problems:
        path, message = check.problems[0]
        raise RuleSetError(message, path, check.problems)
    return ruleset


def _num(value: Decimal) -> str:
    return format(value, "f")


def ruleset_to_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The rule set as its JSON object (the file format; a report's own rules)."""
    return {
        "id": ruleset.id,
        "name": ruleset.name,
        "description": ruleset.description,
        "scoring": ruleset.scoring,
        "execution_weight": _num(ruleset.execution_weight),
        "execution_full_at": _num(ruleset.execution_full_at),
        "indicators_weight": _num(ruleset.indicators_weight),
        "level1": [
            {"name": l1.name, "weight": None if l1.weight is None else _num(l1.weight), "optional": l1.optional,
             "level2": list(l1.level2)}
            for l1 in ruleset.level1
        ],
        "reverse_rule": ruleset.reverse_rule,
        "bare_operator": ruleset.bare_operator,
        "bands": [
            {"key": b.key, "label": b.label, "low": _num(b.low), "high": _num(b.high), "default": _num(b.default),
             "aliases": list(b.aliases)}
            for b in ruleset.bands
        ],
        "grades": [{"min": _num(minimum), "grade": grade} for minimum, grade in ruleset.grades],
        "rounding": ruleset.rounding,
        "rescale_not_applicable": ruleset.rescale_not_applicable,
        "over_achievement": _num(ruleset.over_achievement),
        "execution_note_below": _num(ruleset.execution_note_below),
        "cost_level2": list(ruleset.cost_level2),
    }


def describe_rules(ruleset: RuleSet) -> str:
    """The rules in plain Chinese, as the bundled files' descriptions say them (for a
    unit's own rules, shown by 帮助 → 评分规则说明)."""
    if not ruleset.scored:
        return "自评表只填年度指标值、实际完成值和偏差原因，不设分值、得分和等级，不做分值、得分检查。"
    parts = []
    fixed = [f"{l1.name}{_num(l1.weight)}分" for l1 in ruleset.level1 if l1.weight is not None]
    free = [l1.name for l1 in ruleset.level1 if l1.weight is None]
    split = "，".join(fixed)
    if free:
        rest = f"其余{_num(ruleset.indicators_weight - ruleset.fixed_weights())}分" if fixed else "这些分值"
        split += ("，" if split else "") + f"{'、'.join(free)}由单位在{rest}内分配"
    parts.append(f"预算执行率{_num(ruleset.execution_weight)}分，绩效指标合计{_num(ruleset.indicators_weight)}分（{split}）")
    optional = [l1.name for l1 in ruleset.level1 if l1.optional]
    if optional:
        parts.append(f"{'、'.join(optional)}可不设")
    full = "" if ruleset.execution_full_at == HUNDRED else f"÷{_num(ruleset.execution_full_at)}%"
    parts.append(f"执行率得分＝执行率{full}×{_num(ruleset.execution_weight)}，最高{_num(ruleset.execution_weight)}分")
    if ruleset.scoring == "group":
        parts.append("按二级指标评分：同单位的定量指标先汇总完成数，再计算得分")
    parts.append(f"反向指标超出目标按“{REVERSE_RULE_WORDS[ruleset.reverse_rule]}”计分")
    parts.append("定性指标三档：" + "，".join(f"{b.key}{_num(b.low)}%–{_num(b.high)}%" for b in ruleset.bands))
    parts.append(f"得分保留两位小数，{ROUNDING_WORDS[ruleset.rounding]}")
    parts.append("，".join(f"{_num(m)}分及以上为{g}" if m else f"其余为{g}" for m, g in ruleset.grades))
    return "。".join(parts) + "。"
