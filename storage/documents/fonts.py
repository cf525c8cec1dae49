"""Fonts for the printed documents: official 公文 fonts when installed, else bundled ones.

A font *role* (storage.documents.layout: 仿宋, 小标宋, 黑体, 楷体, 宋体) becomes a chain of TrueType
faces registered with reportlab: the official font first when the machine has it (the
Windows font registry and folders, storage.documents.winfonts, or fontconfig's ``fc-list`` elsewhere), then the bundled open-licence
substitute from resources/fonts. A character the first face lacks is set in the next one
that has it; a character no face of the chain has is reported by :func:`missing`, because
reportlab would silently drop it.

Byte-stable builds and tests must not depend on the machine: ``bundled_only=True`` (or
the environment variable ``ZEPING_BUNDLED_FONTS=1``) uses the bundled fonts alone.
"""

from __future__ import annotations

import functools
import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from model.errors import ZepingError
from storage.documents.layout import FANGSONG, HEITI, KAITI, ROLE_NAMES, SONGTI, XIAOBIAOSONG
from storage.documents.winfonts import find_font
from storage.resources import resource_path

BUNDLED_ENV = "ZEPING_BUNDLED_FONTS"

# Characters that are layout, not glyphs: never looked up in a font.
LAYOUT_CHARS = frozenset("\n\t\r")


@dataclass(frozen=True)
class Official:
    """An official font as it is installed: Windows file name and fontconfig family."""

    file: str
    family: str
    index: int = 0  # sub-font of a .ttc


# Preference order per role (DOMAIN.md §8). Only TrueType outlines can be embedded.
OFFICIAL: dict[str, tuple[Official, ...]] = {
    FANGSONG: (
        Official("仿宋_GB2312.ttf", "仿宋_GB2312"),
        Official("FS_GB2312.ttf", "FangSong_GB2312"),
        Official("simfang.ttf", "FangSong"),
    ),
    XIAOBIAOSONG: (
        Official("FZXBSJW.TTF", "方正小标宋简体"),
        Official("方正小标宋简体.ttf", "FZXiaoBiaoSong-B05S"),
    ),
    HEITI: (Official("simhei.ttf", "SimHei"),),
    KAITI: (
        Official("楷体_GB2312.ttf", "楷体_GB2312"),
        Official("KAI_GB2312.ttf", "KaiTi_GB2312"),
        Official("simkai.ttf", "KaiTi"),
    ),
    SONGTI: (Official("simsun.ttc", "SimSun", 0),),
}

# The bundled substitutes (resources/fonts/README.md). No free 仿宋 exists: a serif
# (宋) face stands in for it.
BUNDLED: dict[str, str] = {
    FANGSONG: "NotoSerifSC-Regular.ttf",
    XIAOBIAOSONG: "NotoSerifSC-Bold.ttf",
    HEITI: "NotoSansSC-Regular.ttf",
    KAITI: "ZepingKai-Regular.ttf",
    SONGTI: "NotoSerifSC-Regular.ttf",
}


class FontsMissing(ZepingError):
    """The bundled fonts are not where they should be (a broken installation)."""

    code = "pdf.fonts-missing"


@dataclass(frozen=True)
class Face:
    """One registered reportlab font."""

    name: str  # the name registered with reportlab
    path: pathlib.Path
    index: int
    official: bool
    glyphs: frozenset[int] = field(repr=False, compare=False)

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs


@dataclass(frozen=True)
class Missing:
    """A character no font of its role has: where it is and which role it needed."""

    place: str  # the field, in Chinese (e.g. 第3个绩效指标的“三级指标”)
    char: str
    role: str

    def describe(self) -> str:
        code = f"U+{ord(self.char):04X}"
        shown = self.char if self.char.isprintable() and not self.char.isspace() else ""
        char = f"“{shown}”（{code}）" if shown else f"不可见字符 {code}"
        return f"{self.place}中的{char}"


class MissingCharacters(ZepingError):
    """Characters that no available font can print; nothing was written."""

    code = "pdf.missing-character"

    def __init__(self, missing: list[Missing]) -> None:
        first = missing[0]
        more = f"（另有 {len(missing) - 1} 处同类问题）" if len(missing) > 1 else ""
        super().__init__(
            f"{first.describe()}在{ROLE_NAMES[first.role]}字体中没有，无法打印；"
            f"请改用常用字或删除该字后再导出{more}，PDF 未生成"
        )
        self.missing = missing


