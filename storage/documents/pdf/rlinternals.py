"""Every use of reportlab's private internals, in one place (tests/test_pdf_internals.py
fails when a reportlab release changes them; setup.cfg pins reportlab below 6).

* The one patch: reportlab justifies a line by widening its spaces only, so a Chinese
  line (no spaces) stays ragged. While a paragraph of ours is drawn, the module global
  ``_justifyDrawParaLine`` that reportlab reads is swapped for :func:`justify_line`,
  which justifies such a line by character spacing.
* The CJK line records our line breaking hands back to reportlab (``cjkU``,
  ``makeCJKParaLine``, ``ParaLines``), as its own ``cjkFragSplit`` makes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.platypus import paragraph as _rl_paragraph

cjkU: Any = _rl_paragraph.cjkU  # noqa: N816 (reportlab's name): a character with its frag and width
make_cjk_line: Any = _rl_paragraph.makeCJKParaLine
ParaLines: Any = _rl_paragraph.ParaLines

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
