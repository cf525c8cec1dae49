"""Rule-set files are checked: a broken one is refused with a message naming what is wrong."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from conftest import ROOT

from model.rules import RuleSetError, ruleset_from_dict, split_level1

NATIONAL = json.loads((ROOT / "resources" / "rulesets" / "national-2020.json").read_text(encoding="utf-8"))


def _broken(**changes):
    data = copy.deepcopy(NATIONAL)
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([], "JSON 对象"),
        (_broken(reverse_rule="cubic"), "linear-2x"),
        (_broken(execution_weight="ten"), "execution_weight"),
        (_broken(execution_weight="20"), "100"),
        (_broken(level1=[]), "没有一级指标"),
        (_broken(bands=NATIONAL["bands"][:2]), "达成、部分达成、未达成"),
        (_broken(grades=[]), "没有等级"),
        (_broken(bare_operator="<"), "bare_operator"),
    ],
)
def test_broken_ruleset_is_refused(data, words) -> None:
    with pytest.raises(RuleSetError, match=words):
        ruleset_from_dict(data)


def test_taxonomy_and_grades() -> None:
    rules = ruleset_from_dict(NATIONAL)
    level1 = rules.level1_of("服务对象满意度指标")
    assert level1 is not None and level1.name == "满意度指标"
    assert [rules.grade(Decimal(d)) for d in ("90", "89.99", "80", "60", "59.99")] == ["优", "良", "良", "中", "差"]
    assert rules.band("达成预期指标") is not None and rules.band("达成预期指标").key == "达成"


@pytest.mark.parametrize(
    ("label", "name", "weight"),
    [("产出指标（50分）", "产出指标", "50"), ("效益指标\n\n（40分）", "效益指标", "40"), ("产出指标(50)", "产出指标", "50"),
     ("经济效\n益指标", "经济效益指标", None), ("满意度指标", "满意度指标", None)],
)
def test_level1_labels_with_weights(label, name, weight) -> None:
    assert split_level1(label) == (name, Decimal(weight) if weight else None)
    rules = ruleset_from_dict(NATIONAL)
    assert rules.level1_named(label) is not None or rules.level1_of(label) is not None
