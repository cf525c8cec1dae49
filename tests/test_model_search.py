"""查找和替换 over the whole report (model.search)."""

from __future__ import annotations

from model.search import find_all, replace_all, replace_one, spots


def test_finds_in_fields_sections_and_indicator_cells_in_window_order(sample_report):
    found = find_all(sample_report, "今年")
    assert found and all(m.text[m.start:m.end] == "今年" for m in found)
    tabs = [m.place.tab for m in found]
    assert tabs == sorted(tabs, key=["overview", "funds", "targets", "issues"].index)
    assert any(m.place.field == "section" for m in found)
    cells = find_all(sample_report, "科普中国传播量")
    assert ("indicators", 1, "name") in [(m.place.field, m.place.row, m.place.column) for m in cells]
    assert all("【科普中国传播量】" in m.context() for m in cells)


def test_case_and_empty_needle(sample_report):
    sample_report.preamble = "Triz triz TRIZ"
    assert len([m for m in find_all(sample_report, "triz") if m.place.field == "preamble"]) == 3
    assert len([m for m in find_all(sample_report, "triz", match_case=True) if m.place.field == "preamble"]) == 1
    assert find_all(sample_report, "") == []


def test_replace_one_and_all(sample_report):
    first = find_all(sample_report, "今年")[0]
    assert replace_one(sample_report, first, "2022年")
    assert not replace_one(sample_report, first, "2022年")  # the text changed: no blind overwrite
    count = replace_all(sample_report, "今年", "2022年")
    assert count >= 1 and find_all(sample_report, "今年") == []
    sample_report.indicators[0].note = "aXaXa"
    assert replace_all(sample_report, "a", "bb", match_case=True) >= 3
    assert sample_report.indicators[0].note == "bbXbbXbb"


def test_every_text_is_reachable(sample_report):
    keys = {(s.kind, s.key) for s in spots(sample_report)}
    assert ("field", "preamble") in keys and ("field", "goal.actual") in keys and ("field", "funds.note") in keys
    assert ("indicator", "target") in keys and ("section", "text") in keys and ("section", "title") in keys
    assert ("field", "year") not in keys  # not text
