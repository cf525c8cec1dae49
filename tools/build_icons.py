"""Render the application icon from its SVG sources into resources/icons/.

    python tools/build_icons.py

``zeping.svg`` is the icon; ``zeping-16.svg`` is the same drawing on a 16-pixel grid for
the sizes where the full one would blur (16 and 24). Output, committed beside them:
``zeping-<size>.png`` for each size (the window's icon, the Linux desktop entry) and
``zeping.ico`` for Windows (the executable, the installer, the Start-menu entry). The .ico
holds every size; below 256 pixels as 32-bit bitmaps, the form every Windows tool reads,
and the 256-pixel one as PNG, as Windows expects it. Qt's SVG renderer draws them, so the
output is the same for the same Qt version.
"""

from __future__ import annotations

import os
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_SOURCE_UP_TO = 24  # sizes up to this use zeping-16.svg


def source_for(size: int) -> pathlib.Path:
    return FOLDER / ("zeping-16.svg" if size <= SMALL_SOURCE_UP_TO else "zeping.svg")


def png_name(size: int) -> str:
    return f"zeping-{size}.png"


def render(svg: pathlib.Path, size: int) -> tuple[bytes, bytes]:
    """The icon at ``size`` pixels: (PNG bytes, raw BGRA rows top to bottom)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)  # BGRA in memory (little-endian)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    rows = b"".join(bytes(image.constScanLine(y))[: size * 4] for y in range(size))
    return bytes(data.data()), rows


def bitmap_entry(size: int, bgra_rows: bytes) -> bytes:
    """An .ico image as a 32-bit DIB: BITMAPINFOHEADER (height doubled for the mask), the
    rows bottom-up, then the 1-bit AND mask (all zero: the alpha channel decides)."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    stride = size * 4
    pixels = b"".join(bgra_rows[y * stride:(y + 1) * stride] for y in reversed(range(size)))
    mask_stride = ((size + 31) // 32) * 4
    return header + pixels + bytes(mask_stride * size)


def ico(images: list[tuple[int, bytes]]) -> bytes:
    """An .ico file from (size, image data) pairs, smallest first."""
    directory = struct.pack("<HHH", 0, 1, len(images))
    offset = len(directory) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        dimension = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return directory + entries + blobs


def read_ico_sizes(data: bytes) -> list[int]:
    """The sizes an .ico file declares (for the tests)."""
    _reserved, kind, count = struct.unpack_from("<HHH", data)
    if kind != 1:
        raise ValueError("not an icon file")
    return [struct.unpack_from("<B", data, 6 + 16 * i)[0] or 256 for i in range(count)]


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = []
    for size in SIZES:
        png, rows = render(source_for(size), size)
        (FOLDER / png_name(size)).write_bytes(png)
        images.append((size, png if size >= 256 else bitmap_entry(size, rows)))
    (FOLDER / "zeping.ico").write_bytes(ico(images))
    print(f"wrote {len(SIZES)} PNG sizes and zeping.ico to {FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
