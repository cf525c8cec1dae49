"""What reading a file gives: the report, what was read, what was not, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.errors import InputRefused
from model.report import Report

MAX_SHOWN = 40  # characters of a cell or paragraph quoted in a note


def shorten(text: str) -> str:
    """A cell's or paragraph's text on one line, cut to MAX_SHOWN characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_SHOWN else flat[: MAX_SHOWN - 1] + "…"


@dataclass(frozen=True)
class Note:
    """Something in the file that was not taken: where, what, and why."""

    where: str  # 第2个表格第5行第3列, 工作表“自评表”的 C5 格, 正文第12段
    text: str
    reason: str

    def sentence(self) -> str:
        quoted = f"“{shorten(self.text)}”" if self.text.strip() else ""
        return f"{self.where}{quoted}：{self.reason}"


@dataclass
class Reading:
    """A report read from a Word, Excel or JSON file, before it is imported.

    ``problems`` are values the typed-value reader refused (a 分值 that is not a number):
    a reading with problems is refused as a whole (:meth:`refusal`), since a wrong or
    missing figure would make wrong scores. ``skipped`` lists what the file holds that
    is not part of the report as this program reads it (another table, a note under the
    form); it is shown, never silently dropped, and does not stop the import.
    """

    source: str
    report: Report
    read: list[str] = field(default_factory=list)
    skipped: list[Note] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)

    def refusal(self) -> InputRefused | None:
        """The refusal naming every value that could not be read; None when there is none."""
        if not self.problems:
            return None
        listed = "；".join(note.sentence() for note in self.problems[:5])
        more = f"等 {len(self.problems)} 处" if len(self.problems) > 5 else ""
        return InputRefused(f"{self.source} 中有无法读取的内容：{listed}{more}", "input.unreadable-cell")