def _register(path: pathlib.Path, index: int, official: bool) -> Face | None:
    """Register a TrueType font once per process; None when reportlab cannot embed it."""
    name = f"zp-{path.stem}-{index}"
    # Not getFont() to ask: for an unknown name it first parses every AFM file it can find.
    if name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
    else:
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError):
            # CFF outlines, embedding forbidden, a damaged file: try the next face.
            return None
        pdfmetrics.registerFont(font)
    assert isinstance(font, TTFont)
    glyphs = frozenset(font.face.charToGlyph)
    return Face(name, path, index, official, glyphs)


@functools.cache
def _fontconfig_families() -> dict[str, tuple[pathlib.Path, int]]:
    """Family name (lower case) → (file, index) of the TrueType fonts fontconfig knows."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return {}
    try:
        result = subprocess.run(
            [fc_list, "-f", "%{family}\t%{file}\t%{index}\n", ":fontformat=TrueType"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, tuple[pathlib.Path, int]] = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        for family in parts[0].split(","):
            found.setdefault(family.strip().lower(), (pathlib.Path(parts[1]), int(parts[2])))
    return found


def _official_face(role: str) -> Face | None:
    for candidate in OFFICIAL[role]:
        located: tuple[pathlib.Path, int] | None = None
        if sys.platform == "win32":
            path = find_font(candidate.file, candidate.family)
            located = (path, candidate.index) if path is not None else None
        else:
            located = _fontconfig_families().get(candidate.family.lower())
        if located is not None:
            face = _register(located[0], located[1], official=True)
            if face is not None:
                return face
    return None


def _bundled_face(role: str) -> Face:
    path = resource_path("fonts", BUNDLED[role])
    face = _register(path, 0, official=False) if path.is_file() else None
    if face is None:
        raise FontsMissing(f"内置字体文件 {path} 缺失或已损坏，请重新安装本软件")
    return face


def use_bundled_only() -> bool:
    """Whether the environment asks for the bundled fonts alone."""
    return os.environ.get(BUNDLED_ENV, "") not in ("", "0")


class FontSet:
    """The font chains of all roles, resolved lazily (a role never used is never loaded)."""

    def __init__(self, *, bundled_only: bool) -> None:
        self.bundled_only = bundled_only
        self._chains: dict[str, tuple[Face, ...]] = {}

    def chain(self, role: str) -> tuple[Face, ...]:
        """The faces of ``role`` in order of preference."""
        chain = self._chains.get(role)
        if chain is None:
            official = None if self.bundled_only else _official_face(role)
            bundled = _bundled_face(role)
            chain = (official, bundled) if official is not None else (bundled,)
            self._chains[role] = chain
        return chain

    def font_name(self, role: str) -> str:
        """The reportlab name of the role's first face."""
        return self.chain(role)[0].name

    def runs(self, role: str, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs, each piece set in the first face
        of the chain that has its characters. Characters no face has stay with the
        first face (check :meth:`missing` before printing)."""
        chain = self.chain(role)
        primary = chain[0]
        runs: list[tuple[str, str]] = []
        for char in text:
            face = primary
            if char not in LAYOUT_CHARS and not primary.has(char):
                face = next((f for f in chain[1:] if f.has(char)), primary)
            if runs and runs[-1][0] == face.name:
                runs[-1] = (face.name, runs[-1][1] + char)
            else:
                runs.append((face.name, char))
        return runs

    def missing(self, role: str, text: str) -> list[str]:
        """The distinct characters of ``text`` that no face of the role has, in order."""
        chain = self.chain(role)
        lacking: list[str] = []
        for char in dict.fromkeys(text):
            if char in LAYOUT_CHARS:
                continue
            if not any(face.has(char) for face in chain):
                lacking.append(char)
        return lacking

    def faces(self) -> list[Face]:
        """The faces resolved so far."""
        return [face for chain in self._chains.values() for face in chain]


@functools.cache
def _font_set(bundled_only: bool) -> FontSet:
    return FontSet(bundled_only=bundled_only)


def font_set(*, bundled_only: bool | None = None) -> FontSet:
    """The process-wide font set; ``bundled_only`` None follows ``ZEPING_BUNDLED_FONTS``."""
    if bundled_only is None:
        bundled_only = use_bundled_only()
    return _font_set(bundled_only)


def missing(fonts: FontSet, texts: Iterable[tuple[str, str, str]]) -> list[Missing]:
    """Every (place, character) that cannot be printed, for (place, role, text) triples;
    each character is reported once per place."""
    found: list[Missing] = []
    for place, role, text in texts:
        for char in fonts.missing(role, text):
            found.append(Missing(place, char, role))
    return found
