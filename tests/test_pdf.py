"""The PDF export, read back with pypdf: text in order, generated numbering, page
numbers, the computed figures, embedded fonts, A4, long tables, hostile text, the
missing-character refusal and byte-stable output. Each PDF is built once per module."""

from __future__ import annotations

import copy
import dataclasses
import io
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import ROOT, SAMPLE_JSON
from pypdf import PdfReader

from model.report import Indicator, Report
from storage.documents.fonts import FontSet, MissingCharacters
from storage.documents.layout import FANGSONG, KAITI
from storage.documents.pdf import document as pdf
from storage.documents.pdf import export_pdf, missing_characters, render_pdf
from storage.files import report_file_name
from storage.interchange import load_file
from storage.rulesets import load_ruleset

A4 = (595.28, 841.89)
HOSTILE = "比较 a<b & c>d，</para> <b>不加粗</b> &amp; <font face='Helvetica'>x</font> 结束。"


def _sample() -> Report:
    return load_file(str(SAMPLE_JSON))


def _read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """Text without line breaks or spaces (CJK lines wrap anywhere)."""
    return re.sub(r"\s+", "", text)


def _many_indicators(count: int) -> Report:
    report = _sample()
    groups = [("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
              ("效益指标", ("经济效益指标", "社会效益指标", "可持续影响指标")),
              ("满意度指标", ("服务对象满意度指标",))]
    report.indicators = []
    for index in range(count):
        level1, level2s = groups[min(2, index * 3 // count)]
        report.indicators.append(Indicator(
            level1, level2s[index % len(level2s)], f"第{index + 1}号指标开展活动", "≥5次", "6次",
            Decimal("0.75"), None, None, "原因分析及改进措施" if index % 9 == 0 else ""))
    return report


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset("national-2020")


@pytest.fixture(scope="module")
def sample_pdf(ruleset) -> bytes:
    return render_pdf(_sample(), ruleset, stable=True)


@pytest.fixture(scope="module")
def sample_reader(sample_pdf) -> PdfReader:
    return _read(sample_pdf)


@pytest.fixture(scope="module")
def long_reader(ruleset) -> PdfReader:
    return _read(render_pdf(_many_indicators(120), ruleset, stable=True))


def test_every_page_is_a4_portrait(sample_reader, long_reader) -> None:
    for reader in (sample_reader, long_reader):
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert (round(width, 1), round(height, 1)) == (round(A4[0], 1), round(A4[1], 1))


def test_text_in_order_with_generated_numbering(sample_reader) -> None:
    text = _flat(_text(sample_reader))
    expected = [
        "2022年度益阳市资阳区科学技术协会科普专项经费绩效自评报告",
        "为切实做好2022年度预算绩效自评工作",
        "一、项目概况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析",
        "（一）项目资金使用及管理情况", "1.项目资金使用情况", "（1）项目投入情况", "（2）项目支出情况",
        "（3）资金使用合法性、合规性", "2.项目管理情况", "3.制度执行情况",
        "（二）总体绩效目标完成情况分析", "1.有序推进科学普及工作", "2.突出抓好科技人才工作",
        "（三）绩效指标完成情况分析", "五、存在的问题和改进措施",
        "六、绩效自评结果拟应用和公开情况", "七、其他需要说明的问题",
        "附件：2022年度项目支出绩效自评表", "益阳市资阳区科学技术协会", "2023年4月17日",
        "附件", "项目支出绩效自评表", "（2022年度）", "项目名称", "科普宣传与科普活动",
    ]
    position = 0
    for piece in expected:
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} missing or out of order"
        position = found + len(piece)
    # The typed number of the seed's duplicated "2、制度执行情况" is not printed.
    assert "2.制度执行情况" not in text


def test_no_line_starts_with_a_closing_mark(sample_reader) -> None:
    # Including the paragraph that runs from page 1 onto page 2 (split paragraphs are
    # broken again by reportlab unless the writer keeps its own line breaking).
    for page in sample_reader.pages:
        for line in page.extract_text().splitlines():
            assert not line.strip() or line.strip()[0] not in "，。、；：！？）》”’", line


def test_paragraphs_mixing_fonts_keep_the_line_breaking_rules(monkeypatch, ruleset) -> None:
    # An "official" 仿宋 that lacks most characters: they come from the bundled serif.
    fonts = FontSet(bundled_only=True)
    serif, kai = fonts.chain(FANGSONG)[0], fonts.chain(KAITI)[0]
    official = dataclasses.replace(kai, official=True, glyphs=frozenset(map(ord, " 0123456789为切实做好年度")))
    fonts._chains[FANGSONG] = (official, serif)
    monkeypatch.setattr(pdf, "font_set", lambda bundled_only=None: fonts)
    reader = _read(pdf.render_pdf(_sample(), ruleset))
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert {"ZepingKai-Regular", "NotoSerifCJKsc-Regular"} <= used
    text = _text(reader)
    assert "为切实做好2022年度预算绩效自评工作" in _flat(text)
    for line in text.splitlines():
        assert not line.strip() or line.strip()[0] not in "，。、；：！？）》”’", line


def _pieces(reader: PdfReader) -> list[tuple[int, str, str, float]]:
    """(page, text, font name, absolute x) of every piece of text drawn."""
    pieces: list[tuple[int, str, str, float]] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text, cm, tm, font, _size, number=number):
            if text.strip() and font is not None:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                pieces.append((number, text.strip(), str(font["/BaseFont"]).split("+")[-1], x))

        page.extract_text(visitor_text=visit)
    return pieces


def test_font_roles_and_the_signature_on_the_right(sample_reader) -> None:
    pieces = _pieces(sample_reader)

    def font_of(text: str, page: int | None = None) -> str:
        return next(f for p, t, f, _x in pieces if t == text and page in (None, p))

    assert font_of("一、项目概况") == "NotoSansCJKsc-Regular"  # 黑体
    assert font_of("（一）项目资金使用及管理情况") == "ZepingKai-Regular"  # 楷体
    assert any(f == "NotoSerifCJKsc-Bold" for p, _t, f, _x in pieces if p == 1)  # 小标宋 title
    attachment_page = next(p for p, t, _f, _x in pieces if t == "项目支出绩效自评表")
    assert font_of("附件", attachment_page) == "NotoSansCJKsc-Regular"  # 附件 label in 黑体
    label_x = next(x for p, t, _f, x in pieces if t == "附件" and p == attachment_page)
    assert abs(label_x - 28 * 72 / 25.4) < 1  # at the left edge of the type area
    date_x = next(x for _p, t, _f, x in pieces if t.startswith("2023年4"))
    assert date_x > A4[0] / 2


def test_page_numbers_odd_right_even_left(sample_reader) -> None:
    assert len(sample_reader.pages) >= 3
    for number, page in enumerate(sample_reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()
        dashes: list[float] = []

        def visit(text, _cm, tm, _font, _size, dashes=dashes):
            if "—" in text and tm[5] < 100:  # in the bottom margin
                dashes.append(tm[4])

        page.extract_text(visitor_text=visit)
        assert dashes, f"no page number on page {number}"
        if number % 2:
            assert min(dashes) > A4[0] / 2
        else:
            assert max(dashes) < A4[0] / 3


def test_table_has_computed_rate_and_score_not_declared(sample_reader) -> None:
    table = _flat(sample_reader.pages[-1].extract_text() + sample_reader.pages[-2].extract_text())
    assert re.search(r"年度资金总额434328(10)65\.12%6\.51", table), table[:400]
    assert "总分110106.51" in table
    assert "65.12%" in table and "6.51" in table


def test_every_font_is_embedded_truetype(sample_reader, long_reader) -> None:
    for reader in (sample_reader, long_reader):
        names = set()
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                names.add(str(font["/BaseFont"]))
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert names
        assert not any("Helvetica" in n or "STSong" in n or "Times" in n for n in names), names


def test_metadata(sample_reader) -> None:
    info = sample_reader.metadata
    assert info.title == "2022年度益阳市资阳区科学技术协会科普专项经费绩效自评报告"
    assert info.author == "益阳市资阳区科学技术协会"
    assert info.subject and "绩效自评" in info.subject
    assert info.creation_date is not None


def test_every_character_of_the_input_is_printed(sample_reader) -> None:
    report = _sample()
    texts = [report.title, report.preamble, report.project.name, report.project.department,
             report.project.implementer, report.goal.expected, report.goal.actual,
             report.signature.unit, *report.attachments]
    for _depth, section in report.all_sections():
        texts += [section.title, section.text]
    for indicator in report.indicators:
        texts += [indicator.level1, indicator.level2, indicator.name, indicator.target,
                  indicator.actual, indicator.note]
    wanted = set(_flat("".join(texts)))
    printed = set(_flat(_text(sample_reader)))
    assert wanted - printed == set()


def test_stable_mode_gives_identical_bytes(sample_pdf, ruleset) -> None:
    assert render_pdf(_sample(), ruleset, stable=True) == sample_pdf


def test_long_table_spans_pages_and_repeats_its_header(long_reader) -> None:
    pages = [page.extract_text() for page in long_reader.pages]
    table_pages = [p for p in pages if "三级指标" in p]
    assert len(table_pages) >= 3
    for page in table_pages:
        flat = _flat(page)
        # The header row, with its 一级 and 二级 merged cells named again on each page.
        for label in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施"):
            assert label in flat
    flat_all = _flat("".join(pages))
    for index in range(120):
        assert f"第{index + 1}号指标开展活动" in flat_all
    # 分值 10 + 120 × 0.75 = 100; 得分 6.51 + 120 × 0.75 (every target met) = 96.51.
    assert "总分10096.51" in flat_all
    assert flat_all.rstrip().find("总分") > flat_all.find("第120号指标开展活动")


def test_a_row_taller_than_a_page_is_split_not_cut(ruleset) -> None:
    report = _sample()
    report.indicators[1].note = "".join(f"第{i}句说明文字。" for i in range(400))
    report.goal.expected = "".join(f"第{i}条预期目标。" for i in range(300))
    report.goal.actual = ""  # the cell beside would be read between the parts
    text = _flat(_text(_read(render_pdf(report, ruleset, stable=True))))
    text = re.sub(r"—\d+—", "", text)  # the page numbers between the parts of a row
    for i in range(400):
        assert f"第{i}句说明文字" in text
    for i in range(300):
        assert f"第{i}条预期目标" in text


def test_markup_characters_are_printed_literally(ruleset) -> None:
    report = _sample()
    report.preamble = HOSTILE + "\n" + report.preamble
    report.indicators[0].name = "</para>&<b>"
    report.sections[0].title = "项目<概况>&"
    text = _flat(_text(_read(render_pdf(report, ruleset, stable=True))))
    assert _flat(HOSTILE) in text
    assert "</para>&<b>" in text
    assert "一、项目<概况>&" in text


@pytest.mark.parametrize(
    ("where", "char", "place"),
    [
        ("actual", "😀", "第3个绩效指标的“实际完成值”"),
        ("section", "𠀀", "章节“一、项目概况”的正文"),
        ("unit", "\U0002a6a5", "落款单位"),
    ],
)
def test_a_character_no_font_has_is_refused_before_writing(tmp_path, ruleset, where, char, place) -> None:
    report = _sample()
    if where == "actual":
        report.indicators[2].actual = f"完成{char}"
    elif where == "section":
        report.sections[0].text += f"\n生僻字{char}。"
    else:
        report.signature.unit = f"某{char}单位"
    out = tmp_path / "out.pdf"
    with pytest.raises(MissingCharacters) as caught:
        export_pdf(report, ruleset, out)
    message = caught.value.message
    assert place in message and char in message and f"U+{ord(char):04X}" in message
    assert caught.value.code == "pdf.missing-character"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    found = missing_characters(report, ruleset, bundled_only=True)
    assert [(m.place, m.char) for m in found] == [(place, char)]


def test_a_refused_export_leaves_an_existing_file_alone(tmp_path, ruleset) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    report = _sample()
    report.goal.actual = "完成✅"
    with pytest.raises(MissingCharacters):
        export_pdf(report, ruleset, out)
    assert out.read_bytes() == b"old"


def test_export_writes_the_file(tmp_path, ruleset, sample_pdf) -> None:
    out = tmp_path / "报告.pdf"
    export_pdf(_sample(), ruleset, out, stable=True)
    assert out.read_bytes() == sample_pdf
    assert [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]


def test_report_without_attachments_or_date_still_prints(ruleset) -> None:
    report = copy.deepcopy(_sample())
    report.attachments = []
    report.signature.date = None
    report.indicators = []
    text = _flat(_text(_read(render_pdf(report, ruleset, stable=True))))
    assert "附件：2022年度项目支出绩效自评表" in text
    assert "总分106.51" in text  # execution weight 10, score 6.51


def test_default_file_name() -> None:
    report = _sample()
    assert report_file_name(report) == "2022年度益阳市资阳区科学技术协会科普宣传与科普活动绩效自评报告.pdf"
    report.project.name = "A/B:C*?项目"
    assert report_file_name(report) == "2022年度益阳市资阳区科学技术协会A_B_C__项目绩效自评报告.pdf"


def test_the_closing_stays_on_the_page_of_the_last_text(ruleset) -> None:
    report = Report(unit="某单位", year=2023, preamble="只有一段开头语。")
    first = _flat(_read(render_pdf(report, ruleset, stable=True)).pages[0].extract_text())
    assert "只有一段开头语。附件：2023年度项目支出绩效自评表某单位" in first


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, env={**os.environ, "ZEPING_BUNDLED_FONTS": "1"})


def test_cli_export_pdf(tmp_path) -> None:
    data = tmp_path / "d.db"
    assert _cli("import", str(data), str(SAMPLE_JSON)).returncode == 0
    out = tmp_path / "out.pdf"
    result = _cli("export", str(data), "1", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    bad = tmp_path / "bad.json"
    bad.write_text(SAMPLE_JSON.read_text(encoding="utf-8").replace("已按时完成。", "已按时完成😀"),
                   encoding="utf-8")
    assert _cli("import", str(data), str(bad)).returncode == 0
    refused = tmp_path / "refused.pdf"
    result = _cli("export", str(data), "2", "--pdf", str(refused))
    assert result.returncode == 1
    assert "年度总体目标/实际完成情况" in result.stderr and "😀" in result.stderr
    assert "pdf.missing-character" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not refused.exists()


def test_pdftotext_reads_page_numbers_and_every_character(sample_pdf, tmp_path, sample_report) -> None:
    """poppler's default reading (what a clerk's PDF viewer copies) keeps "— N —" apart
    and gives back every character of the report's text."""
    path = tmp_path / "sample.pdf"
    path.write_bytes(sample_pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"— {number} —" in page
    typed = "".join(
        [sample_report.title, sample_report.preamble, sample_report.goal.expected, sample_report.goal.actual]
        + [s.title + s.text for _d, s in sample_report.all_sections()]
        + [i.name + i.target + i.actual for i in sample_report.indicators]
    )
    missing = sorted({c for c in typed if not c.isspace()} - set(text))
    assert missing == []
