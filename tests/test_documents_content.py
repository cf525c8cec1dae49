"""What the documents print, independent of any format (storage.documents.content):
figures as printed, the attachment label, the signature, numbering, and the score table
as cells whose merged spans cover exactly the covered cells."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from model.report import Report, Section
from model.scoring import score_report
from storage.documents import content
from storage.documents.content import Block, Cell, Span
from storage.documents.layout import GBT9704
from storage.rulesets import load_ruleset


def test_figures_as_filed_and_as_computed(scored) -> None:
    """Weights as filed (0.750 stays), scores whole or with two decimals, rates in percent."""
    report, scores = scored
    report.indicators[1].weight = Decimal("0.750")
    first, second = content.indicator_table(report, scores).rows[:2]
    weight, score = (content.INDICATOR_COLUMNS.index(key) for key in ("weight", "score"))
    assert (second[weight].text, second[weight].place) == ("0.750", "第2个绩效指标的“分值”")
    assert (first[score].text, first[score].align) == ("10", "centre")


def test_attachment_label_and_note() -> None:
    report = Report(unit="某单位", year=2023)
    assert content.table_attachment_label(report) == "附件"
    assert [(line.text, line.indent_chars) for line in content.attachment_note(report)] == [("附件：2023年度项目支出绩效自评表", 2)]
    report.attachments = ["资金明细", " ", "2023年度项目支出绩效自评表"]
    assert content.table_attachment_label(report) == "附件2"
    assert [(line.text, line.indent_chars) for line in content.attachment_note(report)] == [
        ("附件：1.资金明细", 2), ("2.2023年度项目支出绩效自评表", 5)]
    report.attachments = ["资金明细", "照片"]
    assert content.table_attachment_label(report) == "附件1"


def test_signature_falls_back_to_the_unit_and_writes_the_date_in_chinese() -> None:
    report = Report(unit=" 某单位 ", year=2023)
    assert content.signature(report) == content.SignatureBlock("某单位", "")
    report.signature.unit = "某局"
    report.signature.date = datetime.date(2024, 3, 5)
    assert content.signature(report) == content.SignatureBlock("某局", "2024年3月5日")


def test_title_and_where_it_may_break() -> None:
    report = Report(unit="某单位", year=2023)
    report.project.name = "科普"
    assert content.title(report) == "2023年度某单位科普绩效自评报告"
    assert content.title_break(report) == ("2023年度某单位", "科普绩效自评报告")
    report.title = "关于科普的报告"
    assert content.title_break(report) is None


def test_sections_are_numbered_by_depth_and_hand_typed_numbers_dropped() -> None:
    report = Report(sections=[Section(title="项目概况", text="第一段\n\n 第二段 ", children=[
        Section(title="资金", children=[Section(title="投入", children=[Section(title="明细")])])]),
        Section(title="结论")])
    first, second = content.sections(report)
    assert (first.heading, first.paragraphs, first.place) == ("一、项目概况", ("第一段", "第二段"), "章节“一、项目概况”")
    child = first.children[0]
    assert (child.heading, child.depth, child.place) == ("（一）资金", 1, "章节“一、（一）资金”")
    assert child.children[0].heading == "1.投入" and child.children[0].children[0].heading == "（1）明细"
    assert second.heading == "二、结论"


@pytest.mark.parametrize(("typed", "printed"), [
    ("一、项目概况", "一、项目概况"), ("二、 项目概况", "一、项目概况"), ("（一）项目概况", "一、项目概况"),
    ("1.项目概况", "一、项目概况"), ("１．项目概况", "一、项目概况"), ("(1) 项目概况", "一、项目概况"),
    ("1.5万元的使用", "一、1.5万元的使用"), ("十大工程", "一、十大工程"),
])
def test_a_number_typed_into_a_title_is_not_printed_twice(typed: str, printed: str) -> None:
    """The number the audit reports (section.typed-number) gives way to the generated one."""
    (section,) = content.sections(Report(sections=[Section(title=typed)]))
    assert section.heading == printed and section.place == f"章节“{printed}”"


def _covered(rows: tuple[tuple[Cell | None, ...], ...] | list[tuple[Cell | None, ...]], spans: list[Span]) -> None:
    """Merges do not overlap, each None is covered by one, and the text of a merged cell
    is in its top-left cell (an indicator's own 一级/二级 names, under a merge, repeat it)."""
    covered = set()
    for span in spans:
        merged = rows[span.row0][span.col0]
        assert merged is not None, span
        for row in range(span.row0, span.row1 + 1):
            for col in range(span.col0, span.col1 + 1):
                if (row, col) != (span.row0, span.col0):
                    assert (row, col) not in covered, span
                    assert rows[row][col] is None or rows[row][col].text == merged.text, span
                    covered.add((row, col))
    assert covered >= {(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell is None}


@pytest.fixture
def scored(sample_report):
    return sample_report, score_report(sample_report, load_ruleset(sample_report.ruleset))


def test_head_blocks_hold_the_computed_figures(scored) -> None:
    report, scores = scored
    blocks = content.head_blocks(report, scores)
    assert [b.key for b in blocks] == ["project", "goal"]  # the sample has no execution note
    project = blocks[0]
    money = [cell.text if cell else None for cell in project.rows[3]]
    assert money == [None, "年度资金总额", "43", "43", "28", "10", "65.12%", "6.51"]
    for block in blocks:
        assert all(len(row) == len(GBT9704.table.head_columns_mm) for row in block.rows)
        _covered(block.rows, list(block.spans))
    assert [c.text if c else None for c in project.rows[4]] == [None, "其中：当年财政拨款", "", "", "28", "—", "", "—"]
    assert project.rows[5][1] == Cell("上年结转资金", content.TABLE_LABELS, align="left", indent_chars=3)
    assert project.rows[3][4] == Cell("28", "年度资金总额/全年执行数", align="centre", number=Decimal(28), kind="amount")
    # The figures carry their numbers, for a spreadsheet: the rate in percent.
    assert [(c.number, c.kind) for c in project.rows[3][5:]] == [
        (Decimal(10), "score"), (Decimal("65.12"), "percent"), (Decimal("6.51"), "score")]
    assert project.rows[4][5] is not None and project.rows[4][5].number is None  # “—”: no figure
    report.funds.note = "说明"
    note = content.head_blocks(report, scores)[1]
    assert note == Block("note", note.rows, note.spans, long_text=True)
    assert [c.text for c in note.rows[0] if c] == ["执行偏差原因分析及改进措施", "说明"]


def test_indicator_table_merges_runs_of_equal_names_within_each_page(scored) -> None:
    report, scores = scored
    table = content.indicator_table(report, scores)
    count = len(table.rows)
    assert len(table.header) == len(table.total) == len(GBT9704.table.indicator_columns_mm)
    assert all(len(row) + 1 == len(table.header) for row in table.rows)
    rows = [table.header, *[(None, *row) for row in table.rows], table.total]
    spans = table.spans(0, count)
    _covered(rows, spans)
    # 产出指标 over indicators 1–5 and 效益指标 over 6–10; 数量指标 over 1–2.
    assert Span(1, 1, 1, 5) in spans and Span(1, 6, 1, 10) in spans and Span(2, 1, 2, 2) in spans
    assert [c.text for c in table.total if c][:3] == ["总分", "110", "106.51"]
    assert [c.text for c in table.header] == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值",
                                              "分值", "得分", "偏差原因分析及改进措施"]
    # A page holding indicators 2–6 alone: its own runs, no total row.
    page = table.spans(1, 6)
    _covered([table.header, *[(None, *row) for row in table.rows[1:6]]], page)
    assert Span(1, 1, 1, 4) in page and Span(0, 0, 0, 5) in page
