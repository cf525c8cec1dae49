"""Parse what the clerk writes as 年度指标值 and 实际完成值 (DOMAIN.md §5).

The text is always kept as written; parsing yields its operator, value, unit or date so
that scoring and the audit can reason about it. Nothing here raises on odd input: text
that cannot be read comes back as kind ``unparsed`` with a reason.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from model.values import fold

QUANTITY = "quantity"
DEADLINE = "deadline"
DATE = "date"
RELATIVE = "relative"
QUALITATIVE = "qualitative"
EMPTY = "empty"
UNPARSED = "unparsed"
NOT_APPLICABLE = "not-applicable"  # a row marked / or 不适用: not assessed (DOMAIN.md §9)

# What marks a target or actual as not applicable (after NFKC folding). 无 and — are not
# among them: in an actual they say "nothing was done", which the audit asks about.
NOT_APPLICABLE_MARKS = frozenset({"/", "不适用", "不涉及"})

GE, LE, EQ, GT, LT = "≥", "≤", "=", ">", "<"

# Written operators, longest first so that 大于等于 wins over 大于.
_OPERATORS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            ">=": GE, "=>": GE, "≥": GE, "≧": GE, "不少于": GE, "不低于": GE,
            "大于等于": GE, "大于或等于": GE, "不小于": GE, "达到": GE, "至少": GE,
            "<=": LE, "=<": LE, "≤": LE, "≦": LE, "不超过": LE, "不高于": LE,
            "小于等于": LE, "小于或等于": LE, "不大于": LE, "不多于": LE, "至多": LE,
            "最多": LE, "控制在": LE,
            "==": EQ, "=": EQ, "等于": EQ, "═": EQ,
            ">": GT, "大于": GT, "高于": GT, "超过": GT, "多于": GT,
            "<": LT, "小于": LT, "低于": LT, "少于": LT,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
# Words after the number that say the same as an operator before it.
_SUFFIX_OPERATORS: tuple[tuple[str, str], ...] = (
    ("及以上", GE), ("以上", GE), ("及以下", LE), ("以下", LE), ("以内", LE), ("之内", LE),
)
_TRAILING_NOISE = ("左右", "完成", "达标", "及时")
_UNIT_ALIASES = {"百分比": "%", "％": "%", "个百分点": "%"}
# Units a Chinese numeral may carry (so that 一流水平 is not read as 1 流水平).
_KNOWN_UNITS = (
    "万人次", "人次", "万元", "万次", "万人", "万", "元", "次", "篇", "场", "期", "个", "人",
    "家", "所", "项", "天", "日", "月", "年", "小时", "份", "册", "台", "套", "户", "批", "本",
    "件", "处", "座", "亩", "公里", "平方米", "条", "部", "位", "名", "支", "%",
)
_RELATIVE_VERBS = ("提升", "提高", "增长", "增加", "上升", "下降", "降低", "减少")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_NUMBER = r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_CN_NUMBER = r"(?P<cn>[零〇一二两三四五六七八九十百千]+)"
_DEADLINE = re.compile(
    r"^(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<end>底|末))?|(?P<yend>底|末))"
    r"(?P<before>之?前|以前|前完成|之前完成)?$"
)
_ISO_DATE = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?P<before>之?前|以前)?$")


@dataclass(frozen=True)
class Parsed:
    """One target or actual, read. ``text`` is exactly what was written."""

    text: str
    kind: str
    operator: str | None = None  # None: a bare number (the rule set decides ≥ or =)
    value: Decimal | None = None
    unit: str = ""
    date: datetime.date | None = None
    problem: str | None = None  # why it could not be read (kind unparsed)
    label: str = ""  # words written before the number: 开展科普活动 in 开展科普活动6场

    @property
    def is_numeric(self) -> bool:
        return self.kind in (QUANTITY, RELATIVE)

    def describe(self) -> str:
        """A short Chinese reading for the window: 运算 ≥ · 数值 5 · 单位 次."""
        if self.kind == QUANTITY:
            op = self.operator or "（未写）"
            return f"运算 {op} · 数值 {self.value} · 单位 {self.unit or '（无）'}"
        if self.kind == RELATIVE:
            return f"相对提升 ≥ {self.value}{self.unit}"
        if self.kind == DEADLINE and self.date:
            return f"时限 {self.date.year}年{self.date.month}月{self.date.day}日前"
        if self.kind == DATE and self.date:
            return f"日期 {self.date.year}年{self.date.month}月{self.date.day}日"
        if self.kind == QUALITATIVE:
            return "定性"
        if self.kind == EMPTY:
            return "（空）"
        if self.kind == NOT_APPLICABLE:
            return "不适用"
        return f"无法识别：{self.problem}"


def normalise_unit(unit: str) -> str:
    unit = unit.strip()
    return _UNIT_ALIASES.get(unit, unit)


def _cn_to_int(text: str) -> int | None:
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def _canonical(text: str) -> str:
    # The typed-value reader's folding: full-width digits, ％, ＞＝, spaces, １。５.
    return fold(text)


def _date(year: int, month: int, day: int | None) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = last if day is None else day
    if not 1 <= day <= last:
        return None
    return datetime.date(year, month, day)


def _parse_date(text: str, fiscal_year: int | None) -> Parsed | None:
    match = _DEADLINE.match(text) or _ISO_DATE.match(text)
    if not match:
        return None
    groups = match.groupdict()
    if groups.get("y") is None and fiscal_year is None:
        return None
    if groups.get("y") is None and groups.get("m") is None:
        return None
    year = int(groups["y"]) if groups.get("y") else fiscal_year
    assert year is not None
    day: int | None
    if groups.get("yend"):
        month, day = 12, 31
    else:
        month = int(groups["m"])
        day = int(groups["d"]) if groups.get("d") else None
    date = _date(year, month, day)
    if date is None:
        return Parsed(text, UNPARSED, problem="日期不存在")
    has_day = bool(groups.get("d")) or bool(groups.get("end")) or bool(groups.get("yend"))
    if groups.get("before"):
        return Parsed(text, DEADLINE, date=date, unit="日期")
    if not has_day:
        return None
    return Parsed(text, DATE, date=date, unit="日期")


def _split_unit(rest: str) -> tuple[str, str | None]:
    """Strip suffix operators and noise words from what follows a number."""
    operator = None
    changed = True
    while changed:
        changed = False
        for word in _TRAILING_NOISE:
            if rest.endswith(word) and len(rest) > 0:
                rest, changed = rest[: -len(word)], True
        for word, op in _SUFFIX_OPERATORS:
            if rest.endswith(word):
                rest, operator, changed = rest[: -len(word)], op, True
    return rest, operator


@functools.lru_cache(maxsize=8192)
def parse(text: str | None, fiscal_year: int | None = None) -> Parsed:
    """Read one 指标值. ``fiscal_year`` completes dates written without a year."""
    original = text or ""
    s = _canonical(original)
    if not s:
        return Parsed(original, EMPTY)
    if s in NOT_APPLICABLE_MARKS:
        return Parsed(original, NOT_APPLICABLE)

    dated = _parse_date(s, fiscal_year)
    if dated is not None:
        return Parsed(original, dated.kind, date=dated.date, unit=dated.unit, problem=dated.problem)

    for verb in _RELATIVE_VERBS:
        rel = re.fullmatch(rf"(?:.{{0,6}}?){verb}(?:了|达到|达)?{_NUMBER}(?P<unit>%|个百分点|倍)?", s)
        if rel:
            unit = normalise_unit(rel.group("unit") or "%")
            return Parsed(original, RELATIVE, operator=GE, value=Decimal(rel.group("num").replace(",", "")), unit=unit)

    label, operator, body = "", None, s
    for word, op in _OPERATORS:
        index = s.find(word)
        if index >= 0 and not re.search(r"\d", s[:index]):
            label, operator, body = s[:index], op, s[index + len(word):]
            break
    if label and len(label) > 12:
        return Parsed(original, UNPARSED, problem="运算符前文字过长")

    if operator is None:
        labelled = re.match(r"(?P<label>\D{1,12}?)(?=\d)", s)
        if labelled and not any(verb in labelled.group("label") for verb in _RELATIVE_VERBS):
            label, body = labelled.group("label"), s[labelled.end():]

    match = re.match(_NUMBER, body)
    value: Decimal | None = None
    rest = ""
    if match:
        try:
            value = Decimal(match.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return Parsed(original, UNPARSED, problem="数值无法识别")
        rest = body[match.end():]
    else:
        cn = re.match(_CN_NUMBER, body)
        if cn:
            rest_cn, _ = _split_unit(body[cn.end():])
            number = _cn_to_int(cn.group("cn"))
            if number is not None and normalise_unit(rest_cn) in _KNOWN_UNITS:
                value, rest = Decimal(number), body[cn.end():]

    if value is None:
        if operator is None and not re.search(r"\d", s):
            return Parsed(original, QUALITATIVE)
        if operator is not None and not re.search(r"\d", body):
            # 达到预期 / 不低于上年: an operator word with no figure is qualitative.
            return Parsed(original, QUALITATIVE)
        return Parsed(original, UNPARSED, problem="找不到数值")

    unit_text, suffix_op = _split_unit(rest)
    if suffix_op is not None:
        if operator is not None and operator != suffix_op:
            return Parsed(original, UNPARSED, problem="前后运算符矛盾")
        operator = suffix_op
    unit = normalise_unit(unit_text)
    if re.search(r"\d", unit) or len(unit) > 6:
        return Parsed(original, UNPARSED, problem="单位无法识别")
    return Parsed(original, QUANTITY, operator=operator, value=value, unit=unit, label=label)


# Classifiers that count the same sort of thing: a table writing 5项 against 5个 (or 120人
# against 100人次) is sloppy, not incomparable. Across sorts (次 against 个) it is a mismatch.
COUNT_UNITS = (
    frozenset({"个", "项", "家", "所", "处", "座", "件", "套", "台", "本", "册", "份", "条", "部", "篇", "支", "户"}),
    frozenset({"场", "次", "期", "批", "场次", "轮"}),
    frozenset({"人", "人次", "名", "位"}),
)


def units_alike(target: Parsed, actual: Parsed) -> bool:
    """Different classifiers for the same sort of thing (项 and 个): comparable, with a reminder."""
    return any(target.unit in group and actual.unit in group for group in COUNT_UNITS)


def units_compatible(target: Parsed, actual: Parsed) -> bool:
    """Same unit; a blank unit on the actual takes the target's; 万 alone is a magnitude."""
    if target.unit == actual.unit or not actual.unit:
        return True
    pair = {target.unit, actual.unit}
    if "万" in pair:
        other = (pair - {"万"}).pop()
        return other.startswith("万")
    return False
