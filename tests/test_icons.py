"""The application icon: the committed renderings match their SVG sources (rerun
tools/build_icons.py after editing one), the .ico holds every size, the window uses it."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

sys.path.insert(0, str(ROOT / "tools"))
import build_icons

from gui.app import app_icon

pytestmark = pytest.mark.gui


def mean_difference(a: QImage, b: QImage) -> float:
    a = a.convertToFormat(QImage.Format.Format_ARGB32)
    b = b.convertToFormat(QImage.Format.Format_ARGB32)
    assert a.size() == b.size()
    total = sum(abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True))
    return total / (a.width() * a.height() * 4)


@pytest.mark.parametrize("size", [16, 24, 48, 256])
def test_committed_pngs_are_the_svg_rendered(qapp, size: int) -> None:
    png, _rows = build_icons.render(build_icons.source_for(size), size)
    fresh = QImage.fromData(png, "PNG")
    committed = QImage(str(build_icons.FOLDER / build_icons.png_name(size)))
    assert committed.size() == QSize(size, size)
    assert mean_difference(fresh, committed) < 2  # a Qt update may move a few antialiased pixels


def test_ico_holds_every_size_and_its_bitmaps_are_upright(qapp) -> None:
    data = (build_icons.FOLDER / "zeping.ico").read_bytes()
    assert build_icons.read_ico_sizes(data) == list(build_icons.SIZES)
    _png, rows = build_icons.render(build_icons.source_for(16), 16)
    entry = build_icons.bitmap_entry(16, rows)
    assert len(entry) == 40 + 16 * 16 * 4 + 4 * 16
    # The DIB's first stored row is the image's bottom row.
    assert entry[40:40 + 64] == rows[15 * 64:16 * 64]


def test_window_icon_has_every_size(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} == set(build_icons.SIZES)
