"""The 自评表 reader on grids drawn by hand (storage.reading.form) and Word's table XML
(storage.reading.word.table_grid): shapes real forms take that the office files of
test_reading.py do not all show."""

from __future__ import annotations

from decimal import Decimal

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from model.report import Group, Report
from storage.reading.form import FormReader
from storage.reading.grid import Grid, GridCell, word_place
from storage.reading.word import table_grid

LEFT, ABOVE = "<", "^"  # a cell covered by the one to its left / above


def grid(rows: list[list[str]], number: int = 1) -> Grid:
    """A grid from rows of texts; LEFT and ABOVE mark cells covered by a merge."""
    found = Grid(f"第{number}个表格", word_place(number))
    owner: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text in (LEFT, ABOVE):
                index = owner[(r, c - 1) if text == LEFT else (r - 1, c)]
                cell = found.cells[index]
                found.cells[index] = GridCell(cell.text, cell.row0, cell.col0, max(cell.row1, r), max(cell.col1, c))
            else:
                found.cells.append(GridCell(text, r, c, r, c))
                index = len(found.cells) - 1
            owner[(r, c)] = index
    return found


HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def read(*grids: Grid) -> FormReader:
    reader = FormReader(Report())
    for each in grids:
        reader.grid(each)
    return reader


def test_labels_and_values_in_one_cell() -> None:
    reader = read(grid([
        ["项目名称：科普（一期）", LEFT, LEFT, LEFT],
        ["主管部门", "某局", "实施单位", "某中心"],
        ["年度总体目标", "预期目标：办好活动", LEFT, "实际完成情况：已办好"],
    ]))
    project, goal = reader.report.project, reader.report.goal
    assert (project.name, project.department, project.implementer) == ("科普（一期）", "某局", "某中心")
    assert (goal.expected, goal.actual) == ("办好活动", "已办好")
    assert reader.skipped == [] and reader.problems == []


def test_a_form_split_over_two_tables_and_a_note_merged_over_two_rows() -> None:
    head = grid([["项目名称", "甲"], ["主管部门", "乙"]])
    indicators = grid([
        HEADER,
        [ABOVE, "产出指标", "数量指标", "培训", "≥5次", "6次", "10分", "１０", "两行共用的说明"],
        [ABOVE, ABOVE, ABOVE, "讲座", "≥2次", "1次", "10", "5", ABOVE],
        [ABOVE, ABOVE, "质量指标", "", "", "", "", "", ""],  # a category without an indicator
        ["总分", LEFT, LEFT, LEFT, LEFT, LEFT, "20", "15", ""],
        ["填表人：张三", LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT],
    ], number=2)
    reader = read(head, indicators)
    first, second = reader.report.indicators
    assert (first.level1, first.level2, first.name, first.weight, first.score, first.note) == (
        "产出指标", "数量指标", "培训", Decimal(10), Decimal(10), "两行共用的说明")
    assert (second.level1, second.level2, second.name, second.note) == ("产出指标", "数量指标", "讲座", "")
    assert [note.sentence() for note in reader.skipped] == [
        "第2个表格第4行第3列“产出指标 / 质量指标”：这一行只有指标类别，没有三级指标，未读取",
        "第2个表格第6行第1列“填表人：张三”：不是自评表中能识别的行，未读取"]
    assert reader.read == ["总分：原表分值合计 20、得分 15（本程序按各项重新计算，体检核对）"]
    assert (reader.report.filed.total, reader.report.filed.weight_total) == (Decimal(15), Decimal(20))


