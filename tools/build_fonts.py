"""Build the bundled fonts in resources/fonts/ from Debian's font packages.

The product embeds fonts into PDFs with reportlab, which only accepts TrueType (glyf)
outlines. The official 公文 fonts (仿宋_GB2312, 方正小标宋, 黑体, 楷体_GB2312, 宋体) are
proprietary and never shipped; when a machine lacks them the product falls back to these
open-licence (OFL-1.1) substitutes:

* Noto Serif CJK SC Regular / Bold and Noto Sans CJK SC Regular (fonts-noto-cjk): CFF
  outlines in a .ttc, converted to quadratic TrueType outlines with fontTools' cu2qu.
* LXGW WenKai Regular (fonts-lxgw-wenkai): already TrueType. Its Reserved Font Names
  (霞鹜, LXGW) must not be used by a modified version, so the subset is renamed.

Each font is cut down to the coverage floor of the product: GB2312 (Python's gb2312
codec), the 8105 characters of 通用规范汉字表 (field kTGH of Unihan_OtherMappings.txt from
Debian's unicode-data), ASCII, Latin-1 and the punctuation the forms use. Layout tables
and hinting are dropped (reportlab uses neither). Output is byte-for-byte reproducible
from the same inputs: timestamps come from the source fonts.

Each font's parsed metrics are written beside it (<font>.metrics, see
storage/documents/fontcache.py); ``--metrics`` writes only those, from the fonts already
in resources/fonts (after a reportlab update).

Needs the system packages fonts-noto-cjk, fonts-lxgw-wenkai and unicode-data, and the dev
dependency fonttools (not for ``--metrics``). Run from the project root:
python tools/build_fonts.py
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import dataclasses
import hashlib
import pathlib
import re
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "fonts"
UNIHAN = pathlib.Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")
NOTO_DIR = pathlib.Path("/usr/share/fonts/opentype/noto")
WENKAI_DIR = pathlib.Path("/usr/share/fonts/truetype/lxgw-wenkai")
NOTO_COPYRIGHT = pathlib.Path("/usr/share/doc/fonts-noto-cjk/copyright")
WENKAI_COPYRIGHT = pathlib.Path("/usr/share/doc/fonts-lxgw-wenkai/copyright")

# Punctuation and symbols used in the forms beyond GB2312 (or spelt with code points
# the gb2312 codec does not produce, e.g. U+2014 and U+00B7).
EXTRA_CHARS = (
    "≥≤—―–‒·•％“”‘’《》〈〉「」『』【】〔〕〖〗（）、：；，。！？…‥～‰℃×÷±°√∶"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹ"
    "→←↑↓○●□■△▲◇◆★☆※№￥€＄"
    "\u3000\u00a0"
)


@dataclasses.dataclass(frozen=True)
class FontJob:
    """One bundled font: where it comes from and what it is called afterwards."""

    out_name: str
    source: pathlib.Path
    font_number: int  # index inside a .ttc, 0 for a plain .ttf
    family: str
    subfamily: str
    postscript: str
    copyright: str  # for name ID 0; the full notice is in the licence file beside it
    licence_file: str
    vendor: str | None = None  # replaces the OS/2 vendor id when the original's is reserved


JOBS = [
    FontJob(
        "NotoSerifSC-Regular.ttf", NOTO_DIR / "NotoSerifCJK-Regular.ttc", 2,
        "Noto Serif CJK SC", "Regular", "NotoSerifCJKsc-Regular",
        "© 2017-2022 Adobe (http://www.adobe.com/).", "OFL-Noto.txt",
    ),
    FontJob(
        "NotoSerifSC-Bold.ttf", NOTO_DIR / "NotoSerifCJK-Bold.ttc", 2,
        "Noto Serif CJK SC", "Bold", "NotoSerifCJKsc-Bold",
        "© 2017-2022 Adobe (http://www.adobe.com/).", "OFL-Noto.txt",
    ),
    FontJob(
        "NotoSansSC-Regular.ttf", NOTO_DIR / "NotoSansCJK-Regular.ttc", 2,
        "Noto Sans CJK SC", "Regular", "NotoSansCJKsc-Regular",
        "© 2014-2021 Adobe (http://www.adobe.com/).", "OFL-Noto.txt",
    ),
    # Renamed: "LXGW" and "霞鹜" are Reserved Font Names of the original.
    FontJob(
        "ZepingKai-Regular.ttf", WENKAI_DIR / "LXGWWenKai-Regular.ttf", 0,
        "Zeping Kai", "Regular", "ZepingKai-Regular",
        "Modified (subset, renamed) version of an OFL-1.1 font; "
        "copyright notices and licence in OFL-Kai.txt.", "OFL-Kai.txt", vendor="NONE",
    ),
]

RESERVED_NAMES = ("霞鹜", "LXGW")
LICENCE_DESCRIPTION = (
    "This Font Software is licensed under the SIL Open Font License, Version 1.1."
)
LICENCE_URL = "https://openfontlicense.org"


def coverage() -> set[int]:
    """The product's coverage floor as a set of code points."""
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.update(ord(c) for c in bytes((hi, lo)).decode("gb2312"))
    tgh = 0
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] == "kTGH":
                chars.add(int(parts[0].removeprefix("U+"), 16))
                tgh += 1
    if tgh != 8105:
        raise SystemExit(f"expected 8105 kTGH entries in {UNIHAN}, found {tgh}")
    chars.update(range(0x20, 0x7F))
    chars.update(range(0xA0, 0x100))
    chars.update(ord(c) for c in EXTRA_CHARS)
    return chars


