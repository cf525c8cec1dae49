"""Report format version 2 (INTERCHANGE.md §3): what it adds, what version 1 keeps
meaning, the typed values clerks write, and the kinds of report refused."""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest
from conftest import DATA, SAMPLE_JSON
from strategies import every_field

from model.errors import InputRefused
from model.report import Report
from model.rules import ruleset_to_dict
from model.scoring import score_report
from storage.interchange import dumps, load_file, loads, report_to_dict
from storage.rulesets import load_ruleset
from storage.workspace import Workspace


def _v2(**changes) -> dict:
    data = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _load(data: dict) -> Report:
    return loads(json.dumps(data, ensure_ascii=False))


def test_version_1_files_keep_their_meaning() -> None:
    v1 = load_file(str(DATA / "seed-v1.json"))
    assert v1 == load_file(str(SAMPLE_JSON))  # the bundled sample is the seed written as version 2
    correct = load_file(str(DATA / "correct-national.json"))
    assert correct.blank_scores == "suggested" and correct.scoring is None and correct.funds.unit == "万元"
    assert report_to_dict(correct)["blank_scores"] == "suggested"  # kept on the way to version 2


def test_a_null_score_in_version_2_is_a_blank_cell() -> None:
    data = json.loads(dumps(load_file(str(DATA / "correct-national.json"))))
    del data["blank_scores"]
    report = _load(data)
    assert report.blank_scores == "blank"
    assert score_report(report, load_ruleset("national-2020")).indicators[0].blank


def test_every_version_2_key_is_read_and_written_back(tmp_path) -> None:
    own = dataclasses.replace(load_ruleset("hubei-huangshi"), id="jiangxia-2023", name="江夏区2023年通知")
    data = _v2(
        ruleset=ruleset_to_dict(own), scoring="group",
        groups=[{"level1": "产出指标", "level2": "数量指标", "weight": "20分", "score": "18"},
                {"level1": "效益指标", "level2": "社会效益指标", "weight": None, "score": "—"}],
        filed={"total": "94", "grade": "优", "level1": {"产出指标": "48", "效益指标（30分）": "29分"}, "weight_total": "100"},
        carried={"preamble": ["为切实做好2022年度预算绩效自评工作"]},
        year="2022年度",
    )
    data["funds"]["unit"] = "元"
    data["funds"]["total"]["annual"] = "3,724,055.00"
    data["indicators"][0]["direction"] = "lower"
    data["signature"]["date"] = "2023年4月17日"
    data["sections"][0]["carried"] = ["某段"]
    report = _load(data)
    assert report.own_rules == own and report.ruleset == "jiangxia-2023" and report.scoring == "group"
    assert report.groups[0].weight == Decimal(20) and report.groups[1].score is None
    assert report.filed.level1 == {"产出指标": Decimal(48), "效益指标（30分）": Decimal(29)}
    assert report.funds.unit == "元" and report.funds.total.annual == Decimal("3724055.00")
    assert report.indicators[0].direction == "lower" and report.year == 2022
    assert report.signature.date == datetime.date(2023, 4, 17)
    assert report.carried == {"preamble": ["为切实做好2022年度预算绩效自评工作"]} and report.sections[0].carried == ["某段"]
    again = loads(dumps(report))
    assert again == report and json.loads(dumps(report))["ruleset"]["id"] == "jiangxia-2023"
    with Workspace.open(tmp_path / "w.db", create=True) as ws:  # scored by its own rules
        ws.show(ws.add(report), report)
        assert ws.ruleset == own and ws.ruleset_note is None
        assert ws.open_report(ws.report_id or 0).own_rules == own  # stored with the report
        ws.new_report(2023)  # 新建 under the unit's own rules keeps them
        assert ws.report.own_rules == own and ws.ruleset == own and ws.ruleset_note is None


@pytest.mark.parametrize(("change", "named"), [
    ({"ruleset": {"id": "x", "name": "x", "execution_weight": "10"}}, "ruleset."),
    ({"scoring": "per-row"}, "scoring"),
    ({"filed": {"total": "九十"}}, "filed.total"),
    ({"groups": [{"weight": "abc"}]}, "groups[0].weight"),
    ({"carried": {"title": ["x"]}}, "carried"),
    ({"blank_scores": "maybe"}, "blank_scores"),
])
def test_bad_version_2_keys_are_refused_naming_them(change, named) -> None:
    with pytest.raises(InputRefused) as caught:
        _load(_v2(**change))
    assert named in caught.value.message


def test_an_amount_in_the_other_unit_is_refused_not_converted() -> None:
    data = _v2()
    data["funds"]["unit"] = "元"
    data["funds"]["total"]["annual"] = "45万元"
    with pytest.raises(InputRefused, match=r"funds\.total\.annual"):
        _load(data)


@pytest.mark.parametrize("kind", ["department", "部门整体支出", "整体支出"])
def test_department_reports_are_refused(kind) -> None:
    with pytest.raises(InputRefused) as caught:
        _load(_v2(kind=kind))
    assert caught.value.code == "input.unsupported-kind" and "部门整体支出" in caught.value.message


def test_another_framework_is_refused_unless_its_own_rules_name_it() -> None:
    data = _v2()
    data["indicators"][0]["level1"] = "投入指标"
    with pytest.raises(InputRefused) as caught:
        _load(data)
    assert caught.value.code == "input.unsupported-kind" and "indicators[0].level1" in caught.value.message
    rules = ruleset_to_dict(load_ruleset("sichuan"))
    rules["id"], rules["level1"][0]["name"] = "yinchuan", "投入指标"
    data["ruleset"] = rules
    assert _load(data).indicators[0].level1 == "投入指标"


def test_the_strategy_names_every_field() -> None:
    from hypothesis import strategies as st

    with pytest.raises(AssertionError, match="lacks"):
        every_field(dataclasses.make_dataclass("Two", ["a", "b"]), a=st.none())


def test_a_rule_set_object_may_state_only_what_differs_from_the_national_practice() -> None:
    report = _load(_v2(ruleset={"id": "某县2023", "execution_weight": "20", "level1": [
        {"name": "产出指标", "weight": None, "level2": ["数量指标", "质量指标", "时效指标", "成本指标"]},
        {"name": "效益指标", "weight": None, "level2": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
                                                  "服务对象满意度指标"]}]}))
    rules = report.own_rules
    assert rules is not None and rules.name == "某县2023" and rules.indicators_weight == 80
    assert rules.bands == load_ruleset("national-2020").bands and rules.grade(Decimal(85)) == "良"