def test_a_money_block_reads_by_the_columns_over_it() -> None:
    reader = read(grid([
        ["项目资金（万元）", "", "年初预算数（A）", "全年预算数", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
        [ABOVE, "年度资金总额", "1,200", "1350.5万元", "１２８８．３６", "10", "95.40%", "9.54"],
        [ABOVE, "其中：本年财政拨款", "1000", "1150.5", "1100.36", "—", "", "—"],
        [ABOVE, "上年结转", "200", "200", "188", "10", "", "—"],
    ]))
    funds = reader.report.funds
    assert (funds.total.initial, funds.total.annual, funds.total.executed) == (Decimal(1200), Decimal("1350.5"), Decimal("1288.36"))
    assert (funds.weight, funds.declared_rate, funds.declared_score) == (Decimal(10), Decimal("95.40"), Decimal("9.54"))
    assert funds.current.executed == Decimal("1100.36") and funds.carryover.initial == Decimal(200)
    # A figure in a part's 分值 cell is not silently taken as the total's.
    assert [note.sentence() for note in reader.skipped] == ["第1个表格第4行第6列“10”：资金来源的分项不计分值和得分，未读取"]


def test_an_unreadable_amount_is_a_problem_with_its_place() -> None:
    reader = read(grid([
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数"],
        [ABOVE, "年度资金总额", "43", "四十三", "28"],
    ]))
    assert [note.sentence() for note in reader.problems] == ["第1个表格第2行第4列“四十三”：“年度资金总额/全年预算数”不是数字"]


def test_word_merges_read_once_with_their_extent() -> None:
    """gridSpan, vMerge, gridBefore, and Word 97's hMerge."""
    xml = f"""<w:tbl {nsdecls('w')}>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目资金</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>年初</w:t></w:r><w:r><w:br/><w:t>预算数</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
            <w:tc><w:p><w:r><w:t>43</w:t></w:r></w:p></w:tc>
            <w:tc><w:tcPr><w:hMerge w:val="continue"/></w:tcPr><w:p/></w:tc></w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>
    </w:tbl>"""
    cells = table_grid(parse_xml(xml), 3).cells
    assert cells == [GridCell("项目资金", 0, 0, 1, 0), GridCell("年初\n预算数", 0, 1, 0, 2), GridCell("43", 1, 1, 1, 2),
                     GridCell("a", 2, 1, 2, 1), GridCell("b", 2, 2, 2, 2)]


def _finished(*grids: Grid) -> FormReader:
    reader = read(*grids)
    reader.finish()
    return reader


def test_a_figure_merged_over_one_groups_rows_is_that_groups() -> None:
    """Hubei 黄石's form: one 分值 and 得分 per 二级指标, merged over its rows (or on the one
    row of a group of one)."""
    reader = _finished(grid([
        HEADER,
        [ABOVE, "产出指标", "数量指标", "新建站点", "≥10个", "8个", "20", "18", ""],
        [ABOVE, ABOVE, ABOVE, "改造站点", "≥10个", "12个", ABOVE, ABOVE, ""],
        [ABOVE, ABOVE, "质量指标", "验收合格率", "≥95%", "96%", "20分", "20", ""],
        [ABOVE, "效益指标", "社会效益指标", "服务群众", "≥1000人次", "1200人次", "30", "", ""],
        ["总分", LEFT, LEFT, LEFT, LEFT, LEFT, "70", "38", ""],
    ]))
    report = reader.report
    assert report.scoring == "group"
    assert report.groups == [Group("产出指标", "数量指标", Decimal(20), Decimal(18)),
                             Group("产出指标", "质量指标", Decimal(20), Decimal(20)),
                             Group("效益指标", "社会效益指标", Decimal(30), None)]
    assert all(row.weight is None and row.score is None for row in report.indicators)
    assert reader.read[-4:] == ["评分：分值和得分按二级指标合并填写，按二级指标计分的表导入（3 组）",
                                "二级指标“数量指标”（产出指标）：分值 20，得分 18",
                                "二级指标“质量指标”（产出指标）：分值 20，得分 20",
                                "二级指标“社会效益指标”（效益指标）：分值 30，得分 （空）"]
    assert reader.skipped == [] and reader.problems == []


def test_a_figure_merged_over_several_groups_is_not_put_on_a_row() -> None:
    reader = _finished(grid([
        HEADER,
        [ABOVE, "产出指标", "数量指标", "新建站点", "≥10个", "8个", "40", "10", ""],
        [ABOVE, ABOVE, "质量指标", "验收合格率", "≥95%", "96%", ABOVE, "20", ""],
    ]))
    report = reader.report
    assert report.scoring is None and report.groups == []
    assert [row.weight for row in report.indicators] == [None, None]
    assert [row.score for row in report.indicators] == [Decimal(10), Decimal(20)]
    assert [note.sentence() for note in reader.skipped] == [
        "第1个表格第2行第7列“40”：分值合并了2个二级指标的2行，不知属于哪一项，未读取"]


def test_rows_with_their_own_figures_in_a_group_form_are_said() -> None:
    reader = _finished(grid([
        HEADER,
        [ABOVE, "产出指标", "数量指标", "新建站点", "≥10个", "8个", "20", "18", ""],
        [ABOVE, ABOVE, ABOVE, "改造站点", "≥10个", "12个", ABOVE, ABOVE, ""],
        [ABOVE, ABOVE, "质量指标", "验收合格率", "≥95%", "96%", "10", "10", ""],
        [ABOVE, ABOVE, ABOVE, "返工率", "≤5%", "3%", "10", "10", ""],
    ]))
    report = reader.report
    assert report.scoring == "group" and [g.level2 for g in report.groups] == ["数量指标"]
    assert [row.weight for row in report.indicators[2:]] == [Decimal(10), Decimal(10)]  # kept, and said
    assert "二级指标“质量指标”有2行另填了分值：按二级指标计分的表不计各行的分值和得分，请核对" in reader.read
