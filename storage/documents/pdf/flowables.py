"""The Paragraph the PDF writer sets every text in: Chinese line breaking (禁则) by
storage.documents.cjkwrap, and Chinese lines justified by character spacing."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from storage.documents.cjkwrap import break_lines, break_positions
from storage.documents.pdf.rlinternals import ParaLines, cjk_justification, cjkU, make_cjk_line


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines are broken by storage.documents.cjkwrap (禁则) and
    justified by character spacing.

    Paragraphs with inline images or dot leaders keep reportlab's own CJK breaking.
    """

    def drawPara(self, debug: int = 0) -> None:
        with cjk_justification():
            super().drawPara(debug)

    def breakLinesCJK(self, max_widths: float | list[float]) -> Any:
        frags = self.frags
        if (any(hasattr(f, "cbDefn") for f in frags) or self.style.endDots
                or (getattr(self, "_splitpara", 0) and hasattr(self, "blPara"))):
            return super().breakLinesCJK(max_widths)
        widths_list = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
        hang = getattr(self.style, "hang_punctuation", True)
        self.height = 0
        if len(frags) == 1:
            frag = frags[0]
            # The second part of a split paragraph holds its text as "words".
            text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
            widths = [stringWidth(c, frag.fontName, frag.fontSize) for c in text]
            lines = [(space, [line]) for space, line in break_lines(text, widths, widths_list, hang=hang)]
            return frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
        return self._break_mixed(widths_list, hang)

    def _break_mixed(self, max_widths: list[float], hang: bool) -> Any:
        """Lines of a paragraph set in several fonts (a character taken from a fallback
        font) or with forced breaks (<br/>), as reportlab's cjkFragSplit makes them, but
        cut where storage.documents.cjkwrap allows."""
        if any(not hasattr(f, "text") for f in self.frags):
            return super().breakLinesCJK(max_widths)
        chars: list[Any] = []  # one reportlab cjkU (a character with its frag) each
        for frag in self.frags:
            if frag.text:
                chars.extend(cjkU(c, frag, "utf8") for c in frag.text)
            elif hasattr(frag, "lineBreak"):
                chars.append(cjkU("", frag, "utf8"))
        lines: list[Any] = []
        start = 0
        while start <= len(chars):
            # A segment ends at a forced break (an empty frag carrying lineBreak).
            end = start
            while end < len(chars) and not hasattr(chars[end].frag, "lineBreak"):
                end += 1
            segment = chars[start:end]
            text = "".join(segment)
            widths = [u.width for u in segment]
            spans = break_positions(text, widths, max_widths[len(lines):] or max_widths[-1:], hang=hang) or [(0, 0)]
            for number, (first, last) in enumerate(spans):
                width = max_widths[min(len(lines), len(max_widths) - 1)]
                used = sum(widths[first:last])
                forced = number == len(spans) - 1 and end < len(chars)
                piece = segment[first:last] + ([chars[end]] if forced else [])
                lines.append(make_cjk_line(piece, width, used, width - used, forced, False))
            start = end + 1
        return ParaLines(kind=1, lines=lines)
