"""The one reader of typed values, and the one formatter per kind of figure.

Everything a clerk types, pastes from Excel/WPS, or an imported file holds in a money,
weight, score, percent, year or date cell is read here (DOMAIN.md §9), so the window's
cells, paste, the JSON importer and the Word/Excel readers accept and refuse the same
things. A reader returns ``(value, problem)``: the value (None for a blank or
not-applicable cell) and, when the text cannot be read, a short Chinese reason that the
caller puts after the field's name. Nothing is guessed: a cell in 元 on a 万元 form is
refused, not converted.

What clerks really write, and how it is read:

* ``—`` ``-`` ``/`` ``／`` ``无`` ``不适用`` (not applicable) → blank;
* full-width digits and marks (``１．５``, ``６５％``) → folded (NFKC) first;
* thousands separators ``3,724,055.00`` → 3724055.00 (badly placed commas are refused);
* a unit in the cell: ``15分`` (weight, score), ``65.12%``, ``4753.66万元`` / ``45万``
  (on a 万元 form), ``3,724,055.00元`` (on a 元 form);
* years ``2022``, ``2022年``, ``2022年度``; dates ``2023-04-17``, ``2023/4/17``,
  ``2023.4.17``, ``2023年4月17日``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

AMOUNT, WEIGHT, SCORE, PERCENT = "amount", "weight", "score", "percent"
NUMBER_KINDS = (AMOUNT, WEIGHT, SCORE, PERCENT)

WAN_YUAN, YUAN = "万元", "元"
MONEY_UNITS = (WAN_YUAN, YUAN)

YEAR_MIN, YEAR_MAX = 1949, 2200
MAX_AMOUNT = Decimal("1e12")  # far beyond any county's budget, in 元 as in 万元
MAX_DECIMALS = 6
MAX_TEXT = 2_000_000  # characters in one field: far beyond any real report
CENT = Decimal("0.01")

# Written for "not applicable" in a number, year or date cell (after NFKC folding).
NOT_APPLICABLE = frozenset({"—", "——", "-", "--", "–", "/", "无", "不适用", "不涉及", "N/A", "n/a"})

# Units a number cell may carry, by kind: suffix → the unit it stands for.
_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    AMOUNT: (("万元", WAN_YUAN), ("万", WAN_YUAN), ("元", YUAN)),
    WEIGHT: (("分", ""),),
    SCORE: (("分", ""),),
    PERCENT: (("%", ""),),
}
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # these three compiled on first use (re keeps them)
_YEAR = r"(\d{4})(?:年度?)?"
_DATE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
# C0 and C1 controls except tab and newline (U+0085 would split paragraphs), lone surrogates.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


_IME_POINT = re.compile(r"(?<=\d)[。｡](?=\d)")


def fold(text: str) -> str:
    """Full-width forms folded (NFKC: １．５ → 1.5, ％ → %), white space dropped, and the
    ideographic full stop a Chinese input method types for a decimal point read as one
    between digits (１。５ → 1.5)."""
    return _IME_POINT.sub(".", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


# -- numbers ------------------------------------------------------------------------
def _decimal(text: str) -> tuple[Decimal | None, str | None]:
    """A plain decimal number, bounded before Decimal sees it (1e99999999999999 raises)."""
    grouped = "," in text
    if grouped:
        if not re.fullmatch(_GROUPED_NUMBER, text.lstrip("+-")):
            return None, "千分位逗号的位置不对（应每三位一个，如 3,724,055.00）"
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        return None, "不是数字"
    exponent = text.lower().partition("e")[2]
    if exponent and (len(exponent.lstrip("+-")) > 3 or abs(int(exponent)) > 30):
        return None, "数值过大或过小"
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None, "不是数字"
    if number < 0:
        return None, "不能为负数"
    if number >= MAX_AMOUNT:
        return None, "数值过大"
    exponent_of = number.as_tuple().exponent
    assert isinstance(exponent_of, int)
    if exponent_of < -MAX_DECIMALS:
        return None, f"小数位过多（最多 {MAX_DECIMALS} 位）"
    # Canonical plain notation: 1E+2 → 100, -0 → 0, so that export is stable.
    number = Decimal(format(number, "f"))
    return (number if number != 0 else abs(number)), None


def read_number(text: str, kind: str = AMOUNT, *, unit: str = WAN_YUAN) -> tuple[Decimal | None, str | None]:
    """A money, weight, score or percent cell as typed: its Decimal (None when blank or
    not applicable), or the Chinese reason it is refused.

    ``unit`` is the unit the form prints money in (万元 or 元); an amount written with the
    other unit is refused, never converted. A percent is the number of percent (65.12).
    """
    clean = fold(text)
    if not clean or clean in NOT_APPLICABLE:
        return None, None
    for suffix, meaning in _SUFFIXES[kind]:
        if clean.endswith(suffix) and len(clean) > len(suffix):
            if kind == AMOUNT and meaning != unit:
                return None, f"带的单位是“{meaning}”，本表金额以“{unit}”填写，请换算后再填"
            clean = clean[: -len(suffix)]
            break
    return _decimal(clean)


def read_amount(text: str) -> tuple[Decimal | None, str | None]:
    """A number as the interchange stores it (no unit in the text): see read_number."""
    clean = fold(text)
    if not clean:
        return None, None
    return _decimal(clean)


def read_subtotals(text: str) -> tuple[dict[str, Decimal] | None, str | None]:
    """一级 subtotals as a form prints them, typed in one line: ``产出指标 48；效益指标 29.5``
    (separated by ；;，, or new lines; 分 after a number allowed). Blank is {}."""
    found: dict[str, Decimal] = {}
    for part in re.split(r"[;；,，、\n]+", unicodedata.normalize("NFKC", text)):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(?P<name>.*?\D)[\s:：]*(?P<number>\d+(?:\.\d+)?)\s*分?", part)
        if match is None:
            return None, f"“{part[:20]}”应写成“一级指标名称 得分”，如“产出指标 48”"
        number, problem = read_number(match.group("number"), SCORE)
        if problem is not None or number is None:
            return None, f"“{part[:20]}”中的得分{problem or '为空'}"
        found[match.group("name").strip()] = number
    return found, None


def subtotals_text(subtotals: dict[str, Decimal]) -> str:
    """The one line :func:`read_subtotals` reads: 产出指标 48；效益指标 29.5."""
    return "；".join(f"{name} {plain(value)}" for name, value in subtotals.items())


# -- years and dates ----------------------------------------------------------------
def read_year(text: str) -> tuple[int | None, str | None]:
    """2022, 2022年 or 2022年度 (full-width digits too); blank is None."""
    clean = fold(text)
    if not clean:
        return None, None
    match = re.fullmatch(_YEAR, clean)
    if not match or not YEAR_MIN <= int(match.group(1)) <= YEAR_MAX:
        return None, "应是四位年份，如 2022"
    return int(match.group(1)), None


def year_problem(year: int) -> str | None:
    """Why a stored year cannot be a report's year (None: it can)."""
    return None if YEAR_MIN <= year <= YEAR_MAX else "应是四位年份，如 2022"


