"""Fonts: the bundled files (coverage, size, licences, renaming), the choice between
official and bundled faces, fallback within a role and the missing-character list."""

from __future__ import annotations

import contextlib
import pathlib
import struct
import sys

import pytest
from conftest import ROOT
from reportlab.pdfbase.ttfonts import TTFontFile

from storage.documents import fontfiles
from storage.documents.fonts import Face, FontSet, Missing, MissingCharacters, font_set, missing
from storage.documents.layout import FANGSONG, HEITI, KAITI, ROLES

FONTS = ROOT / "resources" / "fonts"
PUNCTUATION = "≥≤—％“”‘’《》〔〕·（）、：；，。！？…℃①"


def _coverage() -> str:
    return "".join((FONTS / "coverage.txt").read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def cmaps() -> dict[str, set[int]]:
    return {name: set(TTFontFile(str(FONTS / name)).charToGlyph) for name in set(fontfiles.BUNDLED.values())}


def test_bundled_fonts_are_truetype_within_30_mb_with_licences() -> None:
    files = sorted(FONTS.glob("*.ttf"))
    assert {f.name for f in files} == set(fontfiles.BUNDLED.values())
    assert sum(f.stat().st_size for f in files) <= 30 * 1024 * 1024
    for f in files:
        assert f.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines, not CFF
    for licence in ("OFL-Noto.txt", "OFL-Kai.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / licence).read_text(encoding="utf-8")
    assert (FONTS / "README.md").is_file()


def test_coverage_floor_is_gb2312_and_the_general_list_and_form_punctuation() -> None:
    floor = set(_coverage())
    gb2312 = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                gb2312.add(bytes((high, low)).decode("gb2312"))
    assert len(gb2312) == 6763 and gb2312 <= floor
    assert set(PUNCTUATION) <= floor
    assert set("堃喆淼犇琇") <= floor  # 通用规范汉字表, not GB2312
    hanzi = [c for c in floor if 0x3400 <= ord(c) <= 0x9FFF or 0x20000 <= ord(c) <= 0x3FFFF]
    assert len(hanzi) >= 8200


def test_every_bundled_font_covers_the_floor(cmaps) -> None:
    floor = {ord(c) for c in _coverage()}
    for name, cmap in cmaps.items():
        lacking = "".join(chr(c) for c in sorted(floor - cmap))
        assert not lacking, f"{name} lacks {lacking[:40]}"


def _tables(data: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * index:28 + 16 * index])
        tables[tag] = data[offset:offset + length]
    return tables


def _names(name_table: bytes) -> list[str]:
    _format, count, strings = struct.unpack(">HHH", name_table[:6])
    names = []
    for index in range(count):
        platform, _enc, _lang, _id, length, offset = struct.unpack(
            ">HHHHHH", name_table[6 + 12 * index:18 + 12 * index])
        raw = name_table[strings + offset:strings + offset + length]
        names.append(raw.decode("utf-16-be" if platform in (0, 3) else "latin-1"))
    return names


def test_kai_subset_no_longer_carries_the_reserved_names() -> None:
    data = (FONTS / fontfiles.BUNDLED[KAITI]).read_bytes()
    tables = _tables(data)
    names = _names(tables[b"name"])
    assert "Zeping Kai" in names
    vendor = tables[b"OS/2"][58:62].decode("latin-1")
    for text in [*names, vendor]:
        assert "lxgw" not in text.lower() and "霞鹜" not in text
    assert b"post" not in tables or tables[b"post"][:4] == b"\x00\x03\x00\x00"  # no glyph names
    assert TTFontFile(str(FONTS / fontfiles.BUNDLED[KAITI])).name == b"ZepingKai-Regular"


def test_bundled_only_uses_bundled_faces() -> None:
    chosen = FontSet(bundled_only=True)
    for role in ROLES:
        chain = chosen.chain(role)
        assert len(chain) == 1 and not chain[0].official
        assert chain[0].path.name == fontfiles.BUNDLED[role]


def test_environment_variable_forces_bundled_fonts(monkeypatch) -> None:
    monkeypatch.setenv(fontfiles.BUNDLED_ENV, "1")
    assert font_set().bundled_only
    monkeypatch.setenv(fontfiles.BUNDLED_ENV, "0")
    assert not font_set().bundled_only


def test_an_installed_official_font_comes_first(monkeypatch) -> None:
    # Pretend fontconfig knows 黑体 (SimHei): any TrueType file will do for the test.
    stand_in = FONTS / fontfiles.BUNDLED[KAITI]
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(fontfiles, "fontconfig_families", lambda: {"simhei": (stand_in, 0)})
    chain = FontSet(bundled_only=False).chain(HEITI)
    assert [face.official for face in chain] == [True, False]
    assert chain[0].path == stand_in and chain[1].path.name == fontfiles.BUNDLED[HEITI]
    assert FontSet(bundled_only=False).chain(FANGSONG)[0].official is False  # none installed


def test_official_fonts_in_the_windows_folder(monkeypatch, tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "Fonts"
    folder.mkdir()
    (folder / "simfang.ttf").write_bytes((FONTS / fontfiles.BUNDLED[FANGSONG]).read_bytes())
    (folder / "simhei.ttf").write_bytes(b"not a font")  # damaged: skipped, not a crash
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(tmp_path))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    chosen = FontSet(bundled_only=False)
    assert chosen.chain(FANGSONG)[0].path == folder / "simfang.ttf"
    assert [face.official for face in chosen.chain(HEITI)] == [False]


def _face(name: str, chars: str) -> Face:
    return Face(name, pathlib.Path(name), 0, official=name == "official", glyphs=frozenset(map(ord, chars)))


def test_a_character_the_official_font_lacks_is_taken_from_the_bundled_one() -> None:
    chosen = FontSet(bundled_only=False)
    chosen._chains[FANGSONG] = (_face("official", "项目堃"[:2] + "名称"), _face("bundled", "项目名称堃"))
    assert chosen.runs(FANGSONG, "项目堃名称") == [("official", "项目"), ("bundled", "堃"), ("official", "名称")]
    assert chosen.missing(FANGSONG, "项目堃😀\n") == ["😀"]


def test_missing_lists_place_and_character_once_per_place() -> None:
    chosen = FontSet(bundled_only=True)
    found = missing(chosen, [("标题", FANGSONG, "报告😀😀"), ("落款单位", FANGSONG, "单位𠀀")])
    assert [(m.place, m.char) for m in found] == [("标题", "😀"), ("落款单位", "𠀀")]
    error = MissingCharacters(found)
    assert "标题中的“😀”（U+1F600）" in error.message and "另有 1 处" in error.message
    assert "不可见字符 U+200B" in Missing("正文", "\u200b", FANGSONG).describe()
