"""Every use of reportlab's private internals, in one place (tests/test_pdf_internals.py
fails when a reportlab release changes them; setup.cfg pins reportlab below 6).

* The one patch: reportlab justifies a line by widening its spaces only, so a Chinese
  line (no spaces) stays ragged. While a paragraph of ours is drawn, the module global
  ``_justifyDrawParaLine`` that reportlab reads is swapped for :func:`justify_line`,
  which justifies such a line by character spacing.
* The CJK line records our line breaking hands back to reportlab (``cjkU``,
  ``makeCJKParaLine``, ``ParaLines``), as its own ``cjkFragSplit`` makes them; a
  ``cjkU`` is made with its width already known (:func:`cjk_char`).
* ``Paragraph._get_split_blParaFunc``, which CJKParagraph overrides so that the part of
  a split paragraph going on to the next page keeps its lines already broken.

One more place relies on reportlab's internals, for the fonts rather than the layout:
storage.documents.fontcache makes TrueType faces from cached metrics (its docstring says
what it relies on; tests/test_fontcache.py compares such a face with reportlab's parse).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.platypus import paragraph as _rl_paragraph

cjkU: Any = _rl_paragraph.cjkU  # noqa: N816 (reportlab's name): a character with its frag and width
make_cjk_line: Any = _rl_paragraph.makeCJKParaLine
ParaLines: Any = _rl_paragraph.ParaLines

SPLIT_FUNCTION = "_get_split_blParaFunc"  # the Paragraph method CJKParagraph overrides


def cjk_char(text: str, frag: Any, width: float) -> Any:
    """reportlab's ``cjkU`` for ``text`` in ``frag``, ``width`` wide (cjkU itself would
    measure the character again)."""
    char = str.__new__(cjkU, text)
    char._frag = frag
    char._width = width
    return char


_REPORTLAB_JUSTIFY: Any = _rl_paragraph._justifyDrawParaLine


def justify_line(tx: Any, offset: float, extra: float, words: list[str], last: int = 0) -> Any:
    """reportlab's justified line, but a line without spaces (Chinese) is justified by
    character spacing."""
    text = words[0] if len(words) == 1 else ""
    if not last and extra > 1e-6 and len(text) > 1 and " " not in text:
        tx.setCharSpace(extra / (len(text) - 1))
        result = _REPORTLAB_JUSTIFY(tx, offset, 0, words, last)
        tx.setCharSpace(0)
        return result
    return _REPORTLAB_JUSTIFY(tx, offset, extra, words, last)


@contextmanager
def cjk_justification() -> Iterator[None]:
    """While drawing a paragraph: Chinese lines justified by :func:`justify_line`."""
    # reportlab picks its line-drawing function from this module global while drawing.
    _rl_paragraph._justifyDrawParaLine = justify_line
    try:
        yield
    finally:
        _rl_paragraph._justifyDrawParaLine = _REPORTLAB_JUSTIFY
