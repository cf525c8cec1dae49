"""查找和替换 over a whole report: every text the clerk wrote, with where it stands.

The texts are the catalogue's text fields (model.fields: one-line and multi-line
fields), every section's title and body, and the text cells of every indicator row, in
the order the window shows them (tab by tab). Pure: the window turns a :class:`Match`
into a jump (``Match.place``) and a replacement into one undoable edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from model.audit import Place, indicator_place
from model.fields import FIELDS, INDICATOR_FIELDS, LINE, TABS, TEXT, get_value, set_value
from model.report import Report, Section

_TEXT_KINDS = (LINE, TEXT)
_INDICATOR_TEXTS = tuple(f.key for f in INDICATOR_FIELDS if f.kind in _TEXT_KINDS)


@dataclass(frozen=True)
class Spot:
    """One text of the report: where it is, and how to read and write it."""

    place: Place
    kind: str  # field / section / indicator
    key: str  # the field key, the section part (title/text) or the indicator column
    row: int | None = None  # the indicator row
    path: tuple[int, ...] = ()  # the section's path

    def read(self, report: Report) -> str:
        if self.kind == "field":
            return str(get_value(report, self.key))
        if self.kind == "indicator":
            assert self.row is not None
            return str(getattr(report.indicators[self.row], self.key))
        return str(getattr(_section(report, self.path), self.key))

    def write(self, report: Report, text: str) -> None:
        if self.kind == "field":
            set_value(report, self.key, text)
        elif self.kind == "indicator":
            assert self.row is not None
            setattr(report.indicators[self.row], self.key, text)
        else:
            setattr(_section(report, self.path), self.key, text)


@dataclass(frozen=True)
class Match:
    """``needle`` found in the text at ``spot``, from ``start`` to ``end``."""

    spot: Spot
    start: int
    end: int
    text: str  # the whole text it was found in

    @property
    def place(self) -> Place:
        return self.spot.place

    def context(self, width: int = 12) -> str:
        """The match with a little text either side, on one line."""
        before = self.text[max(0, self.start - width): self.start]
        after = self.text[self.end: self.end + width]
        line = f"{'…' if self.start > width else ''}{before}【{self.text[self.start:self.end]}】{after}"
        return (line + ("…" if self.end + width < len(self.text) else "")).replace("\n", " ")


def _section(report: Report, path: tuple[int, ...]) -> Section:
    items, section = report.sections, None
    for index in path:
        section = items[index]
        items = section.children
    assert section is not None
    return section


def spots(report: Report) -> Iterator[Spot]:
    """Every text of the report, tab by tab in the window's order."""
    sections = report.walk_sections()
    for tab in TABS:
        for spec in FIELDS:
            if spec.tab == tab and spec.kind in _TEXT_KINDS:
                yield Spot(Place.of(spec.key), "field", spec.key)
        if tab == "targets":
            for row, indicator in enumerate(report.indicators):
                for column in _INDICATOR_TEXTS:
                    yield Spot(indicator_place(row, indicator, column), "indicator", column, row=row)
        for path, section, section_tab in sections:
            if section_tab == tab:
                title = section.title or "（无标题）"
                for part, what in (("title", "标题"), ("text", "正文")):
                    place = Place(tab, "section", f"章节“{title[:20]}”{what}", column=part, path=path)
                    yield Spot(place, "section", part, path=path)


def find_all(report: Report, needle: str, *, match_case: bool = False) -> list[Match]:
    """Every occurrence of ``needle`` in reading order (none for an empty needle)."""
    if not needle:
        return []
    wanted = needle if match_case else needle.casefold()
    found = []
    for spot in spots(report):
        text = spot.read(report)
        haystack = text if match_case else text.casefold()
        if len(haystack) != len(text):  # casefold changed lengths (ß → ss): search as written
            haystack, wanted_here = text, needle
        else:
            wanted_here = wanted
        start = haystack.find(wanted_here)
        while start >= 0:
            found.append(Match(spot, start, start + len(wanted_here), text))
            start = haystack.find(wanted_here, start + max(1, len(wanted_here)))
    return found


def replace_one(report: Report, match: Match, replacement: str) -> bool:
    """Replace ``match`` if the text still holds it there; True when replaced."""
    text = match.spot.read(report)
    if text != match.text:
        return False
    match.spot.write(report, text[: match.start] + replacement + text[match.end:])
    return True


def replace_all(report: Report, needle: str, replacement: str, *, match_case: bool = False) -> int:
    """Replace every occurrence; returns how many."""
    matches = find_all(report, needle, match_case=match_case)
    # From the last to the first, so earlier positions in the same text stay valid.
    for match in reversed(matches):
        text = match.spot.read(report)
        match.spot.write(report, text[: match.start] + replacement + text[match.end:])
    return len(matches)
