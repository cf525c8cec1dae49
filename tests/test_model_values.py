"""The one typed-value reader (model.values): what clerks really write (DOMAIN.md §9)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from model.values import (
    AMOUNT,
    PERCENT,
    SCORE,
    WEIGHT,
    YUAN,
    as_filed,
    percent,
    plain,
    printed_score,
    read_date,
    read_number,
    read_year,
    spreadsheet_text,
    text_problem,
    two,
)


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("43", AMOUNT, Decimal(43)),
    (" 1,234.5 ", AMOUNT, Decimal("1234.5")),
    ("28万元", AMOUNT, Decimal(28)),
    ("45万", AMOUNT, Decimal(45)),
    ("4753.66万元", AMOUNT, Decimal("4753.66")),
    ("１．５", AMOUNT, Decimal("1.5")),  # full-width, as a Chinese input method types it
    ("１，２３４", AMOUNT, Decimal(1234)),
    ("", AMOUNT, None),
    ("—", AMOUNT, None), ("-", AMOUNT, None), ("/", AMOUNT, None), ("／", AMOUNT, None),
    ("无", AMOUNT, None), ("不适用", SCORE, None), ("——", WEIGHT, None),
    ("15分", WEIGHT, Decimal(15)), ("9.5分", SCORE, Decimal("9.5")), ("１０分", SCORE, Decimal(10)),
    ("65.12%", PERCENT, Decimal("65.12")), ("100％", PERCENT, Decimal(100)), ("86", PERCENT, Decimal(86)),
    ("1E+2", AMOUNT, Decimal(100)),
    ("-0", SCORE, Decimal(0)),
])
def test_reads_what_clerks_write(text, kind, value):
    assert read_number(text, kind) == (value, None)


def test_minus_zero_is_plain_zero():
    value, _ = read_number("-0", SCORE)
    assert str(value) == "0" and printed_score(value) == "0"


def test_yuan_forms():
    assert read_number("3,724,055.00", AMOUNT, unit=YUAN) == (Decimal("3724055.00"), None)
    assert read_number("3,724,055.00元", AMOUNT, unit=YUAN) == (Decimal("3724055.00"), None)
    value, problem = read_number("45万元", AMOUNT, unit=YUAN)
    assert value is None and "万元" in problem and "换算" in problem


@pytest.mark.parametrize(("text", "kind", "problem"), [
    ("abc", AMOUNT, "不是数字"),
    ("-1", AMOUNT, "不能为负数"),
    ("1e13", AMOUNT, "数值过大"),
    ("NaN", AMOUNT, "不是数字"),
    ("Infinity", AMOUNT, "不是数字"),
    ("1e99999999999999999999", AMOUNT, "数值过大或过小"),
    ("1.0000001", AMOUNT, "小数位过多"),
    ("1,2", AMOUNT, "千分位"),
    ("12,34,567", AMOUNT, "千分位"),
    ("3元", AMOUNT, "换算"),  # 元 on a 万元 form: never converted silently
    ("15%", WEIGHT, "不是数字"),
    ("十", WEIGHT, "不是数字"),
])
def test_refuses_with_a_reason(text, kind, problem):
    value, reason = read_number(text, kind)
    assert value is None and problem in reason


@pytest.mark.parametrize(("text", "year"), [
    ("2022", 2022), ("2022年", 2022), ("2020年度", 2020), ("２０２２", 2022), (" 2022 ", 2022), ("", None),
])
def test_years(text, year):
    assert read_year(text) == (year, None)


@pytest.mark.parametrize("text", ["①", "²", "22", "1900", "2201", "9" * 4301, "二〇二二", "2022.5"])
def test_bad_years_are_refused_not_raised(text):
    year, problem = read_year(text)
    assert year is None and problem == "应是四位年份，如 2022"


@pytest.mark.parametrize(("text", "date"), [
    ("2023-04-17", datetime.date(2023, 4, 17)), ("2023/4/17", datetime.date(2023, 4, 17)),
    ("2023.6.28", datetime.date(2023, 6, 28)), ("2023年4月17日", datetime.date(2023, 4, 17)),
    ("２０２３年４月１７日", datetime.date(2023, 4, 17)), ("—", None), ("", None),
])
def test_dates(text, date):
    assert read_date(text) == (date, None)


def test_bad_dates():
    assert read_date("2023-02-30")[1] == "日期不存在"
    assert read_date("明天")[1]


def test_text_is_kept_exactly_but_controls_are_refused():
    assert text_problem("第一段\n第二段\t\u2028\u2029😀") is None
    assert "U+0000" in text_problem("a\x00b")
    assert "U+000D" in text_problem("a\rb")


def test_one_formatter_per_kind_of_figure():
    assert plain(Decimal("43.50")) == "43.5" and plain(Decimal("43.00")) == "43" and plain(None) == ""
    assert as_filed(Decimal("43.00")) == "43.00"
    assert two(Decimal("6.505")) == "6.51" and two(Decimal(10)) == "10.00"
    assert printed_score(Decimal(10)) == "10" and printed_score(Decimal("6.5")) == "6.50"
    assert percent(Decimal("65.12")) == "65.12%" and percent(None) == ""


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (0.6512, "0.00%", "65.12%"),  # a rate: the fraction, shown in percent
    (0.651162790697674, "0.00%", "65.12%"),  # a formula's result, shown rounded
    (43, "0.00", "43.00"),
    (43, "General", "43"),
    (28.000000000000004, "General", "28"),  # a sum's binary noise
    (0.1 + 0.2, "General", "0.3"),
    (3724055.0, "#,##0.00", "3724055.00"),
    (12.5, '"¥"#,##0.00_);[Red]("¥"#,##0.00)', "12.50"),
    (Decimal("0.5"), "0%", "50%"),
    (1e-07, "General", "0.0000001"),
    (datetime.datetime(2023, 4, 17), "yyyy-mm-dd", "2023-04-17"),
    ("１５分", "@", "１５分"),
    (None, "General", ""),
    (True, "General", "TRUE"),
])
def test_a_spreadsheet_cell_as_the_clerk_sees_it(value, number_format, text) -> None:
    assert spreadsheet_text(value, number_format) == text


@pytest.mark.parametrize(("text", "date"), [
    ("二〇二三年四月十七日", datetime.date(2023, 4, 17)),
    ("二零二二年十二月三十一日", datetime.date(2022, 12, 31)),
    ("二〇二三年十月二十日", datetime.date(2023, 10, 20)),
])
def test_dates_in_chinese_numerals(text, date) -> None:
    assert read_date(text) == (date, None)
    assert read_date("二〇二三年十十月一日")[0] is None and read_date("二〇二三年二月三十日")[1] == "日期不存在"
