"""Texts of any length the importer accepts print, in time linear in their length (issue 9
item 15, issue 14): checked by what the writer does — how often each character is measured
and broken into lines —, never by the clock. A long text in a merged cell of the table's
head is printed apart instead of failing with reportlab's LayoutError."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from model.fields import FIELDS, INDICATOR_FIELDS, LINE, LINES, TEXT, set_value
from model.report import Report
from storage.documents.fonts import font_set
from storage.documents.layout import GBT9704
from storage.documents.pdf import flowables, render_pdf
from storage.documents.pdf.flowables import CJKParagraph, LinesFrom, char_widths
from storage.documents.pdf.typesetter import Typesetter
from storage.rulesets import load_ruleset
from storage.sample import sample_report

SENTENCE = "今年区科协组织开展“科技周”等科普活动28.5万元，执行率为99.5%。"


def _render(report: Report) -> bytes:
    return render_pdf(report, load_ruleset(report.ruleset), stable=True)


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Characters handed to the width table and to the line breaker, counted."""
    counts = {"char_widths": 0, "break_lines": 0, "break_positions": 0}
    for name in counts:
        original = getattr(flowables, name)

        def counting(text: str, *args: object, _original: Callable[..., object] = original,
                     _name: str = name, **kwargs: object) -> object:
            counts[_name] += len(text)
            return _original(text, *args, **kwargs)

        monkeypatch.setattr(flowables, name, counting)
    return counts


def _work(report: Report, measured: dict[str, int]) -> tuple[int, int]:
    """(characters measured, characters broken into lines) while printing ``report``."""
    for name in measured:
        measured[name] = 0
    _render(report)
    return measured["char_widths"], measured["break_lines"] + measured["break_positions"]


@pytest.mark.parametrize("where", ["section", "note", "note with line breaks", "goal"])
def test_a_text_over_many_pages_is_measured_and_broken_once(measured, where) -> None:
    # Before: the part of a paragraph going on to the next page was broken again from its
    # start on every page, so the work grew with the square of the length.
    length = 12_000
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    if where == "note with line breaks":
        text = "\n".join(text[i:i + 1000] for i in range(0, length, 1000))
    report = sample_report()
    base_measured, base_broken = _work(report, measured)
    if where == "section":
        report.sections[0].text = text
    elif where == "goal":
        report.goal.expected = text
    else:
        report.indicators[0].note = text
    long_measured, long_broken = _work(report, measured)
    assert long_measured - base_measured <= 1.2 * length
    assert long_broken - base_broken <= 1.2 * length


def test_the_part_going_on_keeps_its_lines() -> None:
    # reportlab's own split joined the rest into a new text (with a space after each line
    # of a paragraph in several fonts or with line breaks) and broke it again.
    ts = Typesetter(font_set(bundled_only=True), GBT9704)
    for text in (SENTENCE * 20, (SENTENCE * 10 + "\n") * 2):
        paragraph = ts.para(text, GBT9704.table.cell, "测试")
        paragraph.wrap(100, 1000)
        whole = [_line_text(line) for line in paragraph.blPara.lines]
        _first, rest = paragraph.split(100, 13 * 5)
        rest.wrap(100, 1000)
        assert isinstance(rest, CJKParagraph)
        assert [_line_text(line) for line in rest.blPara.lines] == whole[5:]
        assert "".join(whole) == text.replace("\n", "")


def _line_text(line: object) -> str:
    if isinstance(line, tuple):  # one font: (unused width, [text])
        return "".join(line[1])
    return "".join(word.text for word in line.words)  # type: ignore[attr-defined]


def test_character_widths_are_reportlabs() -> None:
    fonts = font_set(bundled_only=True)
    name = fonts.font_name(GBT9704.body.role)
    text = SENTENCE + " ABCxyz，。"
    assert char_widths(text, name, 10.5) == [stringWidth(c, name, 10.5) for c in text]


def test_lines_from_is_a_view_of_the_rest() -> None:
    lines = list(range(10))
    rest = LinesFrom(LinesFrom(lines, 3), 2)
    assert list(rest) == [5, 6, 7, 8, 9] and len(rest) == 5
    assert rest[0] == 5 and rest[-1] == 9 and rest[1:3] == [6, 7] and rest[::2] == [5, 7, 9]
    with pytest.raises(IndexError):
        rest[5]


@pytest.mark.parametrize(("key", "length"), [("project.implementer", 577), ("project.department", 961),
                                             ("project.name", 1873)])
def test_a_head_text_taller_than_a_page_prints(key, length) -> None:
    # Issue 9 item 15: a merged cell taller than a page was reportlab's LayoutError.
    report = sample_report()
    set_value(report, key, "科" * length)
    pages = _render(report).count(b"/Type /Page\n")
    assert pages > _render(sample_report()).count(b"/Type /Page\n")


def test_every_text_field_of_any_length_prints() -> None:
    report = sample_report()
    long = SENTENCE * 60  # about 2,000 characters: taller than a page in any cell
    for spec in FIELDS:
        if spec.kind in (LINE, TEXT):
            set_value(report, spec.key, long)
        elif spec.kind == LINES:
            set_value(report, spec.key, [long])
    for spec in INDICATOR_FIELDS:
        if spec.kind in (LINE, TEXT):
            setattr(report.indicators[0], spec.key, long)
    report.sections[0].title = long
    report.sections[-1].text = long
    assert _render(report).startswith(b"%PDF")


def test_a_long_table_is_split_with_about_one_trial_table_per_page(monkeypatch) -> None:
    # The rows of each page are chosen from bounds of their height (each row measured
    # once); before, trial tables grew a row at a time and were laid out from scratch
    # (about 2.5 per page, each of the whole page's rows).
    from decimal import Decimal

    from model.report import Indicator
    from storage.documents.pdf import scoretable

    rows_laid_out: list[int] = []
    original = scoretable.IndicatorTable._fits

    def counting(self, stop, width, height):  # type: ignore[no-untyped-def]
        rows_laid_out.append(stop - self._start)
        return original(self, stop, width, height)

    monkeypatch.setattr(scoretable.IndicatorTable, "_fits", counting)
    report = sample_report()
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    report.indicators = [Indicator(*levels[i % 4], f"第{i}号指标", "≥5次", "6次", Decimal("0.2"), None, None, "")
                         for i in range(400)]
    pages = _render(report).count(b"/Type /Page\n")
    table_pages = pages - _render(sample_report()).count(b"/Type /Page\n") + 1
    assert len(rows_laid_out) <= table_pages + 2
    assert sum(rows_laid_out) <= 1.2 * len(report.indicators) + 40
