"""What the Word and Excel writers share: the font names an office file asks for, by
font role (storage.documents.layout), and the characters an office file cannot hold.

An office file embeds no font: Word, WPS and Excel look each font up by its name on the
clerk's PC. The names are Windows' own (a Chinese Windows lists 仿宋, 黑体, 楷体, 宋体; WPS
shows the same fonts), each with a second name the suite may use when the first is not
installed (Word's ``w:altName``: FangSong, SimHei …; 方正小标宋简体, which few PCs have
unless a 公文 font pack is installed, falls back to 宋体).

Offices that have the GB2312 fonts installed can ask for them instead, without a new
version of the program: the environment variable ``ZEPING_OFFICE_FONTS`` takes
``role=name`` or ``role=name/alternative`` pairs separated by ``;``, the role named in
English or in Chinese, e.g. ``仿宋=仿宋_GB2312/仿宋;楷体=楷体_GB2312/楷体``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from model.errors import ZepingError
from storage.documents.layout import FANGSONG, HEITI, KAITI, ROLE_NAMES, SONGTI, XIAOBIAOSONG

ENV = "ZEPING_OFFICE_FONTS"
# Allowed in a report (model.values refuses controls and lone surrogates), refused by XML.
_NOT_IN_XML = re.compile("[\ufffe\uffff]")


@dataclass(frozen=True)
class OfficeFont:
    """A font as an office file names it."""

    name: str  # looked up first
    alternative: str  # looked up when ``name`` is not installed


DEFAULT: dict[str, OfficeFont] = {
    FANGSONG: OfficeFont("仿宋", "FangSong"),
    XIAOBIAOSONG: OfficeFont("方正小标宋简体", "宋体"),
    HEITI: OfficeFont("黑体", "SimHei"),
    KAITI: OfficeFont("楷体", "KaiTi"),
    SONGTI: OfficeFont("宋体", "SimSun"),
}

_ROLE_BY_WORD = {**{role: role for role in ROLE_NAMES}, **{name: role for role, name in ROLE_NAMES.items()}}


def office_fonts(setting: str | None = None) -> dict[str, OfficeFont]:
    """The font of each role: the defaults, changed by ``setting`` (default: the
    environment variable). A setting that cannot be read is refused, naming the part."""
    fonts = dict(DEFAULT)
    text = os.environ.get(ENV, "") if setting is None else setting
    for part in text.split(";"):
        if not part.strip():
            continue
        word, equals, names = part.partition("=")
        role = _ROLE_BY_WORD.get(word.strip())
        name, _slash, alternative = names.partition("/")
        if not equals or role is None or not name.strip():
            roles = "、".join(ROLE_NAMES.values())
            raise ZepingError(f"环境变量 {ENV} 中的“{part.strip()[:40]}”无法识别，应写成“仿宋=仿宋_GB2312”"
                              f"（字体角色为 {roles} 之一）", "output.font-setting")
        fonts[role] = OfficeFont(name.strip(), alternative.strip() or DEFAULT[role].alternative)
    return fonts


def checked(text: str, place: str, kind: str) -> str:
    """``text`` when an office file can hold it; else refused, naming the place (a ``kind``
    of file: Word 文件, Excel 文件), before anything is written."""
    bad = _NOT_IN_XML.search(text)
    if bad:
        raise ZepingError(f"“{place}”含有{kind}无法保存的字符 U+{ord(bad.group()):04X}，请删去后再导出",
                          "output.bad-character")
    return text
