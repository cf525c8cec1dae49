"""Last year's narrative in this year's report: copied as written, and checked by the clerk.

从上年复制 no longer rewrites years inside the narrative (a 2022 全国科普日 is not a 2023
one): each paragraph that names a year, a date or an amount is remembered as copied
(``Section.carried``, ``Report.carried`` for the preamble and the expected goal). Until the
clerk edits that paragraph (it no longer matches) or confirms it, the audit lists what it
names as 上年内容，请核对. Stored in the report (format version 2), so it survives saving,
undo, export and import. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.report import Report, Section

# Report-level texts copied from last year (the others are cleared or derived).
CARRIED_FIELDS = ("preamble", "goal.expected")

# Compiled on first use (re keeps it): most commands never look for mentions.
_MENTION = (
    r"(?:19|20)\d{2}\s*[-–~至]\s*(?:19|20)\d{2}\s*年度?"  # 2021-2025年
    r"|(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|度)?"  # 2022年, 2022年9月23日
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"  # 2023-04-17
    r"|(?<![\d.])\d{1,2}\s*月(?:\s*\d{1,2}\s*日|份|底|末)?"  # 9月23日, 5月份
    r"|(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?\s*(?:亿元|万元|元)"  # 28万元, 0.65元
)


def mentions(paragraph: str) -> list[str]:
    """The years, dates and amounts a paragraph names, in order, each once."""
    found: list[str] = []
    for match in re.finditer(_MENTION, paragraph):
        text = re.sub(r"\s+", "", match.group())
        if text not in found:
            found.append(text)
    return found


def paragraphs_to_check(text: str) -> list[str]:
    """The paragraphs of ``text`` that name a year, date or amount."""
    return [p for p in text.split("\n") if p.strip() and mentions(p)]


def _field_text(report: Report, key: str) -> str:
    return report.preamble if key == "preamble" else report.goal.expected


def mark_copied(report: Report) -> None:
    """Remember every paragraph of ``report``'s narrative that must be checked (called on
    a fresh copy of last year's report)."""
    report.carried = {key: found for key in CARRIED_FIELDS if (found := paragraphs_to_check(_field_text(report, key)))}
    for _depth, section in report.all_sections():
        section.carried = paragraphs_to_check(section.text)


@dataclass(frozen=True)
class Unchecked:
    """A copied paragraph still as it was: where it is and what it names."""

    field: str  # a key of CARRIED_FIELDS, or "section"
    path: tuple[int, ...]  # the section's path (sections only)
    section: Section | None
    number: int  # the paragraph's number in its text (1-based)
    paragraph: str
    mentions: tuple[str, ...]


def _still_there(text: str, carried: list[str]) -> list[tuple[int, str]]:
    remembered = set(carried)
    return [(i + 1, p) for i, p in enumerate(text.split("\n")) if p in remembered]


def paragraphs_still_copied(text: str, carried: list[str]) -> list[str]:
    """The paragraphs of ``text`` still exactly as copied from last year."""
    return [p for _n, p in _still_there(text, carried)] if carried else []


def unchecked(report: Report) -> list[Unchecked]:
    """Copied paragraphs the clerk has neither edited nor confirmed, in reading order."""
    found = [
        Unchecked(key, (), None, number, paragraph, tuple(mentions(paragraph)))
        for key in CARRIED_FIELDS
        for number, paragraph in _still_there(_field_text(report, key), report.carried.get(key, []))
    ]
    for path, section, _tab in report.walk_sections():
        if section.carried:
            found.extend(Unchecked("section", path, section, number, paragraph, tuple(mentions(paragraph)))
                         for number, paragraph in _still_there(section.text, section.carried))
    return found


def confirm(report: Report, field: str, section: Section | None = None) -> bool:
    """The clerk has checked the copied paragraphs of ``field`` (or of ``section``);
    True when something was still waiting."""
    if section is not None:
        waiting = bool(section.carried)
        section.carried = []
        return waiting
    return report.carried.pop(field, None) is not None


def prune(report: Report) -> None:
    """Forget copied paragraphs the clerk has since edited (they no longer match)."""
    for key in list(report.carried):
        kept = list(dict.fromkeys(paragraphs_still_copied(_field_text(report, key), report.carried[key])))
        if kept:
            report.carried[key] = kept
        else:
            del report.carried[key]
    for _depth, section in report.all_sections():
        if section.carried:
            section.carried = list(dict.fromkeys(paragraphs_still_copied(section.text, section.carried)))