def _to_quadratic(font: TTFont, max_err: float = 1.0) -> None:
    """Replace a font's CFF outlines with TrueType glyf outlines (fontTools otf2ttf)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        glyph.recalcBounds(glyf)
        width = hmtx[name][0]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = 0
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0


def _rename(font: TTFont, job: FontJob) -> None:
    """Rewrite the name table from scratch (no record of the original names survives)."""
    source_version = font["name"].getDebugName(5) or "Version ?"
    version = source_version.split(";")[0] + "; subset for Zeping"
    records = {
        0: job.copyright,
        1: job.family if job.subfamily in ("Regular", "Bold") else f"{job.family} {job.subfamily}",
        2: job.subfamily,
        3: f"{job.postscript};{version}",
        4: job.family if job.subfamily == "Regular" else f"{job.family} {job.subfamily}",
        5: version,
        6: job.postscript,
        13: LICENCE_DESCRIPTION,
        14: LICENCE_URL,
    }
    name = newTable("name")
    name.names = []
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)
    font["name"] = name
    for record in name.names:
        text = record.toUnicode()
        for reserved in RESERVED_NAMES:
            if reserved.lower() in text.lower():
                raise SystemExit(f"reserved name {reserved!r} left in {job.out_name}")


def build(job: FontJob, wanted: set[int]) -> tuple[int, list[int]]:
    """Build one font into OUT_DIR; return (glyph count, code points the source lacks)."""
    font = TTFont(job.source, fontNumber=job.font_number, recalcTimestamp=False,
                  recalcBBoxes=True)
    cmap = font.getBestCmap()
    present = sorted(wanted & set(cmap))
    missing = sorted(wanted - set(cmap))
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.glyph_names = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx",
                            "DSIG", "STAT", "meta", "gasp"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    if "CFF " in font:
        _to_quadratic(font)
    _rename(font, job)
    # OS/2 fsType 0 = installable embedding, as the OFL sources already declare.
    font["OS/2"].fsType = 0
    if job.vendor is not None:
        font["OS/2"].achVendID = job.vendor  # WenKai's is LXGW, a reserved name
    # No glyph names (reportlab does not use them; WenKai's would carry its names).
    font["post"].formatType = 3.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    out = OUT_DIR / job.out_name
    font.save(out)
    glyphs = font["maxp"].numGlyphs
    return glyphs, missing


def _ofl_text(copyright_file: pathlib.Path, licence_label: str) -> str:
    """The OFL body as Debian's copyright file quotes it (indented, '.' for blank)."""
    text = copyright_file.read_text(encoding="utf-8")
    match = re.search(rf"^License: {re.escape(licence_label)}\n((?: .*\n?)+)", text, re.MULTILINE)
    if not match:
        raise SystemExit(f"no licence text {licence_label} in {copyright_file}")
    lines = []
    for line in match.group(1).splitlines():
        line = line[1:]
        lines.append("" if line == "." else line)
    return "\n".join(lines).strip() + "\n"


