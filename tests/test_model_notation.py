"""The notation parser on real 年度指标值/实际完成值 forms (DOMAIN.md §5)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from model import notation
from model.notation import parse, units_compatible

Q, DL, DT, REL, QL, EM, UN = (
    notation.QUANTITY, notation.DEADLINE, notation.DATE, notation.RELATIVE,
    notation.QUALITATIVE, notation.EMPTY, notation.UNPARSED,
)

# (written, kind, operator, value, unit)
CASES = [
    ("≥5次", Q, "≥", "5", "次"),
    (">=5次", Q, "≥", "5", "次"),
    ("＞＝5次", Q, "≥", "5", "次"),
    ("不少于5次", Q, "≥", "5", "次"),
    ("不低于5次", Q, "≥", "5", "次"),
    ("大于等于5次", Q, "≥", "5", "次"),
    ("达到5次", Q, "≥", "5", "次"),
    ("至少1场", Q, "≥", "1", "场"),
    ("5次以上", Q, "≥", "5", "次"),
    ("不少于800篇", Q, "≥", "800", "篇"),
    ("≤28万元", Q, "≤", "28", "万元"),
    ("<=28万元", Q, "≤", "28", "万元"),
    ("不超过28万元", Q, "≤", "28", "万元"),
    ("不高于28万元", Q, "≤", "28", "万元"),
    ("小于等于3天", Q, "≤", "3", "天"),
    ("控制在90万元以内", Q, "≤", "90", "万元"),
    ("=100%", Q, "=", "100", "%"),
    ("100%", Q, None, "100", "%"),
    ("１００％", Q, None, "100", "%"),
    ("95百分比", Q, None, "95", "%"),
    ("≥100万", Q, "≥", "100", "万"),
    ("231万", Q, None, "231", "万"),
    ("8万人次", Q, None, "8", "万人次"),
    ("1,000人次", Q, None, "1000", "人次"),
    ("≥ 90 %", Q, "≥", "90", "%"),
    ("0.65元", Q, None, "0.65", "元"),
    ("100分", Q, None, "100", "分"),
    ("12次", Q, None, "12", "次"),
    ("五场", Q, None, "5", "场"),
    ("十二期", Q, None, "12", "期"),
    ("完成率≥95%", Q, "≥", "95", "%"),
    ("培训200人", Q, None, "200", "人"),
    ("3个", Q, None, "3", "个"),
    ("90", Q, None, "90", ""),
    ("提升10%", REL, "≥", "10", "%"),
    ("较上年提高5个百分点", REL, "≥", "5", "%"),
    ("持续提升", QL, None, None, ""),
    ("逐年提升", QL, None, None, ""),
    ("效果明显", QL, None, None, ""),
    ("有效提升", QL, None, None, ""),
    ("优", QL, None, None, ""),
    ("良", QL, None, None, ""),
    ("逐步渗透到大多数人", QL, None, None, ""),
    ("一流水平", QL, None, None, ""),
    ("达到预期", QL, None, None, ""),
    ("已按时完成", QL, None, None, ""),
    ("", EM, None, None, ""),
    ("   ", EM, None, None, ""),
    ("≥5次abc1", UN, None, None, ""),
]


@pytest.mark.parametrize(("written", "kind", "operator", "value", "unit"), CASES)
def test_notation(written: str, kind: str, operator: str | None, value: str | None, unit: str) -> None:
    parsed = parse(written, 2022)
    assert parsed.text == written  # kept as written
    assert parsed.kind == kind
    assert parsed.operator == operator
    assert parsed.value == (Decimal(value) if value is not None else None)
    if kind in (Q, REL):
        assert parsed.unit == unit


@pytest.mark.parametrize(
    ("written", "kind", "date"),
    [
        ("2022年12月31日前", DL, datetime.date(2022, 12, 31)),
        ("2023年12月31日前", DL, datetime.date(2023, 12, 31)),
        ("2022年6月30日之前", DL, datetime.date(2022, 6, 30)),
        ("12月底前", DL, datetime.date(2022, 12, 31)),
        ("2022年2月底前", DL, datetime.date(2022, 2, 28)),
        ("2022年底前", DL, datetime.date(2022, 12, 31)),
        ("2022-11-30前", DL, datetime.date(2022, 11, 30)),
        ("2022年11月30日", DT, datetime.date(2022, 11, 30)),
    ],
)
def test_dates(written: str, kind: str, date: datetime.date) -> None:
    parsed = parse(written, 2022)
    assert (parsed.kind, parsed.date) == (kind, date)


def test_impossible_date_is_unparsed_not_a_crash() -> None:
    parsed = parse("2022年2月30日前", 2022)
    assert parsed.kind == UN and parsed.problem


def test_case_table_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("target", "actual", "ok"),
    [("≥5次", "12次", True), ("100分", "100%", False), ("28万", "100%", False),
     ("≤90万元", "90", True), ("≥100万", "231万次", True), ("90%", "95百分比", True),
     ("≤28万元", "28元", False)],
)
def test_units_compatible(target: str, actual: str, ok: bool) -> None:
    assert units_compatible(parse(target), parse(actual)) is ok


def test_describe_is_chinese() -> None:
    assert "运算 ≥" in parse("≥5次").describe()
    assert parse("逐年提升").describe() == "定性"
