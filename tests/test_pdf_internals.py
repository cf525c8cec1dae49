"""The reportlab internals the PDF writer relies on (storage.documents.pdf.rlinternals):
fails when a reportlab release renames or reshapes them, before a PDF silently changes."""

from __future__ import annotations

import inspect
import io
import re

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from storage.documents.fonts import font_set
from storage.documents.layout import GBT9704
from storage.documents.pdf import rlinternals
from storage.documents.pdf.flowables import CJKParagraph
from storage.documents.pdf.typesetter import Typesetter

TEXT = "为切实做好年度预算绩效自评工作，按照有关文件要求，我单位对项目资金的使用情况进行了全面自评，现将有关情况报告如下。" * 2


def test_the_patched_global_and_the_cjk_helpers_exist() -> None:
    original = rl_paragraph._justifyDrawParaLine
    assert callable(original)
    assert list(inspect.signature(original).parameters)[:5] == ["tx", "offset", "extraspace", "words", "last"]
    for name in ("cjkU", "makeCJKParaLine", "ParaLines"):
        assert callable(getattr(rl_paragraph, name)), name
    # The Paragraph methods CJKParagraph overrides.
    for name in ("drawPara", "breakLinesCJK"):
        assert callable(getattr(Paragraph, name)), name


def _char_spacings(paragraph: Paragraph) -> list[float]:
    """The character spacings (Tc) set while drawing ``paragraph`` on a page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    paragraph.wrapOn(canvas, 27.5 * GBT9704.body.size, 1000)  # half a character left on each line
    paragraph.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    return [float(v) for v in re.findall(rb"([-\d.]+) Tc", buffer.getvalue())]


def test_a_justified_chinese_line_is_drawn_with_character_spacing() -> None:
    ts = Typesetter(font_set(bundled_only=True), GBT9704)
    ours = ts.para(TEXT, GBT9704.body, "测试")
    assert isinstance(ours, CJKParagraph)
    assert any(v > 0 for v in _char_spacings(ours))
    assert rl_paragraph._justifyDrawParaLine is rlinternals._REPORTLAB_JUSTIFY  # restored after drawing
    # reportlab's own Paragraph leaves such lines ragged: the spacing is ours.
    plain = Paragraph(TEXT, ts.style(GBT9704.body))
    assert not any(v > 0 for v in _char_spacings(plain))