def write_licences() -> None:
    noto = (
        "Noto Serif CJK SC, Noto Sans CJK SC\n"
        "Copyright © 2014-2022 Adobe (http://www.adobe.com/), with Reserved Font Name "
        "'Source'.\n"
        "Noto is a trademark of Google Inc.\n"
        "Files: NotoSerifSC-Regular.ttf, NotoSerifSC-Bold.ttf, NotoSansSC-Regular.ttf "
        "(converted to TrueType outlines and subset for Zeping).\n\n"
    )
    (OUT_DIR / "OFL-Noto.txt").write_text(
        noto + _ofl_text(NOTO_COPYRIGHT, "SIL-1.1"), encoding="utf-8")
    kai = (
        "Copyright 2021-2023 LXGW (https://github.com/lxgw/LxgwWenKai), with Reserved "
        "Font Names \"霞鹜\" and \"LXGW\".\n"
        "Copyright 2020 The Klee Project Authors (https://github.com/fontworks-fonts/Klee)\n"
        "File: ZepingKai-Regular.ttf is a Modified Version (subset) of LXGW WenKai "
        "Regular 1.250, renamed \"Zeping Kai\" as the licence requires.\n\n"
    )
    (OUT_DIR / "OFL-Kai.txt").write_text(
        kai + _ofl_text(WENKAI_COPYRIGHT, "OFL-1.1"), encoding="utf-8")


def write_coverage(wanted: set[int]) -> None:
    """The coverage floor as text (64 characters a line), for the tests to check against."""
    chars = "".join(chr(c) for c in sorted(wanted) if chr(c).isprintable() and not chr(c).isspace())
    lines = [chars[i:i + 64] for i in range(0, len(chars), 64)]
    (OUT_DIR / "coverage.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_metrics() -> list[pathlib.Path]:
    """The parsed metrics of each bundled font, shipped beside it (<font>.metrics) so the
    first export need not parse it (storage/documents/fontcache.py). They name the
    reportlab version they were made with: rerun after updating reportlab (the bundle
    build does, and tests/test_fontcache.py fails while they are stale)."""
    sys.path.insert(0, str(ROOT))
    from storage.documents.fonts import write_bundled_metrics

    return write_bundled_metrics()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="build only the font with this output file name")
    parser.add_argument("--metrics", action="store_true",
                        help="only write the metrics caches of the fonts already in resources/fonts")
    args = parser.parse_args(argv)
    if args.metrics:
        for cache in write_metrics():
            print(f"{cache.name}: {cache.stat().st_size / 1e3:.0f} KB")
        return 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    wanted = coverage()
    print(f"coverage floor: {len(wanted)} code points")
    total = 0
    for job in JOBS:
        if args.only and job.out_name != args.only:
            continue
        glyphs, missing = build(job, wanted)
        out = OUT_DIR / job.out_name
        size = out.stat().st_size
        total += size
        digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
        shown = "".join(chr(c) for c in missing[:40])
        print(f"{job.out_name}: {glyphs} glyphs, {size / 1e6:.2f} MB, sha256 {digest}; "
              f"{len(missing)} wanted code points absent from the source: {shown!r}")
    write_licences()
    write_coverage(wanted)
    write_metrics()
    print(f"total {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
