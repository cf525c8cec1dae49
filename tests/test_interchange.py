"""The report JSON: canonical export, checked import, round trips."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, SAMPLE_JSON
from hypothesis import HealthCheck, given, settings
from strategies import reports

from model.errors import InputRefused
from model.report import Report
from storage.interchange import dumps, loads, report_to_dict
from storage.store import open_store


@given(reports)
@settings(max_examples=60, deadline=None)
def test_model_json_model(report: Report) -> None:
    again = loads(dumps(report))
    assert again == report
    assert dumps(again) == dumps(report)


@given(reports)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_model_sqlite_model(tmp_path, report: Report) -> None:
    with open_store(tmp_path / "round.db") as store:
        report_id = store.add(report)
        assert store.load(report_id) == report
        store.save(report_id, report, store.version_of(report_id))
        assert store.load(report_id) == report


@pytest.mark.parametrize("path", [SAMPLE_JSON, DATA / "correct-national.json", DATA / "hubei-stations.json"])
def test_version_1_imports_unchanged_and_exports_as_version_2(path) -> None:
    report = loads(path.read_text(encoding="utf-8"))
    exported = dumps(report)
    assert json.loads(exported)["version"] == 2
    assert loads(exported) == report  # nothing lost or changed on the way to version 2
    assert dumps(loads(exported)) == exported


def test_numbers_accepted_and_never_float() -> None:
    text = SAMPLE_JSON.read_text(encoding="utf-8")
    text = text.replace('"annual": "43"', '"annual": 43.10', 1).replace('"weight": "10"', '"weight": 10', 1)
    report = loads(text)
    assert str(report.funds.total.annual) == "43.10"  # the text of the number, not a float
    data = json.loads(text)
    assert data["funds"]["weight"] == 10  # a JSON number on the way in …
    assert report_to_dict(report)["funds"]["weight"] == "10"  # … a decimal string on the way out


def test_declared_rate_with_percent_sign() -> None:
    report = loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    assert str(report.funds.declared_rate) == "100"
    assert report_to_dict(report)["funds"]["declared"] == {"rate": "100%", "score": "100"}


def test_unknown_keys_are_ignored() -> None:
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data["from_city_tool"] = {"anything": [1, 2]}
    data["indicators"][0]["extra"] = "x"
    assert loads(json.dumps(data, ensure_ascii=False)) == loads(SAMPLE_JSON.read_text(encoding="utf-8"))


def test_band_labels_are_accepted() -> None:
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data["indicators"][5]["band"] = "达成预期指标"
    assert loads(json.dumps(data, ensure_ascii=False)).indicators[5].band == "达成"


def _mutated(path: list, value) -> str:
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        (["format"], "other", "format"),
        (["version"], 3, "版本"),
        (["year"], "二〇二二", "year"),
        (["year"], True, "year"),
        (["kind"], "overall", "kind"),
        (["ruleset"], "x" * 65, "ruleset"),
        (["unit"], "", "unit"),
        (["unit"], 5, "unit"),
        (["project", "name"], None, "project.name"),
        (["funds", "total", "annual"], "四十三", "funds.total.annual"),
        (["funds", "total", "annual"], "-43", "funds.total.annual"),
        (["funds", "total", "annual"], "1e309", "funds.total.annual"),
        (["funds", "total", "annual"], "NaN", "funds.total.annual"),
        (["funds", "total", "annual"], [], "funds.total.annual"),
        (["funds", "declared", "rate"], "abc%", "funds.declared.rate"),
        (["indicators", 0, "weight"], "ten", "indicators[0].weight"),
        (["indicators", 0, "band"], "很好", "indicators[0].band"),
        (["indicators", 0, "name"], "a\x00b", "indicators[0].name"),
        (["indicators", 0], "row", "indicators[0]"),
        (["sections", 0, "key"], "intro", "sections[0].key"),
        (["sections", 0, "children"], {"a": 1}, "sections[0].children"),
        (["signature", "date"], "2023-02-30", "signature.date"),
        (["preamble"], "a\rb", "preamble"),
        (["preamble"], "\ud800", "preamble"),
    ],
)
def test_bad_input_is_refused_naming_the_field(path, value, named) -> None:
    with pytest.raises(InputRefused) as caught:
        loads(_mutated(path, value))
    assert named in caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


@pytest.mark.parametrize("text", ["", "[]", "{", "null", "NaN", '{"format": "zeping-report", "version": 1, "year": Infinity}', "[" * 100000])
def test_not_a_report(text: str) -> None:
    with pytest.raises(InputRefused):
        loads(text)


def test_a_rule_set_this_copy_lacks_is_kept_and_scored_under_the_default(tmp_path) -> None:
    from storage.workspace import Workspace

    report = loads(_mutated(["ruleset"], "guangdong-2030"))
    assert report.ruleset == "guangdong-2030"
    with Workspace.open(tmp_path / "f.db", create=True) as ws:
        report_id = ws.add(report)
        ws.open_report(report_id)
        assert ws.ruleset.id == "national-2020"
        notes = [f for f in ws.evaluate().findings if f.code == "ruleset.missing"]
        assert len(notes) == 1 and "guangdong-2030" in notes[0].message and notes[0].place.field == "ruleset"
        assert ws.report.ruleset == "guangdong-2030"  # kept as filed until the clerk chooses


def test_minus_zero_is_stored_and_printed_as_zero() -> None:
    from model.values import printed_score

    report = loads(_mutated(["indicators", 0, "score"], "-0"))
    assert str(report.indicators[0].score) == "0" and printed_score(report.indicators[0].score) == "0"
    assert report_to_dict(report)["indicators"][0]["score"] == "0"
