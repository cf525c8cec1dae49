"""Files the window writes besides the data file: an exported report, a copy of the data
file (另存为). Writes go to a temporary file next to the target and are renamed, so a
failure never leaves half a file.

Every export goes through :func:`write_bytes_atomically`, which first asks
:func:`export_target` whether the file may be replaced: never a data file of this
program (the open one, by file identity, through any symbolic or hard link), nor any
file that starts like a SQLite database, journal or WAL file (another data file, a
backup, a crash's journal), nor anything that is not a regular file (a folder, a device,
a pipe: renaming over them would not replace a file). A symbolic link is followed: the
file it points to is replaced and the link stays.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import sqlite3
import stat

from model.errors import ZepingError
from model.report import Report, default_title
from storage.errors import StoreError

TYPE_CHECKING = False  # typing's, without importing typing at run time (docs/ARCHITECTURE.md)
if TYPE_CHECKING:  # the window names files before any data file is open
    from storage.store import Store

_NOT_IN_FILE_NAMES = r'[\\/:*?"<>|\x00-\x1f\x7f]'  # compiled on first use (re keeps it)


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
    stem = re.sub(_NOT_IN_FILE_NAMES, "_", default_title(report)).strip(" .")
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


# The first bytes of SQLite's own files: a database (a data file, a backup), a rollback
# journal (after a crash, the only way back to the last complete save), a WAL file.
DATABASE_MAGIC = (b"SQLite format 3\x00", b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def export_target(path: str | pathlib.Path) -> pathlib.Path:
    """The file an export to ``path`` replaces (symbolic links followed), or ZepingError
    when it must not be replaced; reads only."""
    target = pathlib.Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise ZepingError(f"无法写入文件 {path}：{exc.strerror}", "output.unwritable") from None
    if not stat.S_ISREG(info.st_mode):
        raise ZepingError(f"{path} 不是普通文件（而是文件夹、设备或管道），导出不会写入它；请换一个文件名",
                          "output.not-a-file")
    from storage.store import open_data_files  # the store is open by now; not at start

    if (info.st_dev, info.st_ino) in open_data_files() or _starts_like_database(path, target):
        raise ZepingError(f"{path} 是数据文件（本程序的数据文件、备份或日志），导出不会覆盖它，它没有任何改动；"
                          "请换一个文件名", "output.is-data-file")
    return target


def _starts_like_database(path: str | pathlib.Path, target: pathlib.Path) -> bool:
    try:
        with open(target, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:  # what cannot be read cannot be shown not to be a data file
        raise ZepingError(f"无法读取已有的文件 {path}（{exc.strerror}），导出没有覆盖它", "output.unwritable") from None
    return head.startswith(DATABASE_MAGIC)


def write_bytes_atomically(path: str | pathlib.Path, data: bytes) -> None:
    """Replace the file at ``path`` (see :func:`export_target`) with ``data``, or leave it."""
    import tempfile  # here: the commands that only read never write a file

    target = export_target(path)
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
        raise ZepingError(f"无法写入文件 {path}：{exc.strerror}", "output.unwritable") from None


def write_text_atomically(path: str | pathlib.Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def copy_data_file(store: Store, path: str | pathlib.Path) -> None:
    """A consistent copy of the open data file at ``path`` (SQLite online backup)."""
    target = pathlib.Path(os.path.realpath(path))
    with contextlib.suppress(FileNotFoundError):
        info = os.stat(target)
        if (info.st_dev, info.st_ino) == store.identity:  # by identity: through any link
            raise StoreError("另存的位置就是当前数据文件，请换一个文件名", "store.same-file")
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{path} 不是普通文件（而是文件夹、设备或管道），请换一个文件名", "store.save-as-failed")
        from storage.store.locking import held_elsewhere

        if held_elsewhere(target):  # replacing it would leave that window writing to a ghost
            raise StoreError(f"{path} 正在另一个窗口或程序中打开，不能覆盖它，请换一个文件名", "store.in-use")
    tmp = target.with_name(f".{target.name}.zeping-tmp")
    try:
        destination = sqlite3.connect(tmp)
        try:
            store.conn.backup(destination)
        finally:
            destination.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        if tmp.exists():
            tmp.unlink()
        raise StoreError(f"无法另存数据文件到 {target}：{exc}", "store.save-as-failed") from None
