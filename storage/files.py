"""Files the window writes besides the data file: an exported report, a copy of the data
file (另存为). Writes go to a temporary file next to the target and are renamed, so a
failure never leaves half a file."""

from __future__ import annotations

import os
import pathlib
import re
import sqlite3
import tempfile
from typing import TYPE_CHECKING

from model.errors import ZepingError
from model.report import Report, default_title
from storage.errors import StoreError

if TYPE_CHECKING:  # the window names files before any data file is open
    from storage.store import Store

_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


# Windows refuses paths past 260 characters (MAX_PATH) unless long paths are enabled,
# which an office PC's policy rarely does: a name of at most this many characters leaves
# room for a deep folder (C:\Users\…\OneDrive\文档\…) in front of it.
MAX_NAME_CHARS = 80
_KEPT_ENDING = len("绩效自评报告")


def report_file_name(report: Report, suffix: str = ".pdf") -> str:
    """``{year}年度{unit}{project}绩效自评报告`` + suffix, as 导出 proposes it: without the
    characters Windows refuses in file names (nor a trailing dot or space, which it drops),
    and a long title shortened in the middle to MAX_NAME_CHARS, keeping its ending. (The
    reserved device names CON, NUL, COM1… cannot occur: the name ends in 绩效自评报告.)"""
    stem = _NOT_IN_FILE_NAMES.sub("_", default_title(report)).strip(" .")
    if len(stem) > MAX_NAME_CHARS:
        stem = stem[: MAX_NAME_CHARS - _KEPT_ENDING - 1].rstrip(" .") + "…" + stem[-_KEPT_ENDING:]
    return stem + suffix


def _file_mode(target: pathlib.Path) -> int:
    """The mode a plain open() would give: the existing file's, else 0666 less the umask
    (mkstemp makes 0600 files, which a shared folder's other users could not read)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes_atomically(path: str | pathlib.Path, data: bytes) -> None:
    target = pathlib.Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".zeping-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise ZepingError(f"无法写入文件 {target}：{exc.strerror}", "output.unwritable") from None


def write_text_atomically(path: str | pathlib.Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def copy_data_file(store: Store, path: str | pathlib.Path) -> None:
    """A consistent copy of the open data file at ``path`` (SQLite online backup)."""
    target = pathlib.Path(path)
    if target.resolve() == pathlib.Path(store.path).resolve():
        raise StoreError("另存的位置就是当前数据文件，请换一个文件名", "store.same-file")
    tmp = target.with_name(f".{target.name}.zeping-tmp")
    try:
        destination = sqlite3.connect(tmp)
        try:
            store.db.conn.backup(destination)
        finally:
            destination.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        if tmp.exists():
            tmp.unlink()
        raise StoreError(f"无法另存数据文件到 {target}：{exc}", "store.save-as-failed") from None
