"""The Word export, read back as XML with python-docx: the GB/T 9704 page, East Asian fonts
on styles and runs, the generated numbering, the signature, page-number fields in odd and
even footers, and the score table with its merged cells and computed figures."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from model.errors import ZepingError
from model.report import Indicator, Report
from storage.documents.office import OfficeFont, office_fonts
from storage.documents.registry import exporter
from storage.documents.word import render_docx
from storage.rulesets import load_ruleset


@pytest.fixture(scope="module")
def sample_docx() -> docx.document.Document:
    from storage.sample import sample_report

    report = sample_report()
    return docx.Document(io.BytesIO(render_docx(report, load_ruleset(report.ruleset))))


def _east_asian(element) -> str | None:
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_official_margins(sample_docx) -> None:
    section = sample_docx.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]  # whole twips
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt


def test_body_and_headings_have_their_east_asian_fonts_and_fixed_spacing(sample_docx) -> None:
    styles = sample_docx.styles
    expected = {"Normal": "仿宋", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体",
                "Heading 3": "仿宋", "Heading 4": "仿宋"}
    for name, font in expected.items():
        style = styles[name]
        assert _east_asian(style.element) == font, name
        assert style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:asciiTheme")) is None
        assert style.font.color.rgb is None and not style.font.bold
    normal = styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95) and normal.first_line_indent == Pt(32)
    assert styles["Normal"].font.size == Pt(16) and styles["Title"].font.size == Pt(22)
    # Every run names its East Asian font too (python-docx issue 154: WPS reads runs).
    runs = [run for paragraph in sample_docx.paragraphs for run in paragraph.runs]
    assert runs and all(_east_asian(run._r) for run in runs)
    defaults = sample_docx.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None


def test_the_text_in_order_with_generated_numbers_and_heading_levels(sample_docx) -> None:
    paragraphs = [(p.style.name, p.text) for p in sample_docx.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "2022年度益阳市资阳区科学技术协会\n科普专项经费绩效自评报告")
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings[:4] == [("Heading 1", "一、项目概况"), ("Heading 1", "二、绩效自评工作开展情况"),
                            ("Heading 1", "三、综合评价结论"), ("Heading 1", "四、绩效目标实现情况分析")]
    assert ("Heading 2", "（一）项目资金使用及管理情况") in headings
    assert ("Heading 3", "1.项目资金使用情况") in headings and ("Heading 4", "（1）项目投入情况") in headings
    texts = [text for _style, text in paragraphs]
    assert texts.index("附件：2022年度项目支出绩效自评表") < texts.index("益阳市资阳区科学技术协会") \
        < texts.index("2023年4月17日") < texts.index("附件") < texts.index("项目支出绩效自评表")
    assert "（2022年度）" in texts


def test_page_numbers_are_page_fields_in_odd_and_even_footers(sample_docx) -> None:
    section = sample_docx.sections[0]
    assert sample_docx.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert paragraph.text.replace("1", "N") == "— N —"
        assert str(paragraph.alignment).lower().startswith(alignment)


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_score_table_has_the_merged_cells_and_computed_figures(sample_docx) -> None:
    head, indicators = sample_docx.tables
    money = _cells(head)[3]
    assert money[1:] == ["年度资金总额", "43", "43", "28", "10", "65.12%", "6.51"]
    assert _cells(head)[0][1:] == ["科普宣传与科普活动"] * 7  # 项目名称 spans the row
    xml = head._tbl.xml
    assert 'w:gridSpan w:val="7"' in xml and 'w:vMerge w:val="restart"' in xml
    rows = _cells(indicators)
    assert rows[0][1:] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    assert rows[1][1:] == ["产出指标（50分）", "数量指标", "组织科普宣传活动", "≥5次", "12次", "10", "10", ""]
    assert rows[-1][5:8] == ["总分", "110", "106.51"]
    # 产出指标 runs down five rows as one cell; the header row repeats on each page.
    first_column = [row.cells[1]._tc for row in indicators.rows[1:6]]
    assert len(set(first_column)) == 1
    assert indicators.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_the_file_declares_its_properties_and_no_embedded_fonts(sample_docx) -> None:
    properties = sample_docx.core_properties
    assert properties.title == "2022年度益阳市资阳区科学技术协会科普专项经费绩效自评报告"
    assert properties.author == "益阳市资阳区科学技术协会" and properties.language == "zh-CN"


def test_no_font_file_is_embedded_and_the_font_table_names_alternatives(sample_report) -> None:
    data = render_docx(sample_report, load_ruleset(sample_report.ruleset))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/fonts/")]
        table = archive.read("word/fontTable.xml").decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/>' in table


def test_font_names_are_configurable(sample_report, monkeypatch) -> None:
    monkeypatch.setenv("ZEPING_OFFICE_FONTS", "仿宋=仿宋_GB2312/仿宋; kaiti=楷体_GB2312")
    fonts = office_fonts()
    assert fonts["fangsong"] == OfficeFont("仿宋_GB2312", "仿宋")
    assert fonts["kaiti"] == OfficeFont("楷体_GB2312", "KaiTi") and fonts["heiti"].name == "黑体"
    document = docx.Document(io.BytesIO(render_docx(sample_report, load_ruleset(sample_report.ruleset))))
    assert _east_asian(document.styles["Normal"].element) == "仿宋_GB2312"
    assert _east_asian(document.styles["Heading 2"].element) == "楷体_GB2312"
    for setting in ("仿宋", "隶书=某字体", "仿宋="):
        with pytest.raises(ZepingError) as refused:
            office_fonts(setting)
        assert refused.value.code == "output.font-setting"


def test_a_character_xml_cannot_hold_is_refused_naming_the_field(sample_report, tmp_path) -> None:
    sample_report.indicators[2].note = "原因\ufffe"
    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    with pytest.raises(ZepingError) as refused:
        exporter("docx").write(sample_report, load_ruleset(sample_report.ruleset), out)
    assert "第3个绩效指标的“偏差原因分析及改进措施”" in refused.value.message
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_a_long_row_may_split_but_short_rows_move_whole() -> None:
    report = Report(unit="某单位", year=2023)
    report.indicators = [Indicator("产出指标", "数量指标", "短", "≥1次", "1次", Decimal(10)),
                         Indicator("产出指标", "数量指标", "长", "≥1次", "1次", Decimal(10), note="很长的说明。" * 400)]
    document = docx.Document(io.BytesIO(render_docx(report, load_ruleset("national-2020"))))
    rows = document.tables[1].rows
    assert rows[1]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert rows[2]._tr.trPr is None or rows[2]._tr.trPr.find(qn("w:cantSplit")) is None


def test_a_blank_report_exports() -> None:
    document = docx.Document(io.BytesIO(render_docx(Report(), load_ruleset("national-2020"))))
    assert next(t for t in (p.text for p in document.paragraphs) if t) == "绩效自评报告"


# The order of properties in ECMA-376 (Part 1, §17): Word refuses a file that breaks it.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
           "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
           "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
           "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
           "em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
             "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "sectPr": "footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols formProt vAlign "
              "noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings",
}


def test_properties_are_in_the_schemas_order(sample_report) -> None:
    from lxml import etree

    data = render_docx(sample_report, load_ruleset(sample_report.ruleset))
    checked = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            for element in etree.fromstring(archive.read(name)).iter():
                local = etree.QName(element).localname
                if local not in SCHEMA_ORDER:
                    continue
                order = SCHEMA_ORDER[local].split()
                found = [etree.QName(child).localname for child in element]
                known = [order.index(tag) for tag in found if tag in order]
                assert known == sorted(known) and len(set(known)) == len(known), (name, local, found)
                checked += 1
    assert checked > 500
