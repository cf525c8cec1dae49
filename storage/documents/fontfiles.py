"""Which font files each role of the printed documents uses, where they are, and their
bytes — read ahead, while the PDF writer's libraries load.

A font *role* (storage.documents.layout: 仿宋, 小标宋, 黑体, 楷体, 宋体) is set in the
official 公文 font when the machine has it (:data:`OFFICIAL`, found in the Windows font
registry and folders, storage.documents.winfonts, or by fontconfig's ``fc-list``
elsewhere), else in the bundled open-licence substitute (:data:`BUNDLED`, resources/fonts).
storage.documents.fonts registers them with reportlab.

Before a font is used its whole file is read and hashed (the metrics cache is keyed by the
hash, storage.documents.fontcache): 15–40 MB and an ``fc-list`` run, up to 40 ms that
need no Python. :func:`read_ahead` starts them on other threads when an export begins,
so that they are done while reportlab is imported; this module imports no reportlab.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from storage.documents.layout import FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG
from storage.documents.winfonts import find_font
from storage.resources import resource_path


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


BUNDLED_ENV = "ZEPING_BUNDLED_FONTS"


def use_bundled_only() -> bool:
    """Whether the environment asks for the bundled fonts alone (byte-stable builds, tests)."""
    return os.environ.get(BUNDLED_ENV, "") not in ("", "0")


def bundled_file(role: str) -> pathlib.Path:
    """Where the role's bundled font is."""
    return resource_path("fonts", BUNDLED[role])


def official_files(role: str) -> list[tuple[pathlib.Path, int]]:
    """(file, sub-font index) of the role's official fonts this machine has, in order of
    preference."""
    located: list[tuple[pathlib.Path, int]] = []
    for candidate in OFFICIAL[role]:
        if sys.platform == "win32":
            path = find_font(candidate.file, candidate.family)
            found = (path, candidate.index) if path is not None else None
        else:
            found = fontconfig_families().get(candidate.family.lower())
        if found is not None:
            located.append(found)
    return located


_fontconfig_lock = threading.Lock()


def fontconfig_families() -> dict[str, tuple[pathlib.Path, int]]:
    """Family name (lower case) → (file, index) of the TrueType fonts fontconfig knows
    (asked once per process, by whichever thread comes first)."""
    with _fontconfig_lock:
        return _fontconfig_families()


@functools.cache
def _fontconfig_families() -> dict[str, tuple[pathlib.Path, int]]:
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


def read_hashed(path: pathlib.Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256 (hex)."""
    data = path.read_bytes()
    return data, hashlib.sha256(data).hexdigest()


_lock = threading.Lock()
_ahead: dict[pathlib.Path, Future[tuple[bytes, str]]] = {}  # files being read ahead
_taken: set[pathlib.Path] = set()  # files handed out already (their fonts are registered)


def font_file(path: pathlib.Path) -> tuple[bytes, str]:
    """The file's bytes and their SHA-256 (hex): read ahead when :func:`read_ahead` took
    it on (waiting for it), else read now. OSError when it cannot be read."""
    with _lock:
        pending = _ahead.pop(path, None)
        _taken.add(path)
    return pending.result() if pending is not None else read_hashed(path)


def read_ahead(*, bundled_only: bool | None = None) -> None:
    """Start reading and hashing, on two other threads, the font files an export will
    register: the bundled ones, and (unless ``bundled_only``; None: as the environment
    says) the first official one of each role, located first. Files already handed out
    are skipped; a file that cannot be read is left to :func:`font_file`, which says so
    when it is asked for."""
    if bundled_only is None:
        bundled_only = use_bundled_only()
    pool = _pool()

    def submit(path: pathlib.Path) -> None:
        with _lock:
            if path in _taken or path in _ahead or not path.is_file():
                return
            _ahead[path] = pool.submit(read_hashed, path)

    for role in BUNDLED:
        submit(bundled_file(role))
    if not bundled_only:
        def locate() -> None:
            for role in OFFICIAL:
                for path, _index in official_files(role)[:1]:
                    submit(path)

        pool.submit(locate)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="zeping-fonts")
