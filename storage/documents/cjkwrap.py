"""Line breaking for Chinese text (禁则): where a line of a paragraph may end.

reportlab's CJK breaker cuts anywhere, knows few Chinese punctuation marks and lets at
most one mark hang, so lines started with ，or ” and numbers like 2022 were cut in two.
Rules here (GB/T 15834 practice):

* a closing mark (，。、；：！？）》” …) never starts a line: a single one hangs at the end
  of the line above (in running text); otherwise it moves down together with the
  character before it;
* an opening mark (（《“ …) never ends a line: it moves down;
* a run of Latin letters and digits (2022, 28.5%, ABC) is not cut unless it is longer
  than a whole line.

Pure functions over characters and their widths, so they are tested without a PDF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

CANNOT_START = frozenset(
    "，。、；：！？）》〉」』】〕〗”’…‥％‰℃·,.;:!?)]}%"
    "\u3005\u309b\u309c\u30fb\u30fc"
)
CANNOT_END = frozenset("（《〈「『【〔〖“‘([{￥$")
_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.%_-/+")
_FUZZ = 1e-6


def can_break(text: str, index: int) -> bool:
    """Whether a line may end between ``text[index - 1]`` and ``text[index]``."""
    before, after = text[index - 1], text[index]
    if after in CANNOT_START or before in CANNOT_END:
        return False
    return not (before in _WORD and after in _WORD)


def _push_out(text: str, start: int, limit: int) -> int:
    """The latest allowed break at or before ``limit`` that leaves the line non-empty;
    ``limit`` itself when there is none (a line-long number is cut, not lost)."""
    for index in range(limit, start, -1):
        if can_break(text, index):
            return index
    return limit


def break_positions(text: str, widths: Sequence[float], max_widths: Sequence[float], *,
                    hang: bool = True) -> list[tuple[int, int]]:
    """Where ``text`` is cut into lines no wider than ``max_widths`` (one per line, the
    last one repeated): (start, end) indices of each line. With ``hang`` a single closing
    mark may hang past the line end; without, it moves down with the character before
    it (table cells, where a hanging mark would cross the rule)."""
    lines: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = 0.0
        end = start
        while end < n and used + widths[end] <= max_width + _FUZZ:
            used += widths[end]
            end += 1
        if end >= n:
            lines.append((start, n))
            break
        if end == start:
            end = start + 1  # a character wider than the line: it gets a line alone
        elif hang and text[end] in CANNOT_START and (end + 1 >= n or text[end + 1] not in CANNOT_START) \
                and text[end - 1] not in CANNOT_END:
            end += 1  # hang one closing mark
        else:
            end = _push_out(text, start, end)
        lines.append((start, end))
        start = end
        while start < n and text[start] == " ":
            start += 1  # a space that ended a line is not carried to the next
    return lines


def break_lines(text: str, widths: Sequence[float], max_widths: Sequence[float], *,
                hang: bool = True) -> list[tuple[float, str]]:
    """The lines of :func:`break_positions` as (unused width, text); a hanging mark
    gives a negative unused width of less than one character."""
    lines = []
    for number, (start, end) in enumerate(break_positions(text, widths, max_widths, hang=hang)):
        max_width = max_widths[min(number, len(max_widths) - 1)]
        lines.append((max_width - sum(widths[start:end]), text[start:end]))
    return lines


def ems(text: str) -> list[float]:
    """Each character's width in ems, as a CJK font sets it without metrics at hand: a
    Chinese character or full-width form is one, a digit, Latin letter or space a half.
    For writers that leave the setting to an office suite (Word, Excel) and only need to
    foresee it: where a title breaks, how tall a table row will be."""
    return [1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text]


def estimated_lines(text: str, width_ems: float) -> int:
    """About how many lines ``text`` takes in a column ``width_ems`` characters wide (at
    least one; each line of the text starts a new line)."""
    return sum(max(1, len(break_positions(line, ems(line), [max(width_ems, 1.0)], hang=False)))
               for line in text.split("\n"))
