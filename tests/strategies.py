"""Hypothesis strategies for whole reports (shared by the round-trip tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from model.report import SECTION_KEYS, FundRow, Funds, Goal, Indicator, Project, Report, Section, Signature

# Any text the interchange accepts: no control characters but tab and newline, no surrogates.
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f") | st.sampled_from("\t\n"),
    max_size=30,
)
money = st.none() | st.decimals(min_value=0, max_value=Decimal("99999999"), places=2, allow_nan=False, allow_infinity=False)
fund_rows = st.builds(FundRow, money, money, money)
funds = st.builds(
    Funds, fund_rows, fund_rows, fund_rows, fund_rows, money, money, money, money, texts
)
indicators = st.builds(
    Indicator, texts, texts, texts, texts, texts, money, money,
    st.none() | st.sampled_from(["达成", "部分达成", "未达成"]), texts,
)
sections = st.recursive(
    st.builds(Section, st.none() | st.sampled_from(SECTION_KEYS), texts, texts, st.just([])),
    lambda children: st.builds(
        Section, st.none() | st.sampled_from(SECTION_KEYS), texts, texts, st.lists(children, max_size=3)
    ),
    max_leaves=8,
)
reports = st.builds(
    Report,
    unit=texts.filter(str.strip),
    year=st.integers(2000, 2100),
    kind=st.just("project"),
    ruleset=st.sampled_from(["national-2020", "hubei"]),
    title=texts,
    preamble=texts,
    project=st.builds(Project, texts.filter(str.strip), texts, texts),
    funds=funds,
    goal=st.builds(Goal, texts, texts),
    indicators=st.lists(indicators, max_size=5),
    sections=st.lists(sections, max_size=4),
    attachments=st.lists(texts, max_size=2),
    signature=st.builds(Signature, texts, st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))),
)
