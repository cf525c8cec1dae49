"""Fonts for the printed documents: official 公文 fonts when installed, else bundled ones.

A font *role* (storage.documents.layout: 仿宋, 小标宋, 黑体, 楷体, 宋体) becomes a chain of TrueType
faces registered with reportlab: the official font first when the machine has it, then the
bundled open-licence substitute from resources/fonts (which files, and where they are:
storage.documents.fontfiles). A character the first face lacks is set in the next one
that has it; a character no face of the chain has is reported by :func:`missing`, because
reportlab would silently drop it.

Byte-stable builds and tests must not depend on the machine: ``bundled_only=True`` (or
the environment variable ``ZEPING_BUNDLED_FONTS=1``) uses the bundled fonts alone.
"""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from model.errors import ZepingError
from storage.documents.fontcache import load_ttfont, write_bundled_cache
from storage.documents.fontfiles import BUNDLED, bundled_file, official_files, use_bundled_only
from storage.documents.layout import ROLE_NAMES
from storage.resources import resource_path

# Characters that are layout, not glyphs: never looked up in a font.
LAYOUT_CHARS = frozenset("\n\t\r")


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
            font = load_ttfont(name, path, index)
        except (TTFError, OSError, ValueError):
            # CFF outlines, embedding forbidden, a damaged file: try the next face.
            return None
        pdfmetrics.registerFont(font)
    assert isinstance(font, TTFont)
    glyphs = frozenset(font.face.charToGlyph)
    return Face(name, path, index, official, glyphs)


def _official_face(role: str) -> Face | None:
    for path, index in official_files(role):
        face = _register(path, index, official=True)
        if face is not None:
            return face
    return None


def _bundled_face(role: str) -> Face:
    path = bundled_file(role)
    face = _register(path, 0, official=False) if path.is_file() else None
    if face is None:
        raise FontsMissing(f"内置字体文件 {path} 缺失或已损坏，请重新安装本软件")
    return face


def write_bundled_metrics() -> list[pathlib.Path]:
    """Write the metrics cache that ships beside each bundled font (storage.documents.
    fontcache; run by tools/build_fonts.py and tools/build_bundle.py)."""
    return [write_bundled_cache(resource_path("fonts", name)) for name in sorted(set(BUNDLED.values()))]


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
        if not text or len(chain) == 1:
            return [(primary.name, text)] if text else []
        # Where each run starts and in which face; the pieces are cut once at the end
        # (adding to a piece character by character copies it each time).
        starts: list[tuple[int, str]] = []
        for index, char in enumerate(text):
            face = primary
            if char not in LAYOUT_CHARS and not primary.has(char):
                face = next((f for f in chain[1:] if f.has(char)), primary)
            if not starts or starts[-1][1] != face.name:
                starts.append((index, face.name))
        ends = [start for start, _name in starts[1:]] + [len(text)]
        return [(name, text[start:end]) for (start, name), end in zip(starts, ends, strict=True)]

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
