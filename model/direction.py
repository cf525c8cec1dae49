"""Which way an indicator points: is more better (higher) or less (lower)?

The written operator says it (≥ higher, ≤ lower). A bare target (``0起``, ``5%``) says
nothing, and real tables write many lower-is-better indicators bare: 安全事故 ``0起``,
投诉率 ``≤`` missing, 超支率, 差错. So, in this order (DOMAIN.md §9): the clerk's choice
(``Indicator.direction``), the operator, the indicator's words, a zero target (nobody
aims at "at least none"), a money target under a cost 二级指标, and last the rule set's
reading of a bare number (higher). The source is kept so the window can show a guess as
a guess and the clerk can change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model import notation
from model.notation import Parsed
from model.report import Indicator
from model.rules import RuleSet

HIGHER, LOWER = "higher", "lower"
DIRECTION_WORDS = {HIGHER: "越高越好", LOWER: "越低越好"}

# Where the direction came from, as the window says it.
CLERK, OPERATOR, WORDS, ZERO, COST, DEFAULT = "clerk", "operator", "words", "zero", "cost", "default"
SOURCE_WORDS = {CLERK: "已选定", OPERATOR: "按运算符", WORDS: "按指标名称推测", ZERO: "目标为0，推测",
                COST: "成本金额，推测", DEFAULT: "默认"}

# Things nobody wants more of. Checked on the 三级指标 name (and the target's own words).
LOWER_WORDS = (
    "事故", "投诉", "超支", "差错", "发生率", "失误", "违规", "违纪", "违法", "故障", "损失", "逾期",
    "不合格", "缺陷", "误差", "返工", "超标", "伤亡", "死亡", "案件", "流失率", "辍学率", "空置率",
    "发病率", "复发率", "返贫", "上访", "纠纷", "污染", "成本", "费用率", "差评",
)
# … unless the indicator measures dealing with them, or a reduction: then more is better
# (投诉处理率, 事故隐患整改率, 成本降低率, 发病率下降).
HIGHER_DESPITE = (
    "处理", "处置", "办结", "整改", "解决", "查处", "结案", "化解", "回复", "答复", "满意", "下降",
    "降低", "减少", "控制率", "防控", "排查", "调处", "执行率", "完成率", "到位率", "覆盖", "培训",
    "节约", "挽回", "治理", "清理", "消除",
)
_MONEY_UNITS = re.compile(r"元|^万$|^千$")


@dataclass(frozen=True)
class Direction:
    """An indicator's direction and what it was read from (a key of SOURCE_WORDS)."""

    direction: str
    source: str
    word: str = ""  # the word the guess rests on (事故)

    @property
    def guessed(self) -> bool:
        return self.source in (WORDS, ZERO, COST)

    def describe(self) -> str:
        """越低越好（按指标名称推测：事故）."""
        why = f"{SOURCE_WORDS[self.source]}：{self.word}" if self.word else SOURCE_WORDS[self.source]
        return f"{DIRECTION_WORDS[self.direction]}（{why}）"


def lower_word(text: str) -> str | None:
    """The lower-is-better word in ``text``, unless the text is about dealing with it."""
    compact = re.sub(r"\s+", "", text)
    if any(word in compact for word in HIGHER_DESPITE):
        return None
    return next((word for word in LOWER_WORDS if word in compact), None)


def is_money(unit: str) -> bool:
    return bool(_MONEY_UNITS.search(unit))


def read_direction(indicator: Indicator, target: Parsed, ruleset: RuleSet) -> Direction:
    """The direction of ``indicator`` whose target reads ``target``."""
    if indicator.direction in (HIGHER, LOWER):
        return Direction(indicator.direction, CLERK)
    operator = target.operator
    if operator in (notation.GE, notation.GT) or target.kind == notation.RELATIVE:
        return Direction(HIGHER, OPERATOR)
    if operator in (notation.LE, notation.LT):
        return Direction(LOWER, OPERATOR)
    word = lower_word(indicator.name) or lower_word(target.label)
    if word is not None:
        return Direction(LOWER, WORDS, word)
    if target.kind == notation.QUANTITY and target.value == 0:
        return Direction(LOWER, ZERO)
    if target.kind == notation.QUANTITY and ruleset.is_cost(indicator.level2) and is_money(target.unit):
        return Direction(LOWER, COST)
    return Direction(HIGHER, DEFAULT)


def operator_for(direction: Direction, target: Parsed, ruleset: RuleSet) -> str:
    """The operator a quantity target is scored by: as written; for a bare number, the
    direction's (a lower one reads as ≤), else the rule set's reading of bare numbers.
    An explicit = stays = (a zero target is then met only by zero)."""
    if target.operator is not None:
        return target.operator
    if direction.direction == LOWER:
        return notation.LE
    return ruleset.bare_operator
