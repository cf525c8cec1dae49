"""Section numbering by depth (一、 （一） 1. （1）) and Chinese dates, as printed."""

from __future__ import annotations

import datetime
import re

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (enough for outlines)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def section_number(depth: int, index: int) -> str:
    """The printed number of the ``index``-th (1-based) section at ``depth`` (0-based)."""
    if depth == 0:
        return f"{chinese_numeral(index)}、"
    if depth == 1:
        return f"（{chinese_numeral(index)}）"
    if depth == 2:
        return f"{index}."
    return f"（{index}）"


def chinese_date(date: datetime.date) -> str:
    """2023-04-17 → 2023年4月17日 (no leading zeros)."""
    return f"{date.year}年{date.month}月{date.day}日"


# A title or paragraph that starts with a number typed by hand: 二、 （一） 1、 1. （1） (1)
TYPED_NUMBER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．](?!\d))"
)


def typed_number(text: str) -> str | None:
    """The hand-typed number at the start of ``text``, if any."""
    match = TYPED_NUMBER.match(text)
    return match.group(0).strip() if match else None


def without_typed_number(text: str) -> str:
    """``text`` without the hand-typed number at its start (the one :func:`typed_number`
    finds, and the audit reports), trimmed: 一、项目概况 → 项目概况."""
    match = TYPED_NUMBER.match(text)
    return (text[match.end():] if match else text).strip()


# The numbers of section_number, by depth, as clerks type them (full-width or not, 、 or .);
# compiled on first use (re keeps them).
_NUMBERS_BY_DEPTH = (
    r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*",
    r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*[、.．]?\s*",
    r"^\s*\d+\s*[、.．](?!\d)\s*",
    r"^\s*[（(]\s*\d+\s*[）)]\s*[、.．]?\s*",
)


def numbered(text: str) -> tuple[int, str] | None:
    """The depth whose number ``text`` starts with (一、 0, （一） 1, 1. 2, （1） 3) and the
    text after the number; None when it starts with none."""
    for depth, pattern in enumerate(_NUMBERS_BY_DEPTH):
        match = re.match(pattern, text)
        if match:
            return depth, text[match.end():]
    return None
