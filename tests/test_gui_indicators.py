"""The indicator table model: qtmodeltester, roles, bad numbers kept, rows, paste from
Excel/WPS, the rule-set combo boxes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem, QWidget

from gui.indicator_model import COLUMN_KEYS, IndicatorDelegate, IndicatorModel
from model.paste import parse_tabular
from model.scoring import score_report
from storage.rulesets import load_ruleset

RULES = load_ruleset("national-2020")


def col(key: str) -> int:
    return COLUMN_KEYS.index(key)


@pytest.fixture
def model(sample_report):
    model = IndicatorModel()
    model.set_indicators(sample_report.indicators, RULES)
    model.set_scores(score_report(sample_report, RULES))
    model.report = sample_report
    return model


def rescore(model):
    model.set_scores(score_report(model.report, RULES))


def test_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model, force_py=True)
    model.insert_rows(2, [model.new_row_like(1)])
    model.move_row(0, 1)
    model.remove_rows_at([3])
    qtmodeltester.check(model, force_py=True)


def test_display_parsed_and_suggested(model):
    assert model.rowCount() == 10
    assert model.data(model.index(0, col("reading"))) == "≥5次｜12次"
    assert model.data(model.index(3, col("reading"))) == "2023-12-31前｜100%"
    assert model.data(model.index(5, col("reading"))) == "定性｜100%"
    assert model.data(model.index(0, col("suggested"))) == "10.00"
    # a qualitative row without a band: no suggestion, the reason in the tooltip, band cell marked
    assert model.data(model.index(5, col("suggested"))) == ""
    assert "档次" in model.data(model.index(5, col("suggested")), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(5, col("band")), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.flags(model.index(5, col("band"))) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, col("band"))) & Qt.ItemFlag.ItemIsEditable
    assert model.data(model.index(0, col("band"))) == "—"
    # 100分 against 100%: the actual is marked
    assert model.data(model.index(2, col("actual")), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(0, col("actual")), Qt.ItemDataRole.BackgroundRole) is None


def test_filed_score_differing_from_suggestion_is_marked(model):
    index = model.index(0, col("score"))
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert model.setData(index, "8")
    rescore(model)
    assert model.report.indicators[0].score == Decimal(8)
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "10.00" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.setData(index, "")  # blank: the suggested score is used, shown grey
    rescore(model)
    assert model.report.indicators[0].score is None
    assert model.data(index) == "10"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None


def test_live_rescore_after_actual_edit(model):
    edits = []
    model.edited.connect(edits.append)
    model.setData(model.index(0, col("actual")), "4次")
    model.setData(model.index(0, col("score")), "")
    rescore(model)
    assert model.data(model.index(0, col("suggested"))) == "8.00"
    assert edits == ["indicator:0:actual", "indicator:0:score"]


def test_bad_weight_kept_red_and_not_stored(model):
    index = model.index(1, col("weight"))
    assert model.setData(index, "十分")
    assert model.report.indicators[1].weight == Decimal(10)
    assert model.data(index) == "十分"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "尚未保存" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.invalid() == [(1, "weight", "十分", "不是数字")]
    model.move_row(1, -1)  # the raw text follows its row
    assert model.invalid()[0][0] == 0
    assert model.setData(model.index(0, col("weight")), "12")
    assert model.invalid() == []
    assert model.report.indicators[0].weight == Decimal(12)


def test_band_is_chosen_by_key_or_label(model):
    index = model.index(5, col("band"))
    assert model.setData(index, "部分达成年度指标并具有一定效果")
    assert model.report.indicators[5].band == "部分达成"
    assert model.setData(index, "")
    assert model.report.indicators[5].band is None


def test_rows_insert_delete_move(model):
    items = model.report.indicators
    first, second = items[0], items[1]
    model.insert_rows(1, [model.new_row_like(0)])
    assert len(items) == 11 and items[1].level2 == "数量指标" and items[1].name == ""
    model.remove_rows_at([1])
    assert items[:2] == [first, second]
    assert model.move_row(0, 1)
    assert items[0] is second and items[1] is first
    assert not model.move_row(0, -1)


EXCEL = (
    "产出指标\t数量指标\t举办培训班\t≥3期\t4期\t10分\t\t\r\n"
    "\t\t培训人次\t≥300人次\t280人次\t10\t\t\"受疫情影响，\n部分培训延期\"\r\n"
    "效益指标\t社会效益指标\t群众知晓率\t≥90%\t95%\t15\t\t\r\n"
)


def test_parse_tabular_handles_quotes_and_crlf():
    rows = parse_tabular(EXCEL)
    assert len(rows) == 3
    assert rows[1][7] == "受疫情影响，\n部分培训延期"


def test_paste_rows_from_excel(model):
    count = model.paste(EXCEL, 10, 0)
    assert count == 3 and model.rowCount() == 13
    new = model.report.indicators[10:]
    assert [i.name for i in new] == ["举办培训班", "培训人次", "群众知晓率"]
    assert new[1].level1 == "产出指标" and new[1].level2 == "数量指标"  # merged cells filled down
    assert new[0].weight == Decimal(10) and new[0].score is None
    assert new[1].note.startswith("受疫情影响")
    assert new[2].target == "≥90%" and new[2].weight == Decimal(15)


def test_paste_over_existing_cells_skips_read_only_columns(model):
    model.paste("13次\t9\n", 0, col("actual"))
    # actual, then (解读 is read-only) weight
    assert model.report.indicators[0].actual == "13次"
    assert model.report.indicators[0].weight == Decimal(9)
    assert model.paste("", 0, 0) == 0


def test_copy_text_round_trips_through_paste(model, sample_report):
    text = model.copy_text([0, 1])
    other = IndicatorModel()
    other.set_indicators([], RULES)
    assert other.paste(text, 0, 0) == 2
    assert [i.name for i in other._items] == ["组织科普宣传活动", "科普中国传播量"]


def test_delegate_offers_rule_set_names(qtbot, model):
    parent = QWidget()
    qtbot.addWidget(parent)
    delegate = IndicatorDelegate(model)
    option = QStyleOptionViewItem()
    editor = delegate.createEditor(parent, option, model.index(5, col("level2")))
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
    delegate.setEditorData(editor, model.index(5, col("level2")))
    assert editor.currentText() == "经济效益指标"
    editor.setCurrentText("社会效益指标")
    delegate.setModelData(editor, model, model.index(5, col("level2")))
    assert model.report.indicators[5].level2 == "社会效益指标"
    level1 = delegate.createEditor(parent, option, model.index(0, col("level1")))
    # the sample files 产出指标（50分）: what was filed comes first, the rule set's names follow
    assert [level1.itemText(i) for i in range(level1.count())] == ["产出指标（50分）", "产出指标", "效益指标", "满意度指标"]
    assert not isinstance(delegate.createEditor(parent, option, model.index(0, col("name"))), QComboBox)


def test_invalid_index_is_harmless(model):
    assert model.data(QModelIndex()) is None
    assert not model.setData(model.index(0, col("suggested")), "3")
