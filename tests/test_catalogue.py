"""The field catalogue is the one place a field is declared (issue 8): every catalogue
field is read and written by the interchange, shown on its tab, named by the compare view
and carried by the hypothesis strategies — without code of its own."""

from __future__ import annotations

import copy
import dataclasses
import datetime
from decimal import Decimal

import pytest

from model.compare import differences
from model.fields import (
    DATE,
    FIELDS,
    INDICATOR_FIELDS,
    LINE,
    LINES,
    NUMBER_KINDS,
    SUBTOTALS,
    TABS,
    TEXT,
    YEAR,
    field,
    get_value,
    set_value,
)
from model.report import Report
from storage.interchange import PLAIN_FIELDS, loads, report_to_dict

PLAIN = [spec for spec in FIELDS if spec.kind in (LINE, TEXT, DATE) and spec in PLAIN_FIELDS]


def _value_for(spec):
    return datetime.date(2023, 5, 6) if spec.kind == DATE else f"新的{spec.label}"


@pytest.mark.parametrize("spec", PLAIN, ids=lambda s: s.key)
def test_every_plain_field_travels_through_the_json(sample_report, spec):
    import json

    set_value(sample_report, spec.key, _value_for(spec))
    again = loads(json.dumps(report_to_dict(sample_report), ensure_ascii=False))
    assert get_value(again, spec.key) == _value_for(spec)


@pytest.mark.parametrize("spec", [s for s in FIELDS if s.tab in TABS], ids=lambda s: s.key)
def test_every_field_is_named_in_the_history(sample_report, spec):
    old = Report(**{f.name: getattr(sample_report, f.name) for f in dataclasses.fields(Report)})
    new = copy.deepcopy(old)
    by_kind = {LINE: "改", TEXT: "改", LINES: ["改"], YEAR: 2031, DATE: datetime.date(2031, 1, 2),
               SUBTOTALS: {"产出指标": Decimal(7)}, **dict.fromkeys(NUMBER_KINDS, Decimal(7))}
    choices = {"ruleset": "hubei", "funds.unit": "元"}
    set_value(new, spec.key, choices[spec.key] if spec.key in choices else by_kind[spec.kind])
    found = differences(old, new)
    assert found and (spec.name in found or "项目资金" in found)


def test_labels_are_unique_where_they_meet():
    names = [spec.name for spec in FIELDS]
    assert len(names) == len(set(names))
    assert len({s.key for s in INDICATOR_FIELDS}) == len(INDICATOR_FIELDS)
    assert field("project.implementer").label == "实施单位"


def test_each_overview_field_has_its_widget(qtbot):
    from gui.dialogs import DialogService
    from gui.tabs import OverviewTab

    tab = OverviewTab(DialogService())
    qtbot.addWidget(tab)
    for spec in FIELDS:
        if spec.tab == "overview" and spec.key not in OverviewTab.own_widgets:
            assert spec.key in tab.binder and tab.binder.widget(spec.key).accessibleName() == spec.name


def test_the_words_forms_head_a_field_with_are_declared_with_it():
    from storage.reading.form import INDICATOR_COLUMNS, PROJECT_LABELS

    assert field("project.implementer").headings == ("实施单位", "项目实施单位", "项目单位")
    assert PROJECT_LABELS["project.implementer"] == field("project.implementer").headings
    assert INDICATOR_COLUMNS["target"][0] == "年度指标值" and "目标值" in INDICATOR_COLUMNS["target"]
    # No word heads two indicator columns: a column is recognised by its header alone.
    words = [word for spec in INDICATOR_FIELDS for word in spec.headings]
    assert len(words) == len(set(words))
