"""What went wrong with the data file, in the clerk's words: StoreError messages from parts.

A message is a problem (naming the file), then what did not happen (:data:`UNCHANGED`
after a failed save, :data:`UNTOUCHED` after a refused open), then, where there is one,
what to do: the newest backup for a damaged file, free space for a full disk. The parts
are joined here, never edited afterwards.

SQLite's errors are sorted by their result code (:func:`open_error` while opening or
reading, :func:`write_error` while saving): a file another program has locked is *busy*,
one that needs a rollback it cannot get here is *read-only*, one whose schema uses what
this program lacks is *foreign*; only SQLite's corruption codes (and a failed
``quick_check``, in ``opening``) call a file damaged and point to a backup.
"""

from __future__ import annotations

import pathlib
import sqlite3

from storage.errors import ReportNotFound, StoreError
from storage.store.backups import backup_hint

UNCHANGED = "之前保存的内容没有变化"  # a failed write: its transaction was rolled back
UNTOUCHED = "未做任何改动"  # a refused file: nothing was written to it


def save_failed(problem: str, code: str, advice: str | None = None) -> StoreError:
    """A write that did not happen: the problem, that the saved state stands, what to do."""
    advice_part = f"，{advice}" if advice else ""
    return StoreError(f"{problem}；{UNCHANGED}{advice_part}", code)


def damaged(path: pathlib.Path, finding: str, outcome: str = UNTOUCHED) -> StoreError:
    """A damaged (or cut short, or emptied) file: what was found, the outcome, the newest backup."""
    return StoreError(f"数据文件 {path} {finding}，{outcome}。{backup_hint(path)}", "store.corrupt")


# A schema SQLite can read but not use here: another program's doing, not damage.
_FOREIGN_SCHEMA = ("unsafe use of", "no such collation sequence", "no such function", "no such module")


def foreign_schema(path: pathlib.Path, what: str) -> StoreError:
    return StoreError(f"数据文件 {path} 中含有本程序不会创建、也无法使用的结构（{what[:120]}），可能被其他程序改动过；"
                      f"为安全起见没有打开，也{UNTOUCHED}", "store.foreign-schema")


def needs_recovery(path: pathlib.Path, writable: bool) -> StoreError:
    """A hot journal: the last save was cut short and only a writer can roll it back."""
    problem = f"数据文件 {path} 上次保存时被中断，留下了未完成的日志 {path.name}-journal，需要先恢复到最后一次完整保存的内容"
    if writable:
        advice = "只查看时不会做这一步；请在窗口中打开它一次（会自动恢复），再查看"
    else:
        advice = "但它所在的位置只读（例如写保护的 U 盘），无法在这里恢复；请把这两个文件一起复制到可以写入的文件夹，再打开复制的数据文件"
    return StoreError(f"{problem}，{UNTOUCHED}；{advice}", "store.needs-recovery")


def _error_name(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def open_error(exc: sqlite3.Error, path: pathlib.Path, *, writable: bool = False) -> StoreError:
    """Why a file could not be opened or read: busy, read-only, foreign, damaged, …

    ``writable``: whether the file and its folder could be written (the advice for a
    file that needs recovery depends on it).
    """
    name, text = _error_name(exc), str(exc)
    lowered = text.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in lowered:
        return StoreError(f"数据文件 {path} 正被其他程序占用（它正在写入或锁定了文件），暂时无法读取，{UNTOUCHED}；"
                          "请稍后再试，或关闭正在使用它的程序", "store.busy")
    if name == "SQLITE_READONLY_ROLLBACK":
        return needs_recovery(path, writable)
    if any(sign in lowered for sign in _FOREIGN_SCHEMA):
        return foreign_schema(path, text.removeprefix("malformed database schema "))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in lowered or "not a database" in lowered:
        return damaged(path, f"已损坏（{text[:80]}）")
    if name.startswith("SQLITE_IOERR") or "i/o error" in lowered:
        return StoreError(f"读取数据文件 {path} 时出错（{text}），{UNTOUCHED}；请检查磁盘或 U 盘后再试", "store.io-error")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"数据文件 {path} 不允许写入，无法打开（{text}），{UNTOUCHED}", "store.read-only")
    return StoreError(f"无法打开数据文件 {path}（{text}），{UNTOUCHED}", "store.unopenable")


def report_not_found(report_id: int) -> ReportNotFound:
    return ReportNotFound(f"数据文件中没有编号为 {report_id} 的报告")


def write_error(exc: sqlite3.Error, path: pathlib.Path) -> StoreError:
    """Translate a failed write into the clerk's words; the transaction was rolled back."""
    name = _error_name(exc)
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return save_failed(f"磁盘空间已满，无法保存到 {path}", "store.disk-full", "请腾出空间后再保存")
    if name.startswith("SQLITE_IOERR") or "i/o error" in text:
        return save_failed(f"读写数据文件 {path} 时出错（{exc}）", "store.io-error", "请检查磁盘或 U 盘后再保存")
    if name == "SQLITE_READONLY_DBMOVED":  # POSIX: renamed or deleted while open
        return save_failed(f"数据文件 {path} 在打开期间被移动、改名或删除，无法再保存到它", "store.moved",
                           "请用“另存为”另存一份")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return save_failed(f"数据文件 {path} 现在不允许写入", "store.read-only")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return save_failed(f"数据文件 {path} 正被其他程序占用，暂时无法保存", "store.busy", "请稍后再试")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return damaged(path, "已损坏", "无法保存")
    return save_failed(f"无法保存到数据文件 {path}（{exc}）", "store.write-failed")
