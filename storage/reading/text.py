"""The report's text read from the paragraphs of a document: title, preamble, the section
tree by its numbering (一、 （一） 1. （1）, model.numbering), the 附件 note and the
signature (unit, date), as DOMAIN.md §2.1 lays them out.

A paragraph is a heading when a heading style says so, or when it starts with a number
and reads like a title (short, no sentence inside it); a numbered sentence (1.目前……。)
stays text, word for word. Sections nest by the kind of their number, so an outline
that skips a level still nests as written. Template keys are given to the sections
whose titles are the template's (or say the same in other words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from model.numbering import numbered
from model.report import Section
from model.template import template_outline_keys
from model.values import read_date
from storage.reading.result import Note

MAX_HEADING = 40  # characters: a longer numbered paragraph is text
MAX_SIGNATURE = 40
_SENTENCE = re.compile(r"[。；;！!？?]")
_ATTACHMENT_NOTE = re.compile(r"^\s*附\s*件\s*[:：]\s*(.*)$")
_ATTACHMENT_ITEM = re.compile(r"^\s*(\d+)\s*[.．、]\s*(.+)$")
_TITLE_START = re.compile(r"^\s*(?:\d{4}\s*年|关于)")

# Words other reports use for the template's sections, after the template's own title.
OTHER_TITLES = {
    "overview": ("项目基本情况", "基本情况", "项目概述"),
    "process": ("自评工作开展情况", "自评工作开展", "自评工作组织"),
    "conclusion": ("评价结论", "自评结论"),
    "analysis": ("绩效目标实现情况",),
    "funds": ("资金使用及管理", "资金使用情况", "资金管理情况"),
    "goal": ("总体绩效目标", "总体目标完成"),
    "indicators": ("绩效指标完成", "指标完成情况"),
    "problems": ("存在的问题", "问题和改进", "问题及改进"),
    "application": ("结果拟应用", "结果应用", "公开情况"),
    "other": ("其他需要说明",),
}
CHILD_KEYS = ("funds", "goal", "indicators")  # under 绩效目标实现情况分析


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the document's body as read."""

    text: str
    where: str  # 正文第12段
    heading_level: int | None = None  # from the style's outline level (0 = 标题 1)
    has_picture: bool = False


@dataclass
class TextReading:
    """What the paragraphs give; ``notes`` lists what was not taken."""

    title: str = ""
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature_unit: str = ""
    signature_date_text: str = ""
    read: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def heading(paragraph: Paragraph) -> tuple[int, str] | None:
    """(the depth its number stands for, the title without it) when ``paragraph`` is a
    heading; a styled heading without a number takes its outline level as depth."""
    text = paragraph.text.strip()
    found = numbered(text)
    if found is None:
        if paragraph.heading_level is not None and text and "\n" not in text:
            return min(paragraph.heading_level, 3), text
        return None
    depth, rest = found
    rest = rest.strip()
    if not rest or "\n" in rest:
        return None
    if paragraph.heading_level is not None or (len(rest) <= MAX_HEADING and not _SENTENCE.search(rest)):
        return depth, rest
    return None


def _is_date(text: str) -> bool:
    value, problem = read_date(text)
    return value is not None and problem is None


def _signature_like(text: str) -> bool:
    return 0 < len(text) <= MAX_SIGNATURE and not re.search(r"[。，,；;：:]", text) and numbered(text) is None


def _title_end(paragraphs: list[Paragraph]) -> int | None:
    """The index of the title's (last) paragraph among the first ones, if any."""
    for index, paragraph in enumerate(paragraphs[:3]):
        text = paragraph.text.strip()
        if heading(paragraph) is not None and paragraph.heading_level is not None:
            return None
        if "报告" in text and len(_flat(text)) <= 60 and not _SENTENCE.search(text):
            return index
    return None


def read_text(paragraphs: list[Paragraph]) -> TextReading:
    """The report's text from its body paragraphs (blank ones left out by the caller)."""
    result = TextReading()
    body = [p for p in paragraphs if p.text.strip()]
    end = _title_end(body)
    if end is not None:
        start = end
        # A title set on two paragraphs (2022年度某单位 / 某项目绩效自评报告, 关于… / …报告):
        # the line before belongs to it when it is short and starts so.
        before = body[end - 1].text.strip() if end >= 1 else ""
        if _TITLE_START.match(before) and _signature_like(before) and "〔" not in before:
            start = end - 1
        for paragraph in body[:start]:
            result.notes.append(Note(paragraph.where, paragraph.text, "在标题之前，未读取"))
        result.title = "".join(p.text.strip().replace("\n", "") for p in body[start:end + 1])
        body = body[end + 1:]
    signature = _signature(body, result)
    preamble: list[str] = []
    stack: list[tuple[int, Section]] = []
    attachments_open = False
    for index, paragraph in enumerate(body):
        if index in signature:
            continue
        text = paragraph.text.strip()
        if paragraph.has_picture:
            result.notes.append(Note(paragraph.where, text, "段中的图片未读取（文字已读取）"))
        note = _ATTACHMENT_NOTE.match(text)
        item = _ATTACHMENT_ITEM.match(text)
        if note:
            first = note.group(1).strip()
            listed = _ATTACHMENT_ITEM.match(first)
            if first:
                result.attachments.append(listed.group(2).strip() if listed else first)
            attachments_open = True
            continue
        if attachments_open and item:
            result.attachments.append(item.group(2).strip())
            continue
        attachments_open = False
        found = heading(paragraph)
        if found is not None:
            depth, title = found
            while stack and stack[-1][0] >= depth:
                stack.pop()
            section = Section(title=title)
            (stack[-1][1].children if stack else result.sections).append(section)
            if (stack and depth - stack[-1][0] > 1) or (not stack and depth > 0):
                result.read.append(f"{paragraph.where}“{text[:20]}”的编号越过了上一级，导出时按所在层级重新编号")
            stack.append((depth, section))
            continue
        if stack:
            section = stack[-1][1]
            section.text = f"{section.text}\n{text}" if section.text else text
        else:
            preamble.append(text)
    result.preamble = "\n".join(preamble)
    _give_keys(result.sections)
    return result


def _signature(body: list[Paragraph], result: TextReading) -> set[int]:
    """The date and the unit above it among the last paragraphs (the 附件 note may stand
    before or after them); their indices, which are not text."""
    index = len(body) - 1
    while index >= 0 and (_ATTACHMENT_NOTE.match(body[index].text) or _ATTACHMENT_ITEM.match(body[index].text)):
        index -= 1
    if index < 0 or not _is_date(body[index].text.strip()) or heading(body[index]) is not None:
        return set()
    found = {index}
    result.signature_date_text = body[index].text.strip()
    unit = index - 1
    if unit >= 0 and _signature_like(body[unit].text.strip()) and heading(body[unit]) is None:
        result.signature_unit = body[unit].text.strip()
        found.add(unit)
    return found


def _give_keys(sections: list[Section]) -> None:
    """Template keys for the sections whose titles are the template's, each key once."""
    titles = dict(template_outline_keys())
    used: set[str] = set()

    def match(section: Section, keys: tuple[str, ...]) -> None:
        words = _flat(section.title)
        for candidate in keys:
            names = (titles[candidate], *OTHER_TITLES[candidate])
            if candidate not in used and any(_flat(name) in words for name in names):
                section.key = candidate
                used.add(candidate)
                return

    top = tuple(k for k in titles if k not in CHILD_KEYS)
    for section in sections:
        match(section, top)
        if section.key == "analysis":
            for child in section.children:
                match(child, CHILD_KEYS)
