"""Where Windows keeps an installed font: its registry list, then the font folders.

Windows records every installed font under ``HKLM`` (for all users, files in
``%WINDIR%\\Fonts``) or ``HKCU`` (installed for one user, since Windows 10 1809: full
paths, usually ``%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts``) in the key
``SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Fonts``, one value per font: the name
with its kind, ``仿宋_GB2312 (TrueType)``, ``SimSun & NSimSun (TrueType)``, and the file.
The file names of the 公文 fonts vary with where they were downloaded (FZXBSJW.TTF,
方正小标宋简体.ttf, FZXBSJW--GB1-0.ttf …), their registered names much less: the registry
is asked first, by family name and by file name, then the folders by file name.
"""

from __future__ import annotations

import functools
import os
import pathlib
import re
from collections.abc import Callable, Sequence

FONTS_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
_KIND = re.compile(r"\s*\((TrueType|OpenType|All res)\)\s*$", re.IGNORECASE)

Entries = Sequence[tuple[str, str]]


def registry_fonts() -> list[tuple[str, str]]:
    """(value name, file) of every font registered for the machine, then for the user;
    empty where there is no registry (not Windows)."""
    try:
        import winreg
    except ImportError:
        return []
    entries: list[tuple[str, str]] = []
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):  # type: ignore[attr-defined,unused-ignore]
        try:
            key = winreg.OpenKey(root, FONTS_KEY)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            continue
        with key:
            index = 0
            while True:
                try:
                    name, data, _kind = winreg.EnumValue(key, index)  # type: ignore[attr-defined,unused-ignore]
                except OSError:
                    break
                if isinstance(name, str) and isinstance(data, str):
                    entries.append((name, data))
                index += 1
    return entries


@functools.cache
def _cached_registry() -> tuple[tuple[str, str], ...]:
    return tuple(registry_fonts())


def font_dirs() -> list[pathlib.Path]:
    """The system font folder, then the current user's."""
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(pathlib.Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(pathlib.Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def registered_families(value_name: str) -> list[str]:
    """``SimSun & NSimSun (TrueType)`` → [SimSun, NSimSun]."""
    return [part.strip() for part in _KIND.sub("", value_name).split("&") if part.strip()]


def find_font(file: str, family: str, *, entries: Callable[[], Entries] | None = None) -> pathlib.Path | None:
    """The installed file of the font named ``family`` or stored as ``file``, or None;
    ``entries`` gives the registry's list (default: read once per process)."""
    dirs = font_dirs()

    def located(data: str) -> pathlib.Path | None:
        path = pathlib.Path(data)
        if not path.is_absolute():  # HKLM entries name a file of %WINDIR%\Fonts
            if not dirs:
                return None
            path = dirs[0] / data
        return path if path.is_file() else None

    registered = (entries or _cached_registry)()
    wanted_family, wanted_file = family.casefold(), file.casefold()
    by_family = [data for name, data in registered if wanted_family in (f.casefold() for f in registered_families(name))]
    by_file = [data for _name, data in registered if pathlib.PureWindowsPath(data).name.casefold() == wanted_file]
    for data in [*by_family, *by_file]:
        path = located(data)
        if path is not None:
            return path
    for folder in dirs:
        path = folder / file
        if path.is_file():
            return path
    return None
