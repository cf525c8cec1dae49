"""The Paragraph the PDF writer sets every text in: Chinese line breaking (禁则) by
storage.documents.cjkwrap, and Chinese lines justified by character spacing.

Breaking costs time linear in the text, however often reportlab asks: a paragraph keeps
the lines it broke for a width, each character's width is looked up once per font and
size, and the part of a paragraph split over a page keeps its lines already broken
(reportlab's own split joins the rest into a new text that is broken again on every page,
which made a long text quadratic in its length).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from storage.documents.cjkwrap import break_lines, break_positions
from storage.documents.pdf.rlinternals import ParaLines, cjk_char, cjk_justification, make_cjk_line


class _Widths(dict[str, float]):
    """Advance widths of one font at one size, by character, filled as text needs them
    (by reportlab's own stringWidth, so every width is the one reportlab would use)."""

    def __init__(self, font_name: str, size: float) -> None:
        super().__init__()
        self.font_name = font_name
        self.size = size

    def __missing__(self, char: str) -> float:
        width: float = stringWidth(char, self.font_name, self.size)
        self[char] = width
        return width


_WIDTHS: dict[tuple[str, float], _Widths] = {}


def char_widths(text: str, font_name: str, size: float) -> list[float]:
    """The width of each character of ``text`` set in ``font_name`` at ``size``."""
    table = _WIDTHS.get((font_name, size))
    if table is None:
        table = _WIDTHS[(font_name, size)] = _Widths(font_name, size)
    return list(map(table.__getitem__, text))


class LinesFrom(Sequence[Any]):
    """The lines of a paragraph from ``start`` on, without copying them."""

    __slots__ = ("_lines", "_start")

    def __init__(self, lines: Sequence[Any], start: int) -> None:
        if isinstance(lines, LinesFrom):
            start += lines._start
            lines = lines._lines
        self._lines: Sequence[Any] = lines
        self._start: int = start

    def __len__(self) -> int:
        return max(0, len(self._lines) - self._start)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return list(self._lines[self._start + start:self._start + stop])
            return [self._lines[self._start + i] for i in range(start, stop, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._lines[self._start + index]

    def __iter__(self) -> Iterator[Any]:
        lines = self._lines
        for index in range(self._start, len(lines)):
            yield lines[index]


class _Rest:
    """What the part of a split paragraph that goes on gets instead of a new text: the
    lines already broken (for ``width``), and how to make reportlab's frags of them when
    it is set at another width after all."""

    def __init__(self, kind: int, lines: LinesFrom, width: float, frags: Callable[[], list[Any]]) -> None:
        self.kind = kind
        self.lines = lines
        self.width = width
        self.frags = frags


def _same_width(max_widths: Sequence[float], first_line: int) -> float | None:
    """The one width lines ``first_line`` on were broken for, if they all were."""
    rest = set(max_widths[min(first_line, len(max_widths) - 1):])
    return rest.pop() if len(rest) == 1 else None


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines are broken by storage.documents.cjkwrap (禁则) and
    justified by character spacing.

    Paragraphs with inline images or dot leaders keep reportlab's own CJK breaking.
    """

    frags: list[Any]  # reportlab's: the paragraph's text in runs of one font
    _zp_broken: tuple[tuple[float, ...], Any]  # the lines last broken, and for which widths

    def drawPara(self, debug: int = 0) -> None:
        with cjk_justification():
            super().drawPara(debug)

    def breakLinesCJK(self, max_widths: float | list[float]) -> Any:
        key = tuple(max_widths) if isinstance(max_widths, (list, tuple)) else (max_widths,)
        kept: tuple[tuple[float, ...], Any] | None = self.__dict__.get("_zp_broken")
        self.height = 0
        if kept is not None and kept[0] == key:  # wrapped again at the same width
            return kept[1]
        widths_list = list(key)
        frags = self.frags
        rest: _Rest | None = getattr(frags[0], "zp_rest", None) if len(frags) == 1 else None
        if rest is not None and _same_width(widths_list, 0) == rest.width:
            result = self._broken(rest.kind, frags[0], rest.lines, widths_list)
        else:
            if rest is not None:
                self.frags = frags = rest.frags()  # set at another width: break the text again
            if (any(hasattr(f, "cbDefn") for f in frags) or self.style.endDots
                    or (getattr(self, "_splitpara", 0) and hasattr(self, "blPara"))):
                return super().breakLinesCJK(max_widths)
            hang = getattr(self.style, "hang_punctuation", True)
            if len(frags) == 1:
                frag = frags[0]
                # The second part of a split paragraph holds its text as "words".
                text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
                widths = char_widths(text, frag.fontName, frag.fontSize)
                lines = [(space, [line]) for space, line in break_lines(text, widths, widths_list, hang=hang)]
                result = self._broken(0, frag, lines, widths_list)
            else:
                result = self._break_mixed(widths_list, hang)
        self._zp_broken = (key, result)
        return result

    @staticmethod
    def _broken(kind: int, frag: Any, lines: Sequence[Any], max_widths: list[float]) -> Any:
        """reportlab's record of broken lines: one frag's lines as (unused width, [text])
        (kind 0), or lines of several frags (kind 1, a ``ParaLines``)."""
        if kind == 1:
            result = ParaLines(kind=1, lines=lines)
        else:
            result = frag.clone(kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize)
            if hasattr(result, "zp_rest"):
                del result.zp_rest  # the lines are its own now (the parts it splits into are not the rest)
        result.zp_widths = max_widths  # read by the split below
        return result

    def _get_split_blParaFunc(self) -> Callable[[Any, int, int], list[Any]]:
        """reportlab's function making the frags of lines ``start`` to ``stop`` of a
        split; the part that goes on gets one frag carrying the lines already broken."""
        frags_of = super()._get_split_blParaFunc()

        def split_frags(bl_para: Any, start: int, stop: int) -> list[Any]:
            max_widths = getattr(bl_para, "zp_widths", None)
            width = _same_width(max_widths, start) if max_widths and start > 0 else None
            if width is None or stop != len(bl_para.lines):
                return frags_of(bl_para, start, stop)  # type: ignore[no-any-return]
            carrier = bl_para.clone()
            for name in ("lines", "kind", "text", "zp_widths"):
                if hasattr(carrier, name):
                    delattr(carrier, name)
            rest = LinesFrom(bl_para.lines, start)
            carrier.zp_rest = _Rest(bl_para.kind, rest, width, lambda: frags_of(bl_para, start, stop))
            return [carrier]

        return split_frags

    def _break_mixed(self, max_widths: list[float], hang: bool) -> Any:
        """Lines of a paragraph set in several fonts (a character taken from a fallback
        font) or with forced breaks (<br/>), as reportlab's cjkFragSplit makes them, but
        cut where storage.documents.cjkwrap allows."""
        if any(not hasattr(f, "text") for f in self.frags):
            return super().breakLinesCJK(max_widths)
        chars: list[Any] = []  # one reportlab cjkU (a character with its frag) each
        all_widths: list[float] = []
        for frag in self.frags:
            if frag.text:
                widths = char_widths(frag.text, frag.fontName, frag.fontSize)
                chars.extend(map(cjk_char, frag.text, [frag] * len(widths), widths))
                all_widths.extend(widths)
            elif hasattr(frag, "lineBreak"):
                chars.append(cjk_char("", frag, 0))
                all_widths.append(0)
        lines: list[Any] = []
        start = 0
        while start <= len(chars):
            # A segment ends at a forced break (an empty frag carrying lineBreak).
            end = start
            while end < len(chars) and not hasattr(chars[end].frag, "lineBreak"):
                end += 1
            segment = chars[start:end]
            text = "".join(segment)
            widths = all_widths[start:end]
            spans = break_positions(text, widths, max_widths[len(lines):] or max_widths[-1:], hang=hang) or [(0, 0)]
            for number, (first, last) in enumerate(spans):
                width = max_widths[min(len(lines), len(max_widths) - 1)]
                used = sum(widths[first:last])
                forced = number == len(spans) - 1 and end < len(chars)
                piece = segment[first:last] + ([chars[end]] if forced else [])
                lines.append(make_cjk_line(piece, width, used, width - used, forced, False))
            start = end + 1
        return self._broken(1, None, lines, max_widths)