_CHINESE_DIGITS = {char: str(value) for value, char in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "О": "0"}
_CHINESE_DATE = re.compile(r"([〇○О零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")


def _chinese_number(text: str) -> str:
    """十二 → 12, 二十七 → 27, 三十 → 30, 五 → 5 (months and days); '' when it is none."""
    if "十" not in text:
        return _CHINESE_DIGITS.get(text, "")
    tens, _ten, ones = text.partition("十")
    if (tens not in _CHINESE_DIGITS and tens) or (ones not in _CHINESE_DIGITS and ones):
        return ""
    return str(int(_CHINESE_DIGITS.get(tens, "1")) * 10 + int(_CHINESE_DIGITS.get(ones, "0")))


def read_date(text: str) -> tuple[datetime.date | None, str | None]:
    """2023-04-17, 2023/4/17, 2023.4.17, 2023年4月17日 or 二〇二三年四月十七日; blank or not
    applicable is None."""
    clean = fold(text)
    if not clean or clean in NOT_APPLICABLE:
        return None, None
    chinese = _CHINESE_DATE.fullmatch(clean)
    if chinese:
        year = "".join(_CHINESE_DIGITS[char] for char in chinese.group(1))
        clean = f"{year}年{_chinese_number(chinese.group(2))}月{_chinese_number(chinese.group(3))}日"
    match = _DATE.fullmatch(clean)
    if not match:
        return None, "不是日期，应写成 2023-04-17 或 2023年4月17日"
    try:
        return datetime.date(*(int(g) for g in match.groups())), None
    except ValueError:
        return None, "日期不存在"


# -- spreadsheet cells ----------------------------------------------------------------
SIGNIFICANT_DIGITS = 15  # what a spreadsheet keeps of a number: the rest is binary noise
_QUOTED = r'"[^"]*"|\\.|\[[^\]]*\]'


def spreadsheet_text(value: object, number_format: str = "General") -> str:
    """A spreadsheet cell as the clerk sees it, for the readers above: text as it is, a
    date as 2023-04-17, a number as its format shows it (0.6512 in a 0.00% cell is
    65.12%; 43 in a 0.00 cell is 43.00) or, in a General cell, with the spreadsheet's 15
    significant digits (28.000000000000004, a sum's binary noise, is 28)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: a TRUE/FALSE cell is not a number
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN never comes from a valid file
        return "NaN"
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return str(value)
    section = re.sub(_QUOTED, "", number_format.split(";")[0])
    is_percent = "%" in section
    if is_percent:
        number *= 100
    places = re.search(r"[0#?]\.([0#?]*)", section) or re.search(r"[0#?]", section)
    if places is None:  # General (or text): the stored value, without the noise
        if number:
            shift = SIGNIFICANT_DIGITS - number.adjusted() - 1
            number = number.quantize(Decimal(1).scaleb(-shift), rounding=ROUND_HALF_UP) if shift > 0 else number
        text = format(number.normalize() if number == number.to_integral_value() else number, "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        decimals = len(places.group(1)) if places.groups() else 0
        text = format(number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), "f")
    return text + ("%" if is_percent else "")


# -- text -----------------------------------------------------------------------------
def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored as it is (None: it can, exactly as typed)."""
    if len(text) > MAX_TEXT:
        return f"过长（{len(text)} 字，最多 {MAX_TEXT} 字）"
    bad = _BAD_CHARS.search(text)
    if bad:
        return f"含有不可见的控制字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符）"
    return None


# -- figures as shown -------------------------------------------------------------
def plain(value: Decimal | None) -> str:
    """An amount, weight or score in running text and in the window: no exponent, no
    trailing zeros (43.50 → 43.5); blank is ''."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_filed(value: Decimal | None) -> str:
    """An amount or weight printed as the clerk filed it (43.00 stays 43.00)."""
    return "" if value is None else format(value, "f")


def two(value: Decimal | None) -> str:
    """A computed score or rate with two decimals (6.51); blank is ''. Figures are
    rounded by the rule set when computed; this only pads (10 → 10.00)."""
    return "" if value is None else format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")


def printed_score(value: Decimal | None) -> str:
    """A computed score in the printed table: whole numbers bare (10), else two decimals."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format(value.to_integral_value(), "f")
    return two(value)


def percent(value: Decimal | None) -> str:
    """A computed rate in percent: 65.12%; blank is ''."""
    return "" if value is None else f"{two(value)}%"
