"""The report's own pages: the title, the preamble, the numbered sections, then the 附件
note and the signature block, kept together with the last text (GB/T 9704 §7.3)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from model.report import Report
from storage.documents import content
from storage.documents.content import PrintedSection
from storage.documents.layout import TextStyle
from storage.documents.pdf.typesetter import Typesetter


def title_text(ts: Typesetter, report: Report) -> str:
    """The title, broken where content.title_break says when that makes two lines that
    fit: a title is broken where the words allow, which a character count cannot know."""
    title = content.title(report)
    parts = content.title_break(report)
    if parts is None:
        return title
    spec = ts.layout.title
    font = ts.fonts.font_name(spec.role)
    width = ts.layout.frame_width

    def fits(text: str) -> bool:
        return bool(stringWidth(text, font, spec.size) <= width)

    head, rest = parts
    if not fits(title) and fits(head) and fits(rest):
        return f"{head}\n{rest}"
    return title


def _section_flowables(ts: Typesetter, sections: Sequence[PrintedSection]) -> list[Flowable]:
    layout = ts.layout
    story: list[Flowable] = []
    for section in sections:
        heading = layout.headings[min(section.depth, len(layout.headings) - 1)]
        if heading.keep_with_next:
            # The heading, the headings straight under it and two lines of text stay
            # on one page (KeepTogether would move a whole long paragraph).
            stacked = 1
            below = section
            while not below.paragraphs and below.children:
                below = below.children[0]
                stacked += 1
            story.append(CondPageBreak((stacked + 2) * layout.body.leading))
        title = ts.para(section.heading, heading, section.title_place)
        title.is_heading = True
        story.append(title)
        story.extend(ts.paragraphs(list(section.paragraphs), layout.body, section.text_place))
        story.extend(_section_flowables(ts, section.children))
    return story


def _closing(ts: Typesetter, report: Report) -> list[Flowable]:
    """The 附件 note and the signature block (unit, date) with room for the seal."""
    layout = ts.layout
    body = layout.body
    size = body.size
    story: list[Flowable] = [Spacer(0, layout.attachment_note_blank_lines * body.leading)]
    note_style = TextStyle(body.role, size, body.leading, "left")
    for line in content.attachment_note(report):
        story.append(ts.para(line.text, note_style, line.place, left=line.indent_chars * size))
    signature = content.signature(report)
    story.append(Spacer(0, layout.seal_blank_lines * body.leading))
    date_right = layout.signature_date_right_chars * size
    right_style = TextStyle(body.role, size, body.leading, "right")
    font = ts.fonts.font_name(body.role)
    if signature.date:
        # The unit is centred over the date (GB/T 9704 §7.3.5).
        offset = (stringWidth(signature.date, font, size) - stringWidth(signature.unit, font, size)) / 2
        unit_right = max(0.0, date_right + offset)
    else:
        unit_right = date_right
    story.append(ts.para(signature.unit, right_style, content.SIGNATURE_UNIT_PLACE, right=unit_right))
    if signature.date:
        story.append(ts.para(signature.date, right_style, content.SIGNATURE_DATE_PLACE, right=date_right))
    # No KeepTogether here: the caller keeps the whole closing together, and a nested
    # KeepTogether reports an infinite height, which always pushed the closing to a new page.
    return story


def body_story(ts: Typesetter, report: Report) -> list[Flowable]:
    """The report from its title to the signature."""
    layout = ts.layout
    story: list[Flowable] = [ts.para(title_text(ts, report), layout.title, content.TITLE_PLACE)]
    story.extend(ts.paragraphs(content.paragraphs(report.preamble), layout.body, content.PREAMBLE_PLACE))
    story.extend(_section_flowables(ts, content.sections(report)))
    # The signature never stands on a page of its own (GB/T 9704 §7.3.5): the last
    # paragraph, with the headings right above it, goes along with it.
    tail: list[Flowable] = []
    while story and isinstance(story[-1], CondPageBreak):
        story.pop()
    if len(story) > 1:
        tail.append(story.pop())
    while len(story) > 1 and (isinstance(story[-1], CondPageBreak) or getattr(story[-1], "is_heading", False)):
        item = story.pop()
        if not isinstance(item, CondPageBreak):
            tail.insert(0, item)
    story.append(KeepTogether(tail + _closing(ts, report)))
    return story
