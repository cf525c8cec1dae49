"""Hypothesis strategies for whole reports (shared by the round-trip tests).

Every dataclass is built by :func:`every_field`, which names each of its fields
explicitly and fails at import when one is missing: a field added to the model cannot
silently keep its default in the round trips (JSON, SQLite) and escape them.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from model.carried import CARRIED_FIELDS
from model.report import (
    BANDS,
    BLANK_SCORES,
    DIRECTIONS,
    SECTION_KEYS,
    Filed,
    FundRow,
    Funds,
    Goal,
    Group,
    Indicator,
    Project,
    Report,
    Section,
    Signature,
)
from model.rules import ROUNDINGS, SCORING_MODES
from model.values import MONEY_UNITS
from storage.rulesets import builtin_rulesets


def every_field(cls: type, **strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``st.builds(cls, ...)`` that must name every field of the dataclass ``cls``."""
    names = {f.name for f in dataclasses.fields(cls)}
    missing, unknown = names - strategies.keys(), strategies.keys() - names
    assert not missing and not unknown, f"{cls.__name__}: strategy lacks {sorted(missing)}, has unknown {sorted(unknown)}"
    return st.builds(cls, **strategies)


# Any text the interchange accepts: no control characters but tab and newline, no surrogates.
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f") | st.sampled_from("\t\n"),
    max_size=30,
)
stripped = texts.map(str.strip).filter(bool)
money = st.none() | st.decimals(min_value=0, max_value=Decimal("99999999"), places=2, allow_nan=False, allow_infinity=False)
some_money = st.decimals(min_value=0, max_value=Decimal("99999999"), places=2, allow_nan=False, allow_infinity=False)
fund_rows = every_field(FundRow, initial=money, annual=money, executed=money)
funds = every_field(
    Funds, total=fund_rows, current=fund_rows, carryover=fund_rows, other=fund_rows, arrived=money, weight=money,
    declared_rate=money, declared_score=money, note=texts, unit=st.sampled_from(MONEY_UNITS),
)
indicators = every_field(
    Indicator, level1=texts, level2=texts, name=texts, target=texts, actual=texts, weight=money, score=money,
    band=st.none() | st.sampled_from(BANDS), note=texts, direction=st.none() | st.sampled_from(DIRECTIONS),
)
groups = every_field(Group, level1=texts, level2=texts, weight=money, score=money)
filed = every_field(
    Filed, total=money, grade=st.sampled_from(["", "优", "良好", "中"]),
    level1=st.dictionaries(stripped, some_money, max_size=3), weight_total=money,
)
paragraphs = st.lists(texts, max_size=2)


def _section(children: st.SearchStrategy[list[Section]]) -> st.SearchStrategy[Section]:
    return every_field(Section, key=st.none() | st.sampled_from(SECTION_KEYS), title=texts, text=texts,
                       children=children, carried=paragraphs)


sections = st.recursive(_section(st.just([])), lambda inner: _section(st.lists(inner, max_size=3)), max_leaves=8)
# A unit's own rules: a bundled rule set under another name, some of its settings changed.
own_rules = st.builds(
    lambda base, rid, scoring, rounding, full_at: dataclasses.replace(
        base, id=rid, name=f"{base.name}（自定义）", scoring=scoring, rounding=rounding, execution_full_at=full_at),
    st.sampled_from([r for r in builtin_rulesets() if r.scored]),
    st.text("abcdefghijklmnopqrstuvwxyz-0123456789", min_size=1, max_size=20),
    st.sampled_from(SCORING_MODES), st.sampled_from(ROUNDINGS),
    st.sampled_from([Decimal(100), Decimal(90), Decimal("95.5")]),
)


def _own_rules_named(report: Report) -> Report:
    """A report carrying its own rules names them (the importer sets the name from them)."""
    if report.own_rules is not None:
        report.ruleset = report.own_rules.id
    return report


reports = every_field(
    Report,
    unit=texts.filter(str.strip),
    year=st.integers(2000, 2100),
    kind=st.just("project"),
    ruleset=st.sampled_from(["national-2020", "hubei", "sichuan"]),
    title=texts,
    preamble=texts,
    project=every_field(Project, name=texts.filter(str.strip), department=texts, implementer=texts),
    funds=funds,
    goal=every_field(Goal, expected=texts, actual=texts),
    indicators=st.lists(indicators, max_size=5),
    sections=st.lists(sections, max_size=4),
    attachments=st.lists(texts, max_size=2),
    signature=every_field(
        Signature, unit=texts, date=st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))),
    scoring=st.none() | st.sampled_from(SCORING_MODES),
    groups=st.lists(groups, max_size=3),
    filed=filed,
    own_rules=st.none() | own_rules,
    blank_scores=st.sampled_from(BLANK_SCORES),
    carried=st.dictionaries(st.sampled_from(CARRIED_FIELDS), st.lists(texts, min_size=1, max_size=2), max_size=2),
).map(_own_rules_named)

