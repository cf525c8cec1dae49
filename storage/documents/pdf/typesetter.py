"""Text → Paragraph. Every piece of text the PDF prints passes through one
:class:`Typesetter`, which both records it (where it comes from, which font role) for
the font-coverage check and sets it in a :class:`CJKParagraph`; the check runs before
anything is written, because reportlab silently drops characters a font lacks."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from storage.documents.fonts import FontSet, Missing, missing
from storage.documents.layout import PageLayout, TextStyle
from storage.documents.pdf.flowables import CJKParagraph

_ALIGN = {"left": TA_LEFT, "centre": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


def escape(text: str) -> str:
    """Text safe inside Paragraph markup (< & > would be read as tags or entities).

    Not xml.sax.saxutils.escape: importing it pulls in urllib and email (~35 ms).
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Printed:
    """A piece of text that will be printed: where it comes from and its font role."""

    place: str
    role: str
    text: str


class Typesetter:
    """Makes Paragraphs and remembers every text it set, for the coverage check."""

    def __init__(self, fonts: FontSet, layout: PageLayout) -> None:
        self.fonts = fonts
        self.layout = layout
        self.printed: list[Printed] = []
        self._styles: dict[tuple[TextStyle, float, float], ParagraphStyle] = {}

    def style(self, spec: TextStyle, *, left: float = 0, right: float = 0) -> ParagraphStyle:
        key = (spec, left, right)
        style = self._styles.get(key)
        if style is None:
            style = ParagraphStyle(
                f"zp{len(self._styles)}",
                fontName=self.fonts.font_name(spec.role),
                fontSize=spec.size,
                leading=spec.leading,
                alignment=_ALIGN[spec.align],
                firstLineIndent=spec.first_indent_chars * spec.size,
                leftIndent=left,
                rightIndent=right,
                spaceBefore=spec.space_before,
                spaceAfter=spec.space_after,
                wordWrap="CJK",
                allowWidows=1,
                allowOrphans=0,
                splitLongWords=1,
            )
            style.hang_punctuation = spec.hang_punctuation  # read by CJKParagraph, kept on split
            self._styles[key] = style
        return style

    def record(self, place: str, role: str, text: str) -> None:
        """Note a text printed elsewhere (a paragraph made with ``record=False``)."""
        self.printed.append(Printed(place, role, text))

    def para(self, text: str, spec: TextStyle, place: str, *, left: float = 0,
             right: float = 0, record: bool = True) -> Paragraph:
        """One paragraph of ``text`` set in ``spec``, recorded under ``place`` for the
        coverage check (unless already recorded); a newline is a forced line break."""
        text = text.replace("\t", " ")
        if record:
            self.record(place, spec.role, text)
        markup = []
        primary = self.fonts.font_name(spec.role)
        for font_name, piece in self.fonts.runs(spec.role, text):
            piece = escape(piece).replace("\n", "<br/>")
            markup.append(piece if font_name == primary else f'<font face="{font_name}">{piece}</font>')
        return CJKParagraph("".join(markup), self.style(spec, left=left, right=right))

    def paragraphs(self, texts: list[str], spec: TextStyle, place: str) -> list[Paragraph]:
        """A paragraph per text (content.paragraphs of a field)."""
        return [self.para(text, spec, place) for text in texts]

    def missing(self) -> list[Missing]:
        return missing(self.fonts, ((p.place, p.role, p.text) for p in self.printed))
